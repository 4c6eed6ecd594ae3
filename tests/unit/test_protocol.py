"""The protocol package on its own: no framework below it, one model per kind, version talk."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import protocol
from protocol.kinds import EventKind
from protocol.payloads import (
    PAYLOAD_MODELS,
    LockFailed,
    PanicDuress,
    PayloadError,
    SelfCheckCompleted,
    SelfCheckItem,
    parse_payload,
    payload_json,
)
from protocol.version import Compatibility, VersionCheck, check_relay

REPO = Path(__file__).resolve().parents[2]
FORBIDDEN = ("PySide6", "fastapi", "starlette", "sqlalchemy", "pydantic", "uvicorn", "httpx",
             "assistant", "relay", "ui")


def test_the_protocol_imports_no_framework_and_neither_the_agent_nor_the_relay() -> None:
    modules = [m.name for m in pkgutil.walk_packages(protocol.__path__, "protocol.")]
    code = (
        "import sys, importlib\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "print(bad)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=REPO, timeout=60, check=True)
    assert result.stdout.strip() == "[]", result.stdout


def test_every_kind_has_exactly_one_payload_model() -> None:
    assert set(PAYLOAD_MODELS) == {str(kind) for kind in EventKind}
    assert {str(model.KIND) for model in PAYLOAD_MODELS.values()} == set(PAYLOAD_MODELS)


def test_a_payload_reads_into_its_model_and_back() -> None:
    check = parse_payload("selfcheck.completed", {
        "items": [{"name": "usb", "ok": False, "detail": "1 drive"}], "passed": 4, "failed": 1,
        "failed_items": ["usb"], "end_of_shift": True})
    assert check == SelfCheckCompleted(items=[SelfCheckItem("usb", False, "1 drive")], passed=4,
                                       failed=1, failed_items=["usb"], end_of_shift=True)
    assert parse_payload("selfcheck.completed", payload_json(check)) == check
    duress = parse_payload("panic.duress", {"trigger": "duress_pin", "alert_id": None,
                                            "open_alerts": []})
    assert isinstance(duress, PanicDuress) and duress.alert_id is None
    assert parse_payload("lock.failed", {}) == LockFailed()


@pytest.mark.parametrize("kind, payload, says", [
    ("panic.cancel", {}, "alert_id: missing"),
    ("panic.cancel", {"alert_id": 7}, "alert_id: expected a string, got an integer"),
    ("panic.alert", [], "expected an object, got a list"),
    ("lock.failed", {"reasons": {"loginctl": 1}}, "reasons.loginctl: expected a string"),
    ("selfcheck.completed", {"passed": True}, "passed: expected an integer or null"),
    ("agent.stopping", {"reason": "quit", "bye": 1}, "bye: unknown field"),
    ("agent.sleeping", {}, "unknown event kind 'agent.sleeping'"),
])
def test_a_bad_payload_names_what_is_wrong(kind: str, payload: object, says: str) -> None:
    with pytest.raises(PayloadError) as refused:
        parse_payload(kind, payload)
    assert says in str(refused.value)


def test_the_version_check_says_which_side_to_update() -> None:
    assert check_relay({"protocol_version": 3}, ours=3).matches
    newer = check_relay({"protocol_version": 4}, ours=3)
    assert newer.compatibility is Compatibility.RELAY_NEWER
    assert newer.describe() == ("relay speaks protocol 4, this app 3: the relay still accepts "
                                "it, but update this app")
    older = check_relay({"protocol_version": 2}, ours=3)
    assert older.compatibility is Compatibility.RELAY_OLDER
    assert "update the relay" in older.describe()
    for answer in ({}, {"protocol_version": "1"}, {"protocol_version": True}, [], None,
                   {"protocol_version": 0}):
        check = check_relay(answer, ours=3)
        assert check == VersionCheck(3, None)
        assert check.compatibility is Compatibility.RELAY_UNVERSIONED and not check.matches
