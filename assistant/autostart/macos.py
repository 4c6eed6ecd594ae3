"""macOS: ~/Library/LaunchAgents/com.agentdesk.safety-assistant.plist (RunAtLoad)."""

from __future__ import annotations

import plistlib
from pathlib import Path

LABEL = "com.agentdesk.safety-assistant"


class LaunchAgent:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or Path.home() / "Library" / "LaunchAgents"

    @property
    def path(self) -> Path:
        return self.folder / f"{LABEL}.plist"

    def install(self, command: list[str]) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        with self.path.open("wb") as fh:
            plistlib.dump(
                {"Label": LABEL, "ProgramArguments": command, "RunAtLoad": True,
                 "ProcessType": "Interactive", "LimitLoadToSessionType": "Aqua"},
                fh,
            )
        return str(self.path)

    def remove(self) -> str | None:
        if self.path.exists():
            self.path.unlink()
            return str(self.path)
        return None

    def installed(self) -> bool:
        return self.path.exists()
