"""Where settings, data and logs live: platformdirs, or everything under --basedir."""

from __future__ import annotations

import getpass
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from assistant.platform_flags import IS_MACOS, IS_WINDOWS

APP_NAME = "SafetyAssistant"
APP_AUTHOR = "AgentDesk"
_MAX_UNIX_SOCKET_PATH = 100


@dataclass(frozen=True)
class AppPaths:
    config_dir: Path
    data_dir: Path
    log_dir: Path
    runtime_dir: Path
    portable: bool = False

    @classmethod
    def from_basedir(cls, basedir: str | os.PathLike[str] | None) -> AppPaths:
        if basedir:
            base = Path(basedir).expanduser().resolve()
            return cls(base / "config", base / "data", base / "logs", base / "run", True)
        dirs = platformdirs.PlatformDirs(APP_NAME, APP_AUTHOR)
        runtime = Path(dirs.user_runtime_dir) if not IS_WINDOWS else Path(dirs.user_cache_dir)
        return cls(
            Path(dirs.user_config_dir), Path(dirs.user_data_dir), Path(dirs.user_log_dir), runtime
        )

    def ensure(self) -> None:
        for folder in (self.config_dir, self.data_dir, self.log_dir, self.runtime_dir):
            folder.mkdir(parents=True, exist_ok=True)
            if not IS_WINDOWS:
                try:
                    folder.chmod(0o700)
                except OSError:
                    pass

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.toml"

    @property
    def audit_db(self) -> Path:
        return self.data_dir / "audit.sqlite3"

    @property
    def outbox_db(self) -> Path:
        return self.data_dir / "outbox.sqlite3"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "safety-assistant.log"

    @property
    def instance_name(self) -> str:
        """Name of the one-instance-per-session channel (differs per user and base dir)."""
        key = f"{getpass.getuser()}|{self.config_dir}"
        digest = hashlib.sha256(key.encode()).hexdigest()[:12]
        return f"safety-assistant-{digest}"

    @property
    def instance_address(self) -> str:
        """Socket path (POSIX) or pipe name (Windows) of the running app's command channel."""
        if IS_WINDOWS:
            return self.instance_name
        path = str(self.runtime_dir / f"{self.instance_name}.sock")
        if len(path.encode()) <= _MAX_UNIX_SOCKET_PATH:
            return path
        # Deep base directories overflow AF_UNIX's ~107-byte limit: use a short private folder.
        short = Path(tempfile.gettempdir()) / f"safety-assistant-{os.getuid()}"  # type: ignore[attr-defined]
        short.mkdir(mode=0o700, exist_ok=True)
        return str(short / f"{self.instance_name}.sock")


def default_policy_file() -> Path:
    if IS_WINDOWS:
        return Path(os.environ.get("ProgramData", r"C:\ProgramData")) / "SafetyAssistant" / "policy.toml"
    if IS_MACOS:
        return Path("/Library/Application Support/SafetyAssistant/policy.toml")
    return Path("/etc/safety-assistant/policy.toml")
