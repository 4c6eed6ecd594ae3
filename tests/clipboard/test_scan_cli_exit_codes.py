"""``safety-assistant scan`` as a real subprocess: exit 1 found, 0 clean, 2 unreadable."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.clipboard.identifiers import bank_card, resident_id

REPO = Path(__file__).resolve().parents[2]


def run_scan(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "assistant", "scan", *args], input=stdin,
                          capture_output=True, cwd=REPO, timeout=60, check=False)


def test_found_exits_1_and_prints_masked_values_only(tmp_path: Path) -> None:
    chat = tmp_path / "chat.txt"
    chat.write_text(f"客户身份证 {resident_id()}，卡号 {bank_card()}\n", encoding="utf-8")
    result = run_scan(str(chat), "--json")
    assert result.returncode == 1, result.stderr
    out = result.stdout.decode()
    kinds = {json.loads(line)["kind"] for line in out.splitlines() if line.strip()}
    assert kinds == {"cn_resident_id", "bank_card"}
    assert resident_id() not in out and bank_card() not in out
    assert resident_id() not in result.stderr.decode()


def test_clean_stdin_exits_0() -> None:
    result = run_scan("-", stdin="您好，订单已发货。".encode())
    assert result.returncode == 0, result.stderr


def test_mask_prints_the_masked_text_from_stdin() -> None:
    result = run_scan("--mask", stdin=f"卡号 {bank_card()}\n".encode())
    assert result.returncode == 1
    assert result.stdout.decode().startswith("卡号 ") and bank_card() not in result.stdout.decode()


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = run_scan(str(tmp_path / "absent.txt"))
    assert result.returncode == 2
    assert "absent.txt" in result.stderr.decode()


def test_non_utf8_input_exits_2() -> None:
    result = run_scan("-", stdin=b"\xff\xfe\x00bad")
    assert result.returncode == 2
