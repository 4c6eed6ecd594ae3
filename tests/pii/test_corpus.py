"""Accuracy on labelled corpora: the shared public corpus and our own hard set."""

from __future__ import annotations

from pathlib import Path

import pytest

from pii.evaluation import (
    CORPUS_ENV,
    CorpusScore,
    load_cases,
    public_corpus_path,
    scan_detector,
    score_corpus,
)
from tests.pii.corpus_location import CORPUS_NAME, development_corpus

PUBLIC_CORPUS = development_corpus()
HARD_SET = Path(__file__).resolve().parent / "data" / "pii-hard.jsonl"

MIN_RECALL = 0.995
MAX_FALSE_FLAG_RATE = 0.005


def _summary(score: CorpusScore) -> str:
    return (
        f"recall {score.recall:.4f} ({score.found}/{score.expected}), "
        f"look-alikes flagged {score.false_flag_rate:.4f} "
        f"({score.lookalikes_flagged}/{score.lookalikes}); "
        f"missed (line-1, tag, kind): {score.missed[:20]}; flagged: {score.flagged[:20]}"
    )


@pytest.mark.parametrize("path", [PUBLIC_CORPUS, HARD_SET], ids=["public", "hard"])
def test_corpus_accuracy(path: Path) -> None:
    if not path.is_file():
        pytest.skip(f"labelled corpus {path} is not present on this machine")
    score = score_corpus(load_cases(path), scan_detector)
    assert score.expected > 0 and score.lookalikes > 0
    assert score.recall >= MIN_RECALL, _summary(score)
    assert score.false_flag_rate <= MAX_FALSE_FLAG_RATE, _summary(score)


def test_public_corpus_path_points_at_shared_directory() -> None:
    assert PUBLIC_CORPUS.name == CORPUS_NAME
    assert PUBLIC_CORPUS.parent.parent.name == "shared" or CORPUS_ENV in __import__("os").environ


def test_the_product_names_no_corpus_path_of_its_own(tmp_path: Path) -> None:
    assert public_corpus_path(environ={}) is None
    assert public_corpus_path(tmp_path, environ={}) == tmp_path
    given = tmp_path / "corpus.jsonl"
    assert public_corpus_path(tmp_path, environ={CORPUS_ENV: str(given)}) == given


def test_hard_set_is_big_and_covers_the_listed_traps() -> None:
    cases = load_cases(HARD_SET)
    tags = {case.tag for case in cases}
    assert len(cases) >= 150
    assert sum(case.is_lookalike for case in cases) >= 50
    for required in (
        "id-fullwidth", "card-fullwidth-grouped", "id-grouped-6-4-4-4", "url-query",
        "json-strings", "card-unionpay19-plain", "neutral-run-containing-id", "snowflake-id",
        "ms-timestamp", "id-residence-permit", "id-foreigner-9x", "id-lowercase-x",
        "mobile-plus86-spaced", "email-touching-chinese", "card-dashed", "multi-tight",
        "long-run-containing-card",
    ):  # fmt: skip
        assert required in tags, required


def test_scoring_normalises_separators_width_and_country_prefix() -> None:
    from pii.evaluation import normalize_value

    assert normalize_value("cn_mobile", "+86 138-1234-5678") == "13812345678"
    assert normalize_value("cn_mobile", "（＋８６）１３８１２３４５６７８") == "13812345678"
    assert normalize_value("cn_resident_id", "110105 1949 1231 002x") == "11010519491231002X"
    assert normalize_value("bank_card", "６２２２　０２０２") == "62220202"
    assert normalize_value("email", "Zhang@QQ.com") == "zhang@qq.com"
