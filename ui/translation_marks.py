"""``QT_TRANSLATE_NOOP`` typed as ``str``.

lupdate finds the call by its name and collects the text for translation; at run time the text
comes back untranslated, to be translated where it is shown. PySide6 declares its own version
as returning ``object``, which would make every table of such texts a table of objects.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    return text
