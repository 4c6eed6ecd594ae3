"""The D-Bus idle sources and lock probe against a real (private) session bus.

A throw-away dbus-daemon runs for the test; a thread on it plays GNOME Mutter's
IdleMonitor and the GNOME ScreenSaver with the real method names and reply types, so the
calls, the no-auto-start flag and the gdbus fallback are exercised as on a GNOME desktop.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections.abc import Iterator

import pytest

from assistant.idle import IdleSourceUnavailable
from assistant.idle.dbus_sources import FreedesktopScreenSaverIdleSource, MutterIdleSource
from assistant.idle.session_bus import SessionBus
from assistant.locking.probes import GnomeScreenSaverProbe

jeepney = pytest.importorskip("jeepney")
pytestmark = [pytest.mark.linux,
              pytest.mark.skipif(shutil.which("dbus-daemon") is None, reason="needs dbus-daemon")]

IDLE_MS = 4321


class FakeGnomeServices(threading.Thread):
    """Owns org.gnome.Mutter.IdleMonitor and org.gnome.ScreenSaver on the given bus."""

    def __init__(self, address: str) -> None:
        super().__init__(name="fake-gnome", daemon=True)
        from jeepney.io.blocking import open_dbus_connection

        self.conn = open_dbus_connection(bus=address)
        self.stopping = False
        self.calls: list[str] = []
        from jeepney.bus_messages import message_bus

        for name in ("org.gnome.Mutter.IdleMonitor", "org.gnome.ScreenSaver"):
            reply = self.conn.send_and_get_reply(message_bus.RequestName(name), timeout=5)
            assert reply.body == (1,)  # primary owner

    def run(self) -> None:
        from jeepney import HeaderFields, MessageType, new_error, new_method_return

        while not self.stopping:
            try:
                msg = self.conn.receive(timeout=0.1)
            except TimeoutError:
                continue
            if msg.header.message_type is not MessageType.method_call:
                continue
            member = msg.header.fields.get(HeaderFields.member)
            self.calls.append(member)
            if member == "GetIdletime":
                self.conn.send(new_method_return(msg, "t", (IDLE_MS,)))
            elif member == "GetActive":
                self.conn.send(new_method_return(msg, "b", (True,)))
            else:
                self.conn.send(new_error(msg, "org.freedesktop.DBus.Error.UnknownMethod"))

    def stop(self) -> None:
        self.stopping = True
        self.join(5)
        self.conn.close()


@pytest.fixture
def bus_address() -> Iterator[str]:
    daemon = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert daemon.stdout is not None
    address = daemon.stdout.readline().strip()
    try:
        yield address
    finally:
        daemon.terminate()
        daemon.wait(10)
        daemon.stdout.close()


@pytest.fixture
def gnome(bus_address: str) -> Iterator[FakeGnomeServices]:
    services = FakeGnomeServices(bus_address)
    services.start()
    yield services
    services.stop()


def test_mutter_idle_time_over_jeepney(bus_address: str, gnome: FakeGnomeServices) -> None:
    bus = SessionBus(bus_address)
    assert bus.via == "jeepney"
    source = MutterIdleSource(bus)
    assert source.idle_seconds() == pytest.approx(IDLE_MS / 1000)
    assert source.idle_seconds() == pytest.approx(IDLE_MS / 1000)  # the connection is reused
    source.close()
    assert gnome.calls == ["GetIdletime", "GetIdletime"]


@pytest.mark.skipif(shutil.which("gdbus") is None, reason="needs gdbus")
def test_mutter_idle_time_over_gdbus(bus_address: str, gnome: FakeGnomeServices) -> None:
    bus = SessionBus(bus_address)
    bus.via = "gdbus"  # as on a machine without jeepney
    assert MutterIdleSource(bus).idle_seconds() == pytest.approx(IDLE_MS / 1000)
    assert GnomeScreenSaverProbe(bus)() is True
    assert [c for c in gnome.calls if c != "Introspect"] == ["GetIdletime", "GetActive"]


def test_gnome_screensaver_lock_state(bus_address: str, gnome: FakeGnomeServices) -> None:
    bus = SessionBus(bus_address)
    assert GnomeScreenSaverProbe(bus)() is True
    bus.close()


def test_a_desktop_without_the_service_is_unavailable_not_started(bus_address: str) -> None:
    bus = SessionBus(bus_address)
    with pytest.raises(IdleSourceUnavailable, match="NameHasNoOwner|ServiceUnknown"):
        FreedesktopScreenSaverIdleSource(bus).idle_seconds()
    probe = GnomeScreenSaverProbe(bus)
    assert probe() is None
    assert probe() is None  # and it stops asking
    bus.close()
