"""The protocol version, and what an agent or console makes of the relay's.

The relay reports ``protocol_version`` in ``/healthz``, the heartbeat and enrollment answers,
the login answer and the console snapshot. A relay accepts every agent and console whose
version is between :data:`OLDEST_ACCEPTED` and its own: within one version, fields are only
ever added as optional, and no kind or field is removed or renamed (see README, "Protocol").
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

#: Bump it when the wire changes in a way an older peer must know about.
PROTOCOL_VERSION = 1
#: The oldest agent/console protocol a relay of this version still serves.
OLDEST_ACCEPTED = 1
#: The key that carries the version in the relay's answers.
VERSION_KEY = "protocol_version"


class Compatibility(StrEnum):
    SAME = "same"
    #: the relay is newer and still serves us: works, but this side should be updated
    RELAY_NEWER = "relay_newer"
    #: the relay is older than us: what we send may be refused; update the relay
    RELAY_OLDER = "relay_older"
    #: the relay did not say (a relay from before protocol versions): older than us
    RELAY_UNVERSIONED = "relay_unversioned"


@dataclass(frozen=True)
class VersionCheck:
    ours: int
    relay: int | None

    @property
    def compatibility(self) -> Compatibility:
        if self.relay is None:
            return Compatibility.RELAY_UNVERSIONED
        if self.relay == self.ours:
            return Compatibility.SAME
        return Compatibility.RELAY_NEWER if self.relay > self.ours else Compatibility.RELAY_OLDER

    @property
    def matches(self) -> bool:
        return self.compatibility is Compatibility.SAME

    def describe(self) -> str:
        """One English line for the self-test and the log."""
        compatibility = self.compatibility
        if compatibility is Compatibility.SAME:
            return f"relay speaks protocol {self.relay}, as this app does"
        if compatibility is Compatibility.RELAY_NEWER:
            return (f"relay speaks protocol {self.relay}, this app {self.ours}: the relay still "
                    "accepts it, but update this app")
        if compatibility is Compatibility.RELAY_OLDER:
            return (f"relay speaks protocol {self.relay}, this app {self.ours}: update the "
                    "relay, it may refuse what this app sends")
        return (f"relay does not report a protocol version (older than protocol "
                f"{self.ours}): update the relay, it may refuse what this app sends")


def relay_version(answer: Any) -> int | None:
    """The ``protocol_version`` in a relay answer (a JSON object), None when absent or odd."""
    value = answer.get(VERSION_KEY) if isinstance(answer, dict) else None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return None
    return value


def check_relay(answer: Any, ours: int = PROTOCOL_VERSION) -> VersionCheck:
    return VersionCheck(ours, relay_version(answer))
