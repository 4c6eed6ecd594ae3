"""Sounds (the supervisor console's alarm), made by scripts/make_alarm_sound.py."""
