"""One typed payload per event kind, and the check that turns wire JSON into one of them.

``parse_payload(kind, data)`` returns the payload model of ``kind`` or raises
:class:`PayloadError` naming every problem: an unknown kind, an unknown field, a missing
field, a value of the wrong type. The models are plain dataclasses (no pydantic) so the agent
can use them without a web framework; :data:`EventPayload` is their union, told apart by
``KIND``.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from typing import Any, ClassVar, Union

from protocol.kinds import EventKind


class PayloadError(ValueError):
    """The payload does not match its kind's model. ``problems``: (where, what) pairs."""

    def __init__(self, kind: str, problems: list[tuple[str, str]]) -> None:
        self.kind = kind
        self.problems = problems
        text = "; ".join(f"{where}: {what}" if where else what for where, what in problems)
        super().__init__(f"{kind} payload: {text}" if kind in EVENT_KINDS else text)


class UnknownKind(PayloadError):
    def __init__(self, kind: str) -> None:
        known = ", ".join(sorted(EVENT_KINDS))
        super().__init__(kind, [("kind", f"unknown event kind {kind!r} (known: {known})")])


# -- the models ------------------------------------------------------------------------
@dataclass(frozen=True)
class AlarmFields:
    """What every alarm says about where it came from (the relay trusts its own records of
    the agent, seat and workstation; these are for the supervisors' eyes)."""

    trigger: str = ""
    agent: str = ""
    seat: str = ""
    workstation: str = ""
    user: str = ""
    time: str = ""  # ISO 8601, the agent's (corrected) clock when the alarm was raised
    test: bool = False


@dataclass(frozen=True)
class PanicAlert(AlarmFields):
    KIND: ClassVar[EventKind] = EventKind.PANIC_ALERT


@dataclass(frozen=True)
class PanicTest(AlarmFields):
    KIND: ClassVar[EventKind] = EventKind.PANIC_TEST


@dataclass(frozen=True)
class PanicDuress(AlarmFields):
    """The duress PIN: looks like "I'm safe" on the agent's screen, is an alarm here."""

    KIND: ClassVar[EventKind] = EventKind.PANIC_DURESS
    alert_id: str | None = None  # the newest alarm still open when the PIN was entered
    open_alerts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PanicCancel:
    KIND: ClassVar[EventKind] = EventKind.PANIC_CANCEL
    alert_id: str  # the event id of the alarm called off (or the relay's alert id)


@dataclass(frozen=True)
class PanicNote:
    KIND: ClassVar[EventKind] = EventKind.PANIC_NOTE
    alert_id: str
    note: str  # already masked by the agent; the relay masks it again


@dataclass(frozen=True)
class LockFailed:
    KIND: ClassVar[EventKind] = EventKind.LOCK_FAILED
    reasons: dict[str, str] = field(default_factory=dict)  # backend → why it did not lock
    reason: str = ""  # why the lock was asked for (idle, manual, selfcheck …)
    fallback: str = ""  # what covered the screens instead ("privacy_curtain")


@dataclass(frozen=True)
class SelfCheckItem:
    name: str
    ok: bool
    detail: str = ""


@dataclass(frozen=True)
class SelfCheckCompleted:
    KIND: ClassVar[EventKind] = EventKind.SELFCHECK_COMPLETED
    items: list[SelfCheckItem] = field(default_factory=list)
    passed: int | None = None
    failed: int | None = None
    failed_items: list[str] = field(default_factory=list)
    end_of_shift: bool = False
    locked: bool = False
    completed: bool = False
    ending: str = ""
    trigger: str = ""


@dataclass(frozen=True)
class AgentStopping:
    KIND: ClassVar[EventKind] = EventKind.AGENT_STOPPING
    reason: str = ""


EventPayload = Union[  # noqa: UP007 - a runtime value: typing.get_args reads it below
    PanicAlert, PanicTest, PanicDuress, PanicCancel, PanicNote, LockFailed, SelfCheckCompleted,
    AgentStopping,
]

#: kind → its payload model, one for every :class:`EventKind`
PAYLOAD_MODELS: dict[str, type[Any]] = {
    str(model.KIND): model for model in typing.get_args(EventPayload)
}
EVENT_KINDS: frozenset[str] = frozenset(PAYLOAD_MODELS)
assert EVENT_KINDS == {str(kind) for kind in EventKind}, "a kind without a payload model"


def parse_payload(kind: str, data: Any) -> EventPayload:
    """The typed payload of an event of ``kind``; :class:`PayloadError` names what is wrong."""
    model = PAYLOAD_MODELS.get(kind)
    if model is None:
        raise UnknownKind(kind)
    problems: list[tuple[str, str]] = []
    value = _convert(data, model, "", problems)
    if problems:
        raise PayloadError(kind, problems)
    return typing.cast(EventPayload, value)


def payload_json(payload: EventPayload) -> dict[str, Any]:
    """The wire form of ``payload`` (what an agent of this version sends)."""
    return dataclasses.asdict(payload)


# -- checking --------------------------------------------------------------------------
_MISSING = object()


def _convert(value: Any, hint: Any, where: str, problems: list[tuple[str, str]]) -> Any:
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _convert_model(value, hint, where, problems)
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        for option in typing.get_args(hint):
            attempt: list[tuple[str, str]] = []
            converted = _convert(value, option, where, attempt)
            if not attempt:
                return converted
        problems.append((where, f"expected {_describe(hint)}, got {_type_name(value)}"))
        return None
    if origin is list:
        if not isinstance(value, list):
            problems.append((where, f"expected a list, got {_type_name(value)}"))
            return None
        (item,) = typing.get_args(hint)
        return [_convert(v, item, f"{where}[{i}]", problems) for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            problems.append((where, f"expected an object, got {_type_name(value)}"))
            return None
        _key, item = typing.get_args(hint)
        return {str(k): _convert(v, item, f"{where}.{k}", problems) for k, v in value.items()}
    if hint is type(None):
        ok = value is None
    elif hint is bool:
        ok = isinstance(value, bool)
    elif hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif hint is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    elif hint is str:
        ok = isinstance(value, str)
    else:  # pragma: no cover - a model uses a type this checker does not know
        raise TypeError(f"unsupported payload field type {hint!r}")
    if not ok:
        problems.append((where, f"expected {_describe(hint)}, got {_type_name(value)}"))
    return value


def _convert_model(value: Any, model: type[Any], where: str,
                   problems: list[tuple[str, str]]) -> Any:
    if not isinstance(value, dict):
        problems.append((where, f"expected an object, got {_type_name(value)}"))
        return None
    hints = _hints(model)
    fields = {f.name: f for f in dataclasses.fields(model)}
    prefix = f"{where}." if where else ""
    for name in value:
        if name not in fields:
            problems.append((f"{prefix}{name}", "unknown field"))
    values: dict[str, Any] = {}
    for name, spec in fields.items():
        raw = value.get(name, _MISSING)
        if raw is _MISSING:
            if spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING:
                problems.append((f"{prefix}{name}", "missing"))
            continue
        values[name] = _convert(raw, hints[name], f"{prefix}{name}", problems)
    missing = [n for n in fields if n not in values and fields[n].default is dataclasses.MISSING
               and fields[n].default_factory is dataclasses.MISSING]
    if missing:
        return None
    return model(**values)


_HINTS: dict[type[Any], dict[str, Any]] = {}


def _hints(model: type[Any]) -> dict[str, Any]:
    hints = _HINTS.get(model)
    if hints is None:
        hints = _HINTS[model] = typing.get_type_hints(model)
    return hints


def _describe(hint: Any) -> str:
    if typing.get_origin(hint) in (Union, types.UnionType):
        return " or ".join(_describe(option) for option in typing.get_args(hint))
    names = {str: "a string", int: "an integer", float: "a number", bool: "true or false",
             type(None): "null"}
    if hint in names:
        return names[hint]
    if typing.get_origin(hint) is list:
        return "a list"
    return "an object"


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    names = {str: "a string", int: "an integer", float: "a number", list: "a list",
             dict: "an object"}
    return names.get(type(value), type(value).__name__)
