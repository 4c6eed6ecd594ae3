"""HTTP and websocket routes of the relay, all under /api/v1."""
