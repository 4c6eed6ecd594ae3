"""Words the console shows for alert kinds, states, triggers and agent states."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from protocol.states import AgentStatus, AlertState, ChannelKind
from protocol.version import Compatibility, VersionCheck
from protocol.views import AgentRecord, AlertCategory, AlertRecord, ChannelHealth, SelfCheckSummary


def _t(text: str) -> str:
    """Translate a string marked with QT_TRANSLATE_NOOP("SupervisorTexts", ...)."""
    return QCoreApplication.translate("SupervisorTexts", text)


OTHER = QT_TRANSLATE_NOOP("SupervisorTexts", "Other")
UNKNOWN = QT_TRANSLATE_NOOP("SupervisorTexts", "Unknown")


def category_label(category: AlertCategory, kind: str = "") -> str:
    labels = {
        AlertCategory.PANIC: QT_TRANSLATE_NOOP("SupervisorTexts", "Emergency help"),
        AlertCategory.DURESS: QT_TRANSLATE_NOOP("SupervisorTexts", "Duress alarm"),
        AlertCategory.TEST: QT_TRANSLATE_NOOP("SupervisorTexts", "TEST alarm (drill)"),
        AlertCategory.LOCK_FAILED: QT_TRANSLATE_NOOP("SupervisorTexts", "Screen lock failed"),
    }
    return _t(str(labels[category])) if category in labels else (kind or _t(str(OTHER)))


def alert_kind_label(alert: AlertRecord) -> str:
    """The alert's kind; a merged lock failure says how often and when it last happened."""
    label = category_label(alert.category, alert.kind)
    if alert.occurrences > 1:
        text = QCoreApplication.translate("SupervisorTexts", "%1 ×%2, last %3")
        label = (text.replace("%1", label).replace("%2", str(alert.occurrences))
                 .replace("%3", short_time(alert.last_at)))
    return label


def open_alarms_label(count: int) -> str:
    """The alarm window's count: how many alarms nobody has acknowledged yet."""
    if count == 1:
        return QCoreApplication.translate("SupervisorTexts", "1 open alarm")
    return QCoreApplication.translate("SupervisorTexts", "%1 open alarms").replace(
        "%1", str(count))


def waited_label(seconds: float) -> str:
    """How long an alarm has been waiting for acknowledgement, e.g. "waiting 1 min 05 s"."""
    total = max(0, int(seconds))
    minutes, secs = divmod(total, 60)
    if minutes >= 60:
        hours, minutes = divmod(minutes, 60)
        text = QCoreApplication.translate("SupervisorTexts", "waiting %1 h %2 min %3 s")
        return (text.replace("%1", str(hours)).replace("%2", f"{minutes:02d}")
                .replace("%3", f"{secs:02d}"))
    if minutes:
        text = QCoreApplication.translate("SupervisorTexts", "waiting %1 min %2 s")
        return text.replace("%1", str(minutes)).replace("%2", f"{secs:02d}")
    return QCoreApplication.translate("SupervisorTexts", "waiting %1 s").replace("%1", str(secs))


def channel_label(channel: ChannelHealth) -> str:
    """The channel's own name when IT gave one, else its kind ("WeCom", "DingTalk", …)."""
    labels = {
        ChannelKind.WECOM: QT_TRANSLATE_NOOP("SupervisorTexts", "WeCom"),
        ChannelKind.DINGTALK: QT_TRANSLATE_NOOP("SupervisorTexts", "DingTalk"),
        ChannelKind.FEISHU: QT_TRANSLATE_NOOP("SupervisorTexts", "Feishu"),
        ChannelKind.WEBHOOK: QT_TRANSLATE_NOOP("SupervisorTexts", "Webhook"),
        ChannelKind.EMAIL: QT_TRANSLATE_NOOP("SupervisorTexts", "E-mail"),
    }
    if channel.name and channel.name != channel.kind:
        return channel.name
    return _t(str(labels[channel.kind])) if channel.kind in labels else (channel.name or "?")


def channel_failing_label(channel: ChannelHealth) -> str:
    """E.g. "WeCom not reachable since 10:02, 2 escalations waiting"."""
    name = channel_label(channel)
    if channel.failing_since is not None:
        text = QCoreApplication.translate("SupervisorTexts", "%1 not reachable since %2").replace(
            "%1", name).replace("%2", short_time(channel.failing_since))
    else:
        text = QCoreApplication.translate("SupervisorTexts", "%1 not reachable").replace(
            "%1", name)
    if channel.pending == 1:
        text += QCoreApplication.translate("SupervisorTexts", ", 1 escalation waiting")
    elif channel.pending > 1:
        text += QCoreApplication.translate("SupervisorTexts", ", %1 escalations waiting").replace(
            "%1", str(channel.pending))
    return text


def protocol_mismatch_label(check: VersionCheck) -> str:
    """What the console says when the relay speaks another protocol version ("" when not)."""
    compatibility = check.compatibility
    if compatibility is Compatibility.RELAY_NEWER:
        text = QCoreApplication.translate(
            "SupervisorTexts", "The relay speaks protocol %1, this console %2: alerts still "
            "arrive, but ask IT to update this console.")
    elif compatibility is Compatibility.RELAY_OLDER:
        text = QCoreApplication.translate(
            "SupervisorTexts", "The relay speaks protocol %1, this console %2: ask IT to update "
            "the relay; some alerts may not show correctly.")
    elif compatibility is Compatibility.RELAY_UNVERSIONED:
        text = QCoreApplication.translate(
            "SupervisorTexts", "The relay does not say which protocol it speaks (this console: "
            "%2): ask IT to update the relay; some alerts may not show correctly.")
    else:
        return ""
    return text.replace("%1", str(check.relay)).replace("%2", str(check.ours))


def clock_offset_label(offset_s: float) -> str:
    """E.g. "clock off by +600 s" (the agent's clock minus the relay's)."""
    return QCoreApplication.translate("SupervisorTexts", "clock off by %1 s").replace(
        "%1", f"{round(offset_s):+d}")


def alert_state_label(alert: AlertRecord) -> str:
    if alert.state is AlertState.OPEN:
        return QCoreApplication.translate("SupervisorTexts", "Waiting for acknowledgement")
    if alert.state is AlertState.ACKNOWLEDGED:
        return QCoreApplication.translate("SupervisorTexts", "Acknowledged by %1").replace(
            "%1", alert.acknowledged_by or "?")
    if alert.state is AlertState.CANCELLED:
        return QCoreApplication.translate("SupervisorTexts", "Cancelled by the agent")
    if alert.state is AlertState.RESOLVED:
        return QCoreApplication.translate("SupervisorTexts", "Resolved by %1").replace(
            "%1", alert.resolved_by or "?")
    return _t(str(UNKNOWN))


def trigger_label(trigger: str) -> str:
    labels = {
        "hotkey": QT_TRANSLATE_NOOP("SupervisorTexts", "hotkey"),
        "tray": QT_TRANSLATE_NOOP("SupervisorTexts", "tray menu"),
        "tray_menu": QT_TRANSLATE_NOOP("SupervisorTexts", "tray menu"),
        "code_word": QT_TRANSLATE_NOOP("SupervisorTexts", "code word"),
        "pedal": QT_TRANSLATE_NOOP("SupervisorTexts", "foot pedal"),
        "cli": QT_TRANSLATE_NOOP("SupervisorTexts", "command line"),
        "button": QT_TRANSLATE_NOOP("SupervisorTexts", "help button"),
        "test": QT_TRANSLATE_NOOP("SupervisorTexts", "scheduled test"),
        "duress_pin": QT_TRANSLATE_NOOP("SupervisorTexts", "duress PIN (agent under duress)"),
    }
    return _t(str(labels[trigger])) if trigger in labels else (trigger or "—")


def event_kind_label(kind: str) -> str:
    labels = {
        "panic.alert": QT_TRANSLATE_NOOP("SupervisorTexts", "Emergency help"),
        "panic.duress": QT_TRANSLATE_NOOP("SupervisorTexts", "Duress alarm"),
        "panic.test": QT_TRANSLATE_NOOP("SupervisorTexts", "TEST alarm (drill)"),
        "panic.cancel": QT_TRANSLATE_NOOP("SupervisorTexts", "Alarm cancelled by the agent"),
        "panic.note": QT_TRANSLATE_NOOP("SupervisorTexts", "Note from the agent"),
        "lock.failed": QT_TRANSLATE_NOOP("SupervisorTexts", "Screen lock failed"),
        "selfcheck.completed": QT_TRANSLATE_NOOP("SupervisorTexts", "Desk self-check done"),
        "agent.stopping": QT_TRANSLATE_NOOP("SupervisorTexts", "App closed"),
    }
    return _t(str(labels[kind])) if kind in labels else kind


def agent_status_label(status: AgentStatus | None) -> str:
    labels = {
        AgentStatus.ONLINE: QT_TRANSLATE_NOOP("SupervisorTexts", "online"),
        AgentStatus.OFFLINE: QT_TRANSLATE_NOOP("SupervisorTexts", "offline"),
        AgentStatus.STOPPED: QT_TRANSLATE_NOOP("SupervisorTexts", "app closed"),
        AgentStatus.REVOKED: QT_TRANSLATE_NOOP("SupervisorTexts", "revoked"),
        AgentStatus.PENDING_ENROLLMENT: QT_TRANSLATE_NOOP("SupervisorTexts", "not yet registered"),
    }
    return _t(str(labels[status] if status is not None else UNKNOWN))


def agent_state_label(state: str) -> str:
    labels = {
        "active": QT_TRANSLATE_NOOP("SupervisorTexts", "working"),
        "idle": QT_TRANSLATE_NOOP("SupervisorTexts", "idle"),
        "locked": QT_TRANSLATE_NOOP("SupervisorTexts", "screen locked"),
        "on_break": QT_TRANSLATE_NOOP("SupervisorTexts", "on a break"),
        "on_call": QT_TRANSLATE_NOOP("SupervisorTexts", "on a call"),
        "stopped": QT_TRANSLATE_NOOP("SupervisorTexts", "app closed"),
    }
    return _t(str(labels[state])) if state in labels else (state or "—")


def selfcheck_label(check: SelfCheckSummary | None) -> str:
    if check is None:
        return "—"
    passed = "?" if check.passed is None else str(check.passed)
    failed = "?" if check.failed is None else str(check.failed)
    if check.failed_items:
        from ui.selfcheck.texts import item_name_label

        text = QCoreApplication.translate("SupervisorTexts", "%1 passed, %2 failed (%3)")
        items = QCoreApplication.translate("SupervisorTexts", ", ").join(
            item_name_label(name) for name in check.failed_items)
        text = text.replace("%3", items)
    else:
        text = QCoreApplication.translate("SupervisorTexts", "%1 passed, %2 failed")
    text = text.replace("%1", passed).replace("%2", failed)
    if check.at is not None:
        text += " · " + local_time(check.at)
    return text


def feed_details(kind: str, payload: dict[str, Any] | None) -> str:
    """An event's details in words, "Triggered by: hotkey · Workstation: DESK-17", with local
    times and the checklist's item names; identifiers and raw structures are left out."""
    if not payload:
        return ""
    if kind == "selfcheck.completed":
        failed = payload.get("failed_items")
        summary = SelfCheckSummary(passed=_int_or_none(payload.get("passed")),
                                   failed=_int_or_none(payload.get("failed")),
                                   failed_items=tuple(str(n) for n in failed) if isinstance(failed, list) else (),
                                   at=None)
        parts = [selfcheck_label(summary)]
        if payload.get("end_of_shift"):
            parts.append(_t(str(QT_TRANSLATE_NOOP("SupervisorTexts", "end of shift"))))
        return " · ".join(parts)
    captions = {
        "trigger": QT_TRANSLATE_NOOP("SupervisorTexts", "Triggered by"),
        "workstation": QT_TRANSLATE_NOOP("SupervisorTexts", "Workstation"),
        "text": QT_TRANSLATE_NOOP("SupervisorTexts", "Note"),
        "note": QT_TRANSLATE_NOOP("SupervisorTexts", "Note"),
        "reason": QT_TRANSLATE_NOOP("SupervisorTexts", "Reason"),
        "fallback": QT_TRANSLATE_NOOP("SupervisorTexts", "Instead"),
        "time": QT_TRANSLATE_NOOP("SupervisorTexts", "Time"),
        "raised_at": QT_TRANSLATE_NOOP("SupervisorTexts", "Time"),
    }
    skipped = {"alert_id", "event_id", "agent_id", "id", "seat", "agent", "agent_name", "reasons",
               "items", "duress"}
    colon = QCoreApplication.translate("SupervisorTexts", ": ")
    parts = []
    for key, value in payload.items():
        if key in skipped or value in (None, "", [], {}):
            continue
        if key == "trigger":
            text = trigger_label(str(value))
        elif key == "fallback" and value == "privacy_curtain":
            text = _t(str(QT_TRANSLATE_NOOP("SupervisorTexts", "screens covered")))
        elif isinstance(value, str) and _looks_like_time(value):
            text = local_time(datetime.fromisoformat(value))
        elif isinstance(value, (dict, list)):
            continue  # nested data: not for reading in a feed line
        else:
            text = str(value)
        caption = captions.get(key)
        parts.append(f"{_t(str(caption))}{colon}{text}" if caption else f"{key}{colon}{text}")
    return " · ".join(parts)


def _int_or_none(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _looks_like_time(value: str) -> bool:
    if len(value) < 19 or value[4] != "-" or value[10] not in "T ":
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def local_time(value: datetime | None) -> str:
    if value is None:
        return "—"
    return value.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def short_time(value: datetime | None) -> str:
    """Hours and minutes for today, with the date for an earlier day."""
    if value is None:
        return "—"
    local = value.astimezone()
    if local.date() == datetime.now().astimezone().date():
        return local.strftime("%H:%M")
    return local.strftime("%Y-%m-%d %H:%M")


def agent_label(agent: AgentRecord) -> str:
    return f"{agent.seat} {agent.name}".strip()
