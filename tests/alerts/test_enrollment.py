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
