"""Short stretches for the rest break, from the training's 工间放松小技巧 (neck, shoulders,
wrists) and 快速情绪平复方法 (relax shoulders, hands, neck)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication


@dataclass(frozen=True)
class Stretch:
    key: str
    title: str  # English source; translated when shown
    steps: tuple[str, ...]

    def translated_title(self) -> str:
        return QCoreApplication.translate("Stretches", self.title)

    def translated_steps(self) -> list[str]:
        return [QCoreApplication.translate("Stretches", step) for step in self.steps]


STRETCHES: tuple[Stretch, ...] = (
    Stretch("neck", str(QT_TRANSLATE_NOOP("Stretches", "Neck stretch")), (
        str(QT_TRANSLATE_NOOP("Stretches", "Sit up straight and relax your shoulders.")),
        str(QT_TRANSLATE_NOOP("Stretches", "Slowly tilt your head to the right, ear towards the shoulder; hold for 10 seconds.")),
        str(QT_TRANSLATE_NOOP("Stretches", "Do the same to the left.")),
        str(QT_TRANSLATE_NOOP("Stretches", "Slowly turn your head to look over each shoulder, 5 times each way.")),
    )),
    Stretch("shoulders", str(QT_TRANSLATE_NOOP("Stretches", "Shoulder relaxation")), (
        str(QT_TRANSLATE_NOOP("Stretches", "Lift both shoulders up towards your ears and hold for 3 seconds.")),
        str(QT_TRANSLATE_NOOP("Stretches", "Let them drop and relax; breathe out.")),
        str(QT_TRANSLATE_NOOP("Stretches", "Roll your shoulders backwards 10 times, then forwards 10 times.")),
        str(QT_TRANSLATE_NOOP("Stretches", "Clasp your hands behind your back and gently open your chest.")),
    )),
    Stretch("wrists", str(QT_TRANSLATE_NOOP("Stretches", "Wrist and hand stretch")), (
        str(QT_TRANSLATE_NOOP("Stretches", "Stretch one arm forward, palm up.")),
        str(QT_TRANSLATE_NOOP("Stretches", "With the other hand, gently pull the fingers back; hold for 10 seconds.")),
        str(QT_TRANSLATE_NOOP("Stretches", "Turn the palm down and gently press the back of the hand; hold for 10 seconds.")),
        str(QT_TRANSLATE_NOOP("Stretches", "Swap hands, then make loose fists and circle your wrists.")),
    )),
)


def stretch_for(index: int) -> Stretch:
    """One stretch after another, break after break."""
    return STRETCHES[index % len(STRETCHES)]
