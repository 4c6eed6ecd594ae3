"""The real tray app on the virtual desktop: icon, menu, one instance, self-test, bad policy."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.e2e.agent_process import REPO, app_command
from tests.e2e.desktop import screenshot, wait_for, windows, xdotool

pytestmark = [pytest.mark.e2e, pytest.mark.linux]


def test_tray_icon_shows_and_menu_opens(agent_factory) -> None:
    agent = agent_factory()
    icon = agent.tray()
    shot = screenshot("tray-icon")
    assert shot.stat().st_size > 0
    before = {w["id"] for w in windows("SafetyAssistant")}
    xdotool("mousemove", str(int(icon["x"]) + 8), str(int(icon["y"]) + 8), "click", "3")

    def menu_window():
        return [w for w in windows("SafetyAssistant")
                if w["id"] not in before and int(w["w"]) > 100 and int(w["h"]) > 60]

    menus = wait_for(menu_window, 10, what="the tray menu")
    screenshot("tray-menu-open")
    assert menus, "no menu window appeared after right-clicking the tray icon"
    xdotool("key", "Escape")
    assert agent.alive()


def test_second_start_says_so_and_exits_zero(agent_factory) -> None:
    agent = agent_factory()
    second = subprocess.run([*app_command(), *agent.base_args], capture_output=True, text=True,
                            timeout=30, cwd=REPO, check=False)
    assert second.returncode == 0
    assert "already running" in second.stdout
    assert agent.alive()


def test_self_test_passes_on_the_virtual_desktop(agent_factory) -> None:
    agent = agent_factory(start=False)
    result = agent.cli("--self-test", timeout=90)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for check in ("settings", "audit-store", "keyring", "tray-icon", "pii-scanner"):
        assert any(line.startswith("PASS") and f" {check} " in line + " " for line in lines), result.stdout
    if os.environ.get("SAFETY_ASSISTANT_BIN"):  # the frozen build ships the compiled scanner
        [scanner] = [line for line in lines if " pii-scanner " in line + " "]
        assert "compiled (mypyc)" in scanner, scanner


def test_bad_policy_file_gives_a_clear_message_and_the_app_runs(agent_factory) -> None:
    policy = "[autolock]\nidle_timeout_s = \"five minutes\"\nwarning_s = 10\n"
    agent = agent_factory(policy=policy)
    agent.tray()  # still running, icon shown
    message = wait_for(lambda: "autolock.idle_timeout_s" in agent.stderr() and agent.stderr(),
                       what="the policy problem on stderr")
    assert str(agent.policy_file) in message
    assert "line 2" in message and "autolock.idle_timeout_s" in message
    assert "expected a whole number" in message
    assert agent.policy_file.read_text() == policy  # never overwritten
    result = agent.cli("config", "show")
    assert "autolock.idle_timeout_s = 300" in result.stdout  # the default for the bad part
    assert "autolock.warning_s = 10  (policy (fixed))" in result.stdout  # the good part applies


def test_broken_toml_in_user_settings_is_kept_and_defaults_used(agent_factory) -> None:
    agent = agent_factory(settings="[breaks\neye_interval_s = 5\n")
    agent.tray()
    assert "settings.toml, line 1" in agent.stderr()
    assert (agent.basedir / "config" / "settings.toml").read_text() == "[breaks\neye_interval_s = 5\n"


def test_audit_log_records_start_and_stop(agent_factory) -> None:
    agent = agent_factory()
    agent.tray()
    agent.stop()
    kinds = [e["kind"] for e in agent.audit()]
    assert kinds[:1] == ["app.started"] and "app.stopped" in kinds
