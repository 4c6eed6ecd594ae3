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


def _definitions() -> list[tuple[str, str, set[str]]]:
    """(file, name, constant values) of every class and function defined in the product."""
    import ast

    found = []
    for package in ("assistant", "ui", "relay", "protocol"):
        for path in sorted((REPO / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef | ast.FunctionDef):
                    values = {str(n.value.value) for n in node.body
                              if isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant)}
                    found.append((str(path.relative_to(REPO)), node.name, values))
    return found


def test_each_protocol_enum_and_the_signing_are_defined_once() -> None:
    from enum import Enum

    from protocol import http, kinds, messages, signing, states

    protocol_enums = [obj for module in (kinds, messages, states) for obj in vars(module).values()
                      if isinstance(obj, type) and issubclass(obj, Enum)
                      and obj.__module__ == module.__name__]
    definitions = _definitions()
    for enum in protocol_enums:
        wire = {str(member.value) for member in enum}  # type: ignore[attr-defined]
        # most of the same values again is a copy (a name alone is not: the lock machine's
        # own EventKind in assistant/autolock/machine.py; nor a few shared words: the
        # console board's ChangeKind)
        again = [(path, name) for path, name, values in definitions
                 if len(values & wire) > len(wire) / 2
                 and path != f"protocol/{enum.__module__.split('.')[1]}.py"]
        assert again == [], f"{enum.__name__} is defined again"
    for function in ("compute_signature", "signature_matches", "sign_headers", "string_to_sign",
                     "decode_secret", "new_secret"):
        assert [p for p, name, _ in definitions if name == function] == ["protocol/signing.py"]
    assert signing.SIGNING_WINDOW_S and http.API_PREFIX
