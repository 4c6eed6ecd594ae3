"""Agent side of the alert protocol: signing, enrollment, the durable outbox and its sender.

Nothing here imports Qt; the tray app wires these objects to its UI through plain callbacks.
"""
