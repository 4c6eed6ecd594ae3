"""Relay configuration from an optional TOML file (``--config``).

Example::

    escalate_after_s = 30          # 0 = escalate at once
    escalate_tests = false         # TEST alarms are not escalated unless true
    key_file = "/var/lib/safety-relay/relay.key"
    refusal_hold_s = 2             # a throttled login/enrollment waits this long for its 429

    [[escalation.channels]]
    type = "dingtalk"
    url = "https://oapi.dingtalk.com/robot/send?access_token=..."
    secret = "SEC..."

    [[escalation.channels]]
    type = "email"
    host = "smtp.example.com"
    port = 587
    starttls = true
    user = "relay"
    password = "..."
    from = "relay@example.com"
    to = ["duty@example.com"]
"""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from protocol.signing import SIGNING_WINDOW_S
from protocol.states import ChannelKind

logger = logging.getLogger(__name__)


class ConfigError(ValueError):
    """The config file is missing, unreadable or invalid; the message says where."""


#: WeCom and DingTalk robots accept 20 messages a minute each.
ROBOT_RATE_PER_MINUTE = 20


@dataclass(frozen=True)
class ChannelConfig:
    type: ChannelKind
    name: str = ""
    url: str = ""
    secret: str = ""
    host: str = ""
    port: int = 25
    starttls: bool = False
    ssl: bool = False
    user: str = ""
    password: str = ""
    sender: str = ""
    to: tuple[str, ...] = ()
    timeout_s: float = 10.0
    #: messages per minute; 0 = unlimited (default 20 for wecom/dingtalk)
    rate_per_minute: int = 0

    @property
    def label(self) -> str:
        return self.name or self.type.value

    def __repr__(self) -> str:  # never print URLs with tokens, secrets or passwords
        return f"ChannelConfig(type={self.type.value!r}, name={self.name!r})"


@dataclass(frozen=True)
class RelayConfig:
    escalate_after_s: float = 30.0
    escalate_tests: bool = False
    channels: tuple[ChannelConfig, ...] = ()
    key_file: Path | None = None
    offline_after_s: float = 90.0
    presence_check_s: float = 5.0
    max_body_bytes: int = 64 * 1024
    clock_skew_s: int = SIGNING_WINDOW_S
    nonce_keep_s: int = 300
    token_ttl_s: int = 12 * 3600
    #: how long a refused (throttled or locked) login or enrollment waits for its 429
    refusal_hold_s: float = 2.0

    @classmethod
    def load(cls, path: str | Path | None) -> RelayConfig:
        if path is None:
            return cls()
        try:
            raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ConfigError(f"config file not found: {path}") from exc
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read config file {path}: {exc}") from exc
        return cls.from_dict(raw, source=str(path))

    @classmethod
    def from_dict(cls, raw: dict[str, Any], source: str = "config") -> RelayConfig:
        try:
            escalate_after = float(raw.get("escalate_after_s", 30))
            if escalate_after < 0:
                raise ConfigError(f"{source}: escalate_after_s must be >= 0")
            escalation = raw.get("escalation", {})
            if not isinstance(escalation, dict):
                raise ConfigError(f"{source}: [escalation] must be a table")
            entries = escalation.get("channels", [])
            if not isinstance(entries, list):
                raise ConfigError(f"{source}: escalation.channels must be an array of tables")
            channels = tuple(
                _channel(entry, f"{source}: escalation.channels[{i}]")
                for i, entry in enumerate(entries)
            )
            key_file = raw.get("key_file")
            return cls(
                escalate_after_s=escalate_after,
                escalate_tests=bool(raw.get("escalate_tests", False)),
                channels=channels,
                key_file=Path(key_file).expanduser() if key_file else None,
                offline_after_s=float(raw.get("offline_after_s", 90)),
                presence_check_s=float(raw.get("presence_check_s", 5)),
                refusal_hold_s=max(0.0, float(raw.get("refusal_hold_s", 2.0))),
            )
        except (TypeError, ValueError) as exc:
            if isinstance(exc, ConfigError):
                raise
            raise ConfigError(f"{source}: {exc}") from exc


def _channel(entry: Any, where: str) -> ChannelConfig:
    if not isinstance(entry, dict):
        raise ConfigError(f"{where} must be a table")
    try:
        kind = ChannelKind(str(entry.get("type", "")).lower())
    except ValueError:
        allowed = ", ".join(t.value for t in ChannelKind)
        raise ConfigError(f"{where}: type must be one of {allowed}") from None
    to = entry.get("to", ())
    if isinstance(to, str):
        to = (to,)
    default_rate = ROBOT_RATE_PER_MINUTE if kind in (ChannelKind.WECOM, ChannelKind.DINGTALK) else 0
    channel = ChannelConfig(
        type=kind,
        name=str(entry.get("name", "")),
        url=str(entry.get("url", "")),
        secret=str(entry.get("secret", "")),
        host=str(entry.get("host", "")),
        port=int(entry.get("port", 465 if entry.get("ssl") else 25)),
        starttls=bool(entry.get("starttls", False)),
        ssl=bool(entry.get("ssl", False)),
        user=str(entry.get("user", "")),
        password=str(entry.get("password", "")),
        sender=str(entry.get("from", entry.get("sender", ""))),
        to=tuple(str(t) for t in to),
        timeout_s=float(entry.get("timeout_s", 10)),
        rate_per_minute=int(entry.get("rate_per_minute", default_rate)),
    )
    if kind is ChannelKind.EMAIL:
        if not channel.host or not channel.to or not channel.sender:
            raise ConfigError(f"{where}: email needs host, from and to")
    elif not channel.url.startswith(("http://", "https://")):
        raise ConfigError(f"{where}: {kind.value} needs an http(s) url")
    return channel
