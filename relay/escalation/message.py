"""The bilingual (中文 + English) text of an escalated alert."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from protocol.kinds import EventKind

KIND_LABELS: dict[str, str] = {
    EventKind.PANIC_ALERT: "紧急求助 Panic alarm",
    EventKind.PANIC_DURESS: "胁迫报警 Duress alarm",
    EventKind.PANIC_TEST: "测试报警 Test alarm",
    EventKind.LOCK_FAILED: "锁屏失败 Screen lock failed",
}

REASON_LABELS: dict[str, str] = {
    "duress": "胁迫报警，立即上报 Duress: escalated at once",
    "no_console": "无主管在线 No supervisor console online",
    "unacknowledged": "无人确认 Not acknowledged in time",
    "immediate": "立即上报 Escalated at once",
}


@dataclass(frozen=True)
class EscalationMessage:
    title: str
    text: str
    alert: dict[str, Any]
    reason: str

    @property
    def is_test(self) -> bool:
        return bool(self.alert.get("test"))


def build_message(alert: dict[str, Any], reason: str) -> EscalationMessage:
    test = bool(alert.get("test"))
    prefix = "[TEST 测试] " if test else ""
    title = f"{prefix}坐席安全告警 Agent safety alert: {alert.get('seat', '')}"
    kind = str(alert.get("kind", ""))
    trigger = KIND_LABELS.get(kind, kind)
    if alert.get("trigger"):
        trigger += f" ({alert['trigger']})"
    lines = [
        f"{prefix}【坐席安全告警 Agent safety alert】",
        f"座席 Seat: {alert.get('seat', '')}",
        f"坐席 Agent: {alert.get('agent_name', '') or '-'}",
        f"工作站 Workstation: {alert.get('workstation', '') or '-'}",
        f"时间 Time (UTC): {alert.get('raised_at', '')}",
        f"触发 Trigger: {trigger}",
        f"原因 Reason: {REASON_LABELS.get(reason, reason)}",
        f"告警编号 Alert ID: {alert.get('id', '')}",
    ]
    if test:
        lines.append("这是测试，无需出警 This is a TEST, no response needed.")
    return EscalationMessage(title=title, text="\n".join(lines), alert=alert, reason=reason)
