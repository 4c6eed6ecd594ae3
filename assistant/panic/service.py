"""The silent alarm's core: raise, test, stand down with a PIN, attach the incident note.

``PanicService`` knows nothing of Qt: it is handed a ``send(kind, payload, priority)`` that
commits an event to the outbox (the alert channel's ``send``) and the audit log. The audit
log hears *that* an alarm went off and by which trigger, never the code word or a PIN.
Standing down with the duress PIN is recorded locally exactly like a real cancel: only the
relay learns the difference.
"""

from __future__ import annotations

import datetime as dt
import getpass
import logging
import platform
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from assistant.audit import AuditLog
from assistant.clock import Clock, SystemClock
from assistant.panic.kinds import AuditKind, PinCheck, TriggerKind
from protocol.kinds import EventKind, EventPriority

logger = logging.getLogger(__name__)

#: Longest incident note sent (the relay keeps 4000 characters).
MAX_NOTE_CHARS = 4000
#: The trigger the relay and console see on a duress alarm.
DURESS_TRIGGER = "duress_pin"

SendFn = Callable[[str, dict[str, Any], "int | None"], str]


class PinChecker(Protocol):
    def check(self, pin: str) -> PinCheck: ...


@dataclass(frozen=True)
class AgentIdentity:
    """Who raises the alarm, and where: what the supervisor needs to find the desk."""

    agent_id: str
    seat: str
    workstation: str
    user: str

    @classmethod
    def from_settings(cls, relay: Any) -> AgentIdentity:
        try:
            user = getpass.getuser()
        except (KeyError, OSError):
            user = ""
        return cls(str(relay.agent_id), str(relay.seat), platform.node(), user)


def iso_utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def alert_payload(trigger: str, identity: AgentIdentity, raised_at: dt.datetime,
                  test: bool = False) -> dict[str, Any]:
    """The payload of a ``panic.alert`` / ``panic.test`` / ``panic.duress`` event."""
    payload: dict[str, Any] = {
        "trigger": str(trigger),
        "agent": identity.agent_id,
        "seat": identity.seat,
        "workstation": identity.workstation,
        "user": identity.user,
        "time": iso_utc(raised_at),
    }
    if test:
        payload["test"] = True
    return payload


@dataclass(frozen=True)
class RaisedAlert:
    """An alarm this app sent (kept in memory only, for "I'm safe" and the incident note)."""

    event_id: str
    kind: EventKind
    trigger: str
    raised_at: dt.datetime

    @property
    def test(self) -> bool:
        return self.kind is EventKind.PANIC_TEST


class PanicService:
    """Raise, test, stand down and annotate alarms. Safe to call from any thread."""

    def __init__(self, send: SendFn, audit: AuditLog, identity: Callable[[], AgentIdentity],
                 pins: PinChecker, clock: Clock | None = None,
                 redact: Callable[[str], str] | None = None) -> None:
        self._send = send
        self._audit = audit
        self._identity = identity
        self._pins = pins
        self._clock = clock or SystemClock()
        self._redact = redact or _mask_text
        self._lock = threading.Lock()
        self._raised: list[RaisedAlert] = []  # oldest first
        self._open: list[str] = []  # event ids of real alarms not stood down

    def _now(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self._clock.wall(), dt.UTC)

    # -- raising ---------------------------------------------------------------------------
    def raise_alarm(self, trigger: TriggerKind) -> RaisedAlert:
        """Commit a ``panic.alert`` to the outbox (highest priority) and audit the trigger."""
        alert = self._raise(EventKind.PANIC_ALERT, str(trigger), test=False)
        with self._lock:
            self._open.append(alert.event_id)
        self._audit.record(AuditKind.TRIGGERED, trigger=str(trigger))
        return alert

    def send_test(self, trigger: TriggerKind = TriggerKind.TRAY) -> RaisedAlert:
        """A ``panic.test`` end to end: the console shows it marked TEST."""
        alert = self._raise(EventKind.PANIC_TEST, str(trigger), test=True)
        self._audit.record(AuditKind.TEST_SENT, trigger=str(trigger))
        return alert

    def _raise(self, kind: EventKind, trigger: str, test: bool,
               extra: dict[str, Any] | None = None) -> RaisedAlert:
        now = self._now()
        payload = alert_payload(trigger, self._identity(), now, test=test)
        payload.update(extra or {})
        event_id = self._send(str(kind), payload, int(EventPriority.ALERT))
        alert = RaisedAlert(event_id, kind, trigger, now)
        with self._lock:
            self._raised.append(alert)
        logger.info("%s event %s committed", kind.value, event_id)
        return alert

    # -- standing down ---------------------------------------------------------------------
    def stand_down(self, pin: str) -> PinCheck:
        """"I'm safe" with a PIN. CANCEL calls off every open alarm; DURESS sends a duress
        alarm and leaves them open. Both look the same here (and in the local audit log)."""
        result = self._pins.check(pin)
        if result is PinCheck.CANCEL:
            with self._lock:
                cancelled, self._open = self._open, []
            for event_id in cancelled:
                self._send(str(EventKind.PANIC_CANCEL), {"alert_id": event_id}, None)
            self._audit.record(AuditKind.CANCELLED)
        elif result is PinCheck.DURESS:
            with self._lock:
                still_open, self._open = self._open, []
            self._raise(EventKind.PANIC_DURESS, DURESS_TRIGGER, test=False,
                        extra={"alert_id": still_open[-1] if still_open else None,
                               "open_alerts": still_open})
            self._audit.record(AuditKind.CANCELLED)
        elif result is PinCheck.WRONG:
            self._audit.record(AuditKind.PIN_REFUSED)
        return result

    # -- notes -----------------------------------------------------------------------------
    def attach_note(self, text: str, alert_event_id: str) -> str:
        """Send the incident note (customer identifiers masked) for one of our alarms."""
        note = self._redact(text.strip())[:MAX_NOTE_CHARS]
        if not note:
            raise ValueError("the note is empty")
        event_id = self._send(str(EventKind.PANIC_NOTE),
                              {"alert_id": alert_event_id, "note": note}, None)
        self._audit.record(AuditKind.NOTE_SENT, chars=len(note))
        return event_id

    # -- what the supervisors did ----------------------------------------------------------
    def find(self, event_id: str) -> RaisedAlert | None:
        with self._lock:
            return next((a for a in self._raised if a.event_id == event_id), None)

    def acknowledged(self, event_id: str) -> RaisedAlert | None:
        """A supervisor acknowledged ``event_id``; the alert when it is a real alarm of ours."""
        alert = self.find(event_id)
        if alert is None or alert.test:
            return None
        self._audit.record(AuditKind.ACKNOWLEDGED)
        return alert

    def shown(self, event_id: str) -> RaisedAlert | None:
        """A console showed ``event_id``; the alert when it is one of our TEST alarms."""
        alert = self.find(event_id)
        if alert is None or not alert.test:
            return None
        self._audit.record(AuditKind.TEST_CONFIRMED)
        return alert

    # -- state -----------------------------------------------------------------------------
    def open_alerts(self) -> list[RaisedAlert]:
        with self._lock:
            return [a for a in self._raised if a.event_id in self._open]

    def recent_alarms(self) -> list[RaisedAlert]:
        """Real and duress alarms sent since the app started, newest first (for notes)."""
        with self._lock:
            return [a for a in reversed(self._raised) if not a.test]


def _mask_text(text: str) -> str:
    from pii import mask_text

    return mask_text(text)
