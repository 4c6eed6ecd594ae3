"""Listening for the code word the settings ask for, without Qt and without a keyboard."""

from __future__ import annotations

from collections.abc import Callable

from assistant.panic.code_word import CodeWordMatcher, apply_key
from assistant.panic.code_word_listener import CodeWordListenerError
from assistant.panic.code_word_watch import CodeWordWatch


class FakeListener:
    name = "fake-keyboard"

    def __init__(self, matcher: CodeWordMatcher, on_match: Callable[[], None],
                 works: bool = True) -> None:
        self.matcher, self.on_match, self.works = matcher, on_match, works
        self.running = False

    def start(self) -> None:
        if not self.works:
            raise CodeWordListenerError("no keyboard hook here")
        self.running = True

    def stop(self) -> None:
        self.running = False

    def type(self, text: str) -> None:
        for char in text:
            if apply_key(self.matcher, char, None, False):
                self.on_match()


def test_listens_for_the_word_and_calls_back_on_a_match() -> None:
    made: list[FakeListener] = []
    heard: list[None] = []

    def factory(matcher: CodeWordMatcher, on_match: Callable[[], None]) -> FakeListener:
        made.append(FakeListener(matcher, on_match))
        return made[-1]

    watch = CodeWordWatch(lambda: heard.append(None), factory)
    watch.want("bluesky")
    assert watch.listening and watch.listener_name == "fake-keyboard" and watch.problem == ""
    made[0].type("the bluesky")
    assert heard == [None]
    watch.want("bluesky")  # the same word: the same listener
    assert len(made) == 1
    watch.want("redsky")  # a new word: a new listener, the old one stopped
    assert len(made) == 2 and not made[0].running and made[1].running
    watch.want("")
    assert not watch.listening and watch.listener_name == "" and not made[1].running


def test_a_listener_that_cannot_run_leaves_the_reason_for_the_self_test() -> None:
    watch = CodeWordWatch(lambda: None, lambda m, cb: FakeListener(m, cb, works=False))
    watch.want("bluesky")
    assert not watch.listening and watch.problem == "no keyboard hook here"


def test_a_code_word_that_cannot_be_matched_is_not_used() -> None:
    watch = CodeWordWatch(lambda: None, lambda m, cb: FakeListener(m, cb))
    watch.want("a")
    assert not watch.listening and watch.problem


def test_a_missing_permission_is_a_capability_and_told_once() -> None:
    from assistant.capability import Capability
    from assistant.panic.code_word_listener import NullCodeWordListener

    told: list[str] = []
    needs = Capability.permission("Input Monitoring", "System Settings › Privacy & Security › Input Monitoring")
    watch = CodeWordWatch(lambda: None, lambda m, cb: NullCodeWordListener(needs.describe(), needs), told.append)
    watch.want("blue folder")
    assert not watch.listening and watch.capability.needs_permission == "Input Monitoring"
    watch.want("")
    assert watch.capability.available  # nothing asked for: nothing missing
    watch.want("red folder")
    assert told == ["Input Monitoring"]  # once, however often the listener is tried again
    short = CodeWordWatch(lambda: None, lambda m, cb: FakeListener(m, cb))
    short.want("sos")
    assert not short.capability.available and "at least" in short.capability.reason
