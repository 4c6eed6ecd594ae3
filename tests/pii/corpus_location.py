"""Where the tests and the benchmark look for the customer's labelled corpus on a development
machine: ``$SAFETY_PII_CORPUS``, else ``shared/corpus/pii-public.jsonl`` beside the main
checkout (a git worktree elsewhere finds the main checkout through its ``.git`` file)."""

from __future__ import annotations

from pathlib import Path

from pii.evaluation import public_corpus_path

REPO = Path(__file__).resolve().parents[2]
CORPUS_NAME = "pii-public.jsonl"


def main_checkout() -> Path:
    """This checkout, or for a worktree (``.git`` is a file "gitdir: MAIN/.git/worktrees/NAME")
    the main checkout."""
    marker = REPO / ".git"
    if marker.is_file():
        text = marker.read_text(encoding="utf-8").strip()
        if text.startswith("gitdir:"):
            gitdir = Path(text.removeprefix("gitdir:").strip())
            if gitdir.parent.name == "worktrees":
                return gitdir.parents[2]
    return REPO


def development_corpus() -> Path:
    beside = main_checkout().parent / "shared" / "corpus" / CORPUS_NAME
    found = public_corpus_path(default=beside)
    assert found is not None
    return found
