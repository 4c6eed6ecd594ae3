"""Where the tests and the benchmark look for the customer's labelled corpus on a development
machine: ``$SAFETY_PII_CORPUS``, else ``shared/corpus/pii-public.jsonl`` beside the main
checkout (found through git, so a worktree elsewhere finds the same folder)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from assistant.pii.evaluation import public_corpus_path

REPO = Path(__file__).resolve().parents[2]
CORPUS_NAME = "pii-public.jsonl"


def main_checkout() -> Path:
    try:
        common = subprocess.run(["git", "rev-parse", "--path-format=absolute",
                                 "--git-common-dir"], cwd=REPO, capture_output=True, text=True,
                                timeout=10, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return REPO
    return Path(common).parent if common else REPO


def development_corpus() -> Path:
    beside = main_checkout().parent / "shared" / "corpus" / CORPUS_NAME
    found = public_corpus_path(default=beside)
    assert found is not None
    return found
