"""Foreign functions declared once, with argtypes and restype, per operating system.

Each OS module holds a table ``{dll: {function: (restype, [argtypes])}}`` and the structures
the functions take. ``bind(table, open_library)`` returns one namespace per DLL whose
attributes are the declared functions, set up on a *private* library handle (never on the
process-wide ``ctypes.windll``, whose argtypes other code may rely on). Backends take such a
namespace object, so tests can hand them a recording fake built from the same table
(``tests/platform_fakes``) that checks every call against the declaration.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping, Sequence
from typing import Any

Signature = tuple[Any, Sequence[Any]]  # (restype, argtypes)
Table = Mapping[str, Mapping[str, Signature]]


def bind(table: Table, open_library: Callable[[str], Any],
         optional: frozenset[str] = frozenset()) -> types.SimpleNamespace:
    """``namespace.<dll>.<function>`` for every declared function of the loaded libraries.

    A function named in ``optional`` that this OS version lacks is bound to a stand-in that
    raises OSError when called; any other missing function raises AttributeError here."""
    libraries: dict[str, types.SimpleNamespace] = {}
    for dll, functions in table.items():
        library = open_library(dll)
        bound = {}
        for name, (restype, argtypes) in functions.items():
            if name in optional and not hasattr(library, name):
                bound[name] = _absent(dll, name)
                continue
            function = getattr(library, name)
            function.restype = restype
            function.argtypes = list(argtypes)
            bound[name] = function
        libraries[dll] = types.SimpleNamespace(**bound)
    return types.SimpleNamespace(**libraries)


def _absent(dll: str, name: str) -> Callable[..., Any]:
    def call(*_args: Any) -> Any:
        raise OSError(f"{dll} has no {name} on this version of the OS")

    return call
