"""The guard's decisions with a fake clock: own writes, supersession, warn/mask/clear."""

from __future__ import annotations

import datetime as dt

from assistant.clipboard import (
    ChangeDebouncer,
    ChangeVerdict,
    ClearSchedule,
    ClearVerdict,
    ClipboardAction,
    ClipboardContent,
    ClipboardGuardCore,
    ClipboardPolicy,
    DailyCounts,
    GuardCounter,
    Response,
    inspect_content,
)
from assistant.clock import FakeClock
from pii import FindingKind
from tests.clipboard.identifiers import bank_card, mobile

RAW = ClipboardContent(f"客户卡号 {bank_card()}")
OTHER = ClipboardContent(f"客户手机 {mobile()}")
CLEAN = ClipboardContent("您好，请问还有什么可以帮您？")


def core_for(action: ClipboardAction, clock: FakeClock | None = None, **kw: object) -> ClipboardGuardCore:
    return ClipboardGuardCore(ClipboardPolicy(action=action, **kw), clock or FakeClock())  # type: ignore[arg-type]


def scan_and_resolve(core: ClipboardGuardCore, content: ClipboardContent):  # type: ignore[no-untyped-def]
    observation = core.observe(content)
    assert observation.verdict is ChangeVerdict.SCAN and observation.ticket is not None
    return core.resolve(observation.ticket, inspect_content(content, core.policy.kinds))


def test_mask_policy_masks_and_the_own_write_is_not_scanned_again() -> None:
    core = core_for(ClipboardAction.MASK)
    step = scan_and_resolve(core, RAW)
    assert step is not None and step.response is Response.MASK
    written = step.inspection.masked_content(RAW)
    assert bank_card() not in written.text
    core.record_masked(written)
    assert core.observe(written).verdict is ChangeVerdict.OWN_WRITE
    assert core.scans_started == 1
    assert core.counts.get(GuardCounter.MASKED) == 1
    # The agent copies the same number again: it is masked again, not taken as "unchanged".
    again = scan_and_resolve(core, RAW)
    assert again is not None and again.response is Response.MASK


def test_same_content_announced_twice_is_scanned_once() -> None:
    core = core_for(ClipboardAction.WARN)
    assert core.observe(RAW).verdict is ChangeVerdict.SCAN
    assert core.observe(RAW).verdict is ChangeVerdict.UNCHANGED
    assert core.scans_started == 1


def test_a_newer_change_supersedes_an_older_scan() -> None:
    core = core_for(ClipboardAction.MASK)
    first = core.observe(RAW).ticket
    second = core.observe(OTHER).ticket
    assert first is not None and second is not None
    assert core.resolve(first, inspect_content(RAW, core.policy.kinds)) is None
    step = core.resolve(second, inspect_content(OTHER, core.policy.kinds))
    assert step is not None and step.summary is not None
    assert step.summary.kinds == (FindingKind.CN_MOBILE,)


def test_empty_clipboard_supersedes_a_running_scan() -> None:
    core = core_for(ClipboardAction.MASK)
    ticket = core.observe(RAW).ticket
    assert core.observe(ClipboardContent()).verdict is ChangeVerdict.EMPTY
    assert ticket is not None and core.resolve(ticket, inspect_content(RAW, core.policy.kinds)) is None


def test_clean_content_needs_nothing() -> None:
    core = core_for(ClipboardAction.MASK)
    step = scan_and_resolve(core, CLEAN)
    assert step is not None and step.response is Response.NOTHING
    assert core.counts.get(GuardCounter.FOUND) == 0


def test_warning_mask_now_only_while_the_clipboard_holds_the_warned_content() -> None:
    core = core_for(ClipboardAction.WARN)
    step = scan_and_resolve(core, RAW)
    assert step is not None and step.response is Response.WARN
    assert core.pending_warning is not None
    inspection = core.take_pending_mask(RAW)
    assert inspection is not None and bank_card() not in inspection.masked_content(RAW).text
    assert core.pending_warning is None

    scan_and_resolve(core, OTHER)
    assert core.take_pending_mask(RAW) is None  # the clipboard holds something else now


def test_a_new_copy_withdraws_the_warning() -> None:
    core = core_for(ClipboardAction.WARN)
    scan_and_resolve(core, RAW)
    observation = core.observe(CLEAN)
    assert observation.warning_withdrawn and core.pending_warning is None


def test_keep_forgets_the_warning_and_the_same_content_is_not_warned_again() -> None:
    core = core_for(ClipboardAction.WARN)
    scan_and_resolve(core, RAW)
    summary = core.keep_pending()
    assert summary is not None and summary.kinds == (FindingKind.BANK_CARD,)
    assert core.observe(RAW).verdict is ChangeVerdict.UNCHANGED


def test_clear_fires_after_the_delay_only_for_the_same_content() -> None:
    clock = FakeClock()
    core = core_for(ClipboardAction.CLEAR, clock, clear_after_s=60)
    step = scan_and_resolve(core, RAW)
    assert step is not None and step.response is Response.SCHEDULE_CLEAR
    assert core.clear_schedule.remaining_s() == 60
    clock.advance(59.5)
    assert core.check_clear(RAW) is ClearVerdict.WAIT
    clock.advance(0.5)
    assert core.check_clear(RAW) is ClearVerdict.CLEAR
    core.record_cleared()
    assert core.counts.get(GuardCounter.CLEARED) == 1
    assert core.check_clear(ClipboardContent()) is ClearVerdict.NOT_ARMED


def test_clear_is_called_off_when_the_content_changed() -> None:
    clock = FakeClock()
    core = core_for(ClipboardAction.CLEAR, clock, clear_after_s=60)
    scan_and_resolve(core, RAW)
    observation = core.observe(CLEAN)  # the agent copied something else
    assert observation.clear_cancelled and not core.clear_schedule.armed
    clock.advance(120)
    assert core.check_clear(CLEAN) is ClearVerdict.NOT_ARMED


def test_clear_schedule_checks_content_at_fire_time() -> None:
    clock = FakeClock()
    schedule = ClearSchedule(clock)
    schedule.arm("abc", 5)
    clock.advance(10)
    assert schedule.check("def") is ClearVerdict.CONTENT_CHANGED
    assert not schedule.armed


def test_disabled_guard_scans_nothing_and_enabling_looks_again() -> None:
    core = core_for(ClipboardAction.MASK, enabled=False)
    assert core.observe(RAW).verdict is ChangeVerdict.DISABLED
    core.set_policy(ClipboardPolicy(action=ClipboardAction.MASK))
    assert core.observe(RAW).verdict is ChangeVerdict.SCAN


def test_policy_change_drops_what_the_old_action_had_pending() -> None:
    core = core_for(ClipboardAction.CLEAR, clear_after_s=60)
    ticket = core.observe(RAW).ticket
    assert ticket is not None
    core.set_policy(ClipboardPolicy(action=ClipboardAction.MASK, kinds=frozenset({FindingKind.EMAIL})))
    assert core.resolve(ticket, inspect_content(RAW, frozenset(FindingKind))) is None
    assert core.observe(RAW).verdict is ChangeVerdict.SCAN  # looked at again under the new policy


def test_debouncer_settles_bursts_but_not_forever() -> None:
    clock = FakeClock()  # steps are powers of two: exact in floating point
    debouncer = ChangeDebouncer(clock, quiet_s=0.25, max_wait_s=1.0)
    assert debouncer.due_in() is None and not debouncer.take()
    assert debouncer.changed() == 0.25
    clock.advance(0.125)
    assert not debouncer.take()
    debouncer.changed()
    clock.advance(0.125)
    assert not debouncer.take()  # quiet for 0.125 s only
    clock.advance(0.125)
    assert debouncer.take() and not debouncer.pending
    # A steady stream of changes (a selection being dragged) still settles after max_wait_s.
    debouncer.changed()
    for _ in range(7):
        clock.advance(0.125)
        debouncer.changed()
        assert not debouncer.take()
    clock.advance(0.125)
    assert debouncer.due_in() == 0.0 and debouncer.take()


def test_daily_counts_start_again_at_midnight() -> None:
    start = dt.datetime(2026, 11, 27, 23, 59).timestamp()
    clock = FakeClock(wall=start)
    counts = DailyCounts(clock)
    counts.add(GuardCounter.MASKED)
    counts.add(GuardCounter.MASKED)
    assert counts.get(GuardCounter.MASKED) == 2
    clock.advance(120)
    assert counts.get(GuardCounter.MASKED) == 0
    assert counts.today() == dt.date(2026, 11, 28)
