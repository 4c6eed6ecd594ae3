"""The supervisor console without Qt: relay API client, live stream, board state, alarm sound.

``ui/supervisor`` shows it; everything here is tested with plain pytest against a real relay.
"""
