"""Enrollment against a real relay: secret into the keyring, clear errors otherwise."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from assistant.alerts.enrollment import (
    DEFAULT_KEYRING_SERVICE,
    EnrollmentError,
    check_transport,
    enroll,
    load_secret,
)
from assistant.alerts.relay_client import RelayClient
from relay import store
from tests.fixtures_relay import MemoryKeyring
from tests.relay.support import LiveRelay, Relay, free_port


def new_code(relay: Relay, seat: str = "E-01") -> tuple[str, str]:
    view, code, _ = relay.db.call(lambda s: store.create_agent(s, seat, "周七"))
    return view["id"], code


def test_enroll_keeps_the_secret_in_the_keyring(memory_keyring: MemoryKeyring, relay: Relay,
                                                live: LiveRelay, tmp_path: Path) -> None:
    agent_id, code = new_code(relay)
    enrollment = enroll(live.url, code, "WS-E01", "1.0.0")
    assert enrollment.agent_id == agent_id
    assert (enrollment.seat, enrollment.name, enrollment.relay_url) == ("E-01", "周七", live.url)
    secret = load_secret(agent_id)
    assert secret and memory_keyring.items == {
        (DEFAULT_KEYRING_SERVICE, f"relay-secret:{agent_id}"): secret}
    with RelayClient(live.url, agent_id, secret) as client:
        assert client.heartbeat("active", "1.0.0").supervisors_online == 0
    agents = relay.db.call(lambda s: store.list_agents(s, relay.service.clock(), 90))
    assert agents[0]["workstation"] == "WS-E01" and agents[0]["online"]


def test_custom_keyring_service(memory_keyring: MemoryKeyring, relay: Relay,
                                live: LiveRelay) -> None:
    agent_id, code = new_code(relay)
    enroll(live.url, code, "WS", "1", keyring_service="TestService")
    assert load_secret(agent_id, service="TestService")
    assert load_secret(agent_id) is None


def test_bad_and_used_codes(memory_keyring: MemoryKeyring, relay: Relay, live: LiveRelay) -> None:
    _, code = new_code(relay)
    with pytest.raises(EnrollmentError, match="not accepted"):
        enroll(live.url, "WRONG-CODE", "WS", "1")
    enroll(live.url, code, "WS", "1")
    with pytest.raises(EnrollmentError, match="can no longer be used: .*already used"):
        enroll(live.url, code, "WS", "1")


def test_unreachable_relay(memory_keyring: MemoryKeyring) -> None:
    with pytest.raises(EnrollmentError, match="Cannot reach the relay"):
        enroll(f"http://127.0.0.1:{free_port()}", "CODE", "WS", "1", timeout=2)
    assert memory_keyring.items == {}


def self_signed(tmp_path: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "relay.test")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def test_untrusted_tls_certificate(memory_keyring: MemoryKeyring, relay: Relay,
                                   tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path)
    _, code = new_code(relay)
    server = LiveRelay(relay, ssl_certfile=str(cert), ssl_keyfile=str(key)).start()
    try:
        with pytest.raises(EnrollmentError, match="TLS certificate could not be verified"):
            enroll(server.url, code, "WS", "1")
    finally:
        server.stop()
    assert memory_keyring.items == {}


def _own_network_address() -> str | None:
    """A non-loopback address of this machine (the route to a documentation address)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("198.51.100.1", 9))  # UDP: nothing is sent
        except OSError:
            return None
        address = str(probe.getsockname()[0])
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def test_plain_http_to_another_machine_is_refused_unless_insecure(
    memory_keyring: MemoryKeyring, relay: Relay
) -> None:
    address = _own_network_address()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address")
    agent_id, code = new_code(relay, "E-09")
    server = LiveRelay(relay, host=address).start()
    try:
        with pytest.raises(EnrollmentError, match=r"plain http .*--insecure"):
            enroll(server.url, code, "WS", "1")
        # refused before anything was sent: the code is still unused, no key was stored
        agents = relay.db.call(lambda s: store.list_agents(s, relay.service.clock(), 90))
        assert agents[0]["status"] == "pending_enrollment"
        assert memory_keyring.items == {}
        enrollment = enroll(server.url, code, "WS", "1", insecure=True)
    finally:
        server.stop()
    assert enrollment.agent_id == agent_id and load_secret(agent_id)


@pytest.mark.parametrize("url", ["http://localhost:8080", "http://127.0.0.1:1",
                                 "http://127.9.9.9", "http://[::1]:8443"])
def test_plain_http_to_this_machine_is_allowed(url: str) -> None:
    check_transport(url)  # no EnrollmentError


@pytest.mark.parametrize("url", ["http://relay.example.com:8443", "http://10.0.0.5",
                                 "HTTP://[fd00::5]:80", "http://127.0.0.1.example.com"])
def test_plain_http_to_other_hosts_is_refused(url: str) -> None:
    with pytest.raises(EnrollmentError, match="--insecure"):
        check_transport(url)
    check_transport(url, insecure=True)
    check_transport(url.replace("http", "https", 1).replace("HTTP", "https", 1))
