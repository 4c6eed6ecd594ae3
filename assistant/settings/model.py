"""Every setting of the agent app, declared once, with its type, default and hard bounds.

Defaults come from the customer's safety training (shared/seed/DIGEST.md): lock after 5
minutes idle and never allow more than 30, 20-20-20 eye breaks, a 10-minute rest per hour.
Sections map 1:1 to TOML tables in the user settings file and the admin policy file.
"""

from __future__ import annotations

import copy
import dataclasses
import enum
from dataclasses import dataclass, field
from typing import Any, Literal

Stricter = Literal["lower", "higher"] | None


@dataclass(frozen=True)
class SettingSpec:
    """What one setting accepts. ``stricter`` says which direction is the safer one: the user
    may always move a value that way, never the other way past what the policy set."""

    section: str
    key: str
    default: Any
    kind: type
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] | None = None
    stricter: Stricter = None
    admin_only: bool = False
    pattern: str | None = None

    @property
    def name(self) -> str:
        return f"{self.section}.{self.key}"


def setting(
    default: Any,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    choices: tuple[str, ...] | None = None,
    stricter: Stricter = None,
    admin_only: bool = False,
    pattern: str | None = None,
) -> Any:
    meta = {
        "minimum": minimum,
        "maximum": maximum,
        "choices": choices,
        "stricter": stricter,
        "admin_only": admin_only,
        "pattern": pattern,
    }
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: copy.deepcopy(default), metadata=meta)
    return field(default=default, metadata=meta)


class Language(str, enum.Enum):
    SYSTEM = "system"
    ZH_CN = "zh_CN"
    EN = "en"


MAX_IDLE_TIMEOUT_S = 1800  # "最长无操作锁屏时间 30分钟" — nothing may exceed it
HHMM = r"^([01]\d|2[0-3]):[0-5]\d$"


@dataclass
class GeneralSettings:
    language: str = setting("system", choices=tuple(x.value for x in Language))
    allow_quit: bool = setting(True, stricter="lower", admin_only=True)
    notifications: bool = setting(True)


@dataclass
class AutolockSettings:
    enabled: bool = setting(True, stricter="higher")
    idle_timeout_s: int = setting(300, minimum=10, maximum=MAX_IDLE_TIMEOUT_S, stricter="lower")
    warning_s: int = setting(30, minimum=0, maximum=120)
    lock_command: str = setting("", admin_only=True)
    hotkey: str = setting("<ctrl>+<alt>+l")


@dataclass
class BreakSettings:
    enabled: bool = setting(True, stricter="higher")
    mode: str = setting("20-20-20", choices=("20-20-20", "pomodoro"))
    eye_interval_s: int = setting(1200, minimum=5, maximum=7200, stricter="lower")
    eye_duration_s: int = setting(20, minimum=3, maximum=600, stricter="higher")
    rest_interval_s: int = setting(3600, minimum=10, maximum=4 * 3600, stricter="lower")
    rest_duration_s: int = setting(600, minimum=5, maximum=3600, stricter="higher")
    pomodoro_work_s: int = setting(1500, minimum=10, maximum=7200, stricter="lower")
    pomodoro_break_s: int = setting(300, minimum=5, maximum=3600, stricter="higher")
    notice_s: int = setting(10, minimum=0, maximum=120)
    postpone_s: int = setting(300, minimum=30, maximum=1800, stricter="lower")
    max_postpones: int = setting(2, minimum=0, maximum=10, stricter="lower")
    strict: bool = setting(False, stricter="higher")
    on_call_max_s: int = setting(3600, minimum=60, maximum=4 * 3600, stricter="lower")


@dataclass
class ClipboardSettings:
    enabled: bool = setting(True, stricter="higher")
    action: str = setting("warn", choices=("warn", "mask", "clear"))
    clear_after_s: int = setting(60, minimum=5, maximum=3600, stricter="lower")
    kinds: list[str] = setting(
        ["cn_resident_id", "bank_card", "cn_mobile", "email", "cn_passport", "hk_id",
         "tw_id", "uscc", "cn_landline"]
    )


@dataclass
class PanicSettings:
    enabled: bool = setting(True, stricter="higher")
    hotkey_enabled: bool = setting(True)
    hotkey: str = setting("<ctrl>+<alt>+<shift>+<f9>")
    confirm: str = setting("none", choices=("none", "double", "hold"))
    hold_s: float = setting(1.5, minimum=0.5, maximum=5.0)
    tray_entry_enabled: bool = setting(True)
    tray_label: str = setting("")
    code_word_enabled: bool = setting(False)
    code_word: str = setting("")
    cli_enabled: bool = setting(True)
    ack_sign: str = setting("tray_mark", choices=("none", "tray_mark"))
    test_every_days: int = setting(0, minimum=0, maximum=365)


@dataclass
class SelfCheckSettings:
    enabled: bool = setting(True, stricter="higher")
    hotkey: str = setting("<ctrl>+<alt>+<shift>+d")
    shift_end: str = setting("18:00", pattern=HHMM)
    shift_end_weekdays: list[int] = setting([1, 2, 3, 4, 5])
    customer_app_patterns: list[str] = setting([])
    extra_items: list[str] = setting([])


@dataclass
class RelaySettings:
    url: str = setting("")
    agent_id: str = setting("")
    seat: str = setting("")
    heartbeat_s: int = setting(30, minimum=5, maximum=300)


@dataclass
class Settings:
    general: GeneralSettings = field(default_factory=GeneralSettings)
    autolock: AutolockSettings = field(default_factory=AutolockSettings)
    breaks: BreakSettings = field(default_factory=BreakSettings)
    clipboard: ClipboardSettings = field(default_factory=ClipboardSettings)
    panic: PanicSettings = field(default_factory=PanicSettings)
    selfcheck: SelfCheckSettings = field(default_factory=SelfCheckSettings)
    relay: RelaySettings = field(default_factory=RelaySettings)

    def get(self, section: str, key: str) -> Any:
        return getattr(getattr(self, section), key)

    def set(self, section: str, key: str, value: Any) -> None:
        setattr(getattr(self, section), key, value)


def _default_of(f: dataclasses.Field[Any]) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    raise TypeError(f"setting {f.name} has no default")


def all_specs() -> dict[tuple[str, str], SettingSpec]:
    """Every setting, keyed by (section, key), in declaration order."""
    specs: dict[tuple[str, str], SettingSpec] = {}
    for section_field in dataclasses.fields(Settings):
        section_cls = type(_default_of(section_field))
        for f in dataclasses.fields(section_cls):
            default = _default_of(f)
            specs[(section_field.name, f.name)] = SettingSpec(
                section=section_field.name,
                key=f.name,
                default=default,
                kind=type(default),
                **f.metadata,
            )
    return specs


SPECS = all_specs()
SECTIONS = tuple(dict.fromkeys(section for section, _ in SPECS))
