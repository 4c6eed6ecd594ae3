"""What every part of the agent app needs: paths, the merged settings and the audit log."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from assistant.audit import AuditLog
from assistant.paths import AppPaths, default_policy_file
from assistant.settings import ResolvedSettings, resolve

logger = logging.getLogger(__name__)


@dataclass
class AppContext:
    paths: AppPaths
    policy_file: Path
    resolved: ResolvedSettings
    audit: AuditLog

    @classmethod
    def create(cls, basedir: str | None, policy: str | None) -> AppContext:
        paths = AppPaths.from_basedir(basedir)
        paths.ensure()
        policy_file = Path(policy).expanduser() if policy else default_policy_file()
        resolved = resolve(policy_file, paths.settings_file)
        audit = AuditLog(paths.audit_db)
        return cls(paths, policy_file, resolved, audit)

    def reload_settings(self) -> ResolvedSettings:
        self.resolved = resolve(self.policy_file, self.paths.settings_file)
        return self.resolved

    @property
    def settings(self):  # type: ignore[no-untyped-def]
        return self.resolved.settings
