"""The compiled scanner (scripts/compile_native.py, shipped in the frozen build) is the one tested.

``scripts/test`` runs tests/pii a second time against build/native with
SAFETY_EXPECT_COMPILED_PII=1; this test makes sure that run really used the binaries and
did not quietly fall back to the sources.
"""

from __future__ import annotations

import os

import pytest

import pii


def test_the_run_uses_the_scanner_it_means_to() -> None:
    expected = os.environ.get("SAFETY_EXPECT_COMPILED_PII") == "1"
    assert pii.is_compiled() is expected


@pytest.mark.skipif(not pii.is_compiled(), reason="pure-Python run")
def test_compiled_modules_are_all_binaries() -> None:
    from pii import bank_card, context, masking, resident_id, scanner

    for module in (scanner, resident_id, bank_card, context, masking):
        assert not module.__file__.endswith(".py"), module.__file__
