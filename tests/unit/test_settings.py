from __future__ import annotations

from pathlib import Path

import pytest

from assistant.settings import ProblemCode, UserSettingsFile, resolve
from assistant.settings.model import MAX_IDLE_TIMEOUT_S


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_come_from_the_training(tmp_path: Path) -> None:
    s = resolve(tmp_path / "none.toml", tmp_path / "none2.toml").settings
    assert s.autolock.idle_timeout_s == 300
    assert s.breaks.eye_interval_s == 1200 and s.breaks.eye_duration_s == 20
    assert s.breaks.rest_interval_s == 3600 and s.breaks.rest_duration_s == 600
    assert s.clipboard.clear_after_s == 60


def test_nothing_exceeds_thirty_minutes(tmp_path: Path) -> None:
    policy = write(tmp_path, "p.toml", "[autolock]\nidle_timeout_s = 3600\n")
    user = write(tmp_path, "u.toml", "[autolock]\nidle_timeout_s = 2400\n")
    r = resolve(policy, user)
    assert r.settings.autolock.idle_timeout_s == 300
    codes = {p.code for p in r.problems}
    assert ProblemCode.ABOVE_MAXIMUM in codes
    assert MAX_IDLE_TIMEOUT_S == 1800


def test_user_above_policy_maximum_is_refused_with_reason(tmp_path: Path) -> None:
    policy = write(tmp_path, "p.toml", "[autolock]\nidle_timeout_s = { max = 600 }\n")
    user = write(tmp_path, "u.toml", "[autolock]\n\nidle_timeout_s = 900\n")
    r = resolve(policy, user)
    assert r.settings.autolock.idle_timeout_s == 300
    [problem] = r.problems
    assert problem.line == 3 and problem.key == "idle_timeout_s"
    assert "above the maximum 600" in str(problem) and "administrator" in str(problem)
    assert r.check_user_value("autolock", "idle_timeout_s", 600) is None
    assert r.check_user_value("autolock", "idle_timeout_s", 601) is not None


def test_user_may_only_shorten_a_policy_value(tmp_path: Path) -> None:
    policy = write(tmp_path, "p.toml", "[autolock]\nidle_timeout_s = { value = 240 }\n")
    r = resolve(policy, write(tmp_path, "u.toml", "[autolock]\nidle_timeout_s = 120\n"))
    assert r.settings.autolock.idle_timeout_s == 120
    assert r.check_user_value("autolock", "idle_timeout_s", 300) is not None


def test_plain_policy_value_is_fixed(tmp_path: Path) -> None:
    policy = write(tmp_path, "p.toml", "[breaks]\nstrict = true\nmode = \"pomodoro\"\n")
    r = resolve(policy, write(tmp_path, "u.toml", "[breaks]\nmode = \"20-20-20\"\n"))
    assert r.settings.breaks.strict is True and r.settings.breaks.mode == "pomodoro"
    assert r.is_locked("breaks", "mode")
    assert r.problems[0].code is ProblemCode.LOCKED_BY_POLICY


def test_admin_only_settings_ignore_the_user(tmp_path: Path) -> None:
    r = resolve(None, write(tmp_path, "u.toml", "[autolock]\nlock_command = \"true\"\n"))
    assert r.settings.autolock.lock_command == ""
    assert r.problems[0].code is ProblemCode.ADMIN_ONLY


@pytest.mark.parametrize("text, code, line", [
    ("[autolock\n", ProblemCode.SYNTAX, 1),
    ("[autolock]\nidle_timeout_s = \"5m\"\n", ProblemCode.WRONG_TYPE, 2),
    ("[nope]\nx = 1\n", ProblemCode.UNKNOWN_SECTION, 1),
    ("[breaks]\nmode = \"sometimes\"\n", ProblemCode.NOT_A_CHOICE, 2),
    ("[selfcheck]\nshift_end = \"25:00\"\n", ProblemCode.BAD_FORMAT, 2),
])
def test_bad_policy_names_file_line_and_falls_back(tmp_path: Path, text: str, code: ProblemCode, line: int) -> None:
    policy = write(tmp_path, "policy.toml", text)
    r = resolve(policy, None)
    [problem] = r.problems
    assert (problem.code, problem.line, problem.file) == (code, line, policy)
    assert r.settings.autolock.idle_timeout_s == 300


def test_unreadable_user_file_is_moved_aside_not_overwritten(tmp_path: Path) -> None:
    user = write(tmp_path, "settings.toml", "[broken\n")
    moved = UserSettingsFile(user).update({("autolock", "warning_s"): 15})
    assert moved is not None and moved.read_text() == "[broken\n"
    assert resolve(None, user).settings.autolock.warning_s == 15


def test_update_keeps_other_values(tmp_path: Path) -> None:
    user = write(tmp_path, "settings.toml", "[breaks]\neye_interval_s = 600\n")
    UserSettingsFile(user).update({("autolock", "warning_s"): 15})
    s = resolve(None, user).settings
    assert s.breaks.eye_interval_s == 600 and s.autolock.warning_s == 15


def test_admin_protected_settings_keep_the_agents_panic_and_relay_values_out(tmp_path: Path) -> None:
    user = write(tmp_path, "u.toml", "[panic]\nenabled = false\n[relay]\nheartbeat_s = 60\n"
                                     "url = \"https://relay.example\"\nseat = \"A-01\"\n")
    by_pin = resolve(None, user)
    assert by_pin.settings.panic.enabled is False and not by_pin.is_locked("panic", "enabled")
    policy = write(tmp_path, "p.toml", "[general]\nprotected_settings = \"admin\"\n[panic]\nconfirm = \"double\"\n")
    r = resolve(policy, user)
    assert r.settings.panic.enabled is True and r.settings.relay.heartbeat_s == 30
    assert r.settings.panic.confirm == "double"  # the policy still sets what it names
    assert r.is_locked("panic", "enabled") and r.is_locked("relay", "heartbeat_s")
    assert {p.code for p in r.problems} == {ProblemCode.LOCKED_BY_POLICY}
    # enrollment's answers (written by `safety-assistant enroll`) still apply
    assert r.settings.relay.url == "https://relay.example" and r.settings.relay.seat == "A-01"


def test_only_the_policy_chooses_who_protects_those_settings(tmp_path: Path) -> None:
    r = resolve(None, write(tmp_path, "u.toml", "[general]\nprotected_settings = \"pin\"\n"))
    assert r.settings.general.protected_settings == "pin"
    assert r.problems[0].code is ProblemCode.ADMIN_ONLY
