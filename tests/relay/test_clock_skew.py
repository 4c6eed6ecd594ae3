"""An agent whose clock is 10 minutes off still gets its panic through, on the first retry.

The relay runs as a real process under libfaketime (``faketime``), so its clock is shifted
and the agent's code is not touched: the agent learns the relay's time from the clock-skew
refusal and signs with it.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.alerts.outbox import AlertOutbox
from assistant.alerts.relay_client import RelayClient
from assistant.alerts.relay_clock import RelayClock
from assistant.alerts.sender import OutboxSender
from relay import store
from relay.db import Database, make_engine
from tests.relay.postgres_cluster import DATABASES, on_both_databases
from tests.relay.support import (
    ROOT,
    RelayFiles,
    RelayProcess,
    enroll_directly,
    free_port,
    wait_until,
)

logger = logging.getLogger(__name__)

needs_faketime = pytest.mark.skipif(shutil.which("faketime") is None,
                                    reason="faketime (libfaketime) is not installed")


@pytest.fixture(params=DATABASES)
def relay_db_url(request: pytest.FixtureRequest) -> str | None:
    """On SQLite and on PostgreSQL; only the relay process runs under faketime, never the
    PostgreSQL server (the fixtures start it with the real clock)."""
    return on_both_databases(request)


def _relay_now(url: str) -> float:
    """The relay process's clock, read from a clock-skew refusal."""
    import httpx

    answer = httpx.post(url + "/api/v1/heartbeat", content=b"{}", headers={
        "X-Agent-Id": "nobody", "X-Timestamp": "1", "X-Nonce": "n", "X-Signature": "x",
        "Content-Type": "application/json"})
    assert answer.status_code == 401
    detail = answer.json()["detail"]
    assert detail["reason"] == "clock_skew"
    return float(detail["server_timestamp"])


@needs_faketime
@pytest.mark.slow
@pytest.mark.parametrize("relay_shift_s", [600, -600])
def test_panic_from_an_agent_with_a_skewed_clock_is_delivered(
    tmp_path: Path, relay_shift_s: int, caplog: pytest.LogCaptureFixture,
    relay_db_url: str | None,
) -> None:
    files = RelayFiles(tmp_path / "relay", relay_db_url)
    files.root.mkdir()
    setup = Database(make_engine(files.db_url))
    agent = enroll_directly(setup, files.box(), "CLK-01")
    setup.close()
    relay = RelayProcess(files, free_port(),
                         prefix=["faketime", "-f", f"{relay_shift_s:+d}s"]).start()
    clock = RelayClock()
    outbox = AlertOutbox(tmp_path / "agent" / "outbox.sqlite3")
    sender = OutboxSender(
        outbox, lambda: RelayClient(relay.url, agent.id, agent.secret, relay_clock=clock))
    try:
        # the relay really runs on a shifted clock
        assert abs(_relay_now(relay.url) - time.time() - relay_shift_s) < 30
        sender.start()
        started = time.monotonic()
        with caplog.at_level(logging.WARNING, "assistant.alerts.relay_client"):
            event_id = outbox.put("panic.alert", {"trigger": "hotkey"})
            sender.wake()
            wait_until(lambda: outbox.pending_count() == 0, 30, "panic not delivered")
        took = time.monotonic() - started
        logger.warning("panic delivered %.3f s after it was queued (relay clock %+d s)",
                       took, relay_shift_s)
        print(f"\nrelay clock {relay_shift_s:+d} s: panic delivered in {took:.3f} s")
        # one refusal taught the offset; the first retry went through
        refusals = [r for r in caplog.records if "refused the request's time" in r.message]
        assert len(refusals) == 1
        assert sender.failures == 0
        offset = clock.offset_s
        assert offset is not None and abs(offset + relay_shift_s) < 5
        # a heartbeat tells the relay how far off this workstation's clock is
        with RelayClient(relay.url, agent.id, agent.secret, relay_clock=clock) as client:
            client.heartbeat("active", "test")
        env = {"SAFETY_RELAY_HOME": str(files.root / "home"), "PATH": "/usr/bin:/bin"}
        command = [sys.executable, "-m", "relay.cli", "--db", files.db_url, "agents"]
        listing = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                                 check=True, env=env).stdout
        side = "behind" if relay_shift_s > 0 else "ahead of"
        warning = re.search(rf"seat CLK-01 \(agent {agent.id}\) is (\d+) s {side} the relay; "
                            "check the workstation clock", listing)
        assert warning is not None, listing
        assert abs(int(warning.group(1)) - 600) <= 2
        rows = subprocess.run([*command, "--json"], cwd=ROOT, capture_output=True, text=True,
                              check=True, env=env).stdout
        (row,) = [json.loads(line) for line in rows.splitlines()]
        assert abs(row["clock_offset_s"] + relay_shift_s) <= 2
    finally:
        sender.stop()
        relay.stop()
    check = Database(make_engine(files.db_url))
    alerts = check.call(lambda s: store.list_alerts(s))
    check.close()
    assert [a["event_id"] for a in alerts] == [event_id]
    outbox.close()
