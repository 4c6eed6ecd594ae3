"""What the tray app's features share, built once by the composition root (``ui.app``) and
handed to each feature's constructor.

Nothing here depends on which features exist or in which order they are created: the idle
source, the lock backends and the relay channel are made before any feature, so a feature
that cannot be created takes none of them away from the others. (The relay channel is
started by the connection feature, ``ui.alerts.feature``, and by the app once the tray is
up, in case that feature failed; until then events wait in the outbox on disk.)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject

from assistant.audit import AuditLog
from assistant.clock import Clock, SystemClock
from assistant.hotkeys import HotkeyService, create_hotkey_service
from assistant.idle import IdleSource, create_idle_source
from assistant.locking import LockProbe, SessionLocker, create_lock_probe
from ui.alerts.service import AlertService
from ui.instance_server import InstanceServer
from ui.screen_locker import ScreenLocker
from ui.session_signals import SessionSignals
from ui.settings_service import SettingsService

#: Each hotkey binding opens its own service (its own grab thread) from this factory.
HotkeyFactory = Callable[[], HotkeyService]


@dataclass(frozen=True)
class Services:
    settings: SettingsService
    audit: AuditLog
    clock: Clock
    session: SessionSignals
    commands: InstanceServer  # the instance channel; listening only in the running app
    idle_source: IdleSource
    locker: ScreenLocker
    hotkeys: HotkeyFactory
    alerts: AlertService
    # Windows session notifications on these bindings (tests: a recording fake); None: the
    # real wtsapi32 on Windows, and none elsewhere.
    session_event_bindings: Any = None


def build_services(settings: SettingsService, parent: QObject, *,
                   clock: Clock | None = None,
                   idle_source: IdleSource | None = None,
                   lock_probe: LockProbe | None = None,
                   locker: SessionLocker | None = None,
                   hotkeys: HotkeyFactory | None = None,
                   session_event_bindings: Any = None) -> Services:
    """The real services; tests pass their own clock, idle source, lock backends, hotkeys."""
    audit = settings.ctx.audit
    session = SessionSignals(parent)
    probe = lock_probe if lock_probe is not None else create_lock_probe()
    return Services(
        settings=settings,
        audit=audit,
        clock=clock or SystemClock(),
        session=session,
        commands=InstanceServer(settings.paths.instance_address, parent),
        idle_source=idle_source or create_idle_source(),
        locker=ScreenLocker(settings, probe, fixed=locker, parent=parent),
        hotkeys=hotkeys or create_hotkey_service,
        alerts=AlertService(settings, audit, session, parent),
        session_event_bindings=session_event_bindings,
    )
