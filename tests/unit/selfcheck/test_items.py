from __future__ import annotations

from assistant.selfcheck.items import (
    ChecklistState,
    ItemKey,
    ItemKind,
    ItemResult,
    Outcome,
    Reason,
    checklist,
)


def names(items) -> list[str]:  # type: ignore[no-untyped-def]
    return [i.name for i in items]


def test_short_absence_lists_the_training_items() -> None:
    items = checklist(end_of_shift=False)
    assert names(items) == ["clipboard", "removable_storage", "print_queue",
                            "paper_away", "printouts_collected", "valuables_locked"]
    assert [i.kind for i in items[:3]] == [ItemKind.AUTOMATIC] * 3


def test_end_of_shift_adds_windows_equipment_files_and_customer_apps() -> None:
    items = names(checklist(end_of_shift=True))
    for extra in ("customer_apps", "applications_closed", "equipment_off", "files_archived",
                  "windows_closed"):
        assert extra in items
    assert set(names(checklist(False))) < set(items)


def test_policy_items_are_added_once_without_commas() -> None:
    items = checklist(False, ["抽屉已上锁", "Badge, keys", "抽屉已上锁", "  ", 5])  # type: ignore[list-item]
    extras = [i for i in items if i.name.startswith("extra:")]
    assert [i.name for i in extras] == ["extra:抽屉已上锁", "extra:Badge keys"]
    assert extras[1].text == "Badge, keys" and extras[0].kind is ItemKind.MANUAL


def test_state_passes_only_when_every_item_is_ok() -> None:
    state = ChecklistState(checklist(False))
    assert not state.all_passed and state.checking
    for key in ("clipboard", "removable_storage"):
        state.set_result(ItemResult(key, Outcome.PASSED, Reason.CLIPBOARD_CLEAN, "ok"))
    state.set_result(ItemResult("print_queue", Outcome.UNKNOWN, Reason.PRINT_QUEUE_UNKNOWN, "?"))
    assert not state.checking
    for key in ("paper_away", "printouts_collected"):
        state.confirm(key, True)
    assert not state.all_passed
    final = {r.name: r for r in state.final_results()}
    assert not final["valuables_locked"].ok and final["valuables_locked"].detail == "not confirmed"
    state.confirm("valuables_locked", True)
    assert state.all_passed
    state.confirm("paper_away", False)
    assert not state.all_passed


def test_automatic_items_cannot_be_confirmed_by_hand() -> None:
    state = ChecklistState(checklist(False))
    try:
        state.confirm(ItemKey.CLIPBOARD.value, True)
    except ValueError:
        pass
    else:
        raise AssertionError("an automatic item was confirmed by hand")
