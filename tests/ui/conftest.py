from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.context import AppContext


@pytest.fixture
def make_ctx(tmp_path: Path) -> Iterator:  # type: ignore[type-arg]
    made: list[AppContext] = []

    def make(policy: str = "", settings: str | None = None) -> AppContext:
        policy_file = tmp_path / f"policy{len(made)}.toml"
        policy_file.write_text(policy, encoding="utf-8")
        base = tmp_path / f"base{len(made)}"
        if settings is not None:
            (base / "config").mkdir(parents=True, exist_ok=True)
            (base / "config" / "settings.toml").write_text(settings, encoding="utf-8")
        ctx = AppContext.create(str(base), str(policy_file))
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.audit.close()
