"""The code-word matcher: bounded rolling buffer, matches across noise, normalisation,
backspace, cursor keys and shortcuts, unreadable keys, and nothing kept or shown."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.panic.code_word import (
    DEFAULT_SLACK,
    CodeWordError,
    CodeWordMatcher,
    KeyAction,
    apply_key,
    check_code_word,
    key_action,
    needs_input_method,
)

CODE = "blue folder"


def type_text(matcher: CodeWordMatcher, text: str) -> int:
    """Feed ``text`` one key at a time as the listener does; the number of matches."""
    matches = 0
    for char in text:
        name = "space" if char == " " else None
        if apply_key(matcher, None if name else char, name, shortcut_held=False):
            matches += 1
    return matches


def test_the_code_word_in_the_middle_of_a_sentence_matches_once() -> None:
    matcher = CodeWordMatcher(CODE)
    assert type_text(matcher, "ok, let me get the blue folder for you, one moment") == 1


def test_text_without_the_code_word_never_matches() -> None:
    matcher = CodeWordMatcher(CODE)
    assert type_text(matcher, "the blue fold er and a blue-folder and blue  folder") == 0


def test_a_longer_word_starting_with_the_code_word_matches_at_its_last_letter() -> None:
    # Documented: the code word should be a phrase nobody types by chance.
    matcher = CodeWordMatcher(CODE)
    assert type_text(matcher, "blue folders") == 1


def test_case_and_full_width_forms_match() -> None:
    matcher = CodeWordMatcher("Blue Folder")
    assert type_text(matcher, "BLUE FOLDER") == 1
    assert type_text(matcher, "ｂｌｕｅ　ｆｏｌｄｅｒ") == 1  # full-width letters and space (IME)


def test_backspace_corrections_still_match() -> None:
    matcher = CodeWordMatcher(CODE)
    type_text(matcher, "blue fpl")
    apply_key(matcher, None, "backspace", False)
    apply_key(matcher, None, "backspace", False)
    assert type_text(matcher, "older") == 1


def test_backspace_removes_a_completed_prefix() -> None:
    matcher = CodeWordMatcher(CODE)
    type_text(matcher, "blue folde")
    for _ in range(3):
        apply_key(matcher, None, "backspace", False)
    assert type_text(matcher, "r") == 0  # "blue fo" + "r" is not the code word


def test_backspace_on_an_empty_buffer_is_harmless() -> None:
    matcher = CodeWordMatcher(CODE)
    for _ in range(5):
        apply_key(matcher, None, "backspace", False)
    assert matcher.held() == 0
    assert type_text(matcher, CODE) == 1


@pytest.mark.parametrize("key", ["enter", "left", "home", "tab", "esc", "page_up", "f5"])
def test_cursor_and_send_keys_break_the_sequence(key: str) -> None:
    matcher = CodeWordMatcher(CODE)
    type_text(matcher, "blue fol")
    apply_key(matcher, None, key, False)
    assert matcher.held() == 0
    assert type_text(matcher, "der") == 0


def test_a_shortcut_breaks_the_sequence_but_shift_does_not() -> None:
    matcher = CodeWordMatcher(CODE)
    type_text(matcher, "blue fol")
    assert apply_key(matcher, "v", None, shortcut_held=True) is False  # Ctrl+V: unknown text
    assert type_text(matcher, "der") == 0
    matcher.reset()
    type_text(matcher, "blue fol")
    apply_key(matcher, None, "shift", False)
    assert type_text(matcher, "DER") == 1


def test_unreadable_keys_from_an_input_method_break_the_sequence() -> None:
    # xdotool/IME remapped keys arrive without a character: nothing matches across them.
    matcher = CodeWordMatcher(CODE)
    type_text(matcher, "blue")
    assert key_action(None, None, False) is KeyAction.RESET
    apply_key(matcher, None, None, False)
    assert type_text(matcher, " folder") == 0


def test_a_pinyin_code_word_matches_the_keys_typed_into_the_input_method() -> None:
    # "蓝色文件夹" typed with pinyin is the keys l-a-n-s-e-w-e-n-j-i-a-n-j-i-a, then a space.
    matcher = CodeWordMatcher("lansewenjianjia")
    assert type_text(matcher, "nihao lansewenjianjia ") == 1
    assert needs_input_method("蓝色文件夹") and not needs_input_method("lansewenjianjia")
    assert not needs_input_method("ｂｌｕｅ")  # full-width Latin normalises to ASCII


def test_the_buffer_never_holds_more_than_the_code_word_and_the_slack() -> None:
    matcher = CodeWordMatcher(CODE)
    assert matcher.capacity == len(CODE) + DEFAULT_SLACK
    type_text(matcher, "x" * 500)
    assert matcher.held() == matcher.capacity


def test_after_a_match_nothing_typed_is_held() -> None:
    matcher = CodeWordMatcher(CODE)
    assert type_text(matcher, "secret customer text then blue folder") == 1
    assert matcher.held() == 0


def test_repr_and_attributes_never_show_typed_text() -> None:
    matcher = CodeWordMatcher(CODE)
    type_text(matcher, "zqxj private words")
    assert "zqxj" not in repr(matcher) and "private" not in repr(matcher)
    assert "zqxj" not in str(matcher)
    held = [v for v in vars(matcher).values() if hasattr(v, "__len__") and not isinstance(v, str)]
    assert max(len(v) for v in held) <= matcher.capacity


def test_short_code_words_are_refused() -> None:
    with pytest.raises(CodeWordError):
        CodeWordMatcher("abc")
    with pytest.raises(CodeWordError):
        check_code_word("   ab   ")


@given(noise=st.text(alphabet="abcdefghijklmnopqrstuvwxyz ,.!?0123456789", max_size=200),
       after=st.text(alphabet="abcdefghijklmnopqrstuvwxyz", max_size=50))
def test_the_code_word_matches_after_any_noise(noise: str, after: str) -> None:
    matcher = CodeWordMatcher("qzvxkw")
    assert type_text(matcher, noise + "qzvxkw" + after) == 1
    assert matcher.held() <= matcher.capacity


@given(st.lists(st.one_of(st.characters(), st.sampled_from(["backspace", "enter", "left", "space"])),
                max_size=300))
def test_the_buffer_stays_bounded_whatever_is_typed(keys: list[str]) -> None:
    matcher = CodeWordMatcher(CODE)
    for key in keys:
        if len(key) > 1:
            apply_key(matcher, None, key, False)
        else:
            apply_key(matcher, key, None, False)
        assert matcher.held() <= matcher.capacity
