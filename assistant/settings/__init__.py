"""Typed settings, admin policy and the rules that merge them."""

from assistant.settings.model import SPECS, Settings, SettingSpec
from assistant.settings.problems import Problem, ProblemCode
from assistant.settings.resolver import ResolvedSettings, resolve
from assistant.settings.user_store import UserSettingsFile

__all__ = [
    "SPECS",
    "Problem",
    "ProblemCode",
    "ResolvedSettings",
    "SettingSpec",
    "Settings",
    "UserSettingsFile",
    "resolve",
]
