"""Database operations of the relay, one module per entity. Plain functions over a Session
(or, on the signed-request hot path, a Connection), run in a transaction.

- ``agents``: agents and their enrollment, signed-request credentials, nonces, heartbeats;
- ``events``: ingestion, a table from event kind to handler;
- ``alerts``: alert views, acknowledging, resolving, shown and escalation marks;
- ``supervisors``: supervisors and their login sessions;
- ``escalations``: the escalation outbox.

They return plain dicts ready for JSON so nothing ORM-bound leaves the DB thread. The names
below are the store's API (``from relay import store; store.list_alerts(...)``).
"""

from relay.store.agents import (
    CLOCK_OFFSET_CHANGE_S,
    ENROLLMENT_TTL,
    AgentCredentials,
    AgentIdentity,
    accept_nonce,
    agent_secret_context,
    agent_view,
    agent_view_by_id,
    create_agent,
    find_agent,
    list_agents,
    load_agent_credentials,
    presence_rows,
    purge_nonces,
    record_clock_offset,
    record_heartbeat,
    redeem_enrollment_code,
    revoke_agent,
)
from relay.store.alerts import (
    Repeats,
    acknowledge_alert,
    agent_updates,
    alert_escalation_state,
    alert_full,
    alert_view,
    get_alert,
    list_alerts,
    mark_alert_shown,
    mark_escalated,
    pending_escalations,
    resolve_alert,
    stats,
)
from relay.store.errors import StoreError
from relay.store.escalations import (
    DueDelivery,
    deliveries_by_alert,
    delivery_delivered,
    delivery_failed,
    escalation_queued,
    failing_channels,
    next_delivery,
    next_delivery_due_at,
    pending_counts,
    queue_escalation,
    recent_deliveries,
    settle_deliveries,
)
from relay.store.events import HANDLERS, IngestResult, ingest_events
from relay.store.supervisors import (
    SupervisorIdentity,
    create_session,
    create_supervisor,
    drop_session,
    replace_password_hash,
    supervisor_credentials,
    supervisor_for_token,
)
from relay.store.timestamps import iso

__all__ = [
    "CLOCK_OFFSET_CHANGE_S", "ENROLLMENT_TTL", "HANDLERS", "AgentCredentials", "AgentIdentity", "DueDelivery",
    "IngestResult", "Repeats", "StoreError", "SupervisorIdentity", "accept_nonce",
    "acknowledge_alert", "agent_secret_context", "agent_updates", "agent_view",
    "agent_view_by_id", "alert_escalation_state", "alert_full", "alert_view", "create_agent",
    "create_session", "create_supervisor", "deliveries_by_alert", "delivery_delivered",
    "delivery_failed", "drop_session", "escalation_queued", "failing_channels", "find_agent",
    "get_alert", "ingest_events", "iso", "list_agents", "list_alerts", "load_agent_credentials",
    "mark_alert_shown", "mark_escalated", "next_delivery", "next_delivery_due_at",
    "pending_counts", "pending_escalations", "presence_rows", "purge_nonces", "queue_escalation",
    "recent_deliveries", "record_clock_offset", "record_heartbeat", "redeem_enrollment_code",
    "replace_password_hash", "resolve_alert", "revoke_agent", "settle_deliveries", "stats",
    "supervisor_credentials",
    "supervisor_for_token",
]
