"""The wire protocol between agents, supervisor consoles and the relay.

Imports neither Qt, FastAPI, SQLAlchemy nor the ``assistant``/``relay`` packages, so every role
can depend on it:

- ``kinds``: event kinds and priorities; ``states``: agent, alert and channel states;
  ``messages``: the console websocket's message types;
- ``payloads``: one typed payload model per event kind and the check of wire JSON against it;
- ``signing``: the HMAC request signing of enrolled agents;
- ``views``: the alert, agent, event and channel views the console shows;
- ``version``: ``PROTOCOL_VERSION`` and what to make of the relay's.
"""

from protocol.version import PROTOCOL_VERSION

__all__ = ["PROTOCOL_VERSION"]
