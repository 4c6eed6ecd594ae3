"""The supervisor console (``safety-assistant supervisor``): live alerts, alarm, floor list."""
