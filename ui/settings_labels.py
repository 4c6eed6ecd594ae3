"""Visible names of sections and settings (translated through the "Settings" context)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui.translation_marks import QT_TRANSLATE_NOOP

SECTION_LABELS = {
    "general": QT_TRANSLATE_NOOP("Settings", "General"),
    "autolock": QT_TRANSLATE_NOOP("Settings", "Auto-lock"),
    "breaks": QT_TRANSLATE_NOOP("Settings", "Breaks"),
    "clipboard": QT_TRANSLATE_NOOP("Settings", "Clipboard guard"),
    "panic": QT_TRANSLATE_NOOP("Settings", "Help button"),
    "selfcheck": QT_TRANSLATE_NOOP("Settings", "Leaving the desk"),
    "relay": QT_TRANSLATE_NOOP("Settings", "Supervisor connection"),
}

SETTING_LABELS = {
    ("general", "language"): QT_TRANSLATE_NOOP("Settings", "Language"),
    ("general", "allow_quit"): QT_TRANSLATE_NOOP("Settings", "Allow quitting the assistant"),
    ("general", "notifications"): QT_TRANSLATE_NOOP("Settings", "Show desktop notifications"),
    ("autolock", "enabled"): QT_TRANSLATE_NOOP("Settings", "Lock automatically when I am away"),
    ("autolock", "idle_timeout_s"): QT_TRANSLATE_NOOP("Settings", "Lock after no input for (minutes)"),
    ("autolock", "warning_s"): QT_TRANSLATE_NOOP("Settings", "Warn before locking (seconds)"),
    ("autolock", "lock_command"): QT_TRANSLATE_NOOP("Settings", "Lock command"),
    ("autolock", "hotkey"): QT_TRANSLATE_NOOP("Settings", "Lock-now hotkey"),
    ("breaks", "enabled"): QT_TRANSLATE_NOOP("Settings", "Remind me to take breaks"),
    ("breaks", "mode"): QT_TRANSLATE_NOOP("Settings", "Rhythm"),
    ("breaks", "eye_interval_s"): QT_TRANSLATE_NOOP("Settings", "Eye break every (minutes of work)"),
    ("breaks", "eye_duration_s"): QT_TRANSLATE_NOOP("Settings", "Eye break length (seconds)"),
    ("breaks", "rest_interval_s"): QT_TRANSLATE_NOOP("Settings", "Rest break every (minutes of work)"),
    ("breaks", "rest_duration_s"): QT_TRANSLATE_NOOP("Settings", "Rest break length (minutes)"),
    ("breaks", "pomodoro_work_s"): QT_TRANSLATE_NOOP("Settings", "Pomodoro work period (minutes)"),
    ("breaks", "pomodoro_break_s"): QT_TRANSLATE_NOOP("Settings", "Pomodoro break (minutes)"),
    ("breaks", "notice_s"): QT_TRANSLATE_NOOP("Settings", "Notice before a break (seconds)"),
    ("breaks", "postpone_s"): QT_TRANSLATE_NOOP("Settings", "Postpone by (minutes)"),
    ("breaks", "max_postpones"): QT_TRANSLATE_NOOP("Settings", "Postpones allowed per break"),
    ("breaks", "strict"): QT_TRANSLATE_NOOP("Settings", "Strict (no skipping)"),
    ("breaks", "on_call_max_s"): QT_TRANSLATE_NOOP("Settings", "\"On a call\" ends by itself after (minutes)"),
    ("clipboard", "enabled"): QT_TRANSLATE_NOOP("Settings", "Watch the clipboard for customer data"),
    ("clipboard", "action"): QT_TRANSLATE_NOOP("Settings", "When customer data is copied"),
    ("clipboard", "clear_after_s"): QT_TRANSLATE_NOOP("Settings", "Clear the clipboard after (seconds)"),
    ("clipboard", "kinds"): QT_TRANSLATE_NOOP("Settings", "Kinds of data to look for"),
    ("panic", "enabled"): QT_TRANSLATE_NOOP("Settings", "Silent help button"),
    ("panic", "hotkey_enabled"): QT_TRANSLATE_NOOP("Settings", "Use the help hotkey"),
    ("panic", "hotkey"): QT_TRANSLATE_NOOP("Settings", "Help hotkey"),
    ("panic", "confirm"): QT_TRANSLATE_NOOP("Settings", "Hotkey confirmation"),
    ("panic", "hold_s"): QT_TRANSLATE_NOOP("Settings", "Hold the hotkey for (seconds, with \"hold\")"),
    ("panic", "tray_entry_enabled"): QT_TRANSLATE_NOOP("Settings", "Disguised menu entry"),
    ("panic", "tray_label"): QT_TRANSLATE_NOOP("Settings", "Disguised menu entry label"),
    ("panic", "code_word_enabled"): QT_TRANSLATE_NOOP("Settings", "Use a code word"),
    ("panic", "code_word"): QT_TRANSLATE_NOOP("Settings", "Code word"),
    ("panic", "cli_enabled"): QT_TRANSLATE_NOOP("Settings", "Allow the help command (foot pedal, buttons)"),
    ("panic", "ack_sign"): QT_TRANSLATE_NOOP("Settings", "Sign that help is coming"),
    ("panic", "test_every_days"): QT_TRANSLATE_NOOP("Settings", "Remind me to test the alarm every (days)"),
    ("selfcheck", "enabled"): QT_TRANSLATE_NOOP("Settings", "Self-check before leaving"),
    ("selfcheck", "hotkey"): QT_TRANSLATE_NOOP("Settings", "Leaving-my-desk hotkey"),
    ("selfcheck", "shift_end"): QT_TRANSLATE_NOOP("Settings", "Shift ends at (HH:MM)"),
    ("selfcheck", "shift_end_weekdays"): QT_TRANSLATE_NOOP("Settings", "Shift-end reminder on weekdays (1 = Monday)"),
    ("selfcheck", "customer_app_patterns"): QT_TRANSLATE_NOOP("Settings", "Customer-data applications (window title patterns)"),
    ("selfcheck", "extra_items"): QT_TRANSLATE_NOOP("Settings", "Extra checklist items"),
    ("relay", "url"): QT_TRANSLATE_NOOP("Settings", "Relay address"),
    ("relay", "agent_id"): QT_TRANSLATE_NOOP("Settings", "Agent ID"),
    ("relay", "seat"): QT_TRANSLATE_NOOP("Settings", "Seat"),
    ("relay", "heartbeat_s"): QT_TRANSLATE_NOOP("Settings", "Heartbeat every (seconds)"),
}

CHOICE_LABELS = {
    "system": QT_TRANSLATE_NOOP("Settings", "Follow the system"),
    "zh_CN": QT_TRANSLATE_NOOP("Settings", "简体中文"),
    "en": QT_TRANSLATE_NOOP("Settings", "English"),
    "20-20-20": QT_TRANSLATE_NOOP("Settings", "20-20-20 eye breaks and hourly rest"),
    "pomodoro": QT_TRANSLATE_NOOP("Settings", "Pomodoro 25/5"),
    "warn": QT_TRANSLATE_NOOP("Settings", "Warn me"),
    "mask": QT_TRANSLATE_NOOP("Settings", "Mask it at once"),
    "clear": QT_TRANSLATE_NOOP("Settings", "Clear the clipboard after a while"),
    "none": QT_TRANSLATE_NOOP("Settings", "None"),
    "double": QT_TRANSLATE_NOOP("Settings", "Press twice"),
    "hold": QT_TRANSLATE_NOOP("Settings", "Hold down"),
    "tray_mark": QT_TRANSLATE_NOOP("Settings", "A small mark on the tray icon"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate("Settings", text)
