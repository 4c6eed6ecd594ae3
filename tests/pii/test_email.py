"""E-mail addresses."""

from __future__ import annotations

import pytest

from pii import FindingKind, scan
from pii.email import find_emails


def _emails(text: str) -> list[str]:
    return [text[s:e] for s, e in find_emails(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("邮箱mvgn93@qq.com，请发送电子发票", ["mvgn93@qq.com"]),
        ("请发到zhang.san@mail.example.com.cn谢谢", ["zhang.san@mail.example.com.cn"]),
        ("mailto:li_si+crm@163.com", ["li_si+crm@163.com"]),
        ("结尾.zhang@qq.com.", ["zhang@qq.com"]),
        ("a@b.co and c@d.org", ["a@b.co", "c@d.org"]),
        ("user@localhost", []),
        ("zhang@qq", []),
        ("@qq.com", []),
        ("x..y@qq.com", []),
        ("price 5@10.00", []),
        ("https://user:secret@host.example.com/path", []),
    ],
)
def test_find_emails(text: str, expected: list[str]) -> None:
    assert _emails(text) == expected


def test_full_width_at_sign_is_accepted() -> None:
    text = "邮箱：zhang＠qq.com"
    (finding,) = scan(text)
    assert finding.kind is FindingKind.EMAIL
    assert text[finding.start : finding.end] == "zhang＠qq.com"
    assert finding.masked == "z***＠qq.com"


def test_digits_of_an_email_local_part_are_not_a_mobile() -> None:
    text = "13812345678@163.com"
    assert [(f.kind, f.start, f.end) for f in scan(text)] == [(FindingKind.EMAIL, 0, len(text))]
