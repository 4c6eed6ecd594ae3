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
import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:  # tomli is tomllib's upstream, shipped compiled: a 1 MB file parses 2-3x faster
    from tomli import TOMLDecodeError as _ParserError
    from tomli import loads as _loads
except ImportError:  # pragma: no cover - tomli is a dependency; stay correct without it
    from tomllib import TOMLDecodeError as _ParserError  # type: ignore[assignment]
    from tomllib import loads as _loads

from assistant.settings.model import SECTIONS, SPECS, Settings, SettingSpec
from assistant.settings.problems import LineIndex, Problem, ProblemCode, syntax_line

logger = logging.getLogger(__name__)

# A file of 100,000 bad lines must not spend its start-up writing 100,000 log lines.
LOGGED_PROBLEMS = 50
# Pieces of a broken file parsed together at most (1 = one by one, as the tests compare).
MAX_CHUNK = 4096

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
    lines: LineIndex = field(default_factory=lambda: LineIndex(""))


def parse_toml(text: str) -> dict[str, Any]:
    """``tomllib.loads`` that also refuses nesting too deep for the parser (which would raise
    RecursionError, not TOMLDecodeError) and accepts a leading UTF-8 BOM."""
    text = text.removeprefix("\ufeff")
    try:
        return _loads(text)
    except _ParserError as exc:  # the compiled tomli's own class; callers catch tomllib's
        raise tomllib.TOMLDecodeError(str(exc)) from None
    except RecursionError:
        raise tomllib.TOMLDecodeError("values nested too deeply") from None


def read_toml(path: Path | None, problems: list[Problem], *, missing_ok: bool = True) -> LoadedFile:
    if path is None:
        return LoadedFile(None)
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        if not missing_ok:
            problems.append(Problem(ProblemCode.UNREADABLE, path, params={"error": "file not found"}))
        return LoadedFile(path, ok=missing_ok)
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(ProblemCode.UNREADABLE, path, params={"error": str(exc)}))
        return LoadedFile(path, ok=False)
    text = text.removeprefix("\ufeff")
    try:
        data = parse_toml(text)
    except tomllib.TOMLDecodeError:
        data = _salvage(text, path, problems)
        return LoadedFile(path, text, data, ok=False, lines=LineIndex(text))
    return LoadedFile(path, text, data, lines=LineIndex(text))


_SALVAGE_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]\s*(#.*)?$")
_SALVAGE_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")
_ERROR_POSITION = re.compile(r"\s*\(at [^)]*\)$")
# A header starts at the first column (an indented "[" is usually a nested array's next line).
_STATEMENT = re.compile(r"^(\[|\s*[A-Za-z0-9_\"'-]+\s*(\.\s*[A-Za-z0-9_\"'-]+\s*)*=)")


def _salvage(text: str, path: Path, problems: list[Problem]) -> dict[str, Any]:
    """Keep what can be read from a file that is not valid TOML as a whole.

    The text is cut where a ``[section]`` header or a ``key =`` line starts; a piece that
    does not parse becomes one problem naming its line and key while the rest still applies.
    Runs of pieces are parsed together in chunks that double while they parse and shrink to
    one piece after a failure, so a file with a few broken lines costs about two parses and
    one where every line is broken costs one short parse per line: linear either way.
    """
    data: dict[str, Any] = {}
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if _STATEMENT.match(line)]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    bounds = [(start, starts[n + 1] if n + 1 < len(starts) else len(lines)) for n, start in enumerate(starts)]
    section: str | None = None
    broken_header = False  # keys under a header that cannot be read belong to no known section
    chunk = 1
    n = 0
    while n < len(bounds):
        start, end = bounds[n]
        first = lines[start] if lines else ""
        header = _SALVAGE_HEADER.match(first) if lines else None
        if header:
            section = header.group(1)
            broken_header = False
            data.setdefault(section, {})
            _salvage_piece(lines, start + 1, end, start + 1, section, None, path, problems, data, header=True)
            n += 1
            continue
        if lines and first.startswith("[") and not first.startswith("[["):
            problems.append(Problem(ProblemCode.SYNTAX, path, start + 1, params={
                "error": "a section header that cannot be read; the settings under it are ignored"}))
            broken_header = True
            n += 1
            continue
        if broken_header:
            n += 1
            continue
        # A run of key pieces up to the next header line, at most ``chunk`` long.
        last = n
        while last + 1 < len(bounds) and last + 1 - n < chunk and not lines[bounds[last + 1][0]].startswith("["):
            last += 1
        if last > n and not first.startswith("["):
            failed_at = _merge_chunk(lines, bounds[n:last + 1], section, data)
            if failed_at is None:
                n = last + 1
                chunk = min(chunk * 2, MAX_CHUNK)
                continue
            # Everything before the piece that failed parsed; take it again as one chunk.
            bad = next((k for k in range(n, last + 1) if bounds[k][0] <= failed_at < bounds[k][1]), n)
            if bad > n and _merge_chunk(lines, bounds[n:bad], section, data) is None:
                n = bad
            chunk = 1
            start, end = bounds[n]
        key_match = _SALVAGE_KEY.match(lines[start]) if lines else None
        clean = _salvage_piece(lines, start, end, start + 1, section, key_match.group(1) if key_match else None,
                               path, problems, data)
        chunk = min(2, MAX_CHUNK) if clean else 1
        n += 1
    return data


def _section_target(data: dict[str, Any], section: str | None) -> dict[str, Any] | None:
    target = data.setdefault(section, {}) if section is not None else data
    return target if isinstance(target, dict) else None


def _merge_chunk(lines: list[str], pieces: list[tuple[int, int]], section: str | None,
                 data: dict[str, Any]) -> int | None:
    """Parse these consecutive pieces as one and merge them when that gives exactly one new
    key per piece, the key its first line names (what parsing them one by one would give);
    otherwise merge nothing and return the index of the line to go on from piece by piece."""
    start, end = pieces[0][0], pieces[-1][1]
    try:
        parsed = parse_toml("\n".join(lines[start:end]))
    except tomllib.TOMLDecodeError as exc:
        line = syntax_line(exc)
        return start + (line - 1 if line else 0)
    target = _section_target(data, section)
    if target is None:
        return None
    keys = [match.group(1) if (match := _SALVAGE_KEY.match(lines[first])) else None for first, _ in pieces]
    if len(parsed) != len(pieces) or set(keys) != parsed.keys() or any(name in target for name in parsed):
        return start  # a string that runs on, a dotted key, a key set twice: piece by piece
    target.update(parsed)
    return None


def _salvage_piece(lines: list[str], start: int, end: int, line_no: int, section: str | None, key: str | None,
                   path: Path, problems: list[Problem], data: dict[str, Any], *, header: bool = False) -> bool:
    """Parse and merge one piece; False when it added a problem."""
    if start >= end or not any(line.strip() for line in lines[start:end]):
        return True  # a header with nothing under it before the next statement
    target = _section_target(data, section)
    if key is not None and end == start + 1 and target is not None and key in target:
        # Ignored whatever it holds, so it is not parsed: a file that sets one key 100,000
        # times costs a dictionary lookup per line.
        problems.append(Problem(ProblemCode.SYNTAX, path, line_no, section, key, params={"error": "set twice"}))
        return False
    try:
        parsed = parse_toml("\n".join(lines[start:end]))
    except tomllib.TOMLDecodeError as exc:
        where = line_no if header else line_no + (syntax_line(exc) or 1) - 1
        problems.append(Problem(ProblemCode.SYNTAX, path, where, section, key,
                                params={"error": _ERROR_POSITION.sub("", str(exc))}))
        return False
    if target is None:
        return True
    clean = True
    for name, value in parsed.items():
        if name in target:
            problems.append(Problem(ProblemCode.SYNTAX, path, line_no, section, name, params={"error": "set twice"}))
            clean = False
            continue
        target[name] = value
    return clean


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
        if ok and not math.isfinite(value):
            return None, ProblemCode.NOT_FINITE, {"got": value}
        value = float(value) if ok else value
    elif kind is list:
        ok = isinstance(value, list)
    else:
        ok = isinstance(value, kind)
    if not ok:
        if isinstance(value, float) and not math.isfinite(value):
            return None, ProblemCode.NOT_FINITE, {"got": value}
        return None, ProblemCode.WRONG_TYPE, {"expected": _type_name(kind), "got": _short(value)}
    if kind is list:
        return _coerce_list(spec, value)
    if spec.choices is not None and value not in spec.choices:
        return None, ProblemCode.NOT_A_CHOICE, {"got": _short(value), "choices": ", ".join(spec.choices)}
    if spec.pattern is not None and not re.match(spec.pattern, value):
        return None, ProblemCode.BAD_FORMAT, {"got": _short(value), "pattern": spec.pattern}
    if spec.minimum is not None and value < spec.minimum:
        return None, ProblemCode.BELOW_MINIMUM, {"got": value, "limit": spec.minimum, "why": "the product's hard limit"}
    if spec.maximum is not None and value > spec.maximum:
        return None, ProblemCode.ABOVE_MAXIMUM, {"got": value, "limit": spec.maximum, "why": "the product's hard limit"}
    return value, None, {}


def _element_kind(spec: SettingSpec) -> type:
    return type(spec.default[0]) if spec.default else str


# Elements of an int list are small ranges: weekdays (1 = Monday .. 7 = Sunday).
_ELEMENT_RANGE: dict[tuple[str, str], tuple[int, int]] = {("selfcheck", "shift_end_weekdays"): (1, 7)}


def _coerce_list(spec: SettingSpec, value: list[Any]) -> tuple[Any, ProblemCode | None, dict[str, Any]]:
    kind = _element_kind(spec)
    low, high = _ELEMENT_RANGE.get((spec.section, spec.key), (None, None))
    for index, element in enumerate(value, start=1):
        ok = isinstance(element, kind) and not (kind is int and isinstance(element, bool))
        if ok and low is not None and high is not None and not low <= element <= high:
            return None, ProblemCode.BAD_ELEMENT, {
                "index": index, "expected": f"{low} to {high}", "got": element}
        if not ok:
            return None, ProblemCode.BAD_ELEMENT, {
                "index": index, "expected": _type_name(kind), "got": _short(element)}
    return list(value), None, {}


def _short(value: Any) -> Any:
    """A value fit for a message: a huge or deeply nested value is cut, not printed whole."""
    if isinstance(value, (list, dict, str)):
        try:
            text = repr(value)
        except RecursionError:
            return "<nested too deeply>"
        return value if len(text) <= 80 else _Cut(text[:77] + "...")
    return value


class _Cut(str):
    def __repr__(self) -> str:
        return str(self)


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
                                    policy.lines.find(section), section, params={"section": section}))
            continue
        for key, raw in table.items():
            line = policy.lines.find(section, key)
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
                                                    params or {"expected": "no bounds for this setting", "got": _short(raw[bound_name])}))
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
                                            {"expected": "true or false", "got": _short(raw["locked"])}))
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
                                    user.lines.find(section), section, params={"section": section}))
            continue
        for key, raw in table.items():
            line = user.lines.find(section, key)
            constraint = constraints.get((section, key))
            if constraint is None:
                problems.append(Problem(ProblemCode.UNKNOWN_KEY, user.path, line, section, key))
                continue
            problem = _check_user_value(constraint, raw, user.path, line)
            if problem is not None:
                problems.append(problem)
                continue
            value, _, _ = _coerce(constraint.spec, raw)
            user_values[(section, key)] = value
            settings.set(section, key, value)

    for problem in problems[:LOGGED_PROBLEMS]:
        logger.warning("settings problem: %s", problem)
    if len(problems) > LOGGED_PROBLEMS:
        logger.warning("settings: %d more problems (safety-assistant config check lists them all)",
                       len(problems) - LOGGED_PROBLEMS)
    return ResolvedSettings(settings, constraints, problems, policy_path, user_path, user_values)
