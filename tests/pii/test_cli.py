"""``scan_command``: plain, JSON and masked output; exit codes; never a raw value."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from pii.cli import EXIT_CLEAN, EXIT_ERROR, EXIT_FOUND, scan_command

TEXT = "客户王芳，身份证11010519491231002X，手机138-1234-5678，邮箱zhangsan@qq.com\n"
RAW = ["11010519491231002X", "1234", "zhangsan"]


def _run(
    source: str | None, *, as_json: bool = False, mask: bool = False, stdin: str = ""
) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = scan_command(source, as_json, mask, io.StringIO(stdin), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "chat.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def _assert_no_raw(output: str) -> None:
    for raw in RAW:
        assert raw not in output


def test_plain_output_one_line_per_finding(sample: Path) -> None:
    code, out, err = _run(str(sample))
    assert code == EXIT_FOUND and err == ""
    lines = out.splitlines()
    assert lines == [
        "cn_resident_id  8-26  110***********002X  (confidence 0.99)",
        "cn_mobile       29-42  138-****-5678  (confidence 0.98)",
        "email           45-60  z***@qq.com  (confidence 0.95)",
    ]
    _assert_no_raw(out)


def test_json_output(sample: Path) -> None:
    code, out, _ = _run(str(sample), as_json=True)
    assert code == EXIT_FOUND
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows[0] == {
        "kind": "cn_resident_id",
        "start": 8,
        "end": 26,
        "masked": "110***********002X",
        "confidence": 0.99,
    }
    assert [row["kind"] for row in rows] == ["cn_resident_id", "cn_mobile", "email"]
    assert "客户" not in out  # only findings, no text
    _assert_no_raw(out)


def test_mask_output_prints_the_whole_masked_text(sample: Path) -> None:
    code, out, _ = _run(str(sample), mask=True)
    assert code == EXIT_FOUND
    assert out == "客户王芳，身份证110***********002X，手机138-****-5678，邮箱z***@qq.com\n"
    _assert_no_raw(out)


@pytest.mark.parametrize("source", [None, "-"])
def test_reads_stdin(source: str | None) -> None:
    code, out, _ = _run(source, stdin="手机13812345678")
    assert code == EXIT_FOUND
    assert out == "cn_mobile       2-13  138****5678  (confidence 0.98)\n"


def test_clean_input_exits_zero() -> None:
    assert _run("-", stdin="没有客户信息") == (EXIT_CLEAN, "", "")
    assert _run("-", mask=True, stdin="没有客户信息") == (EXIT_CLEAN, "没有客户信息", "")


def test_stdin_bytes_are_decoded_as_utf8() -> None:
    out, err = io.StringIO(), io.StringIO()
    gbk = io.TextIOWrapper(io.BytesIO("卡".encode("gbk")), encoding="utf-8")
    assert scan_command(None, False, False, gbk, out, err) == EXIT_ERROR
    assert err.getvalue().startswith("safety-assistant scan: <stdin>: not valid UTF-8")
    utf8 = io.TextIOWrapper(io.BytesIO("手机13812345678".encode()), encoding="utf-8")
    assert scan_command(None, False, False, utf8, out, err) == EXIT_FOUND


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    code, out, err = _run(str(missing))
    assert code == EXIT_ERROR and out == ""
    assert err == f"safety-assistant scan: {missing}: no such file\n"


def test_directory(tmp_path: Path) -> None:
    code, _, err = _run(str(tmp_path))
    assert code == EXIT_ERROR
    assert err.count("\n") == 1 and str(tmp_path) in err


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes("身份证11010519491231002X".encode("gbk"))
    code, out, err = _run(str(path))
    assert code == EXIT_ERROR and out == ""
    assert err.startswith(f"safety-assistant scan: {path}: not valid UTF-8 (byte 0:")
    assert err.count("\n") == 1
    _assert_no_raw(err)
