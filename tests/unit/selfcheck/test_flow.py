"""One self-check from opening to its record, without Qt: the order results arrive in, the
agent's confirmations, the lock's answer and the single ``selfcheck.completed`` record."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.audit import AuditLog
from assistant.selfcheck import Fix, ItemKey, ItemKind, ItemResult, Outcome, Reason, Trigger
from assistant.selfcheck.flow import CLOSE_RECHECK_S, FlowStatus, SelfCheckFlow


class ScriptedProbe:
    """Answers with the results it is given, one per check; its fix works, fails or raises."""

    def __init__(self, key: ItemKey, *results: ItemResult, fix_ok: bool | None = None) -> None:
        self.key = key
        self.results = list(results)
        self.fix_ok = fix_ok
        self.fixes = 0

    def check(self) -> ItemResult:
        return self.results.pop(0)

    def fix(self) -> bool:
        self.fixes += 1
        if self.fix_ok is None:
            raise RuntimeError("no fix")
        return self.fix_ok


def passed(key: ItemKey) -> ItemResult:
    return ItemResult(key.value, Outcome.PASSED, Reason.NO_PRINT_JOBS, "fine")


def failed(key: ItemKey, fix: Fix | None = None) -> ItemResult:
    return ItemResult(key.value, Outcome.FAILED, Reason.PRINT_JOBS_WAITING, "1 job", fix=fix)


class Broken:
    key = ItemKey.REMOVABLE_STORAGE

    def check(self) -> ItemResult:
        raise OSError("udisks went away")


@pytest.fixture
def audit(tmp_path: Path) -> Iterator[AuditLog]:
    log = AuditLog(tmp_path / "audit.sqlite3")
    yield log
    log.close()


def completed(audit: AuditLog) -> list[dict[str, object]]:
    return [dict(e.details) for e in audit.query(kinds=["selfcheck.completed"])]


def run_all(flow: SelfCheckFlow) -> None:
    for name in flow.probes:
        flow.accept(flow.run_check(name), flow.begin_check(name))


def confirm_all(flow: SelfCheckFlow) -> None:
    for item in flow.state.items:
        if item.kind is ItemKind.MANUAL:
            flow.confirm(item.name, True)


def passing_probes() -> list[ScriptedProbe]:
    keys = (ItemKey.CLIPBOARD, ItemKey.PRINT_QUEUE, ItemKey.REMOVABLE_STORAGE)
    return [ScriptedProbe(key, passed(key)) for key in keys]


def make_flow(audit: AuditLog, *probes: object) -> SelfCheckFlow:
    return SelfCheckFlow(audit, end_of_shift=False, trigger=Trigger.TRAY, probes=probes)  # type: ignore[arg-type]


def test_everything_done_then_locked_is_recorded_once_as_completed(audit: AuditLog) -> None:
    flow = make_flow(audit, *passing_probes())
    assert flow.status is FlowStatus.CHECKING and not flow.complete  # no result yet
    run_all(flow)
    assert flow.status is FlowStatus.OPEN and flow.open_items() == 3  # the agent's three items
    confirm_all(flow)
    assert flow.status is FlowStatus.READY and flow.complete
    assert flow.request_lock() and not flow.request_lock()  # one lock at a time
    assert flow.status is FlowStatus.LOCKING
    report = flow.lock_finished(True, "loginctl")
    assert report is not None and report.locked and report.lock_backend == "loginctl"
    assert flow.closed() is None  # the dialog closing afterwards records nothing more
    [record] = completed(audit)
    assert record["completed"] is True and record["ending"] == "locked" and record["trigger"] == "tray"


def test_an_older_run_of_a_check_started_again_is_ignored(audit: AuditLog) -> None:
    probe = ScriptedProbe(ItemKey.PRINT_QUEUE, failed(ItemKey.PRINT_QUEUE), passed(ItemKey.PRINT_QUEUE))
    flow = make_flow(audit, probe)
    first = flow.begin_check("print_queue")
    slow = flow.run_check("print_queue")
    second = flow.begin_check("print_queue")
    assert flow.accept(flow.run_check("print_queue"), second)
    assert not flow.accept(slow, first)  # the first run answers last: too late
    assert flow.state.results["print_queue"].outcome is Outcome.PASSED


def test_a_probe_that_raises_means_cannot_tell_not_a_crash(audit: AuditLog) -> None:
    flow = make_flow(audit, Broken())
    result = flow.run_check("removable_storage")
    assert result.outcome is Outcome.UNKNOWN and result.reason is Reason.PROBE_FAILED


def test_closed_without_locking_is_recorded_as_not_completed(audit: AuditLog) -> None:
    flow = make_flow(audit, ScriptedProbe(ItemKey.PRINT_QUEUE, failed(ItemKey.PRINT_QUEUE)))
    run_all(flow)
    assert flow.lock_finished(True, "x") is None  # no lock was asked for
    report = flow.closed()
    assert report is not None and not report.locked
    [record] = completed(audit)
    assert record["completed"] is False and record["ending"] == "closed"
    assert "print_queue" in record["failed_items"]  # type: ignore[operator]
    assert "paper_away" in record["failed_items"]  # type: ignore[operator]  # never confirmed


def test_a_lock_that_failed_is_recorded_and_the_check_stays_open(audit: AuditLog) -> None:
    flow = make_flow(audit, *passing_probes())
    run_all(flow)
    confirm_all(flow)
    assert flow.request_lock()
    report = flow.lock_finished(False, "loginctl: no session")
    assert report is not None and not report.locked and report.lock_backend is None
    assert flow.status is FlowStatus.READY and not flow.locking  # the agent may try again
    assert completed(audit)[0]["ending"] == "lock_failed"


def test_fixes_are_recorded_and_closed_windows_are_looked_at_again_later(audit: AuditLog) -> None:
    ok = ScriptedProbe(ItemKey.PRINT_QUEUE, fix_ok=True)
    broken = ScriptedProbe(ItemKey.CLIPBOARD, fix_ok=None)
    flow = make_flow(audit, ok, broken)
    assert flow.run_fix("print_queue") and ok.fixes == 1
    assert not flow.run_fix("clipboard")  # it raised: reported as not fixed
    assert flow.fixed("print_queue", True, None) == (0.0,)  # at once
    assert flow.fixed("customer_apps", True, Fix.CLOSE_WINDOWS) == CLOSE_RECHECK_S
    fixes = [dict(e.details) for e in audit.query(kinds=["selfcheck.fixed"])]
    assert fixes[0] == {"item": "print_queue", "ok": True}


def test_a_probe_without_a_fix_offers_none(audit: AuditLog) -> None:
    flow = make_flow(audit, Broken())
    assert flow.fixer("removable_storage") is None and not flow.run_fix("removable_storage")
