"""One small blocking call on the D-Bus session bus: jeepney when installed, else ``gdbus``.

Used for desktop services that have no C API: GNOME Mutter's IdleMonitor, the
org.freedesktop.ScreenSaver idle time and the GNOME ScreenSaver's lock state. Only methods
without arguments that return one number or boolean are needed, which keeps the gdbus
fallback's GVariant parsing trivial.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import threading
from typing import Any

logger = logging.getLogger(__name__)

CALL_TIMEOUT_S = 1.0


class BusCallFailed(RuntimeError):
    """The call could not be made or the service answered with an error."""


_GVARIANT_VALUE = re.compile(r"^\((?:u?int(?:16|32|64)|byte|double)?\s*([-\d.]+|true|false)\s*,?\)$")


def parse_gvariant_scalar(text: str) -> int | float | bool:
    """``(uint64 1234,)`` → 1234; ``(true,)`` → True (gdbus call output)."""
    match = _GVARIANT_VALUE.match(text.strip())
    if not match:
        raise BusCallFailed(f"unexpected gdbus reply {text.strip()[:80]!r}")
    raw = match.group(1)
    if raw in ("true", "false"):
        return raw == "true"
    return float(raw) if "." in raw else int(raw)


class SessionBus:
    """A private session-bus connection, reused for every call (thread-safe)."""

    def __init__(self, address: str = "SESSION") -> None:
        self._address = address
        self._lock = threading.Lock()
        self._conn: Any = None
        try:
            import jeepney  # noqa: F401
            self.via = "jeepney"
        except ImportError:
            if shutil.which("gdbus") is None:
                raise BusCallFailed("neither jeepney nor gdbus is available for D-Bus") from None
            self.via = "gdbus"

    def call(self, bus_name: str, path: str, interface: str, method: str) -> Any:
        """The first value of the method's reply."""
        with self._lock:
            if self.via == "jeepney":
                return self._call_jeepney(bus_name, path, interface, method)
            return self._call_gdbus(bus_name, path, interface, method)

    def _call_jeepney(self, bus_name: str, path: str, interface: str, method: str) -> Any:
        from jeepney import DBusAddress, DBusErrorResponse, MessageFlag, new_method_call
        from jeepney.io.blocking import open_dbus_connection
        from jeepney.wrappers import unwrap_msg

        try:
            if self._conn is None:
                self._conn = open_dbus_connection(bus=self._address)
            message = new_method_call(DBusAddress(path, bus_name=bus_name, interface=interface), method)
            # Never start a service by asking it (e.g. gnome-screensaver on another desktop).
            message.header.flags |= MessageFlag.no_auto_start
            body = unwrap_msg(self._conn.send_and_get_reply(message, timeout=CALL_TIMEOUT_S))
        except DBusErrorResponse as exc:
            raise BusCallFailed(f"{bus_name}.{method}: {exc.name}") from None
        except (OSError, TimeoutError, KeyError, ValueError) as exc:
            self._close_locked()
            raise BusCallFailed(f"{bus_name}.{method}: {type(exc).__name__}: {exc}") from None
        if not body:
            raise BusCallFailed(f"{bus_name}.{method} returned nothing")
        return body[0]

    def _call_gdbus(self, bus_name: str, path: str, interface: str, method: str,
                    *arguments: str) -> Any:
        if bus_name != "org.freedesktop.DBus" and not self._call_gdbus(
                "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                "NameHasOwner", bus_name):
            # gdbus has no "no auto start" switch: ask first, so nothing gets started.
            raise BusCallFailed(f"{bus_name} is not running")
        args = ["gdbus", "call", "--session", "--dest", bus_name, "--object-path", path,
                "--method", f"{interface}.{method}", "--timeout", str(int(CALL_TIMEOUT_S) or 1),
                *arguments]
        if self._address != "SESSION":
            args[2:3] = ["--address", self._address]
        try:
            result = subprocess.run(args, capture_output=True, text=True,
                                    timeout=CALL_TIMEOUT_S + 2, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise BusCallFailed(f"gdbus: {exc}") from None
        if result.returncode != 0:
            raise BusCallFailed(f"{bus_name}.{method}: {result.stderr.strip()[:160]}")
        return parse_gvariant_scalar(result.stdout)

    def _close_locked(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except OSError:
                pass
            self._conn = None

    def close(self) -> None:
        with self._lock:
            self._close_locked()
