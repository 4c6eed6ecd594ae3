"""Escalation channels: WeCom, DingTalk (加签), Feishu (签名校验), generic webhook, e-mail."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import logging
import smtplib
import ssl
import time
import urllib.parse
from email.message import EmailMessage
from typing import Any

import httpx

from protocol.states import ChannelKind
from relay.config import ChannelConfig
from relay.escalation.message import EscalationMessage
from relay.escalation.ratelimit import ChannelError

logger = logging.getLogger(__name__)


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk 加签: base64(HMAC-SHA256(secret, f"{timestamp}\\n{secret}")), URL-encoded."""
    string_to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), string_to_sign, hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest).decode())


def dingtalk_signed_url(url: str, secret: str, timestamp_ms: int | None = None) -> str:
    timestamp_ms = int(time.time() * 1000) if timestamp_ms is None else timestamp_ms
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}timestamp={timestamp_ms}&sign={dingtalk_sign(secret, timestamp_ms)}"


def feishu_sign(secret: str, timestamp_s: int) -> str:
    """Feishu: the key is f"{timestamp}\\n{secret}", the message is empty; base64."""
    key = f"{timestamp_s}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()


def _redacted(url: str) -> str:
    """Scheme, host and port only: robot URLs carry their token in the path or query."""
    parts = urllib.parse.urlsplit(url)
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname or ''}{port}"


class HttpChannel:
    """Base of the JSON-over-HTTP channels."""

    def __init__(self, config: ChannelConfig, client: httpx.AsyncClient | None = None) -> None:
        self.config = config
        self.label = config.label
        self._client = client or httpx.AsyncClient(timeout=config.timeout_s)

    async def aclose(self) -> None:
        await self._client.aclose()

    def url(self) -> str:
        return self.config.url

    def body(self, message: EscalationMessage) -> dict[str, Any]:
        raise NotImplementedError

    def check(self, response: httpx.Response) -> None:
        if response.status_code >= 300:
            raise ChannelError(f"HTTP {response.status_code} from {_redacted(self.config.url)}")

    async def send(self, message: EscalationMessage) -> None:
        try:
            response = await self._client.post(self.url(), json=self.body(message))
        except httpx.HTTPError as exc:
            raise ChannelError(f"{_redacted(self.config.url)}: {type(exc).__name__}") from exc
        self.check(response)


def _robot_errcode(response: httpx.Response, key: str) -> None:
    try:
        data = response.json()
    except ValueError:
        return
    if isinstance(data, dict) and data.get(key, 0) not in (0, None):
        raise ChannelError(f"robot refused the message: {key}={data.get(key)} "
                           f"{data.get('errmsg', data.get('msg', ''))}")


class WeComChannel(HttpChannel):
    def body(self, message: EscalationMessage) -> dict[str, Any]:
        return {"msgtype": "text", "text": {"content": message.text}}

    def check(self, response: httpx.Response) -> None:
        super().check(response)
        _robot_errcode(response, "errcode")


class DingTalkChannel(HttpChannel):
    def url(self) -> str:
        if not self.config.secret:
            return self.config.url
        return dingtalk_signed_url(self.config.url, self.config.secret)

    def body(self, message: EscalationMessage) -> dict[str, Any]:
        return {"msgtype": "text", "text": {"content": message.text}}

    def check(self, response: httpx.Response) -> None:
        super().check(response)
        _robot_errcode(response, "errcode")


class FeishuChannel(HttpChannel):
    def body(self, message: EscalationMessage) -> dict[str, Any]:
        body: dict[str, Any] = {"msg_type": "text", "content": {"text": message.text}}
        if self.config.secret:
            timestamp = int(time.time())
            body["timestamp"] = str(timestamp)
            body["sign"] = feishu_sign(self.config.secret, timestamp)
        return body

    def check(self, response: httpx.Response) -> None:
        super().check(response)
        _robot_errcode(response, "code")


class WebhookChannel(HttpChannel):
    def body(self, message: EscalationMessage) -> dict[str, Any]:
        return {
            "type": "alert.escalated",
            "reason": message.reason,
            "test": message.is_test,
            "title": message.title,
            "text": message.text,
            "alert": message.alert,
        }


class EmailChannel:
    def __init__(self, config: ChannelConfig) -> None:
        self.config = config
        self.label = config.label

    async def aclose(self) -> None:
        return None

    def build(self, message: EscalationMessage) -> EmailMessage:
        mail = EmailMessage()
        mail["Subject"] = message.title
        mail["From"] = self.config.sender
        mail["To"] = ", ".join(self.config.to)
        mail.set_content(message.text)
        return mail

    def _send_blocking(self, mail: EmailMessage) -> None:
        cfg = self.config
        smtp: smtplib.SMTP
        if cfg.ssl:
            smtp = smtplib.SMTP_SSL(cfg.host, cfg.port, timeout=cfg.timeout_s,
                                    context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout_s)
        with smtp:
            if cfg.starttls and not cfg.ssl:
                smtp.starttls(context=ssl.create_default_context())
            if cfg.user:
                smtp.login(cfg.user, cfg.password)
            smtp.send_message(mail)

    async def send(self, message: EscalationMessage) -> None:
        try:
            await asyncio.to_thread(self._send_blocking, self.build(message))
        except (OSError, smtplib.SMTPException) as exc:
            raise ChannelError(f"SMTP {self.config.host}:{self.config.port}: {exc}") from exc


def make_channel(config: ChannelConfig) -> HttpChannel | EmailChannel:
    if config.type is ChannelKind.EMAIL:
        return EmailChannel(config)
    return {
        ChannelKind.WECOM: WeComChannel,
        ChannelKind.DINGTALK: DingTalkChannel,
        ChannelKind.FEISHU: FeishuChannel,
        ChannelKind.WEBHOOK: WebhookChannel,
    }[config.type](config)
