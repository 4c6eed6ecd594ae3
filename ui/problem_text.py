"""Human sentences, translated, for settings problems (the core only gives codes)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from assistant.settings import Problem, ProblemCode
from ui.translation_marks import QT_TRANSLATE_NOOP

TEMPLATES = {
    ProblemCode.UNREADABLE: QT_TRANSLATE_NOOP("Problems", "cannot read the file: {error}"),
    ProblemCode.SYNTAX: QT_TRANSLATE_NOOP("Problems", "not valid TOML: {error}"),
    ProblemCode.UNKNOWN_SECTION: QT_TRANSLATE_NOOP("Problems", "unknown section [{section}]"),
    ProblemCode.UNKNOWN_KEY: QT_TRANSLATE_NOOP("Problems", "unknown setting"),
    ProblemCode.WRONG_TYPE: QT_TRANSLATE_NOOP("Problems", "expected {expected}, got {got!r}"),
    ProblemCode.NOT_A_CHOICE: QT_TRANSLATE_NOOP("Problems", "{got!r} is not one of {choices}"),
    ProblemCode.BAD_FORMAT: QT_TRANSLATE_NOOP("Problems", "{got!r} does not have the expected format"),
    ProblemCode.BELOW_MINIMUM: QT_TRANSLATE_NOOP("Problems", "{got!r} is below the minimum {limit} ({why})"),
    ProblemCode.ABOVE_MAXIMUM: QT_TRANSLATE_NOOP("Problems", "{got!r} is above the maximum {limit} ({why})"),
    ProblemCode.LOCKED_BY_POLICY: QT_TRANSLATE_NOOP("Problems", "fixed by the administrator's policy to {limit!r}"),
    ProblemCode.ADMIN_ONLY: QT_TRANSLATE_NOOP("Problems", "only the administrator's policy may set this"),
    ProblemCode.NOT_FINITE: QT_TRANSLATE_NOOP("Problems", "{got!r} is not a finite number"),
    ProblemCode.BAD_ELEMENT: QT_TRANSLATE_NOOP("Problems", "element {index} of the list: expected {expected}, got {got!r}"),
}

WHY = {
    "set by the administrator's policy": QT_TRANSLATE_NOOP("Problems", "set by the administrator's policy"),
    "the product's hard limit": QT_TRANSLATE_NOOP("Problems", "the product's hard limit"),
}


def _t(text: str) -> str:
    return QCoreApplication.translate("Problems", text)


def problem_reason(problem: Problem) -> str:
    params = dict(problem.params)
    if "why" in params:
        params["why"] = _t(WHY.get(str(params["why"]), str(params["why"])))
    try:
        return _t(TEMPLATES[problem.code]).format(**params)
    except (KeyError, IndexError, ValueError):  # a translation with a broken placeholder
        return problem.reason


def problem_text(problem: Problem) -> str:
    where = problem.where
    reason = problem_reason(problem)
    return f"{where}: {reason}" if where else reason
