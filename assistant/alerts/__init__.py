"""Agent side of the alert protocol: enrollment, the durable outbox and its sender (the wire
format and request signing are in ``protocol``).

Nothing here imports Qt; the tray app wires these objects to its UI through plain callbacks.
"""
