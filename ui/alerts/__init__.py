"""Agent side of the alert channel in the tray app (``services.alerts``)."""
