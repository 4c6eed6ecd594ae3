"""Escalation of unacknowledged alerts to chat robots, webhooks and e-mail."""
