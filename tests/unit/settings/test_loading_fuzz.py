"""Whatever bytes the policy and settings files hold, loading returns settings inside the
policy's bounds, says what was wrong (file, line, key) and stays linear in the file's size."""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from assistant.settings import SPECS, ProblemCode, resolve
from assistant.settings.resolver import ResolvedSettings

FUZZ = settings(deadline=None, max_examples=60,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

STRICT_POLICY = """\
[panic]
hold_s = { max = 2.0 }
confirm = "hold"
[autolock]
idle_timeout_s = 300
[breaks]
strict = true
"""

SECTIONS = sorted({section for section, _ in SPECS})
KEYS = sorted({key for _, key in SPECS})

scalars = st.one_of(
    st.booleans(), st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=20),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.sampled_from(KEYS + ["min", "max", "value", "locked"]), inner, max_size=3),
                      max_leaves=12)
tables = st.dictionaries(st.sampled_from(KEYS) | st.text(min_size=1, max_size=8), values, max_size=8)
documents = st.dictionaries(st.sampled_from(SECTIONS) | st.text(min_size=1, max_size=8), tables, max_size=5)


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def assert_within_bounds(resolved: ResolvedSettings) -> None:
    """Every value has its type, is finite and lies inside the policy's and the product's bounds."""
    for name, spec in SPECS.items():
        value = resolved.settings.get(*name)
        c = resolved.constraints[name]
        if spec.kind is float:
            assert isinstance(value, (int, float)) and math.isfinite(value), name
        elif spec.kind is int:
            assert isinstance(value, int) and not isinstance(value, bool), name
        else:
            assert isinstance(value, spec.kind), name
        if spec.kind in (int, float):
            assert c.minimum is None or value >= c.minimum, name
            assert c.maximum is None or value <= c.maximum, name
        if spec.choices is not None:
            assert value in spec.choices, name
        if spec.kind is list:
            element = type(spec.default[0]) if spec.default else str
            assert all(isinstance(v, element) for v in value), name
    settings_ = resolved.settings
    assert settings_.panic.hold_s <= 2.0 and settings_.panic.confirm == "hold"
    assert settings_.autolock.idle_timeout_s <= 300
    assert settings_.breaks.strict is True


def assert_problems_named(resolved: ResolvedSettings, file: Path) -> None:
    for problem in resolved.problems:
        assert problem.file is not None
        assert str(problem)  # formatting a message never fails


@FUZZ
@given(document=documents)
def test_random_toml_keeps_readable_keys_and_the_bounds(tmp_path: Path, document: dict[str, Any]) -> None:
    policy = write(tmp_path / "policy.toml", STRICT_POLICY.encode())
    user = write(tmp_path / "user.toml", tomli_w.dumps(document).encode())
    resolved = resolve(policy, user)
    assert_within_bounds(resolved)
    assert_problems_named(resolved, user)
    for section, table in document.items():
        for key, raw in table.items():
            if (section, key) not in SPECS:
                assert any(p.code is ProblemCode.UNKNOWN_KEY or p.code is ProblemCode.UNKNOWN_SECTION
                           for p in resolved.problems if p.section == section)
            elif resolved.check_user_value(section, key, raw) is None:
                assert (section, key) in resolved.user_values  # a readable key keeps its value
            else:
                assert any(p.key == key and p.section == section and p.line is not None
                           for p in resolved.problems), (section, key)


@FUZZ
@given(document=documents)
def test_random_policy_keeps_the_hard_bounds(tmp_path: Path, document: dict[str, Any]) -> None:
    policy = write(tmp_path / "policy.toml", tomli_w.dumps(document).encode())
    resolved = resolve(policy, tmp_path / "missing.toml")
    for name, spec in SPECS.items():
        value = resolved.settings.get(*name)
        if spec.kind in (int, float):
            assert math.isfinite(value)
            assert spec.minimum is None or value >= spec.minimum
            assert spec.maximum is None or value <= spec.maximum


@FUZZ
@given(data=st.binary(max_size=2000), prefix=st.sampled_from([b"", b"\xef\xbb\xbf", b"[panic]\n"]))
def test_random_bytes_never_stop_the_load(tmp_path: Path, data: bytes, prefix: bytes) -> None:
    policy = write(tmp_path / "policy.toml", STRICT_POLICY.encode())
    user = write(tmp_path / "user.toml", prefix + data)
    resolved = resolve(policy, user)
    assert_within_bounds(resolved)
    assert_problems_named(resolved, user)


@FUZZ
@given(depth=st.integers(min_value=1, max_value=5000), opener=st.sampled_from(["[", "{ a = ", "[{ a = "]))
def test_deep_nesting_is_a_problem_not_a_crash(tmp_path: Path, depth: int, opener: str) -> None:
    closer = {"[": "]", "{ a = ": " }", "[{ a = ": " }]"}[opener]
    text = f"[panic]\nconfirm = \"double\"\nhold_s = {opener * depth}1{closer * depth}\n"
    policy = write(tmp_path / "policy.toml", STRICT_POLICY.encode())
    user = write(tmp_path / "user.toml", text.encode())
    resolved = resolve(policy, user)
    assert_within_bounds(resolved)
    hold = [p for p in resolved.problems if p.key == "hold_s"]
    assert hold and hold[0].line == 3 and hold[0].file == user


def test_deep_nesting_in_the_policy_keeps_its_other_lines(tmp_path: Path) -> None:
    text = "[panic]\nconfirm = \"hold\"\nhold_s = " + "[" * 1000 + "]" * 1000 + "\n"
    policy = write(tmp_path / "policy.toml", text.encode())
    resolved = resolve(policy, tmp_path / "missing.toml")
    assert resolved.settings.panic.confirm == "hold"
    problem = next(p for p in resolved.problems if p.key == "hold_s")
    assert problem.line == 3 and problem.file == policy
    assert "nested too deeply" in str(problem)


def test_a_bom_is_accepted(tmp_path: Path) -> None:
    policy = write(tmp_path / "policy.toml", b"\xef\xbb\xbf" + STRICT_POLICY.encode())
    resolved = resolve(policy, tmp_path / "missing.toml")
    assert resolved.problems == []
    assert resolved.constraints[("panic", "hold_s")].maximum == 2.0


def test_non_finite_numbers_and_bad_list_elements_are_refused(tmp_path: Path) -> None:
    policy = write(tmp_path / "policy.toml", STRICT_POLICY.encode())
    user = write(tmp_path / "user.toml",
                 b"[panic]\nhold_s = nan\n[selfcheck]\nshift_end_weekdays = [99, \"x\", -5]\n")
    resolved = resolve(policy, user)
    assert resolved.settings.panic.hold_s == 1.5
    assert resolved.settings.selfcheck.shift_end_weekdays == [1, 2, 3, 4, 5]
    codes = {(p.key, p.code, p.line) for p in resolved.problems}
    assert ("hold_s", ProblemCode.NOT_FINITE, 2) in codes
    assert ("shift_end_weekdays", ProblemCode.BAD_ELEMENT, 4) in codes
    for text in ("inf", "-inf", "nan"):
        assert resolved.check_user_value("panic", "hold_s", float(text)) is not None
    nan_policy = write(tmp_path / "nan.toml", b"[panic]\nhold_s = { max = nan }\n")
    assert resolve(nan_policy, tmp_path / "missing.toml").constraints[("panic", "hold_s")].maximum == 5.0


def _huge(kind: str) -> bytes:
    if kind == "unknown keys":
        body = "".join(f"unknown_{i} = {i}\n" for i in range(60_000))
        return ("[panic]\n" + body).encode()
    if kind == "broken lines":
        body = "".join(f"hold_s = [[{i}\nconfirm = = \n" for i in range(40_000))
        return ("[panic]\n" + body).encode()
    if kind == "one long value":
        return b"[panic]\ntray_label = \"" + b"x" * 1_000_000 + b"\"\n"
    return bytes(range(256)) * 4096


def test_a_huge_file_loads_in_linear_time(tmp_path: Path) -> None:
    """The issue's target is < 2 s for 1 MB; checked here with a wide margin for a loaded
    machine. 10,000 unknown keys used to take 55 s."""
    policy = write(tmp_path / "policy.toml", STRICT_POLICY.encode())
    for kind in ("unknown keys", "broken lines", "one long value", "random bytes"):
        data = _huge(kind)
        user = write(tmp_path / "user.toml", data)
        started = time.perf_counter()
        resolved = resolve(policy, user)
        seconds_per_mb = (time.perf_counter() - started) / (len(data) / 1e6)
        assert seconds_per_mb < 10.0, (kind, seconds_per_mb)
        assert_within_bounds(resolved)
        assert resolved.problems or kind == "one long value"


LINES = st.sampled_from([
    "[panic]", "[breaks]", "[bogus]", "[pan ic", "[[arr]]", "", "# note", "hold_s = 1.5", "hold_s = nan",
    'confirm = "hold"', "x = = [", "a.b = 1", "a.c = 2", "k = [1,", "  2]", "s = '''", "'''", 'm = """', '"""',
    "z = {a = 1}", "  indented = 3", "enabled = true", 'q = "unterminated', "t = 1979-05-27",
    "[autolock]", "idle_timeout_s = 100", "'quoted' = 1",
])


@settings(FUZZ, max_examples=400)
@given(st.lists(LINES, min_size=1, max_size=60))
@example(["enabled = true", "s = '''", "hold_s = 1.5", "'''"])  # a string that swallows a statement
@example(["[panic]", "hold_s = 1.5", "a.b = 1", "a.c = 2", 'confirm = "hold"', "hold_s = nan"])
def test_broken_files_are_read_the_same_in_chunks_as_line_by_line(monkeypatch: Any, lines: list[str]) -> None:
    """Pieces of a broken file are parsed together for speed; that keeps every value and
    names the same lines and keys as parsing each piece on its own."""
    from assistant.settings import resolver

    text = "\n".join(lines)
    chunked: list[Any] = []
    chunked_data = resolver._salvage(text, Path("f.toml"), chunked)
    monkeypatch.setattr(resolver, "MAX_CHUNK", 1)
    alone: list[Any] = []
    alone_data = resolver._salvage(text, Path("f.toml"), alone)
    assert repr(chunked_data) == repr(alone_data)  # repr: nan != nan
    assert sorted((p.line, p.section, p.key) for p in chunked) == sorted((p.line, p.section, p.key) for p in alone)
