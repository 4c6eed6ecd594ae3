"""Merge defaults, the administrator's policy and the user's settings into one Settings.

Rules:
- Hard bounds from the model always apply (no idle timeout above 30 minutes, ever).
- Policy ``key = value`` fixes the value; ``key = { value = .., min = .., max = .., locked = .. }``
  sets a default and/or bounds. For a setting with a "stricter" direction, a policy value is
  also a bound: the user may go stricter, never looser.
- The user's file may only move values inside those bounds; anything else is refused with a
  Problem naming file, line, key and reason, and the rest of the file still applies.
- A broken file never stops the app: the bad part falls back and a Problem says why.
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.settings.model import SECTIONS, SPECS, Settings, SettingSpec
from assistant.settings.problems import Problem, ProblemCode, find_line, syntax_line

logger = logging.getLogger(__name__)

_CONSTRAINT_KEYS = {"value", "min", "max", "locked"}


@dataclass
class Constraint:
    """What the policy says about one setting, already combined with the hard bounds."""

    spec: SettingSpec
    minimum: float | None
    maximum: float | None
    locked: bool = False
    policy_value: Any = None
    from_policy: bool = False

    def describe_bound(self, upper: bool) -> str:
        if self.from_policy:
            return "set by the administrator's policy"
        return "the product's hard limit"


@dataclass
class LoadedFile:
    path: Path | None
    text: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    ok: bool = True  # False when unreadable or not TOML: nothing from it applies


def read_toml(path: Path | None, problems: list[Problem], *, missing_ok: bool = True) -> LoadedFile:
    if path is None:
        return LoadedFile(None)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if not missing_ok:
            problems.append(Problem(ProblemCode.UNREADABLE, path, params={"error": "file not found"}))
        return LoadedFile(path, ok=missing_ok)
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(ProblemCode.UNREADABLE, path, params={"error": str(exc)}))
        return LoadedFile(path, ok=False)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        problems.append(
            Problem(ProblemCode.SYNTAX, path, syntax_line(exc), params={"error": str(exc)})
        )
        return LoadedFile(path, text, ok=False)
    return LoadedFile(path, text, data)


def _coerce(spec: SettingSpec, value: Any) -> tuple[Any, ProblemCode | None, dict[str, Any]]:
    """Type-check one raw TOML value against its spec (no policy bounds here)."""
    kind = spec.kind
    if kind is bool:
        ok = isinstance(value, bool)
    elif kind is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
        if isinstance(value, float) and value.is_integer():
            value, ok = int(value), True
    elif kind is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        value = float(value) if ok else value
    elif kind is list:
        ok = isinstance(value, list)
    else:
        ok = isinstance(value, kind)
    if not ok:
        return None, ProblemCode.WRONG_TYPE, {"expected": _type_name(kind), "got": value}
    if spec.choices is not None and value not in spec.choices:
        return None, ProblemCode.NOT_A_CHOICE, {"got": value, "choices": ", ".join(spec.choices)}
    if spec.pattern is not None and not re.match(spec.pattern, value):
        return None, ProblemCode.BAD_FORMAT, {"got": value, "pattern": spec.pattern}
    if spec.minimum is not None and value < spec.minimum:
        return None, ProblemCode.BELOW_MINIMUM, {"got": value, "limit": spec.minimum, "why": "the product's hard limit"}
    if spec.maximum is not None and value > spec.maximum:
        return None, ProblemCode.ABOVE_MAXIMUM, {"got": value, "limit": spec.maximum, "why": "the product's hard limit"}
    return value, None, {}


def _type_name(kind: type) -> str:
    return {bool: "true or false", int: "a whole number", float: "a number", str: "text", list: "a list"}.get(kind, kind.__name__)


@dataclass
class ResolvedSettings:
    settings: Settings
    constraints: dict[tuple[str, str], Constraint]
    problems: list[Problem]
    policy_file: Path | None
    user_file: Path | None
    user_values: dict[tuple[str, str], Any]

    def check_user_value(self, section: str, key: str, value: Any) -> Problem | None:
        """Why the user may not set ``section.key`` to ``value`` (None when allowed)."""
        return _check_user_value(self.constraints[(section, key)], value, self.user_file, None)

    def is_locked(self, section: str, key: str) -> bool:
        c = self.constraints[(section, key)]
        return c.locked or c.spec.admin_only


def _check_user_value(c: Constraint, value: Any, path: Path | None, line: int | None) -> Problem | None:
    spec = c.spec
    if spec.admin_only:
        return Problem(ProblemCode.ADMIN_ONLY, path, line, spec.section, spec.key)
    coerced, code, params = _coerce(spec, value)
    if code is not None:
        return Problem(code, path, line, spec.section, spec.key, params)
    if c.locked:
        if coerced == c.policy_value:
            return None
        return Problem(ProblemCode.LOCKED_BY_POLICY, path, line, spec.section, spec.key, {"limit": c.policy_value})
    why = "set by the administrator's policy" if c.from_policy else "the product's hard limit"
    if c.minimum is not None and _num(coerced) < c.minimum:
        return Problem(ProblemCode.BELOW_MINIMUM, path, line, spec.section, spec.key,
                       {"got": value, "limit": _show(spec, c.minimum), "why": why})
    if c.maximum is not None and _num(coerced) > c.maximum:
        return Problem(ProblemCode.ABOVE_MAXIMUM, path, line, spec.section, spec.key,
                       {"got": value, "limit": _show(spec, c.maximum), "why": why})
    return None


def _num(value: Any) -> float:
    return float(value) if not isinstance(value, bool) else float(int(value))


def _show(spec: SettingSpec, limit: float) -> Any:
    if spec.kind is bool:
        return bool(limit)
    if spec.kind is int:
        return int(limit)
    return limit


def _apply_policy(policy: LoadedFile, problems: list[Problem]) -> dict[tuple[str, str], Constraint]:
    constraints = {
        name: Constraint(spec, spec.minimum, spec.maximum) for name, spec in SPECS.items()
    }
    for section, table in policy.data.items():
        if section not in SECTIONS or not isinstance(table, dict):
            problems.append(Problem(ProblemCode.UNKNOWN_SECTION, policy.path,
                                    find_line(policy.text, section), section, params={"section": section}))
            continue
        for key, raw in table.items():
            line = find_line(policy.text, section, key)
            spec = SPECS.get((section, key))
            if spec is None:
                problems.append(Problem(ProblemCode.UNKNOWN_KEY, policy.path, line, section, key))
                continue
            c = constraints[(section, key)]
            if isinstance(raw, dict) and spec.kind is not dict:
                unknown = set(raw) - _CONSTRAINT_KEYS
                if unknown:
                    problems.append(Problem(ProblemCode.WRONG_TYPE, policy.path, line, section, key,
                                            {"expected": "value, min, max or locked", "got": sorted(unknown)}))
                    continue
                for bound_name in ("min", "max"):
                    if bound_name in raw:
                        bound, code, params = _coerce(spec, raw[bound_name])
                        if code is not None or spec.kind not in (int, float):
                            problems.append(Problem(code or ProblemCode.WRONG_TYPE, policy.path, line, section, key,
                                                    params or {"expected": "no bounds for this setting", "got": raw[bound_name]}))
                            continue
                        if bound_name == "min":
                            c.minimum = max(v for v in (c.minimum, bound) if v is not None)
                        else:
                            c.maximum = min(v for v in (c.maximum, bound) if v is not None)
                        c.from_policy = True
                if "value" in raw:
                    _set_policy_value(c, raw["value"], policy, line, problems)
                if raw.get("locked") is True and c.policy_value is not None:
                    c.locked = True
                elif "locked" in raw and not isinstance(raw["locked"], bool):
                    problems.append(Problem(ProblemCode.WRONG_TYPE, policy.path, line, section, key,
                                            {"expected": "true or false", "got": raw["locked"]}))
            else:
                if _set_policy_value(c, raw, policy, line, problems):
                    c.locked = True
    return constraints


def _set_policy_value(c: Constraint, raw: Any, policy: LoadedFile, line: int | None,
                      problems: list[Problem]) -> bool:
    spec = c.spec
    value, code, params = _coerce(spec, raw)
    if code is not None:
        problems.append(Problem(code, policy.path, line, spec.section, spec.key, params))
        return False
    c.policy_value = value
    c.from_policy = True
    if spec.stricter == "lower":
        c.maximum = _num(value) if c.maximum is None else min(c.maximum, _num(value))
    elif spec.stricter == "higher":
        c.minimum = _num(value) if c.minimum is None else max(c.minimum, _num(value))
    return True


def _clamp(c: Constraint, value: Any) -> Any:
    spec = c.spec
    if spec.kind not in (int, float, bool):
        return value
    if c.maximum is not None and _num(value) > c.maximum:
        return _show(spec, c.maximum)
    if c.minimum is not None and _num(value) < c.minimum:
        return _show(spec, c.minimum)
    return value


def resolve(policy_path: Path | None, user_path: Path | None) -> ResolvedSettings:
    problems: list[Problem] = []
    policy = read_toml(policy_path, problems)
    constraints = _apply_policy(policy, problems)
    user = read_toml(user_path, problems)

    settings = Settings()
    for name, c in constraints.items():
        value = c.policy_value if c.policy_value is not None else c.spec.default
        settings.set(*name, _clamp(c, value))

    user_values: dict[tuple[str, str], Any] = {}
    for section, table in user.data.items():
        if section not in SECTIONS or not isinstance(table, dict):
            problems.append(Problem(ProblemCode.UNKNOWN_SECTION, user.path,
                                    find_line(user.text, section), section, params={"section": section}))
            continue
        for key, raw in table.items():
            line = find_line(user.text, section, key)
            c = constraints.get((section, key))
            if c is None:
                problems.append(Problem(ProblemCode.UNKNOWN_KEY, user.path, line, section, key))
                continue
            problem = _check_user_value(c, raw, user.path, line)
            if problem is not None:
                problems.append(problem)
                continue
            value, _, _ = _coerce(c.spec, raw)
            user_values[(section, key)] = value
            settings.set(section, key, value)

    for problem in problems:
        logger.warning("settings problem: %s", problem)
    return ResolvedSettings(settings, constraints, problems, policy_path, user_path, user_values)
