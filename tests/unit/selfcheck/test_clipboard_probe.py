from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from assistant.selfcheck.clipboard import ClipboardProbe, CommandClipboard, create_clipboard_text
from assistant.selfcheck.items import Fix, Outcome
from tests.unit.selfcheck.fakes import FakeClipboard, resident_id, write_script


def test_generated_resident_id_is_recognised_by_the_scanner() -> None:
    from pii import scan

    assert resident_id("110105", "19491231", "002") == "11010519491231002X"  # the standard's example
    number = resident_id()
    assert [f.kind.value for f in scan(number)] == ["cn_resident_id"]


def test_identifier_on_the_clipboard_fails_and_the_fix_clears_it() -> None:
    clipboard = FakeClipboard(f"客户身份证 {resident_id()} 已核实")
    probe = ClipboardProbe(clipboard, ["cn_resident_id", "bank_card"])
    result = probe.check()
    assert result.outcome is Outcome.FAILED and result.fix is Fix.CLEAR_CLIPBOARD
    assert result.subjects == ("cn_resident_id",)
    assert resident_id() not in result.detail and resident_id()[6:14] not in repr(result)
    assert probe.fix() and clipboard.cleared == 1
    assert probe.check().outcome is Outcome.PASSED


def test_kinds_the_settings_leave_out_do_not_fail() -> None:
    probe = ClipboardProbe(FakeClipboard("回电 13812345678"), ["cn_resident_id"])
    assert probe.check().outcome is Outcome.PASSED
    assert ClipboardProbe(FakeClipboard("回电 13812345678"), ["cn_mobile"]).check().outcome is Outcome.FAILED


def test_unreadable_clipboard_is_unknown_not_failed() -> None:
    result = ClipboardProbe(FakeClipboard(None)).check()
    assert result.outcome is Outcome.UNKNOWN and result.ok


def test_command_clipboard_runs_the_tool(tmp_path: Path) -> None:
    store = tmp_path / "clip.txt"
    store.write_text(resident_id())
    read = write_script(tmp_path / "bin", "fake-paste", f'cat "{store}"\n')
    empty = write_script(tmp_path / "bin", "fake-empty", "echo 'Error: target STRING not available' >&2; exit 1\n")
    broken = write_script(tmp_path / "bin", "fake-broken", "exit 2\n")
    clear = write_script(tmp_path / "bin", "fake-clear", f'cat > "{store}"\n')
    clipboard = CommandClipboard("fake", [str(read)], [str(clear)], empty_read_codes=(1,))
    assert clipboard.read_text() == resident_id()
    assert clipboard.clear() and store.read_text() == ""
    assert CommandClipboard("fake", [str(empty)], [str(clear)], (1,)).read_text() == ""
    assert CommandClipboard("fake", [str(broken)], [str(clear)], (1,)).read_text() is None
    assert CommandClipboard("fake", [str(tmp_path / "missing")], [], (1,)).read_text() is None


def test_factory_picks_the_session_tool() -> None:
    found = {"xclip": "/usr/bin/xclip", "wl-paste": "/usr/bin/wl-paste", "wl-copy": "/usr/bin/wl-copy"}
    assert create_clipboard_text({"DISPLAY": ":0"}, found.get).name == "xclip"
    assert create_clipboard_text({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, found.get).name == "wl-paste"
    null = create_clipboard_text({}, found.get)
    assert null.read_text() is None and "graphical session" in null.capability.reason
    assert not null.capability.available
    assert "xclip" in create_clipboard_text({"DISPLAY": ":0"}, lambda _n: None).capability.reason


@pytest.mark.linux
def test_real_xclip_round_trip_on_a_display() -> None:
    import os
    import shutil

    if not os.environ.get("VD_DIR") or shutil.which("xclip") is None:
        pytest.skip("needs the virtual desktop and xclip")
    clipboard = create_clipboard_text()
    proc = subprocess.Popen(["xclip", "-selection", "clipboard", "-i"], stdin=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert proc.stdin is not None
    proc.stdin.write(resident_id().encode())
    proc.stdin.close()
    proc.wait(10)
    assert ClipboardProbe(clipboard).check().outcome is Outcome.FAILED
    assert clipboard.clear()
    assert ClipboardProbe(clipboard).check().outcome is Outcome.PASSED
