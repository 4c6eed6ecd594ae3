"""services.alerts in the tray app against a real relay (uvicorn thread, SQLite in tmp)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import keyring
import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from assistant.alerts.enrollment import DEFAULT_KEYRING_SERVICE, secret_key_name
from assistant.supervision.api import SupervisorApi
from assistant.supervision.stream import ConsoleStream
from protocol.version import PROTOCOL_VERSION
from relay import store
from relay.models import Event
from tests.fixtures_relay import MemoryKeyring
from tests.relay.support import (
    SUPERVISOR_PASSWORD,
    EnrolledAgent,
    LiveRelay,
    Relay,
    add_supervisor,
    enroll_directly,
)
from tests.ui.desk import make_desk
from ui.alerts.feature import AlertChannelFeature

WAIT_MS = 20_000


@pytest.fixture
def agent(relay: Relay, memory_keyring: MemoryKeyring) -> EnrolledAgent:
    enrolled = enroll_directly(relay.db, relay.service.box, "T-07", "赵六")
    keyring.set_password(DEFAULT_KEYRING_SERVICE, secret_key_name(enrolled.id), enrolled.secret)
    return enrolled


@pytest.fixture
def make_feature(qapp, make_ctx) -> Iterator:  # type: ignore[no-untyped-def, type-arg]
    made: list[AlertChannelFeature] = []

    def make(settings: str | None = None, policy: str = "") -> AlertChannelFeature:
        host, services = make_desk(make_ctx(policy=policy, settings=settings), qapp)
        feature = AlertChannelFeature(host, services)
        host.add_feature(feature)
        made.append(feature)
        return feature

    yield make
    for feature in made:
        feature.stop()


def enrolled_settings(live: LiveRelay, agent: EnrolledAgent) -> str:
    return (f'[relay]\nurl = "{live.url}"\nagent_id = "{agent.id}"\nseat = "{agent.seat}"\n'
            "heartbeat_s = 30\n")


def agent_row(relay: Relay) -> dict:  # type: ignore[type-arg]
    return relay.db.call(lambda s: store.list_agents(s, relay.service.clock(), 90))[0]


def test_not_enrolled_events_wait_and_the_tooltip_says_so(make_feature: Callable[..., AlertChannelFeature]) -> None:  # type: ignore[no-untyped-def]
    feature = make_feature()
    assert feature.alerts is feature.services.alerts
    feature.start()
    assert not feature.alerts.enrolled() and feature.alerts.supervisors_online() is None
    feature.alerts.send("lock.failed", {"reasons": {"none": "no locker"}})
    feature.host.refresh()
    tooltip = feature.host.tray.toolTip()
    assert "Connection: not set up" in tooltip
    assert "Messages kept on this computer until connected: 1" in tooltip
    [check] = feature.self_test()
    assert check.name == "relay" and not check.ok and not check.essential
    assert "enroll" in check.detail


def test_a_relay_address_without_the_key_needs_attention(make_feature: Callable[..., AlertChannelFeature], live: LiveRelay,  # type: ignore[no-untyped-def]
                                                         memory_keyring: MemoryKeyring) -> None:
    feature = make_feature(f'[relay]\nurl = "{live.url}"\nagent_id = "nobody"\n')
    feature.start()
    assert not feature.alerts.enrolled() and feature.needs_attention()
    assert "not registered" in "\n".join(feature.status_lines())


def test_events_reach_the_relay_and_supervisors_on_duty_show_in_the_tooltip(
        qtbot: QtBot, make_feature: Callable[..., AlertChannelFeature], relay: Relay, live: LiveRelay,  # type: ignore[no-untyped-def]
        agent: EnrolledAgent) -> None:
    feature = make_feature(enrolled_settings(live, agent))
    with qtbot.waitSignal(feature.alerts.supervisors_changed, timeout=WAIT_MS,
                          check_params_cb=lambda n: n == 0):
        feature.start()
    assert feature.alerts.enrolled()
    feature.host.refresh()
    assert "Connection: no supervisor online" in feature.host.tray.toolTip()

    with qtbot.waitSignal(feature.alerts.delivered, timeout=WAIT_MS) as delivered:
        event_id = feature.alerts.send("selfcheck.completed", {"passed": 6, "failed": 1,
                                                        "failed_items": ["usb"]})
    assert delivered.args == [event_id]
    assert agent_row(relay)["selfcheck"]["failed_items"] == ["usb"]

    add_supervisor(relay.db, "wang")
    api = SupervisorApi(live.url)
    api.login("wang", SUPERVISOR_PASSWORD)
    snapshot = threading.Event()  # the relay counts the console once it has sent the snapshot
    console = ConsoleStream(api.stream_url,
                            lambda m: snapshot.set() if m.get("type") == "snapshot" else None,
                            lambda _s: None)
    console.start()
    try:
        assert snapshot.wait(WAIT_MS / 1000), "the console never got its snapshot"
        with qtbot.waitSignal(feature.alerts.supervisors_changed, timeout=WAIT_MS,
                              check_params_cb=lambda n: n == 1):
            feature.alerts.set_state_hint("on_call")  # a state change sends a heartbeat at once
        assert feature.alerts.supervisors_online() == 1
        feature.host.refresh()
        tooltip = feature.host.tray.toolTip()
        assert "Connection: supervisor online (1)" in tooltip
        assert not any(word in tooltip.lower() for word in ("panic", "alarm", "emergency"))
        assert agent_row(relay)["state"] == "on_call"
    finally:
        console.stop()
        api.close()


def test_lock_failures_in_the_audit_log_are_forwarded(
        qtbot: QtBot, make_feature: Callable[..., AlertChannelFeature], relay: Relay, live: LiveRelay,  # type: ignore[no-untyped-def]
        agent: EnrolledAgent) -> None:
    feature = make_feature(enrolled_settings(live, agent))
    feature.start()
    with qtbot.waitSignal(feature.alerts.delivered, timeout=WAIT_MS):
        feature.host.ctx.audit.record("lock.failed", reasons={"loginctl": "no session"},
                                      fallback="privacy_curtain")
        feature.host.ctx.audit.record("lock.locked", backend="loginctl")  # stays local
    alerts = relay.db.call(lambda s: store.list_alerts(s))
    assert [(a["kind"], a["seat"]) for a in alerts] == [("lock.failed", "T-07")]
    kinds = relay.db.call(lambda s: list(s.scalars(select(Event.kind)).all()))
    assert kinds == ["lock.failed"]


def test_acknowledged_and_shown_signals_for_our_alert(
        qtbot: QtBot, make_feature: Callable[..., AlertChannelFeature], relay: Relay, live: LiveRelay,  # type: ignore[no-untyped-def]
        agent: EnrolledAgent) -> None:
    feature = make_feature(enrolled_settings(live, agent))
    feature.start()
    with qtbot.waitSignal(feature.alerts.delivered, timeout=WAIT_MS):
        event_id = feature.alerts.send("panic.test", {"trigger": "test"})
    add_supervisor(relay.db, "wang")
    api = SupervisorApi(live.url)
    api.login("wang", SUPERVISOR_PASSWORD)
    [alert] = api.alerts()
    with qtbot.waitSignal(feature.alerts.shown, timeout=WAIT_MS,
                          check_params_cb=lambda eid: eid == event_id):
        api.mark_shown(alert["id"])
        feature.channel.poke()
    with qtbot.waitSignal(feature.alerts.acknowledged, timeout=WAIT_MS,
                          check_params_cb=lambda eid: eid == event_id):
        api.acknowledge(alert["id"])
        feature.channel.poke()
    api.close()


def test_locking_shows_on_the_floor_and_quitting_says_stopped(
        qtbot: QtBot, make_feature: Callable[..., AlertChannelFeature], relay: Relay, live: LiveRelay,  # type: ignore[no-untyped-def]
        agent: EnrolledAgent) -> None:
    feature = make_feature(enrolled_settings(live, agent))
    with qtbot.waitSignal(feature.alerts.supervisors_changed, timeout=WAIT_MS):
        feature.start()
    feature.services.session.locked.emit("loginctl")
    qtbot.waitUntil(lambda: agent_row(relay)["state"] == "locked", timeout=WAIT_MS)
    check, protocol, clock = feature.self_test()
    assert check.ok and "reachable" in check.detail
    assert protocol.name == "relay protocol" and protocol.ok
    assert protocol.detail == f"relay speaks protocol {PROTOCOL_VERSION}, as this app does"
    assert clock.name == "relay clock" and clock.ok
    assert clock.detail == "workstation clock in step with the relay"
    feature.stop()
    assert agent_row(relay)["status"] == "stopped"
    assert not feature.alerts.enrolled()


@pytest.mark.parametrize("relay_version, says", [
    (PROTOCOL_VERSION + 1, "the relay still accepts it, but update this app"),
    (None, "relay does not report a protocol version"),
])
def test_the_self_test_says_when_the_relay_speaks_another_protocol_version(
        monkeypatch: pytest.MonkeyPatch, make_feature: Callable[..., AlertChannelFeature],  # type: ignore[no-untyped-def]
        live: LiveRelay, agent: EnrolledAgent, relay_version: int | None, says: str) -> None:
    from relay.api import agent_routes

    monkeypatch.setattr(agent_routes, "VERSION_KEY",
                        "protocol_version" if relay_version is not None else "not_said")
    monkeypatch.setattr(agent_routes, "PROTOCOL_VERSION", relay_version)
    feature = make_feature(enrolled_settings(live, agent))
    check, protocol, _clock = feature.self_test()
    assert check.ok  # the relay still answers: the link itself works
    assert protocol.name == "relay protocol" and not protocol.ok and not protocol.essential
    assert says in protocol.detail
    if relay_version is not None:
        assert f"relay speaks protocol {relay_version}, this app {PROTOCOL_VERSION}" in protocol.detail


def test_enrolling_while_running_is_picked_up_through_the_command_channel(
        qtbot: QtBot, make_feature: Callable[..., AlertChannelFeature], live: LiveRelay, agent: EnrolledAgent) -> None:  # type: ignore[no-untyped-def]
    from assistant.instance_channel import send_command
    from assistant.settings import UserSettingsFile
    feature = make_feature()
    ctx = feature.host.ctx
    server = feature.services.commands
    assert server.listen()
    feature.start()
    assert not feature.alerts.enrolled()
    UserSettingsFile(ctx.paths.settings_file).update({
        ("relay", "url"): live.url, ("relay", "agent_id"): agent.id, ("relay", "seat"): agent.seat})
    replies: list[dict | None] = []  # type: ignore[type-arg]
    caller = threading.Thread(target=lambda: replies.append(
        send_command(ctx.paths.instance_address, {"cmd": "relay.reload"}, timeout=10)))
    with qtbot.waitSignal(feature.alerts.supervisors_changed, timeout=WAIT_MS):
        caller.start()
        qtbot.waitUntil(lambda: bool(replies), timeout=WAIT_MS)
    caller.join()
    assert replies == [{"ok": True, "enrolled": True}]
    server.close()
