"""One-time enrollment of this workstation with the relay; the secret goes to the OS keyring."""

from __future__ import annotations

import ipaddress
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from assistant.alerts.relay_client import error_detail, is_tls_error
from assistant.lazy_import import lazy_import
from protocol.http import API_PREFIX

if TYPE_CHECKING:
    import ssl

    import httpx
else:
    httpx = lazy_import("httpx")  # ~24 MB: loaded when the relay is first called
# keyring scans every installed distribution's entry points when imported (~10 MB):
# it is imported where a secret is first stored or read, not at start-up.

logger = logging.getLogger(__name__)

DEFAULT_KEYRING_SERVICE = "AgentDeskSafetyAssistant"


class EnrollmentError(Exception):
    """Enrollment failed; ``str(exc)`` is a message fit to show the person enrolling."""


@dataclass(frozen=True)
class Enrollment:
    agent_id: str
    relay_url: str
    seat: str
    name: str


def secret_key_name(agent_id: str) -> str:
    return f"relay-secret:{agent_id}"


def is_loopback_host(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    name = host.strip("[]").lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_transport(relay_url: str, insecure: bool = False) -> None:
    """Refuse plain ``http://`` to another machine: the agent's secret would cross in clear.

    Loopback stays allowed (a relay on this computer); ``insecure`` overrides the refusal.
    """
    parts = urlsplit(relay_url.strip())
    if parts.scheme.lower() != "http" or insecure:
        return
    host = parts.hostname or ""
    if is_loopback_host(host):
        return
    raise EnrollmentError(
        f"Refusing to enroll over plain http with {host or relay_url!r}: the agent's secret "
        "would cross the network unencrypted. Use the relay's https:// address, or add "
        "--insecure if this network is trusted."
    )


def enroll(
    relay_url: str,
    code: str,
    workstation: str,
    app_version: str,
    keyring_service: str = DEFAULT_KEYRING_SERVICE,
    timeout: float = 15.0,
    verify: ssl.SSLContext | str | bool = True,
    insecure: bool = False,
) -> Enrollment:
    """Redeem ``code`` at the relay and keep the returned secret in the OS keyring.

    Plain ``http://`` to a host other than this one is refused unless ``insecure``.
    """
    check_transport(relay_url, insecure)
    base = relay_url.rstrip("/")
    payload = {"code": code.strip(), "workstation": workstation, "app_version": app_version}
    try:
        response = httpx.post(base + API_PREFIX + "/enroll", json=payload, timeout=timeout,
                              verify=verify)
    except httpx.TransportError as exc:
        if is_tls_error(exc):
            raise EnrollmentError(
                f"The relay's TLS certificate could not be verified ({base}). "
                "Check the relay address or install its CA certificate."
            ) from exc
        raise EnrollmentError(f"Cannot reach the relay at {base}: {exc}") from exc
    except httpx.InvalidURL as exc:
        raise EnrollmentError(f"Invalid relay address {relay_url!r}: {exc}") from exc
    if response.status_code == 401:
        raise EnrollmentError(f"The enrollment code was not accepted: {error_detail(response)}")
    if response.status_code == 410:
        raise EnrollmentError(f"The enrollment code can no longer be used: "
                              f"{error_detail(response)}")
    if response.status_code >= 400:
        raise EnrollmentError(
            f"The relay refused enrollment ({response.status_code}): {error_detail(response)}"
        )
    try:
        data = response.json()
        agent_id, secret = str(data["agent_id"]), str(data["secret"])
        seat, name = str(data.get("seat", "")), str(data.get("name", ""))
    except (ValueError, KeyError, TypeError) as exc:
        raise EnrollmentError("The relay sent an unexpected enrollment answer.") from exc
    import keyring
    import keyring.errors

    try:
        keyring.set_password(keyring_service, secret_key_name(agent_id), secret)
    except keyring.errors.KeyringError as exc:
        raise EnrollmentError(
            f"Enrolled, but the secret could not be stored in the system keyring: {exc}"
        ) from exc
    logger.info("enrolled as agent %s (seat %s) with relay %s", agent_id, seat, base)
    return Enrollment(agent_id=agent_id, relay_url=base, seat=seat, name=name)


def load_secret(agent_id: str, service: str = DEFAULT_KEYRING_SERVICE) -> str | None:
    """The agent secret kept in the keyring, or None when this agent is not enrolled here."""
    import keyring

    return keyring.get_password(service, secret_key_name(agent_id))


def forget_secret(agent_id: str, service: str = DEFAULT_KEYRING_SERVICE) -> None:
    import keyring
    import keyring.errors

    try:
        keyring.delete_password(service, secret_key_name(agent_id))
    except keyring.errors.PasswordDeleteError:
        pass
