"""The silent alarm (隐蔽求助): triggers, the alert, standing down, drills and notes (no Qt).

The customer's training asks for "a preset code word or signal" and "a silent alarm" that an
agent can use "without the customer noticing", regular drills and a written record afterwards.

- ``kinds``: trigger kinds, confirmation modes, PIN results, audit kinds;
- ``code_word`` / ``code_word_listener``: the code word typed anywhere (bounded buffer, no log);
- ``confirm`` / ``key_state``: confirming the hotkey by a double press or a hold;
- ``pins``: the "I'm safe" PIN and the duress PIN (salted scrypt hashes in the keyring);
- ``service``: raising, testing, standing down, notes;
- ``drill``: when to remind of the next test alarm;
- ``direct_delivery`` / ``cli``: ``safety-assistant panic`` with or without the app.
"""
