"""AlertChannel against a real relay: outbox first, workers only when enrolled, acks, quitting."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.alert_channel.channel import AlertChannel, ChannelListener, LinkStatus, RelayLink
from assistant.alert_channel.presence_state import AgentStateTracker
from assistant.alerts.outbox import AlertOutbox, OutboxStatus
from relay import store
from tests.relay.support import (
    SUPERVISOR_PASSWORD,
    EnrolledAgent,
    LiveRelay,
    Relay,
    add_supervisor,
    enroll_directly,
    free_port,
)

WAIT_S = 20.0


class Recorder:
    """Collects what the channel reports and lets a test wait for it."""

    def __init__(self) -> None:
        self.links: list[tuple[LinkStatus, int | None]] = []
        self.delivered: list[str] = []
        self.acknowledged: list[str] = []
        self.shown: list[str] = []
        self._cond = threading.Condition()

    def listener(self) -> ChannelListener:
        def add(target: list, value: object) -> None:  # type: ignore[type-arg]
            with self._cond:
                target.extend(value if isinstance(value, list) else [value])
                self._cond.notify_all()

        return ChannelListener(
            on_link=lambda status, online: add(self.links, (status, online)),
            on_delivered=lambda ids: add(self.delivered, ids),
            on_acknowledged=lambda event_id: add(self.acknowledged, event_id),
            on_shown=lambda event_id: add(self.shown, event_id),
        )

    def wait(self, predicate, what: str) -> None:  # type: ignore[no-untyped-def]
        with self._cond:
            if not self._cond.wait_for(predicate, WAIT_S):
                raise AssertionError(f"the channel never reported {what}")


class TickCounter:
    """A state provider that counts heartbeats: the presence thread asks it once per tick."""

    def __init__(self) -> None:
        self.ticks = 0
        self._cond = threading.Condition()

    def __call__(self) -> str:
        with self._cond:
            self.ticks += 1
            self._cond.notify_all()
        return "active"

    def wait_more(self, count: int = 2) -> None:
        """Wait until ``count`` more ticks started (so the one before the last has finished)."""
        with self._cond:
            target = self.ticks + count
            if not self._cond.wait_for(lambda: self.ticks >= target, WAIT_S):
                raise AssertionError("no heartbeats")


@pytest.fixture
def agent(relay: Relay) -> EnrolledAgent:
    return enroll_directly(relay.db, relay.service.box, "C-01", "李四")


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def channel(tmp_path: Path, agent: EnrolledAgent, recorder: Recorder) -> Iterator[AlertChannel]:
    tracker = AgentStateTracker()
    keys = {agent.id: agent.secret}
    outbox = AlertOutbox(tmp_path / "outbox.sqlite3")
    made = AlertChannel(outbox, "9.9", lambda: tracker.current().value, recorder.listener(),
                        secret_loader=keys.get)
    made.tracker = tracker  # type: ignore[attr-defined]
    yield made
    made.shutdown(0.5)
    outbox.close()


def link_for(live: LiveRelay, agent: EnrolledAgent, heartbeat_s: float = 30) -> RelayLink:
    return RelayLink(live.url, agent.id, agent.seat, heartbeat_s)


def stored_kinds(relay: Relay) -> list[str]:
    from sqlalchemy import select

    from relay.models import Event

    return list(relay.db.call(lambda s: s.scalars(select(Event.kind).order_by(Event.received_at)).all()))


def supervisor_token(live: LiveRelay, relay: Relay, name: str = "lead") -> str:
    add_supervisor(relay.db, name)
    response = httpx.post(live.url + "/api/v1/auth/login",
                          json={"name": name, "password": SUPERVISOR_PASSWORD})
    return str(response.json()["token"])


def test_an_event_sent_before_enrollment_waits_and_is_delivered_once_enrolled(
        channel: AlertChannel, recorder: Recorder, relay: Relay, live: LiveRelay,
        agent: EnrolledAgent) -> None:
    assert channel.configure(RelayLink()) is LinkStatus.NOT_SET_UP
    event_id = channel.send("lock.failed", {"reasons": {"none": "no locker"}})
    assert channel.outbox.status_of(event_id) is OutboxStatus.PENDING
    assert not channel.enrolled() and channel.supervisors_online() is None

    channel.configure(link_for(live, agent))
    recorder.wait(lambda: event_id in recorder.delivered, "the delivery")
    assert channel.enrolled()
    assert stored_kinds(relay) == ["lock.failed"]
    alerts = relay.db.call(lambda s: store.list_alerts(s))
    assert [a["kind"] for a in alerts] == ["lock.failed"] and alerts[0]["seat"] == "C-01"


def test_a_relay_address_without_a_key_in_the_keyring_is_not_enrolled(
        tmp_path: Path, live: LiveRelay, agent: EnrolledAgent) -> None:
    outbox = AlertOutbox(tmp_path / "o.sqlite3")
    channel = AlertChannel(outbox, "1", lambda: "active", secret_loader=lambda _id: None)
    assert channel.configure(link_for(live, agent)) is LinkStatus.KEY_MISSING
    assert not channel.enrolled()
    assert "no key" in channel.status_detail
    assert channel.probe(link_for(live, agent))[0] is LinkStatus.KEY_MISSING
    outbox.close()


def test_heartbeat_reports_state_and_supervisors_on_duty(
        channel: AlertChannel, recorder: Recorder, relay: Relay, live: LiveRelay,
        agent: EnrolledAgent) -> None:
    channel.tracker.set_hint("on_call")  # type: ignore[attr-defined]
    channel.configure(link_for(live, agent))
    recorder.wait(lambda: (LinkStatus.CONNECTED, 0) in recorder.links, "a connection")
    assert channel.supervisors_online() == 0
    agents = relay.db.call(lambda s: store.list_agents(s, relay.service.clock(), 90))
    assert agents[0]["state"] == "on_call" and agents[0]["app_version"] == "9.9"

    import websockets.sync.client as ws_client

    token = supervisor_token(live, relay)
    with ws_client.connect(f"ws://127.0.0.1:{live.port}/api/v1/stream?token={token}") as ws:
        ws.recv(timeout=5)
        channel.poke()
        recorder.wait(lambda: (LinkStatus.CONNECTED, 1) in recorder.links, "one supervisor")
    assert channel.supervisors_online() == 1


def test_acknowledgement_and_shown_marks_of_our_alert_come_back(
        channel: AlertChannel, recorder: Recorder, relay: Relay, live: LiveRelay,
        agent: EnrolledAgent) -> None:
    channel.configure(link_for(live, agent))
    event_id = channel.send("panic.alert", {"trigger": "hotkey"})
    recorder.wait(lambda: event_id in recorder.delivered, "the delivery")
    token = supervisor_token(live, relay)
    auth = {"Authorization": f"Bearer {token}"}
    alert = httpx.get(live.url + "/api/v1/alerts", headers=auth).json()[0]
    assert alert["event_id"] == event_id

    httpx.post(live.url + f"/api/v1/alerts/{alert['id']}/shown", headers=auth)
    channel.poke()
    recorder.wait(lambda: event_id in recorder.shown, "the shown mark")
    assert recorder.acknowledged == []

    httpx.post(live.url + f"/api/v1/alerts/{alert['id']}/ack", headers=auth)
    channel.poke()
    recorder.wait(lambda: event_id in recorder.acknowledged, "the acknowledgement")
    assert recorder.acknowledged == [event_id] and recorder.shown == [event_id]


def test_old_acknowledgements_are_not_reported_again_after_a_restart(
        tmp_path: Path, relay: Relay, live: LiveRelay, agent: EnrolledAgent) -> None:
    first, second = Recorder(), Recorder()
    keys = {agent.id: agent.secret}
    outbox = AlertOutbox(tmp_path / "outbox.sqlite3")
    before = AlertChannel(outbox, "1", lambda: "active", first.listener(), secret_loader=keys.get)
    before.configure(link_for(live, agent))
    event_id = before.send("panic.test", {"trigger": "test"})
    first.wait(lambda: event_id in first.delivered, "the delivery")
    token = supervisor_token(live, relay)
    auth = {"Authorization": f"Bearer {token}"}
    alert_id = httpx.get(live.url + "/api/v1/alerts", headers=auth).json()[0]["id"]
    httpx.post(live.url + f"/api/v1/alerts/{alert_id}/ack", headers=auth)
    before.poke()
    first.wait(lambda: event_id in first.acknowledged, "the acknowledgement")
    before.shutdown(1.0)

    ticks = TickCounter()
    after = AlertChannel(outbox, "1", ticks, second.listener(), secret_loader=keys.get)
    after.configure(link_for(live, agent))
    second.wait(lambda: any(s is LinkStatus.CONNECTED for s, _ in second.links), "a connection")
    for _ in range(2):
        after.poke()
        ticks.wait_more(1)
    after.poke()
    ticks.wait_more(1)  # at least two complete polls of /agent/updates by now
    after.shutdown(1.0)
    assert second.acknowledged == [] and second.shown == []
    outbox.close()


def test_quitting_tells_the_relay_the_agent_stopped(
        channel: AlertChannel, recorder: Recorder, relay: Relay, live: LiveRelay,
        agent: EnrolledAgent) -> None:
    channel.configure(link_for(live, agent))
    recorder.wait(lambda: any(s is LinkStatus.CONNECTED for s, _ in recorder.links), "a connection")
    assert channel.shutdown() is True
    agents = relay.db.call(lambda s: store.list_agents(s, relay.service.clock(), 90))
    assert agents[0]["status"] == "stopped"
    assert not channel.enrolled()


def test_quitting_with_the_relay_down_parks_the_notice_instead_of_sending_it_later(
        tmp_path: Path, agent: EnrolledAgent) -> None:
    outbox = AlertOutbox(tmp_path / "outbox.sqlite3")
    channel = AlertChannel(outbox, "1", lambda: "active", secret_loader={agent.id: agent.secret}.get)
    nowhere = RelayLink(f"http://127.0.0.1:{free_port()}", agent.id, agent.seat)
    channel.configure(nowhere)
    kept = channel.send("selfcheck.completed", {"passed": 5, "failed": 0})
    assert channel.shutdown(0.6) is False
    assert outbox.status_of(kept) is OutboxStatus.PENDING  # real events keep waiting
    assert outbox.count(OutboxStatus.REJECTED) == 1  # the stale "stopping" notice does not
    outbox.close()


def test_probe_is_one_signed_heartbeat(channel: AlertChannel, live: LiveRelay,
                                        agent: EnrolledAgent) -> None:
    status, detail = channel.probe(link_for(live, agent))
    assert status is LinkStatus.CONNECTED and "0 supervisor(s)" in detail
    status, detail = channel.probe(RelayLink(f"http://127.0.0.1:{free_port()}", agent.id))
    assert status is LinkStatus.UNREACHABLE
    assert channel.probe(RelayLink())[0] is LinkStatus.NOT_SET_UP


@pytest.mark.parametrize("relay_ahead_s", [600, -600])
def test_probe_corrects_a_skewed_clock_and_reports_the_offset(
    tmp_path: Path, relay: Relay, live: LiveRelay, agent: EnrolledAgent, relay_ahead_s: int
) -> None:
    from datetime import timedelta

    from assistant.alerts.relay_client import RelayClient
    from assistant.alerts.relay_clock import RelayClock
    from relay.db import utcnow

    relay.service.clock = lambda: utcnow() + timedelta(seconds=relay_ahead_s)
    relay_clock = RelayClock()
    outbox = AlertOutbox(tmp_path / "skew-outbox.sqlite3")
    channel = AlertChannel(
        outbox, "9.9", lambda: "active", secret_loader={agent.id: agent.secret}.get,
        client_factory=lambda link, secret: RelayClient(link.url, link.agent_id, secret,
                                                        relay_clock=relay_clock),
        relay_clock=relay_clock)
    try:
        assert channel.clock_report() is None  # not compared yet
        status, detail = channel.probe(link_for(live, agent))
        assert status is LinkStatus.CONNECTED, detail
        report = channel.clock_report()
        assert report is not None
        in_window, text = report
        side = "behind" if relay_ahead_s > 0 else "ahead of"
        assert not in_window
        assert text.startswith(f"workstation clock 600 s {side} the relay")
        view = relay.db.call(lambda s: store.agent_view_by_id(s, agent.id, utcnow(), 90))
        assert view is not None and abs(view["clock_offset_s"] + relay_ahead_s) <= 2
    finally:
        channel.shutdown(0.5)
        outbox.close()


def test_clock_in_step_is_reported_so(tmp_path: Path, relay: Relay, live: LiveRelay,
                                      agent: EnrolledAgent) -> None:
    from assistant.alerts.relay_client import RelayClient
    from assistant.alerts.relay_clock import RelayClock
    from relay.db import utcnow

    assert relay.db.call(
        lambda s: store.agent_view_by_id(s, agent.id, utcnow(), 90))["clock_offset_s"] is None
    relay_clock = RelayClock()
    outbox = AlertOutbox(tmp_path / "step-outbox.sqlite3")
    channel = AlertChannel(
        outbox, "9.9", lambda: "active", secret_loader={agent.id: agent.secret}.get,
        client_factory=lambda link, secret: RelayClient(link.url, link.agent_id, secret,
                                                        relay_clock=relay_clock),
        relay_clock=relay_clock)
    try:
        assert channel.probe(link_for(live, agent))[0] is LinkStatus.CONNECTED
        assert channel.clock_report() == (True, "workstation clock in step with the relay")
        view = relay.db.call(lambda s: store.agent_view_by_id(s, agent.id, utcnow(), 90))
        assert abs(view["clock_offset_s"]) <= 2  # type: ignore[index]
    finally:
        channel.shutdown(0.5)
        outbox.close()
