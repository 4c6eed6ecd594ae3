"""Break reminders in the tray: eye-break card, rest overlays, 4-7-8 breathing, "On a call"."""
