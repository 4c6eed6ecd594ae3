"""Human sentences, translated, for settings problems (the core only gives codes)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from assistant.settings import Problem, ProblemCode


def _t(text: str) -> str:
    return QCoreApplication.translate("Problems", text)


def problem_reason(problem: Problem) -> str:
    p = problem.params
    code = problem.code
    if code is ProblemCode.UNREADABLE:
        return _t("cannot read the file: %1").replace("%1", str(p.get("error", "")))
    if code is ProblemCode.SYNTAX:
        return _t("not valid TOML: %1").replace("%1", str(p.get("error", "")))
    if code is ProblemCode.UNKNOWN_SECTION:
        return _t("unknown section [%1]").replace("%1", str(p.get("section", "")))
    if code is ProblemCode.UNKNOWN_KEY:
        return _t("unknown setting")
    if code is ProblemCode.WRONG_TYPE:
        return _t("expected %1, got %2").replace("%1", str(p.get("expected"))).replace("%2", repr(p.get("got")))
    if code is ProblemCode.NOT_A_CHOICE:
        return _t("%1 is not one of %2").replace("%1", repr(p.get("got"))).replace("%2", str(p.get("choices")))
    if code is ProblemCode.BAD_FORMAT:
        return _t("%1 does not have the expected format").replace("%1", repr(p.get("got")))
    if code is ProblemCode.BELOW_MINIMUM:
        return _t("%1 is below the minimum %2 (%3)").replace("%1", repr(p.get("got"))).replace(
            "%2", str(p.get("limit"))).replace("%3", _why(str(p.get("why"))))
    if code is ProblemCode.ABOVE_MAXIMUM:
        return _t("%1 is above the maximum %2 (%3)").replace("%1", repr(p.get("got"))).replace(
            "%2", str(p.get("limit"))).replace("%3", _why(str(p.get("why"))))
    if code is ProblemCode.LOCKED_BY_POLICY:
        return _t("fixed by the administrator's policy to %1").replace("%1", repr(p.get("limit")))
    return _t("only the administrator's policy may set this")


def _why(why: str) -> str:
    if why == "set by the administrator's policy":
        return _t("set by the administrator's policy")
    return _t("the product's hard limit")


def problem_text(problem: Problem) -> str:
    where = problem.where
    reason = problem_reason(problem)
    return f"{where}: {reason}" if where else reason
