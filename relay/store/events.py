"""Events: each stored once per agent, then handed to the handler of its kind.

``ingest_events`` stores the event row (payload masked), tells the consoles, and calls
``HANDLERS[kind]`` with the event's typed payload (``protocol.payloads``): alarms open an
alert, a lock failure opens one or counts on the seat's open one, a cancel or a note changes
the alert it names, a self-check or a quit changes the agent's row.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from protocol.kinds import EventKind
from protocol.messages import MessageType
from protocol.payloads import (
    AgentStopping,
    AlarmFields,
    EventPayload,
    LockFailed,
    PanicCancel,
    PanicNote,
    PayloadError,
    SelfCheckCompleted,
    parse_payload,
)
from protocol.states import ACTIVE_ALERT_STATES, STOPPED_STATE, AlertState
from relay.models import Agent, Alert, AlertNote, Event
from relay.privacy import mask_payload
from relay.store.agents import AgentIdentity, agent_view
from relay.store.alerts import alert_full, alert_view, find_alert_by_ref, open_lock_failure
from relay.store.errors import StoreError
from relay.store.timestamps import iso

MAX_TRIGGER_CHARS = 64
MAX_NOTE_CHARS = 4000
MAX_REF_CHARS = 64


@dataclass
class IngestResult:
    stored: list[str] = field(default_factory=list)
    duplicate: list[str] = field(default_factory=list)
    #: (message type, data) to broadcast to consoles, in order
    messages: list[tuple[MessageType, dict[str, Any]]] = field(default_factory=list)
    #: alerts created by this batch (for escalation)
    new_alerts: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Ingestion:
    """One event on its way in: its stored row, its typed payload and the batch around it."""

    session: Session
    #: who sent it, as the consoles see it (seat, name, workstation)
    sender: Agent | AgentIdentity
    row: Event
    payload: EventPayload
    now: datetime
    result: IngestResult
    #: event ids of this agent named by a stored ``panic.cancel`` (a cancel that came first)
    cancelled_early: set[str] = field(default_factory=set)
    #: set by a handler that changed the agent's row (the consoles hear of it once a batch)
    agent_changed: bool = False

    @property
    def agent(self) -> Agent:
        """The agent's row, loaded for the handlers that change it."""
        agent = self.session.get(Agent, self.sender.id)
        if agent is None:
            raise StoreError(401, "unknown agent")
        return agent

    def alert_by_ref(self, ref: str | None) -> Alert | None:
        return find_alert_by_ref(self.session, self.sender.id, ref) if ref else None

    def tell(self, kind: MessageType, alert: Alert, new: bool = False) -> dict[str, Any]:
        """Tell the consoles of ``alert``; a ``new`` one has no notes or repeats to look up."""
        view = (alert_view(alert, self.sender) if new
                else alert_full(self.session, alert))
        self.result.messages.append((kind, view))
        return view


Handler = Callable[[Ingestion], None]


def _raise_alert(event: Ingestion, trigger: str = "") -> None:
    """A new alert for the event, cancelled at once when its cancel arrived first."""
    row = event.row
    alert = Alert(id=str(uuid.uuid4()), event_id=row.id, agent_id=row.agent_id, kind=row.kind,
                  state=AlertState.OPEN.value, trigger=trigger[:MAX_TRIGGER_CHARS],
                  raised_at=row.time, received_at=event.now)
    if row.id in event.cancelled_early:
        alert.state = AlertState.CANCELLED.value
        alert.cancelled_at = event.now
    event.session.add(alert)  # flushed with the batch's other rows
    view = event.tell(MessageType.ALERT, alert, new=True)
    if alert.state == AlertState.OPEN.value:
        event.result.new_alerts.append(view)


def raise_alarm(event: Ingestion) -> None:
    """``panic.alert``, ``panic.test``, ``panic.duress``."""
    payload = event.payload
    assert isinstance(payload, AlarmFields)
    _raise_alert(event, payload.trigger)


def raise_or_count_lock_failure(event: Ingestion) -> None:
    """A seat's lock failures merge into its one open lock-failure alert (no new alarm)."""
    assert isinstance(event.payload, LockFailed)
    merged_into = open_lock_failure(event.session, event.sender.id)
    if merged_into is None:
        _raise_alert(event)
        return
    event.row.ref_id = merged_into.id  # a repeat: counted on the open alert
    event.session.flush()
    event.tell(MessageType.ALERT_UPDATED, merged_into)


def cancel_alert(event: Ingestion) -> None:
    payload = event.payload
    assert isinstance(payload, PanicCancel)
    cancelled = event.alert_by_ref(event.row.ref_id)
    if cancelled is not None and cancelled.state in ACTIVE_ALERT_STATES:
        cancelled.state = AlertState.CANCELLED.value
        cancelled.cancelled_at = event.now
        event.session.flush()
        event.tell(MessageType.ALERT_UPDATED, cancelled)


def note_alert(event: Ingestion) -> None:
    payload = event.payload
    assert isinstance(payload, PanicNote)
    noted = event.alert_by_ref(event.row.ref_id)
    if noted is not None and payload.note:
        event.session.add(AlertNote(alert_id=noted.id, event_id=event.row.id, author="agent",
                                    text=payload.note[:MAX_NOTE_CHARS], created_at=event.now))
        event.session.flush()
        event.tell(MessageType.ALERT_UPDATED, noted)


def record_selfcheck(event: Ingestion) -> None:
    payload = event.payload
    assert isinstance(payload, SelfCheckCompleted)
    agent = event.agent
    agent.selfcheck_at = event.row.time
    agent.selfcheck_passed = payload.passed
    agent.selfcheck_failed = payload.failed
    agent.selfcheck_failed_items = ",".join(i[:40] for i in payload.failed_items)[:1000]
    event.agent_changed = True


def record_stopping(event: Ingestion) -> None:
    assert isinstance(event.payload, AgentStopping)
    event.agent.stopped = True
    event.agent.state = STOPPED_STATE
    event.agent_changed = True


#: What each kind of event does once stored.
HANDLERS: dict[str, Handler] = {
    EventKind.PANIC_ALERT: raise_alarm,
    EventKind.PANIC_TEST: raise_alarm,
    EventKind.PANIC_DURESS: raise_alarm,
    EventKind.LOCK_FAILED: raise_or_count_lock_failure,
    EventKind.PANIC_CANCEL: cancel_alert,
    EventKind.PANIC_NOTE: note_alert,
    EventKind.SELFCHECK_COMPLETED: record_selfcheck,
    EventKind.AGENT_STOPPING: record_stopping,
}
assert set(HANDLERS) == {str(kind) for kind in EventKind}, "an event kind without a handler"


def _ref_id(payload: EventPayload) -> str | None:
    """The alert an event refers to (``alert_id``: the alarm's event id or the alert id)."""
    value = getattr(payload, "alert_id", None)
    return str(value)[:MAX_REF_CHARS] if value is not None else None


def _typed(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], EventPayload]:
    """(event, masked payload, typed masked payload); 422 for a payload its kind does not
    have, or one where masking turned a number into text (a count that reads as a customer
    identifier: it is not stored)."""
    kind = data["kind"]
    try:
        parse_payload(kind, data["payload"])
    except PayloadError as exc:
        raise StoreError(422, str(exc)) from None
    payload = mask_payload(data["payload"])
    try:
        return data, payload, parse_payload(kind, payload)
    except PayloadError as exc:
        fields = ", ".join(where for where, _what in exc.problems)
        raise StoreError(422, f"{kind} payload: {fields}: a number that reads as a customer "
                              "identifier (not stored)") from None


def ingest_events(
    session: Session,
    sender: str | AgentIdentity,
    events: Sequence[dict[str, Any]],
    now: datetime,
    offline_after_s: float,
) -> IngestResult:
    """Store each event UUID once per agent and apply its effect through ``HANDLERS``;
    another agent's event with the same UUID is a different event. A payload that does not
    match its kind's model is refused (422) before anything is stored."""
    agent_id = sender if isinstance(sender, str) else sender.id
    typed = [_typed(data) for data in events]
    result = IngestResult()
    ids = [e["id"] for e in events]
    wanted = set(ids)
    cancel = EventKind.PANIC_CANCEL.value
    # one query: which of these events are stored already, and which a stored cancel names
    existing: set[str] = set()
    cancelled_early: set[str] = set()
    for stored_id, kind, ref_id in session.execute(
        select(Event.id, Event.kind, Event.ref_id).where(
            Event.agent_id == agent_id,
            or_(Event.id.in_(ids), and_(Event.kind == cancel, Event.ref_id.in_(ids))))
    ):
        if stored_id in wanted:
            existing.add(stored_id)
        if kind == cancel and ref_id is not None:
            cancelled_early.add(ref_id)
    shown: Agent | AgentIdentity | None = (session.get(Agent, agent_id) if isinstance(sender, str)
                                           else sender)
    if shown is None:
        raise StoreError(401, "unknown agent")
    new: list[tuple[Event, dict[str, Any], dict[str, Any], EventPayload]] = []
    for data, payload, model in typed:
        event_id = data["id"]
        if event_id in existing:
            result.duplicate.append(event_id)
            continue
        existing.add(event_id)
        row = Event(id=event_id, agent_id=agent_id, kind=data["kind"], time=data["time"],
                    priority=data["priority"], payload=json.dumps(payload, separators=(",", ":")),
                    ref_id=_ref_id(model), received_at=now)
        new.append((row, data, payload, model))
    # the events first, in one statement (their alerts refer to them), then each handler in
    # order; the rows the handlers add go in with the commit
    session.add_all([row for row, *_rest in new])
    session.flush()
    agent_changed = False
    for row, data, payload, model in new:
        kind = row.kind
        result.stored.append(row.id)
        result.messages.append((MessageType.EVENT, {
            "id": row.id, "agent_id": agent_id, "seat": shown.seat, "kind": kind,
            "time": iso(data["time"]), "priority": data["priority"], "payload": payload,
        }))
        ingestion = Ingestion(session, shown, row, model, now, result, cancelled_early)
        HANDLERS[kind](ingestion)
        if kind == cancel and row.ref_id is not None:
            cancelled_early.add(row.ref_id)
        agent_changed = agent_changed or ingestion.agent_changed
    changed = session.get(Agent, agent_id) if agent_changed else None
    if changed is not None:
        session.flush()
        result.messages.append((MessageType.AGENT_UPDATED, agent_view(changed, now, offline_after_s)))
    return result
