"""The agent's alert channel without Qt: presence state, enrollment check, outbox and workers.

``ui/alerts`` wraps :class:`~assistant.alert_channel.channel.AlertChannel` in a tray feature
and turns its callbacks into Qt signals.
"""
