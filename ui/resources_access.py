"""Paths of packaged resources (icons, sounds, translations), frozen or not."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def resource_path(*parts: str) -> Path:
    node = files("resources")
    for part in parts:
        node = node.joinpath(part)
    return Path(str(node))


def icon_path(name: str) -> str:
    return str(resource_path("icons", f"{name}.svg"))
