"""The clipboard guard in the real app on the virtual X11 desktop.

Another process (xclip) owns the CLIPBOARD selection, as a customer system would after a
copy; the app notices, acts by policy, and xclip reads back what a paste would give.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from assistant.instance_channel import send_command
from assistant.paths import AppPaths
from tests.clipboard.identifiers import bank_card, grouped, mobile, resident_id
from tests.e2e.desktop import clipboard_get, clipboard_set, screenshot, wait_for, windows, xdotool
from ui.clipboard.toast import BUTTON_HEIGHT, BUTTON_WIDTH, MARGIN, WIDTH

pytestmark = [pytest.mark.e2e, pytest.mark.linux]

MASK_POLICY = '[clipboard]\naction = "mask"\n'
TOAST_TITLES = ("Safety Assistant: clipboard", "坐席安全助手：剪贴板")


def test_mask_policy_masks_a_number_copied_in_another_app(agent_factory) -> None:  # type: ignore[no-untyped-def]
    agent = agent_factory(policy=MASK_POLICY)
    agent.wait_log("clipboard guard started (action mask")
    phone = mobile()
    clipboard_set(f"客户回拨号码：{phone}")

    def masked_paste() -> str:
        text = clipboard_get()
        return text if text.startswith("客户回拨号码：") and phone not in text else ""

    pasted = wait_for(masked_paste, 15, what="the masked number on the clipboard")
    assert pasted == f"客户回拨号码：{phone[:3]}****{phone[-4:]}"
    [found] = agent.wait_audit("clipboard.found")
    [masked] = agent.wait_audit("clipboard.masked")
    assert found["details"]["action"] == "mask"
    assert masked["details"] == {"kinds": ["cn_mobile"], "masked": [f"{phone[:3]}****{phone[-4:]}"],
                                 "count": 1, "by": "policy"}
    # The guard's own write is not taken for a new copy: no second round.
    clipboard_set("好的，已登记。")
    wait_for(lambda: clipboard_get() == "好的，已登记。", 10, what="a clean copy left alone")
    assert len(agent.audit("clipboard.masked")) == 1


def test_5mb_copy_is_masked(agent_factory) -> None:  # type: ignore[no-untyped-def]
    """Megabytes arrive over X11 in increments (INCR); the scan runs off the GUI thread.
    (A short test name: the app's command socket lives under the test's directory, and
    AF_UNIX paths are limited to 107 bytes.)"""
    agent = agent_factory(policy=MASK_POLICY)
    agent.wait_log("clipboard guard started (action mask")
    phone = mobile("13600001111")
    big = ("客户来电咨询物流进度，已告知预计送达时间。Order note 2026. " * 140_000)[:5_000_000]
    clipboard_set(f"{big}\n回拨 {phone}\n")
    agent.wait_audit("clipboard.masked", timeout=60)
    pasted = wait_for(clipboard_get, 20, what="the masked 5 MB text")
    assert len(pasted) == len(big) + len(phone) + 5
    assert pasted.endswith(f"回拨 {phone[:3]}****{phone[-4:]}\n") and phone not in pasted
    # The app still answers on its command channel afterwards.
    assert send_command(AppPaths.from_basedir(agent.basedir).instance_address, {"cmd": "ping"}, timeout=5)


def _toast() -> dict[str, object] | None:
    for win in windows("SafetyAssistant"):
        titled = win["name"] in TOAST_TITLES or int(win["w"]) == WIDTH  # type: ignore[call-overload]
        if titled and int(win["x"]) >= 0 and int(win["h"]) > BUTTON_HEIGHT:  # type: ignore[call-overload]
            return win
    return None


def test_warn_policy_shows_the_toast_and_mask_now_masks(agent_factory) -> None:  # type: ignore[no-untyped-def]
    agent = agent_factory(settings='[general]\nlanguage = "zh_CN"\n')  # warn is the default
    agent.wait_log("clipboard guard started (action warn")
    card = bank_card()
    copied = f"卡号 {grouped(card)}"
    clipboard_set(copied)
    toast = wait_for(_toast, 15, what="the clipboard warning toast")
    agent.wait_audit("clipboard.found")
    screenshot("clipboard-warn-toast")
    assert clipboard_get() == copied  # warn: nothing changed until the agent decides
    x = int(toast["x"]) + int(toast["w"]) - MARGIN - BUTTON_WIDTH // 2  # type: ignore[call-overload]
    y = int(toast["y"]) + int(toast["h"]) - MARGIN - BUTTON_HEIGHT // 2  # type: ignore[call-overload]
    xdotool("mousemove", str(x), str(y), "click", "1")

    def masked_paste() -> str:
        text = clipboard_get()
        return text if text.startswith("卡号 ") and card[-4:] in text and "****" in text else ""

    pasted = wait_for(masked_paste, 15, what="the clipboard masked after 'Mask now'")
    assert card not in pasted.replace(" ", "")
    [masked] = agent.wait_audit("clipboard.masked")
    assert masked["details"]["by"] == "user" and masked["details"]["kinds"] == ["bank_card"]
    screenshot("clipboard-warn-after-mask")


def test_clear_policy_empties_the_clipboard_after_the_delay(agent_factory) -> None:  # type: ignore[no-untyped-def]
    agent = agent_factory(policy='[clipboard]\naction = "clear"\nclear_after_s = 5\n')
    agent.wait_log("clipboard guard started (action clear")
    rid = resident_id()
    clipboard_set(f"身份证号 {rid}")
    agent.wait_audit("clipboard.found")
    assert rid in clipboard_get()  # kept until the delay has passed
    [cleared] = agent.wait_audit("clipboard.cleared", timeout=30)
    assert cleared["details"]["by"] == "timer" and cleared["details"]["kinds"] == ["cn_resident_id"]
    assert clipboard_get() == ""


def test_self_test_reports_the_clipboard(agent_factory) -> None:  # type: ignore[no-untyped-def]
    agent = agent_factory(start=False)
    result = agent.cli("--self-test", timeout=90)
    line = next((l for l in result.stdout.splitlines() if " clipboard " in l + " "), "")
    assert line.startswith("PASS") and "readable" in line, result.stdout


# -- no raw value ever reaches the disk ----------------------------------------------------

def _needles(raw: str) -> dict[str, bytes]:
    forms = {"plain": raw, "grouped": grouped(raw)}
    needles = {}
    for form, text in forms.items():
        for encoding in ("ascii", "utf-16-le", "utf-16-be"):
            needles[f"{form}/{encoding}"] = text.encode(encoding)
    return needles


def files_holding(base: Path, raws: list[str]) -> list[str]:
    """Every file under ``base`` that holds one of ``raws`` in any of the encodings."""
    hits = []
    for path in sorted(p for p in base.rglob("*") if p.is_file()):
        data = path.read_bytes()
        for raw in raws:
            for form, needle in _needles(raw).items():
                if needle in data:
                    hits.append(f"{path.relative_to(base)}: a {len(raw)}-character number ({form})")
    return hits


RID = resident_id("440305", "19750630", "127")
CARD = bank_card("622202100112233")
PHONE = mobile("13711223344")
RAWS = [RID, CARD, PHONE]
COPIES = [f"身份证：{RID}", f"银行卡号 {grouped(CARD)}", PHONE, f"客户 {RID} / {CARD} / {PHONE}"]


def _copy_and_mask(agent) -> None:  # type: ignore[no-untyped-def]
    for n, text in enumerate(COPIES, start=1):
        clipboard_set(text)
        wait_for(lambda n=n: len(agent.audit("clipboard.masked")) == n, 20, interval=0.3,
                 what=f"masking of copy {n}")
        pasted = clipboard_get()
        assert not any(raw in pasted.replace(" ", "") for raw in RAWS)


def _copy_warn_and_keep(agent) -> None:  # type: ignore[no-untyped-def]
    clipboard_set(COPIES[-1])
    toast = wait_for(_toast, 15, what="the clipboard warning toast")
    screenshot("clipboard-warn-keep")
    x = int(toast["x"]) + int(toast["w"]) - MARGIN - BUTTON_WIDTH - 8 - BUTTON_WIDTH // 2  # "Keep"
    y = int(toast["y"]) + int(toast["h"]) - MARGIN - BUTTON_HEIGHT // 2
    xdotool("mousemove", str(x), str(y), "click", "1")
    agent.wait_audit("clipboard.kept")
    assert clipboard_get() == COPIES[-1]  # kept: the raw numbers stay on the clipboard only


def _copy_and_clear(agent) -> None:  # type: ignore[no-untyped-def]
    clipboard_set(COPIES[-1])
    agent.wait_audit("clipboard.cleared", timeout=30)
    assert clipboard_get() == ""


@pytest.mark.parametrize(("policy", "act", "events"), [
    (MASK_POLICY, _copy_and_mask, ["clipboard.found", "clipboard.masked"]),
    ('[clipboard]\naction = "warn"\n', _copy_warn_and_keep, ["clipboard.found", "clipboard.kept"]),
    ('[clipboard]\naction = "clear"\nclear_after_s = 5\n', _copy_and_clear,
     ["clipboard.found", "clipboard.cleared"]),
], ids=["mask", "warn-keep", "clear"])
def test_no_raw_number_is_ever_written_to_disk(agent_factory, policy, act, events) -> None:  # type: ignore[no-untyped-def]
    agent = agent_factory(policy=policy, start=False)
    agent.start(extra_env={"SAFETY_ASSISTANT_DEBUG": "1"})  # the most talkative log there is
    agent.wait_log("clipboard guard started")
    act(agent)
    result = agent.cli("audit", "--json")
    assert result.returncode == 0 and not any(raw in result.stdout for raw in RAWS)
    assert {e["kind"] for e in agent.audit() if e["kind"].startswith("clipboard.")} == set(events)
    assert not files_holding(agent.basedir, RAWS)  # while running: audit DB with -wal/-shm
    assert any(p.name.endswith("-wal") for p in agent.basedir.rglob("*")), "the audit WAL was not searched"
    agent.stop()
    assert not files_holding(agent.basedir, RAWS)  # after the WAL was checkpointed
    searched = {p.name for p in agent.basedir.rglob("*") if p.is_file()}
    assert {"safety-assistant.log", "audit.sqlite3", "policy.toml", "stderr.txt"} <= searched
    assert "clipboard: 3 finding(s)" in agent.log_text()  # the log did talk about them
    # The search itself finds a number when one is there.
    control = agent.basedir / "logs" / "control.txt"
    control.write_bytes(grouped(CARD).encode("utf-16-le"))
    assert files_holding(agent.basedir, RAWS) == [
        f"logs/control.txt: a {len(CARD)}-character number (grouped/utf-16-le)"]
    control.unlink()


def test_xclip_is_what_other_apps_use(agent_factory) -> None:  # type: ignore[no-untyped-def]
    """Sanity: without the app, xclip round-trips text (so the tests above measure the guard)."""
    clipboard_set("plain text 123")
    assert clipboard_get() == "plain text 123"
    subprocess.run(["xclip", "-selection", "clipboard", "-o"], check=True, capture_output=True)
