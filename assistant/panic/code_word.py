"""The code word: typed anywhere (e.g. into the chat with the customer), it raises the alarm.

``CodeWordMatcher`` keeps only the last ``len(code word) + slack`` characters in a bounded
``collections.deque`` in memory and compares its tail with the code word after each key.
Nothing typed is ever logged, stored or sent; after a match, on Enter, on cursor movement
or on a shortcut the buffer is emptied. ``repr`` never shows what it holds.

Matching is on NFKC-normalised, case-folded text, so "Blue Folder", "blue folder" and
full-width "ｂｌｕｅ ｆｏｌｄｅｒ" are the same. Backspace removes the last character held, so
a corrected typo still matches.

Input methods: a keyboard listener sees keys, not the characters an input method composes
from them. With pinyin input, "蓝色文件夹" arrives as the keys ``lansewenjianjia`` (plus
the space or digit that picks the candidate); configure the code word as those keys. A key
that produces no known character (an input method's or xdotool's remapped key) empties the
buffer, so a code word never matches across text the listener could not read.
"""

from __future__ import annotations

import enum
import unicodedata
from collections import deque
from itertools import islice

#: Shorter code words would be typed by accident.
MIN_CODE_WORD_LENGTH = 4
#: Extra characters kept beyond the code word, so a few corrections still match.
DEFAULT_SLACK = 8

#: Keys that move the cursor, send the message or leave the field: what was typed before
#: them is no longer what precedes the cursor.
RESET_KEYS = frozenset({
    "enter", "tab", "esc", "up", "down", "left", "right", "home", "end", "page_up",
    "page_down", "insert", "menu", "print_screen",
})
#: Modifier keys that make the next key a shortcut rather than text (Ctrl+V pastes text
#: the listener cannot read). AltGr is not among them: it types characters.
SHORTCUT_MODIFIERS = frozenset({"ctrl", "ctrl_l", "ctrl_r", "alt", "alt_l", "alt_r", "cmd",
                                "cmd_l", "cmd_r"})
#: Keys that change nothing in the text.
NEUTRAL_KEYS = frozenset({"shift", "shift_l", "shift_r", "alt_gr", "caps_lock", "num_lock",
                          "scroll_lock", "delete", "pause"})


class CodeWordError(ValueError):
    """The configured code word cannot be used; the message says why."""


def normalize(text: str) -> str:
    """NFKC + case folding: the form both the code word and typed keys are compared in."""
    return unicodedata.normalize("NFKC", text).casefold()


def check_code_word(code_word: str) -> str:
    """The normalised code word, or ``CodeWordError`` saying why it cannot be used."""
    target = normalize(code_word).strip()
    if len(target) < MIN_CODE_WORD_LENGTH:
        raise CodeWordError(f"the code word needs at least {MIN_CODE_WORD_LENGTH} characters")
    return target


def needs_input_method(code_word: str) -> bool:
    """True when the code word has characters an input method composes (e.g. Chinese)."""
    return any(unicodedata.east_asian_width(ch) in ("W", "F") for ch in normalize(code_word))


class CodeWordMatcher:
    """Compares the tail of a short rolling buffer of typed characters with the code word."""

    def __init__(self, code_word: str, slack: int = DEFAULT_SLACK) -> None:
        self._target = tuple(check_code_word(code_word))
        self._buffer: deque[str] = deque(maxlen=len(self._target) + max(0, slack))

    @property
    def capacity(self) -> int:
        """The most characters ever held."""
        return self._buffer.maxlen or 0

    def held(self) -> int:
        """How many characters are held right now (never their content)."""
        return len(self._buffer)

    def feed(self, text: str) -> bool:
        """Add typed text (usually one character); True when it completed the code word."""
        matched = False
        for char in normalize(text):
            self._buffer.append(char)
            if self._tail_matches():
                matched = True
                self._buffer.clear()
        return matched

    def backspace(self) -> None:
        if self._buffer:
            self._buffer.pop()

    def reset(self) -> None:
        self._buffer.clear()

    def _tail_matches(self) -> bool:
        size = len(self._target)
        if len(self._buffer) < size:
            return False
        tail = islice(reversed(self._buffer), size)
        return all(a == b for a, b in zip(tail, reversed(self._target), strict=True))

    def __repr__(self) -> str:
        return f"CodeWordMatcher(capacity={self.capacity})"


class KeyAction(enum.Enum):
    TEXT = "text"
    BACKSPACE = "backspace"
    RESET = "reset"
    IGNORE = "ignore"


def key_action(char: str | None, name: str | None, shortcut_held: bool) -> KeyAction:
    """What a key press means for the buffer.

    ``char`` is the character the key typed (None when unknown), ``name`` the name of a
    special key (pynput's ``Key`` names: ``"space"``, ``"backspace"``, ``"ctrl_l"`` …).
    """
    if name is not None:
        if name in SHORTCUT_MODIFIERS or name in NEUTRAL_KEYS:
            return KeyAction.IGNORE
        if shortcut_held:
            return KeyAction.RESET
        if name == "space":
            return KeyAction.TEXT
        if name == "backspace":
            return KeyAction.BACKSPACE
        return KeyAction.RESET  # cursor keys, Enter, function keys, anything else
    if shortcut_held or not char or not _is_text(char):
        return KeyAction.RESET  # a shortcut, a control character, or a key we cannot read
    return KeyAction.TEXT


def _is_text(char: str) -> bool:
    """Printable characters and spaces (an ideographic space is not ``isprintable``)."""
    return all(c.isprintable() or unicodedata.category(c) == "Zs" for c in char)


def apply_key(matcher: CodeWordMatcher, char: str | None, name: str | None,
              shortcut_held: bool) -> bool:
    """Feed one key press to ``matcher``; True when the code word was completed."""
    action = key_action(char, name, shortcut_held)
    if action is KeyAction.TEXT:
        return matcher.feed(" " if name == "space" else char or "")
    if action is KeyAction.BACKSPACE:
        matcher.backspace()
    elif action is KeyAction.RESET:
        matcher.reset()
    return False
