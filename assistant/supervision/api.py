"""Supervisor calls to the relay's REST API (httpx, synchronous; run them off the GUI thread)."""

from __future__ import annotations

import logging
import ssl
from typing import Any, Self
from urllib.parse import quote, urlsplit, urlunsplit

import httpx

from assistant.alerts import relay_client
from assistant.alerts.relay_client import RelayRejected, error_detail, is_tls_error
from protocol.http import API_PREFIX

logger = logging.getLogger(__name__)


class ConsoleError(Exception):
    """A relay call failed; ``str(exc)`` is fit to show the supervisor."""


class RelayUnreachable(ConsoleError, relay_client.RelayUnreachable):
    """No answer from the relay (network, DNS, TLS, timeout)."""


class LoginRefused(ConsoleError):
    """Wrong name or password."""


class SessionExpired(ConsoleError):
    """The login token is no longer accepted; log in again."""


class RequestRefused(ConsoleError, RelayRejected):
    """The relay answered with an error status (``status``, ``detail``)."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(status, detail)
        self.args = (f"the relay refused ({status}): {detail}",)


def normalize_relay_url(url: str) -> str:
    """``host:port`` or ``http(s)://host:port/`` → ``http(s)://host:port`` (no trailing slash)."""
    text = url.strip()
    if "://" not in text:
        text = "http://" + text
    return text.rstrip("/")


def stream_url(relay_url: str, token: str) -> str:
    """The console websocket address (ws/wss) for ``relay_url``, carrying ``token``."""
    parts = urlsplit(normalize_relay_url(relay_url))
    scheme = "wss" if parts.scheme == "https" else "ws"
    path = parts.path.rstrip("/") + API_PREFIX + "/stream"
    return urlunsplit((scheme, parts.netloc, path, f"token={quote(token, safe='')}", ""))


class SupervisorApi:
    """One supervisor's session with the relay."""

    def __init__(
        self,
        relay_url: str,
        timeout: float = 10.0,
        verify: ssl.SSLContext | str | bool = True,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.relay_url = normalize_relay_url(relay_url)
        self.token: str | None = None
        self.name: str | None = None
        self._client = httpx.Client(timeout=timeout, verify=verify, transport=transport)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def stream_url(self) -> str:
        if not self.token:
            raise SessionExpired("not logged in")
        return stream_url(self.relay_url, self.token)

    def _call(self, method: str, endpoint: str, body: Any = None, auth: bool = True,
              params: dict[str, Any] | None = None, timeout: float | None = None) -> Any:
        headers = {}
        if auth:
            if not self.token:
                raise SessionExpired("not logged in")
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            response = self._client.request(
                method, self.relay_url + API_PREFIX + endpoint, json=body, headers=headers,
                params=params, timeout=timeout if timeout is not None else httpx.USE_CLIENT_DEFAULT)
        except httpx.TransportError as exc:
            if is_tls_error(exc):
                raise RelayUnreachable(
                    f"the relay's TLS certificate could not be verified ({self.relay_url})"
                ) from exc
            raise RelayUnreachable(f"cannot reach the relay at {self.relay_url}: {exc}") from exc
        except httpx.InvalidURL as exc:
            raise RelayUnreachable(f"invalid relay address {self.relay_url!r}: {exc}") from exc
        if response.status_code == 401:
            if not auth:
                raise LoginRefused(error_detail(response))
            raise SessionExpired(error_detail(response))
        if response.status_code >= 400:
            raise RequestRefused(response.status_code, error_detail(response))
        if response.status_code == 204 or not response.content:
            return None
        try:
            return response.json()
        except ValueError as exc:
            raise RequestRefused(response.status_code, "invalid JSON from the relay") from exc

    # -- session -------------------------------------------------------------------------
    def login(self, name: str, password: str) -> str:
        data = self._call("POST", "/auth/login", {"name": name, "password": password}, auth=False)
        self.token, self.name = str(data["token"]), name
        logger.info("logged in to %s as %s", self.relay_url, name)
        return self.token

    def logout(self, timeout: float = 2.0) -> None:
        if self.token:
            try:
                self._call("POST", "/auth/logout", timeout=timeout)
            except ConsoleError as exc:
                logger.info("logout failed: %s", exc)
        self.token = None

    # -- alerts and agents ---------------------------------------------------------------
    def alerts(self, state: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
        params: dict[str, Any] = {"limit": limit}
        if state:
            params["state"] = state
        return list(self._call("GET", "/alerts", params=params))

    def alert(self, alert_id: str) -> dict[str, Any]:
        return dict(self._call("GET", f"/alerts/{alert_id}"))

    def acknowledge(self, alert_id: str) -> dict[str, Any]:
        return dict(self._call("POST", f"/alerts/{alert_id}/ack"))

    def resolve(self, alert_id: str, note: str) -> dict[str, Any]:
        return dict(self._call("POST", f"/alerts/{alert_id}/resolve", {"note": note}))

    def mark_shown(self, alert_id: str) -> dict[str, Any]:
        return dict(self._call("POST", f"/alerts/{alert_id}/shown"))

    def agents(self) -> list[dict[str, Any]]:
        return list(self._call("GET", "/agents"))
