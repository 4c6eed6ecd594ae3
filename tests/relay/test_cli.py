"""The safety-relay admin commands, run in-process through main(argv)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from relay import cli, credentials, store
from relay.db import Database, make_engine
from tests.relay.postgres_cluster import DATABASES, on_both_databases


@pytest.fixture(params=DATABASES)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return on_both_databases(request) or f"sqlite:///{tmp_path / 'admin.sqlite3'}"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_add_supervisor_from_stdin_stores_an_argon2_hash(
    db_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret-passw0rd\n"))
    code, out, _ = run(capsys, "--db", db_url, "add-supervisor", "lead", "--password-stdin")
    assert code == 0 and "lead" in out
    db = Database(make_engine(db_url))
    stored = db.call(lambda s: store.supervisor_credentials(s, "lead"))
    db.close()
    assert stored is not None and stored[1].startswith("$argon2id$")
    assert credentials.verify_password(stored[1], "s3cret-passw0rd")
    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret-passw0rd\n"))
    code, _, err = run(capsys, "add-supervisor", "lead", "--password-stdin", "--db", db_url)
    assert code == 1 and "already exists" in err


def test_add_supervisor_prompts_twice(
    db_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter(["first-password", "other-password"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    code, _, err = run(capsys, "--db", db_url, "add-supervisor", "lead")
    assert code == 2 and "do not match" in err
    answers = iter(["first-password", "first-password"])
    code, _, _ = run(capsys, "--db", db_url, "add-supervisor", "lead")
    assert code == 0


def test_add_agent_list_and_revoke(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", db_url, "add-agent", "--seat", "A-09", "--name", "赵六")
    assert code == 0 and "enrollment code" in out
    code_text = out.strip().rsplit(" ", 1)[-1]
    assert len(code_text) == 19
    code, out, _ = run(capsys, "--db", db_url, "agents", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows[0]["seat"] == "A-09" and rows[0]["status"] == "pending_enrollment"
    code, out, _ = run(capsys, "--db", db_url, "agents")
    assert "A-09" in out and "SELF-CHECK" in out
    code, out, _ = run(capsys, "--db", db_url, "revoke-agent", "A-09")
    assert code == 0 and "revoked" in out
    code, out, _ = run(capsys, "--db", db_url, "agents", "--json")
    assert json.loads(out.splitlines()[0])["status"] == "revoked"
    code, _, err = run(capsys, "--db", db_url, "revoke-agent", "Z-99")
    assert code == 1 and "no agent" in err


def test_alerts_listing(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", db_url, "alerts")
    assert code == 0 and "no alerts" in out
    code, out, _ = run(capsys, "--db", db_url, "alerts", "--json")
    assert code == 0 and out == ""


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["bogus"],
        ["add-agent"],
        ["serve", "--port", "notaport"],
        ["alerts", "--limit", "0"],
    ],
)
def test_bad_usage_exits_2(argv: list[str], db_url: str,
                           capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--db", db_url, *argv)
    assert code == 2
    assert err


def test_serve_refuses_half_tls_and_bad_config(tmp_path: Path, db_url: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--db", db_url, "serve", "--tls-cert", "x.pem")
    assert code == 2 and "--tls-key" in err
    bad = tmp_path / "bad.toml"
    bad.write_text('[[escalation.channels]]\ntype = "pager"\n', encoding="utf-8")
    code, _, err = run(capsys, "--db", db_url, "serve", "--config", str(bad))
    assert code == 2 and "type must be one of" in err
