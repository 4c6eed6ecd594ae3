"""The clipboard guard's Qt side: clipboard adapter, background scans, toast, tray feature.

The decisions live in :mod:`assistant.clipboard`; this package reads and writes the real
clipboard (the X11 CLIPBOARD selection on Linux) and shows the warning.
"""
