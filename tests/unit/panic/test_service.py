"""The alarm's core on a real outbox and a real audit log: priority, payload, what the audit
log hears (and does not), standing down with the PIN and the duress PIN, notes."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from assistant.alerts.outbox import AlertOutbox, OutboxEvent
from assistant.audit import AuditLog
from assistant.clock import FakeClock
from assistant.panic.kinds import AuditKind, PinCheck, TriggerKind
from assistant.panic.pins import PinHashes
from assistant.panic.service import AgentIdentity, PanicService
from protocol.kinds import EventKind, EventPriority
from tests.clipboard.identifiers import bank_card, resident_id

IDENTITY = AgentIdentity("agent-7", "A-12", "ws-a12", "li.na")


class Pins:
    def __init__(self) -> None:
        self.hashes = PinHashes.make("2468", "1357")

    def check(self, pin: str) -> PinCheck:
        return self.hashes.check(pin)


@pytest.fixture
def outbox(tmp_path: Path) -> Any:
    box = AlertOutbox(tmp_path / "outbox.sqlite3")
    yield box
    box.close()


@pytest.fixture
def audit(tmp_path: Path) -> Any:
    log = AuditLog(tmp_path / "audit.sqlite3")
    yield log
    log.close()


@pytest.fixture
def service(outbox: AlertOutbox, audit: AuditLog) -> PanicService:
    return PanicService(lambda kind, payload, priority: outbox.put(kind, payload, priority),
                        audit, lambda: IDENTITY, Pins(), FakeClock())


def queued(outbox: AlertOutbox) -> list[OutboxEvent]:
    return outbox.next_batch(100)


def test_alarm_is_on_disk_first_in_line_with_who_where_when_how(service, outbox) -> None:  # type: ignore[no-untyped-def]
    outbox.put("selfcheck.completed", {"passed": 3})
    alert = service.raise_alarm(TriggerKind.HOTKEY)
    first = queued(outbox)[0]
    assert first.id == alert.event_id and first.kind == EventKind.PANIC_ALERT
    assert first.priority == EventPriority.ALERT == 0
    assert first.payload == {"trigger": "hotkey", "agent": "agent-7", "seat": "A-12",
                             "workstation": "ws-a12", "user": "li.na",
                             "time": "2027-01-15T08:00:00.000Z"}


def test_audit_hears_the_trigger_kind_only(service, audit) -> None:  # type: ignore[no-untyped-def]
    service.raise_alarm(TriggerKind.CODE_WORD)
    [event] = audit.query(kinds=[AuditKind.TRIGGERED])
    assert event.details == {"trigger": "code_word"}


def test_test_alarm_is_marked_test(service, outbox, audit) -> None:  # type: ignore[no-untyped-def]
    alert = service.send_test()
    [event] = queued(outbox)
    assert event.kind == EventKind.PANIC_TEST and event.payload["test"] is True
    assert event.priority == 0 and alert.test
    assert [e.kind for e in audit.query()] == [AuditKind.TEST_SENT]
    assert service.shown(alert.event_id) == alert
    assert audit.query(kinds=[AuditKind.TEST_CONFIRMED])


def test_pin_cancels_every_open_alarm(service, outbox, audit) -> None:  # type: ignore[no-untyped-def]
    first = service.raise_alarm(TriggerKind.HOTKEY)
    second = service.raise_alarm(TriggerKind.TRAY)
    outbox.mark_delivered([first.event_id, second.event_id])
    assert service.stand_down("2468") is PinCheck.CANCEL
    cancels = queued(outbox)
    assert [e.kind for e in cancels] == [EventKind.PANIC_CANCEL] * 2
    assert {e.payload["alert_id"] for e in cancels} == {first.event_id, second.event_id}
    assert service.open_alerts() == []


def test_duress_pin_sends_duress_and_cancels_nothing(service, outbox) -> None:  # type: ignore[no-untyped-def]
    alert = service.raise_alarm(TriggerKind.HOTKEY)
    outbox.mark_delivered([alert.event_id])
    assert service.stand_down("1357") is PinCheck.DURESS
    [duress] = queued(outbox)
    assert duress.kind == EventKind.PANIC_DURESS and duress.priority == 0
    assert duress.payload["alert_id"] == alert.event_id
    assert duress.payload["seat"] == "A-12" and duress.payload["trigger"] == "duress_pin"
    assert service.open_alerts() == []  # locally it looks called off


def test_duress_and_cancel_leave_the_same_local_traces(tmp_path: Path) -> None:
    traces = []
    for pin in ("2468", "1357"):
        base = tmp_path / pin
        outbox = AlertOutbox(base / "outbox.sqlite3")
        audit = AuditLog(base / "audit.sqlite3")
        service = PanicService(lambda k, p, pr, o=outbox: o.put(k, p, pr), audit,
                               lambda: IDENTITY, Pins(), FakeClock())
        service.raise_alarm(TriggerKind.HOTKEY)
        service.stand_down(pin)
        traces.append(([(e.kind, e.details) for e in audit.query()], service.open_alerts()))
        outbox.close()
        audit.close()
    assert traces[0] == traces[1]


def test_wrong_pin_changes_nothing(service, outbox, audit) -> None:  # type: ignore[no-untyped-def]
    alert = service.raise_alarm(TriggerKind.HOTKEY)
    outbox.mark_delivered([alert.event_id])
    assert service.stand_down("0000") is PinCheck.WRONG
    assert queued(outbox) == []
    assert service.open_alerts() == [alert]
    assert audit.query(kinds=[AuditKind.PIN_REFUSED])


def test_audit_and_outbox_never_hold_a_pin(service, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    service.raise_alarm(TriggerKind.HOTKEY)
    for pin in ("2468", "1357", "9753"):
        service.stand_down(pin)
    for name in ("outbox.sqlite3", "audit.sqlite3"):
        raw = b"".join(p.read_bytes() for p in tmp_path.glob(name + "*"))
        for pin in (b"2468", b"1357", b"9753"):
            assert pin not in raw


def test_note_is_masked_before_it_leaves(service, outbox) -> None:  # type: ignore[no-untyped-def]
    card, rid = bank_card(), resident_id()
    alert = service.raise_alarm(TriggerKind.HOTKEY)
    outbox.mark_delivered([alert.event_id])
    service.attach_note(f"客户报出卡号{card}，身份证{rid}，情绪激动并拍桌子。", alert.event_id)
    [note] = queued(outbox)
    assert note.kind == EventKind.PANIC_NOTE and note.payload["alert_id"] == alert.event_id
    assert card not in note.payload["note"] and rid not in note.payload["note"]
    assert card[-4:] in note.payload["note"] and "拍桌子" in note.payload["note"]
    with sqlite3.connect(outbox.path) as db:
        stored = json.dumps(db.execute("SELECT payload FROM outbox").fetchall(), ensure_ascii=False)
    assert card not in stored and rid not in stored


def test_empty_note_is_refused(service) -> None:  # type: ignore[no-untyped-def]
    alert = service.raise_alarm(TriggerKind.HOTKEY)
    with pytest.raises(ValueError):
        service.attach_note("   ", alert.event_id)


def test_acknowledgement_counts_for_real_alarms_only(service) -> None:  # type: ignore[no-untyped-def]
    real = service.raise_alarm(TriggerKind.HOTKEY)
    test = service.send_test()
    assert service.acknowledged(real.event_id) == real
    assert service.acknowledged(test.event_id) is None
    assert service.acknowledged("someone-else") is None
    assert service.shown(real.event_id) is None  # a real alarm shown: nothing on screen


def test_recent_alarms_newest_first_without_tests(service) -> None:  # type: ignore[no-untyped-def]
    first = service.raise_alarm(TriggerKind.HOTKEY)
    service.send_test()
    second = service.raise_alarm(TriggerKind.CLI)
    assert service.recent_alarms() == [second, first]


def test_outbox_count_for_the_tooltip_leaves_alarms_out(service, outbox) -> None:  # type: ignore[no-untyped-def]
    service.raise_alarm(TriggerKind.HOTKEY)
    outbox.put("selfcheck.completed", {"passed": 1})
    assert outbox.pending_count() == 2
    assert outbox.pending_count(exclude_kinds=[EventKind.PANIC_ALERT, EventKind.PANIC_CANCEL]) == 1
