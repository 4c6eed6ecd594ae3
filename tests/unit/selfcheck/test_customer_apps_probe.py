from __future__ import annotations

from assistant.selfcheck.app_windows import CustomerAppPatterns, CustomerAppsProbe, WindowInfo
from assistant.selfcheck.items import Fix, Outcome, Reason
from tests.unit.selfcheck.fakes import FakeWindows, resident_id

WINDOWS = [
    WindowInfo(1, "Mozilla Firefox", "firefox"),
    WindowInfo(2, f"客户管理系统 - 张三 {resident_id()}", "crm-client"),
    WindowInfo(3, "Terminal", "xterm"),
]


def test_patterns_substring_wildcard_and_regex() -> None:
    patterns = CustomerAppPatterns(["crm", "*工单*", r"re:^Case #\d+"])
    assert patterns.matching(WindowInfo(1, "Salesforce CRM")) == "crm"
    assert patterns.matching(WindowInfo(1, "x", "CRM-Client")) == "crm"
    assert patterns.matching(WindowInfo(1, "处理工单 - 42")) == "*工单*"
    assert patterns.matching(WindowInfo(1, "case #77 open")) == r"re:^Case #\d+"
    assert patterns.matching(WindowInfo(1, "Firefox")) is None
    assert CustomerAppPatterns(["re:("]).invalid == ["re:("]


def test_customer_window_fails_with_masked_title_and_closes() -> None:
    lister = FakeWindows(list(WINDOWS))
    probe = CustomerAppsProbe(lister, ["客户管理", "CRM"], closer=lister)
    result = probe.check()
    assert result.outcome is Outcome.FAILED and result.reason is Reason.CUSTOMER_APPS_OPEN
    assert result.fix is Fix.CLOSE_WINDOWS and len(result.subjects) == 1
    assert resident_id() not in result.subjects[0] and resident_id() not in result.detail
    assert "张三" not in result.detail  # titles stay out of the record
    assert probe.fix() and lister.closed == [2]
    assert probe.check().outcome is Outcome.PASSED


def test_no_patterns_or_no_window_list_is_unknown() -> None:
    assert CustomerAppsProbe(FakeWindows(WINDOWS), []).check().reason is Reason.NO_CUSTOMER_APP_PATTERNS
    result = CustomerAppsProbe(FakeWindows(None), ["CRM"]).check()
    assert result.outcome is Outcome.UNKNOWN and result.reason is Reason.WINDOWS_UNKNOWN
