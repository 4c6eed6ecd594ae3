"""Delivering an alarm without the tray app: the command line's fallback.

The event is committed to the outbox file first (so the app's sender delivers it later if
nothing else works), then this process sends the outbox itself with the relay client for at
most ``budget_s`` seconds.
"""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Callable

from assistant.alert_channel.channel import RelayLink
from assistant.alerts.enrollment import load_secret
from assistant.alerts.outbox import AlertOutbox, OutboxStatus
from assistant.alerts.relay_client import RelayClient, RelayError
from assistant.alerts.sender import OutboxSender

logger = logging.getLogger(__name__)

DEFAULT_BUDGET_S = 5.0
RETRY_PAUSE_S = 0.5
REQUEST_TIMEOUT_S = 3.0


class DirectOutcome(enum.Enum):
    DELIVERED = "delivered"  # the relay stored it
    QUEUED = "queued"  # on disk; the app sends it when it runs and reaches the relay
    NOT_ENROLLED = "not_enrolled"  # on disk; this computer has no relay key yet
    REJECTED = "rejected"  # the relay refused the event for good (kept in the outbox)


ClientFactory = Callable[[RelayLink, str], RelayClient]


def _client(link: RelayLink, secret: str) -> RelayClient:
    return RelayClient(link.url, link.agent_id, secret, timeout=REQUEST_TIMEOUT_S)


def deliver_now(outbox: AlertOutbox, event_id: str, link: RelayLink,
                secret_loader: Callable[[str], str | None] = load_secret,
                budget_s: float = DEFAULT_BUDGET_S,
                client_factory: ClientFactory = _client,
                clock: Callable[[], float] = time.monotonic,
                sleep: Callable[[float], None] = time.sleep) -> DirectOutcome:
    """Send the outbox (``event_id`` first, by priority) until it is stored or time is up."""
    if not link.configured:
        return DirectOutcome.NOT_ENROLLED
    try:
        secret = secret_loader(link.agent_id)
    except Exception as exc:  # noqa: BLE001  (keyring backends raise their own errors)
        logger.warning("cannot read the agent key: %s", exc)
        return DirectOutcome.NOT_ENROLLED
    if not secret:
        return DirectOutcome.NOT_ENROLLED
    deadline = clock() + budget_s
    sender = OutboxSender(outbox, lambda: client_factory(link, secret))
    try:
        while True:
            try:
                sender.deliver_once()
            except (RelayError, OSError) as exc:
                logger.warning("alarm not delivered yet: %s", exc)
            if outbox.status_of(event_id) is not OutboxStatus.PENDING:
                break
            if clock() + RETRY_PAUSE_S >= deadline:
                break
            sleep(RETRY_PAUSE_S)
    finally:
        sender.stop(0)
    status = outbox.status_of(event_id)
    if status is OutboxStatus.DELIVERED:
        return DirectOutcome.DELIVERED
    return DirectOutcome.REJECTED if status is OutboxStatus.REJECTED else DirectOutcome.QUEUED
