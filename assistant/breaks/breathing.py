"""The 4-7-8 breathing exercise from the training's 快速情绪平复方法 (the plan, not the drawing)."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class BreathPhase(str, enum.Enum):
    INHALE = "inhale"  # 吸气: the circle grows
    HOLD = "hold"  # 屏息: the circle stays
    EXHALE = "exhale"  # 呼气: the circle shrinks


@dataclass(frozen=True)
class BreathStep:
    phase: BreathPhase
    seconds: float


# "吸气4秒,屏息7秒,呼气8秒,重复3-5次"
BREATHING_478: tuple[BreathStep, ...] = (
    BreathStep(BreathPhase.INHALE, 4.0),
    BreathStep(BreathPhase.HOLD, 7.0),
    BreathStep(BreathPhase.EXHALE, 8.0),
)
BREATHING_CYCLES = 4
