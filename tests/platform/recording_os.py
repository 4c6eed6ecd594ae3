"""A recording fake of the OS library layer (the bindings, not the backend): Win32 DLLs or
macOS frameworks, whichever declaration table it is built from.

Built from the same declaration table as the real bindings: every call is checked against
its declaration (the function must be declared; the argument count must match; each argument
must be accepted by its declared ctypes type's ``from_param``, as ctypes itself would on the
real DLL; the handler's result must fit the declared restype) and recorded. What a function
does is a handler written from its documentation; a function without one fails the test.
"""

from __future__ import annotations

import ctypes
import types
from collections.abc import Callable
from typing import Any

from assistant.platform_bindings import Table

Handler = Callable[..., Any]


class Call:
    def __init__(self, dll: str, name: str, args: tuple[Any, ...]) -> None:
        self.dll, self.name, self.args = dll, name, args

    def __repr__(self) -> str:
        return f"{self.dll}.{self.name}{self.args!r}"


class RecordingOS:
    """``fake.<dll>.<function>(...)``, ``fake.get_last_error()``, ``fake.calls``."""

    def __init__(self, table: Table, handlers: dict[str, Handler]) -> None:
        self.calls: list[Call] = []
        self.last_error = 0
        unknown = set(handlers) - {name for functions in table.values() for name in functions}
        assert not unknown, f"handlers for undeclared functions: {unknown}"
        for dll, functions in table.items():
            bound = {name: _FakeFunction(self, dll, name, restype, list(argtypes), handlers.get(name))
                     for name, (restype, argtypes) in functions.items()}
            setattr(self, dll, types.SimpleNamespace(**bound))

    def get_last_error(self) -> int:
        return self.last_error

    def fail(self, error: int, result: Any = 0) -> Any:
        """What a Win32 function does on failure: set the thread's last error, return ``result``."""
        self.last_error = error
        return result

    def names(self) -> list[str]:
        return [call.name for call in self.calls]


class _FakeFunction:
    def __init__(self, fake: RecordingOS, dll: str, name: str, restype: Any, argtypes: list[Any],
                 handler: Handler | None) -> None:
        self._fake, self._dll, self._name = fake, dll, name
        self._restype, self._argtypes, self._handler = restype, argtypes, handler

    def __call__(self, *args: Any) -> Any:
        where = f"{self._dll}.{self._name}"
        if len(args) != len(self._argtypes):
            raise TypeError(f"{where} takes {len(self._argtypes)} arguments, got {len(args)}")
        for position, (argtype, arg) in enumerate(zip(self._argtypes, args, strict=True)):
            if arg is None and _accepts_null(argtype):
                continue
            try:
                argtype.from_param(arg)
            except (TypeError, ctypes.ArgumentError) as exc:
                raise TypeError(f"{where} argument {position + 1}: {exc}") from exc
        self._fake.calls.append(Call(self._dll, self._name, args))
        if self._handler is None:
            raise AssertionError(f"{where} has no documented behaviour in this fake")
        result = self._handler(*args)
        if isinstance(self._restype, type) and issubclass(self._restype, ctypes.Structure):
            assert isinstance(result, self._restype), \
                f"{where} returned {result!r}, not a {self._restype.__name__}"
        elif self._restype is not None:
            value = self._restype(result).value
            assert value == result or (result is None and not value), \
                f"{where} returned {result!r}, which does not fit {self._restype.__name__}"
        return result


def _accepts_null(argtype: Any) -> bool:
    return argtype in (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_wchar_p) or \
        isinstance(argtype, type(ctypes.POINTER(ctypes.c_int)))


def target(arg: Any) -> Any:
    """The structure behind a ``ctypes.byref(...)`` argument."""
    return arg._obj
