"""Request and response bodies of the relay API (pydantic)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from protocol.http import MAX_EVENTS_PER_BATCH
from protocol.payloads import EVENT_KINDS, PayloadError, UnknownKind, parse_payload
from protocol.states import AgentState, AlertState
from protocol.version import PROTOCOL_VERSION


def _clean_text(value: str) -> str:
    """Refuse NUL and lone surrogates: they cannot be stored (PostgreSQL) or encoded."""
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode text") from None
    return value


Text = Annotated[str, AfterValidator(_clean_text)]


class StrictModel(BaseModel):
    """A request body: a field this relay does not know is refused (422 naming it)."""

    model_config = ConfigDict(extra="forbid")


def _version_field() -> Any:
    return Field(default=PROTOCOL_VERSION, description="the relay's protocol version")


class ErrorOut(BaseModel):
    detail: str


class ClockSkewDetail(BaseModel):
    reason: str  # "clock_skew"
    server_time: datetime
    server_timestamp: float
    message: str


class SignedErrorOut(BaseModel):
    """A refused signed request: a message, or for clock skew the relay's time as well."""

    detail: str | ClockSkewDetail


class EnrollIn(StrictModel):
    code: Text = Field(min_length=1, max_length=64)
    workstation: Text = Field(default="", max_length=128)
    app_version: Text = Field(default="", max_length=64)


class EnrollOut(BaseModel):
    agent_id: str
    secret: str = Field(description="32 random bytes, base64url; keep it in the OS keyring")
    seat: str
    name: str
    protocol_version: int = _version_field()


class EventIn(StrictModel):
    id: Annotated[str, Field(pattern=r"^[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}$")]
    kind: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z][a-z0-9_.-]*$",
                               json_schema_extra={"enum": sorted(EVENT_KINDS)})]
    time: datetime
    priority: int = Field(ge=0, le=1000)
    payload: dict[str, Any] = Field(default_factory=dict)

    @field_validator("id")
    @classmethod
    def _canonical_uuid(cls, value: str) -> str:
        import uuid

        return str(uuid.UUID(value))

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if value not in EVENT_KINDS:
            raise ValueError(str(UnknownKind(value)))
        return value

    @field_validator("time")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        try:
            if value.tzinfo is None:
                return value.replace(tzinfo=UTC)
            return value.astimezone(UTC)
        except (OverflowError, ValueError):
            raise ValueError("time out of range") from None

    @field_validator("payload")
    @classmethod
    def _json_safe(cls, value: dict[str, Any]) -> dict[str, Any]:
        try:
            json.dumps(value, allow_nan=False)
        except (ValueError, TypeError, RecursionError):
            raise ValueError("payload must be plain JSON (no NaN/Infinity)") from None
        return value

    @model_validator(mode="after")
    def _payload_of_its_kind(self) -> EventIn:
        """The payload matches the model of its kind (``protocol.payloads``)."""
        try:
            parse_payload(self.kind, self.payload)
        except PayloadError as exc:
            raise ValueError(str(exc)) from None
        return self


class EventsIn(StrictModel):
    events: list[EventIn] = Field(min_length=1, max_length=MAX_EVENTS_PER_BATCH)


class EventsOut(BaseModel):
    stored: list[str]
    duplicate: list[str]


class HeartbeatIn(StrictModel):
    state: AgentState
    app_version: Text = Field(default="", max_length=64)
    #: the offset the agent applies to its clock when signing (its clock minus the relay's)
    clock_offset_s: float | None = Field(default=None, ge=-10 * 365 * 86400.0,
                                         le=10 * 365 * 86400.0, allow_inf_nan=False)


class HeartbeatOut(BaseModel):
    supervisors_online: int
    server_time: datetime
    protocol_version: int = _version_field()


class AlertMarkOut(BaseModel):
    alert_id: str
    event_id: str
    at: str | None


class AgentUpdatesOut(BaseModel):
    supervisors_online: int
    acknowledged: list[AlertMarkOut]
    shown: list[AlertMarkOut]


class LoginIn(StrictModel):
    name: Text = Field(min_length=1, max_length=128)
    password: Text = Field(min_length=1, max_length=1024)


class LoginOut(BaseModel):
    token: str
    expires_at: datetime
    protocol_version: int = _version_field()


class HealthOut(BaseModel):
    status: str
    protocol_version: int = _version_field()


class ResolveIn(StrictModel):
    note: Text = Field(default="", max_length=4000)


class SelfCheckOut(BaseModel):
    at: str | None
    passed: int | None
    failed: int | None
    failed_items: list[str]


class AgentOut(BaseModel):
    id: str
    seat: str
    name: str
    workstation: str
    app_version: str
    state: str
    status: str
    online: bool
    last_seen: str | None
    enrolled_at: str | None
    revoked: bool
    selfcheck: SelfCheckOut | None
    #: agent clock minus relay clock (None before its first heartbeat)
    clock_offset_s: float | None = None


class NoteOut(BaseModel):
    author: str
    text: str
    at: str | None


class AlertOut(BaseModel):
    id: str
    event_id: str
    agent_id: str
    seat: str
    agent_name: str
    workstation: str
    kind: str
    test: bool
    trigger: str
    state: AlertState
    raised_at: str | None
    received_at: str | None
    acknowledged_at: str | None
    acknowledged_by: str | None
    resolved_at: str | None
    resolved_by: str | None
    resolution_note: str
    cancelled_at: str | None
    first_shown_at: str | None
    escalated_at: str | None
    #: 1, or for a lock failure how often it failed while this alert was open
    occurrences: int
    last_at: str | None
    notes: list[NoteOut]


class SupervisorsOnlineOut(BaseModel):
    online: int
    names: list[str]


class StatsOut(BaseModel):
    events: int
    alerts: int
    open_alerts: int
    agents: int
