"""macOS Input Monitoring: may this app hear keys typed into other apps (the code word)?

``CGPreflightListenEventAccess()`` answers without asking the user;
``CGRequestListenEventAccess()`` shows the system prompt (once: later calls only answer) and
adds the app to System Settings › Privacy & Security › Input Monitoring, where the user or
IT switches it on. A change takes effect after the app restarts. The permission attaches to
the signed ``.app`` bundle (build.spec), so a copy run from elsewhere asks again.

Hotkeys do not need it (Carbon ``RegisterEventHotKey``); only the typed code word does.
"""

from __future__ import annotations

import logging
from typing import Any

from assistant.capability import Capability
from assistant.platform_bindings import macos as m

logger = logging.getLogger(__name__)

PERMISSION = "Input Monitoring"
WHERE = ("System Settings › Privacy & Security › Input Monitoring: switch on Safety Assistant, "
         "then restart it")


def input_monitoring(bindings: Any = None, *, request: bool = False) -> Capability:
    """Whether the code word can be heard; with ``request`` the system prompt is shown when
    the permission was never asked for."""
    if bindings is None:
        try:
            bindings = m.load()
        except OSError as exc:
            return Capability.missing(f"cannot ask macOS for {PERMISSION}: {exc}")
    services = bindings.ApplicationServices
    try:
        if services.CGPreflightListenEventAccess():
            return Capability.works(f"{PERMISSION} granted")
        if request and services.CGRequestListenEventAccess():
            return Capability.works(f"{PERMISSION} granted")
    except OSError:  # before macOS 10.15 there is no such permission to ask for
        return Capability.works(f"this macOS has no {PERMISSION} permission")
    return Capability.permission(PERMISSION, WHERE)
