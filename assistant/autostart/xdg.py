"""Linux and other XDG desktops: ~/.config/autostart/safety-assistant.desktop."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

FILE_NAME = "safety-assistant.desktop"


def _autostart_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "autostart"


class XdgAutostart:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or _autostart_dir()

    @property
    def path(self) -> Path:
        return self.folder / FILE_NAME

    def install(self, command: list[str]) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        exec_line = " ".join(shlex.quote(part) for part in command)
        self.path.write_text(
            "[Desktop Entry]\n"
            "Type=Application\n"
            "Name=Agent Desk Safety Assistant\n"
            "Name[zh_CN]=坐席安全助手\n"
            f"Exec={exec_line}\n"
            "Icon=safety-assistant\n"
            "X-GNOME-Autostart-enabled=true\n"
            "X-GNOME-Autostart-Delay=2\n"
            "NoDisplay=false\n",
            encoding="utf-8",
        )
        return str(self.path)

    def remove(self) -> str | None:
        if self.path.exists():
            self.path.unlink()
            return str(self.path)
        return None

    def installed(self) -> bool:
        return self.path.exists()
