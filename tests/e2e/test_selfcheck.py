"""The desk self-check on the virtual X11 desktop: the real clipboard (xclip), real windows,
the real app's dialog driven by keyboard, the policy's lock_command, and the relay.

The "locker" is the administrator's lock_command, a script that appends a timestamp to a
file (nothing else can lock this desktop).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.instance_channel import send_command
from assistant.paths import AppPaths
from assistant.selfcheck.app_windows import CustomerAppsProbe, X11Windows
from assistant.selfcheck.items import Outcome
from tests.e2e.agent_process import REPO, AgentProcess
from tests.e2e.desktop import clipboard_get, clipboard_set, screenshot, wait_for, windows, xdotool
from tests.sqlite_contents import stored_text
from tests.unit.selfcheck.fakes import resident_id

pytestmark = [pytest.mark.e2e, pytest.mark.linux]

ID_NUMBER = resident_id("440305", "19881120", "517")
SETTINGS = '[general]\nlanguage = "en"\n'
CRM_TITLE = f"CRM 客户管理 - 张三 {ID_NUMBER}"

CUSTOMER_APP = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv[:1])
label = QLabel("customer record")
label.setWindowTitle(sys.argv[1])
label.resize(420, 200)
label.show()
app.exec()
"""


def policy(record: Path) -> str:
    return (f"[autolock]\nlock_command = \"sh -c 'date +%s.%N >> {record}'\"\n"
            '[selfcheck]\ncustomer_app_patterns = ["CRM", "客户管理"]\n')


def selfcheck(agent: AgentProcess, *args: str) -> tuple[int, dict[str, dict[str, Any]], str]:
    result = agent.cli("selfcheck", "--json", *args)
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return result.returncode, {line["item"]: line for line in lines}, result.stdout


def open_dialog(agent: AgentProcess, end_of_shift: bool = False) -> str:
    address = AppPaths.from_basedir(agent.basedir).instance_address
    reply = send_command(address, {"cmd": "selfcheck.open", "end_of_shift": end_of_shift})
    assert reply == {"ok": True}
    title = "End of shift" if end_of_shift else "Leaving my desk"
    found = wait_for(lambda: dialog_windows(title), 20, what=f"the {title!r} dialog")
    return str(found[0]["id"])


def dialog_windows(title: str) -> list[dict[str, object]]:
    """The app's windows titled ``title`` (Qt may append " — Safety Assistant")."""
    return [w for w in windows("SafetyAssistant") if str(w["name"]).startswith(title)
            and int(w["w"]) > 100]  # type: ignore[call-overload]


def press(window: str, *keys: str) -> None:
    xdotool("windowactivate", "--sync", window)
    for key in keys:
        xdotool("key", "--clearmodifiers", key)


def lock_records(path: Path) -> list[float]:
    return [float(x) for x in path.read_text().split()] if path.exists() else []


@pytest.fixture
def customer_window() -> Iterator[subprocess.Popen[bytes]]:
    proc = subprocess.Popen([sys.executable, "-c", CUSTOMER_APP, CRM_TITLE], cwd=REPO)
    try:
        wait_for(lambda: any(w["name"].startswith("CRM ") for w in windows()), 20,  # type: ignore[union-attr]
                 what="the customer-data window")
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)


def test_cli_clipboard_id(agent_factory) -> None:  # type: ignore[no-untyped-def]
    agent = agent_factory(start=False, settings=SETTINGS)
    clipboard_set(f"客户身份证号:{ID_NUMBER}")
    code, items, out = selfcheck(agent)
    assert code == 1, out
    assert items["clipboard"]["ok"] is False and "cn_resident_id" in items["clipboard"]["detail"]
    assert ID_NUMBER not in out and ID_NUMBER[6:14] not in out
    assert items["removable_storage"]["ok"] is True and items["print_queue"]["ok"] is True
    clipboard_set("")
    code, items, out = selfcheck(agent)
    assert code == 0, out
    assert items["clipboard"] == {"item": "clipboard", "ok": True, "status": "passed",
                                  "detail": "no customer identifier on the clipboard"}


def test_customer_window(agent_factory, customer_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    agent = agent_factory(start=False, policy=policy(tmp_path / "locks"), settings=SETTINGS)
    code, items, out = selfcheck(agent, "--end-of-shift")
    assert code == 1 and items["customer_apps"]["ok"] is False, out
    assert "CRM" in items["customer_apps"]["detail"] and ID_NUMBER not in out
    code, items, _ = selfcheck(agent)  # a short absence does not ask to close them
    assert "customer_apps" not in items

    lister = X11Windows()
    probe = CustomerAppsProbe(lister, ["CRM"], closer=lister)
    result = probe.check()
    assert result.outcome is Outcome.FAILED
    assert result.subjects[0].startswith("CRM 客户管理 - 张三 ") and ID_NUMBER not in result.subjects[0]
    assert probe.fix()
    customer_window.wait(20)  # the application got WM_DELETE_WINDOW and quit by itself
    assert customer_window.returncode == 0
    assert probe.check().outcome is Outcome.PASSED


def test_leave_desk_e2e(agent_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """ID on the clipboard → the item fails; "Clear clipboard" → everything passes; "Lock and
    go" runs the policy's lock_command. (Short test names: the app's socket path lives in
    tmp_path, and AF_UNIX paths may not exceed 107 bytes.)"""
    record = tmp_path / "locks"
    agent = agent_factory(policy=policy(record), settings=SETTINGS)
    clipboard_set(ID_NUMBER)
    code, items, _ = selfcheck(agent)
    assert code == 1 and items["clipboard"]["ok"] is False

    dialog = open_dialog(agent)
    agent.wait_log("self-check: automatic checks done (failed: clipboard)")
    screenshot("selfcheck-clipboard-fails")
    press(dialog, "alt+c")  # "Clear clipboard"
    wait_for(lambda: clipboard_get() == "", 10, what="the clipboard to be cleared")
    code, items, out = selfcheck(agent)
    assert code == 0, out
    assert lock_records(record) == []

    press(dialog, "alt+p", "alt+r", "alt+v")  # paper, printouts, valuables
    agent.wait_log("self-check: valuables_locked confirmed")
    screenshot("selfcheck-all-passed")
    press(dialog, "alt+l")  # "Lock and go"
    event = agent.wait_audit("selfcheck.completed")[-1]["details"]
    assert event["locked"] is True and event["completed"] is True, event
    assert event["failed"] == 0 and event["failed_items"] == []
    assert event["items"][-1] == {"name": "screen_locked", "ok": True, "detail": "locked by lock_command"}
    assert [i["name"] for i in event["items"]][:3] == ["clipboard", "removable_storage", "print_queue"]
    wait_for(lambda: lock_records(record), 10, what="the lock_command to run")
    assert len(lock_records(record)) == 1
    fixed = agent.audit("selfcheck.fixed")
    assert fixed and fixed[0]["details"] == {"item": "clipboard", "ok": True}
    wait_for(lambda: not dialog_windows("Leaving my desk"), 10, what="the dialog to close")
    assert ID_NUMBER not in agent.log_text()
    audit_db = agent.basedir / "data" / "audit.sqlite3"
    assert ID_NUMBER not in stored_text(audit_db)  # rows in the WAL too


def test_relay_floor_list(agent_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.relay.support import RelayFiles, RelayProcess, free_port

    files = RelayFiles(tmp_path / "relay")
    files.root.mkdir()
    relay = RelayProcess(files, free_port()).start()

    def relay_cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "relay.cli", "--db", files.db_url, *args],
                              capture_output=True, text=True, timeout=60, cwd=REPO, check=False)

    def agent_row() -> dict[str, Any]:
        result = relay_cli("agents", "--json")
        assert result.returncode == 0, result.stderr
        return next(json.loads(line) for line in result.stdout.splitlines() if line.strip())

    try:
        added = relay_cli("add-agent", "--seat", "A-07", "--name", "Wang", "--json")
        assert added.returncode == 0, added.stderr
        code = json.loads(added.stdout)["code"]
        record = tmp_path / "locks"
        agent = agent_factory(start=False, policy=policy(record), settings=SETTINGS)
        enrolled = agent.cli("enroll", relay.url, code)
        assert enrolled.returncode == 0, enrolled.stderr
        agent.start()
        clipboard_set("nothing sensitive")

        dialog = open_dialog(agent)
        agent.wait_log("self-check: automatic checks done (all passed)")
        press(dialog, "alt+p", "alt+r", "alt+v")
        agent.wait_log("self-check: valuables_locked confirmed")
        press(dialog, "alt+l")
        agent.wait_audit("selfcheck.completed")
        check = wait_for(lambda: agent_row()["selfcheck"], 30, interval=0.5,
                         what="the relay to store the self-check")
        assert check["failed"] == 0 and check["failed_items"] == [] and check["passed"] == 7, check

        # Next time the agent closes the check without completing it: the floor list shows it.
        dialog = open_dialog(agent, end_of_shift=True)
        wait_for(lambda: agent.log_text().count("automatic checks done") == 2, 20,
                 what="the second check's results")
        press(dialog, "alt+p")
        wait_for(lambda: agent.log_text().count("paper_away confirmed") == 2, 20,
                 what="the second confirmation")
        press(dialog, "Escape")
        wait_for(lambda: len(agent.audit("selfcheck.completed")) == 2, 20, what="the second record")
        check = wait_for(lambda: (c := agent_row()["selfcheck"]) and c["failed"] and c, 30, interval=0.5,
                         what="the relay to store the incomplete self-check")
        assert "screen_locked" in check["failed_items"] and "equipment_off" in check["failed_items"]
        assert "paper_away" not in check["failed_items"]
        print("safety-relay agents --json:", json.dumps(agent_row(), ensure_ascii=False))
        table = relay_cli("agents")
        assert "failed (" in table.stdout and "screen_locked" in table.stdout, table.stdout
    finally:
        relay.stop()


def test_hotkey_opens_the_check_in_chinese(agent_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The global hotkey ([selfcheck] hotkey, Ctrl+Alt+Shift+D) opens the check; in Chinese the
    items use the training's own words."""
    agent = agent_factory(policy=policy(tmp_path / "locks"), settings='[general]\nlanguage = "zh_CN"\n')
    agent.wait_log("self-check hotkey <ctrl>+<alt>+<shift>+d")
    xdotool("key", "--clearmodifiers", "ctrl+alt+shift+d")
    dialog = wait_for(lambda: dialog_windows("离开工位"), 20, what="the 离开工位 dialog")
    agent.wait_log("self-check opened (leaving the desk, hotkey)")
    agent.wait_log("self-check: automatic checks done")
    screenshot("selfcheck-zh-hotkey")
    press(str(dialog[0]["id"]), "Escape")
    event = agent.wait_audit("selfcheck.completed")[-1]["details"]
    assert event["trigger"] == "hotkey" and event["ending"] == "closed" and event["locked"] is False
