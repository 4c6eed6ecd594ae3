"""One feature's global hotkey: which spec is bound, through which service, and what went wrong.

A feature binds its hotkey at start and again whenever the settings change it; binding lets go
of the previous hotkey first, an empty spec leaves it unbound, and a hotkey that cannot be had
(taken by another app, a bad spec, no service on this desktop) is kept as ``problem`` for the
self-test instead of raising. The service is created on the first non-empty spec.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from assistant.capability import Capability
from assistant.hotkeys import (
    HotkeyCallback,
    HotkeyError,
    HotkeyHandle,
    HotkeyService,
    create_hotkey_service,
    parse_hotkey,
)

logger = logging.getLogger(__name__)


class HotkeyBinding:
    """The hotkey of one feature, e.g. ``HotkeyBinding("lock-now")``."""

    def __init__(self, purpose: str, service: HotkeyService | None = None,
                 factory: Callable[[], HotkeyService] | None = None) -> None:
        self.purpose = purpose  # in log lines: "<purpose> hotkey <spec> via <service>"
        self._service = service
        self._factory = factory or create_hotkey_service
        self._handle: HotkeyHandle | None = None
        self.spec = ""  # the spec last asked for, bound or not
        self.key = ""  # its key without modifiers (e.g. "f9"), once the spec parsed
        self.problem = ""  # why the spec last asked for is not bound; "" when it is or is empty

    @property
    def bound(self) -> bool:
        return self._handle is not None

    @property
    def service_name(self) -> str:
        return self._service.name if self._service is not None else ""

    @property
    def capability(self) -> Capability:
        if self.problem:
            return Capability.missing(self.problem)
        return Capability.works(self.describe())

    def describe(self) -> str:
        """``<ctrl>+<alt>+l via x11-xgrabkey`` while bound, else ``""``."""
        return f"{self.spec} via {self.service_name}" if self.bound else ""

    def label(self) -> str:
        """What a user reads (``Ctrl+Alt+L``) while bound, else ``""``."""
        return parse_hotkey(self.spec).label() if self.bound else ""

    def menu_text(self, text: str) -> str:
        """A menu entry's text with the hotkey after a tab (as Qt menus show shortcuts)."""
        label = self.label()
        return f"{text}\t{label}" if label else text

    def bind(self, spec: str, callback: HotkeyCallback, *, note: str = "") -> bool:
        """Let go of the current hotkey, then call ``callback`` (on the service's thread) when
        ``spec`` is pressed. Returns whether it is bound; ``note`` goes into the log line."""
        self._release()
        self.spec = spec
        self.key = ""
        self.problem = ""
        if not spec.strip():
            return False
        if self._service is None:
            self._service = self._factory()
        try:
            self.key = parse_hotkey(spec).key
            self._handle = self._service.register(spec, callback)
        except HotkeyError as exc:
            self.problem = str(exc)
            logger.warning("%s hotkey %s unavailable: %s", self.purpose, spec, exc)
            return False
        logger.info("%s hotkey %s via %s%s", self.purpose, spec, self._service.name,
                    f" ({note})" if note else "")
        return True

    def close(self) -> None:
        """Close the service; a later ``bind`` starts a new one. ``spec`` and ``problem`` stay."""
        service, self._service = self._service, None
        self._handle = None
        if service is not None:
            service.close()

    def _release(self) -> None:
        handle, self._handle = self._handle, None
        if handle is not None and self._service is not None:
            try:
                self._service.unregister(handle)
            except HotkeyError:
                pass
