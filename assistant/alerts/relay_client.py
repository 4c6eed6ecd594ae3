"""Signed HTTP calls from an enrolled agent to the relay (httpx, synchronous)."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Self

from assistant.alerts.relay_clock import RELAY_CLOCK, RelayClock
from assistant.lazy_import import lazy_import
from protocol.http import API_PREFIX
from protocol.http import CLOCK_SKEW_REASON as CLOCK_SKEW
from protocol.signing import sign_headers
from protocol.version import PROTOCOL_VERSION, VersionCheck, check_relay

if TYPE_CHECKING:
    import ssl

    import httpx
else:
    httpx = lazy_import("httpx")  # ~24 MB: loaded when the relay is first called

logger = logging.getLogger(__name__)



class RelayError(Exception):
    """Base of the errors a relay call raises."""


class RelayUnreachable(RelayError):
    """No answer: connection refused, DNS, TLS or timeout. Worth retrying later."""


class RelayTLSError(RelayUnreachable):
    """The relay's TLS certificate could not be verified."""


class RelayRejected(RelayError):
    """The relay answered with an error status."""

    def __init__(self, status: int, detail: str, reason: str = "") -> None:
        super().__init__(f"relay answered {status}: {detail}")
        self.status = status
        self.detail = detail
        #: machine-readable reason when the relay gave one (e.g. "clock_skew")
        self.reason = reason

    @property
    def clock_skew(self) -> bool:
        return self.reason == CLOCK_SKEW

    @property
    def transient(self) -> bool:
        """True when the same request may succeed later (server trouble, auth, throttling)."""
        return self.status >= 500 or self.status in (401, 403, 408, 409, 425, 429)

    @property
    def permanent_for_payload(self) -> bool:
        """True when the request body itself is refused (too large, malformed)."""
        return self.status in (400, 413, 415, 422)


@dataclass(frozen=True)
class DeliveryResult:
    stored: list[str]
    duplicate: list[str]


@dataclass(frozen=True)
class HeartbeatResult:
    supervisors_online: int
    server_time: str
    #: the relay's protocol version against ours
    protocol: VersionCheck = field(default_factory=lambda: VersionCheck(PROTOCOL_VERSION, None))


@dataclass(frozen=True)
class AlertMark:
    alert_id: str
    event_id: str
    at: str


@dataclass(frozen=True)
class AgentUpdates:
    supervisors_online: int
    acknowledged: list[AlertMark] = field(default_factory=list)
    shown: list[AlertMark] = field(default_factory=list)


def _detail_object(response: httpx.Response) -> Any:
    try:
        body = response.json()
    except ValueError:
        return None
    return body.get("detail") if isinstance(body, dict) else None


def error_detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200] or response.reason_phrase
    detail = body.get("detail") if isinstance(body, dict) else None
    if isinstance(detail, str):
        return detail
    if isinstance(detail, dict) and isinstance(detail.get("message"), str):
        return str(detail["message"])
    if detail is not None:
        return json.dumps(detail, ensure_ascii=False)[:300]
    return response.reason_phrase


def is_tls_error(exc: BaseException) -> bool:
    import ssl  # ~6 MB: only needed once a relay call has failed

    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return True
        if "CERTIFICATE_VERIFY_FAILED" in str(seen) or "SSL" in type(seen).__name__:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class RelayClient:
    """One agent's signed connection to the relay."""

    def __init__(
        self,
        base_url: str,
        agent_id: str,
        secret: str,
        timeout: float = 10.0,
        verify: ssl.SSLContext | str | bool = True,
        transport: httpx.BaseTransport | None = None,
        relay_clock: RelayClock | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.agent_id = agent_id
        self._secret = secret
        self.relay_clock = RELAY_CLOCK if relay_clock is None else relay_clock
        self._client = httpx.Client(timeout=timeout, verify=verify, transport=transport)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _request(self, method: str, endpoint: str, payload: Any | None = None) -> Any:
        """One signed call; a clock-skew refusal teaches the relay's time and retries once."""
        try:
            return self._request_once(method, endpoint, payload)
        except RelayRejected as exc:
            if not exc.clock_skew:
                raise
            logger.warning("relay refused the request's time (%s); retrying with the relay's "
                           "clock", exc.detail)
            return self._request_once(method, endpoint, payload)

    def _request_once(self, method: str, endpoint: str, payload: Any | None) -> Any:
        url = httpx.URL(self.base_url + API_PREFIX + endpoint)
        if callable(payload):
            payload = payload()
        body = b"" if payload is None else json.dumps(payload, separators=(",", ":")).encode()
        clock = self.relay_clock
        sent_at = clock.wall_time()
        headers = sign_headers(self.agent_id, self._secret, method, url.path, body, now=clock.now())
        if payload is not None:
            headers["Content-Type"] = "application/json"
        try:
            response = self._client.request(method, url, content=body, headers=headers)
        except httpx.TransportError as exc:
            if is_tls_error(exc):
                raise RelayTLSError(f"TLS error talking to {self.base_url}: {exc}") from exc
            raise RelayUnreachable(f"relay {self.base_url} unreachable: {exc}") from exc
        if response.status_code >= 400:
            detail = _detail_object(response)
            reason = ""
            if isinstance(detail, dict) and detail.get("reason") == CLOCK_SKEW:
                reason = CLOCK_SKEW
                clock.skew_refused = True
                clock.learn(detail.get("server_timestamp", detail.get("server_time")),
                            sent_at, clock.wall_time())
            raise RelayRejected(response.status_code, error_detail(response), reason)
        clock.skew_refused = False
        try:
            data = response.json()
        except ValueError as exc:
            raise RelayRejected(response.status_code, "relay answered with invalid JSON") from exc
        if isinstance(data, dict) and "server_time" in data:
            clock.learn(data["server_time"], sent_at, clock.wall_time())
        return data

    def send_events(self, events: Sequence[dict[str, Any]]) -> DeliveryResult:
        """POST a batch (at most 100) of wire-format events."""
        data = self._request("POST", "/events", {"events": list(events)})
        return DeliveryResult(list(data.get("stored", [])), list(data.get("duplicate", [])))

    def heartbeat(self, state: str, version: str) -> HeartbeatResult:
        def payload() -> dict[str, Any]:  # built per attempt: a skew retry has a new offset
            offset = self.relay_clock.offset_s
            body: dict[str, Any] = {"state": str(state), "app_version": version}
            if offset is not None:
                body["clock_offset_s"] = round(offset, 3)
            return body

        data = self._request("POST", "/heartbeat", payload)
        return HeartbeatResult(int(data.get("supervisors_online", 0)), str(data.get("server_time")),
                               check_relay(data))

    def updates(self) -> AgentUpdates:
        data = self._request("GET", "/agent/updates")

        def marks(key: str) -> list[AlertMark]:
            return [
                AlertMark(str(m["alert_id"]), str(m["event_id"]), str(m["at"]))
                for m in data.get(key, [])
            ]

        return AgentUpdates(
            int(data.get("supervisors_online", 0)), marks("acknowledged"), marks("shown")
        )
