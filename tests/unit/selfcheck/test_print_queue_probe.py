from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.selfcheck.items import Outcome, Reason
from assistant.selfcheck.printing import (
    CupsPrintQueue,
    PrintJob,
    PrintQueueProbe,
    parse_lpstat_jobs,
    parse_powershell_jobs,
)
from tests.unit.selfcheck.fakes import write_script

LPSTAT_O = (
    "office-12               agent1            1024   Fri 27 Nov 2026 17:58:01 CST\n"
    "office-13               colleague         2048   Fri 27 Nov 2026 17:58:30 CST\n"
    "floor2_laser-7          agent1          153600   Fri 27 Nov 2026 17:59:12 CST\n"
)


def fake_lpstat(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> None:
    write_script(tmp_path / "bin", "lpstat", body)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")


def test_lpstat_lines_are_parsed() -> None:
    assert parse_lpstat_jobs(LPSTAT_O)[2] == PrintJob("floor2_laser-7", "agent1", "floor2_laser")


def test_waiting_jobs_of_this_user_fail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "out").write_text(LPSTAT_O)
    fake_lpstat(tmp_path, monkeypatch, f'[ "$1" = "-o" ] || exit 9\ncat "{tmp_path / "out"}"\n')
    result = PrintQueueProbe(CupsPrintQueue(), user="agent1").check()
    assert result.outcome is Outcome.FAILED and result.reason is Reason.PRINT_JOBS_WAITING
    assert result.subjects == ("office-12", "floor2_laser-7")
    assert PrintQueueProbe(CupsPrintQueue(), user="someone_else").check().outcome is Outcome.PASSED


def test_empty_queue_and_no_printers_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_lpstat(tmp_path, monkeypatch, "exit 0\n")
    assert PrintQueueProbe(CupsPrintQueue(), user="agent1").check().outcome is Outcome.PASSED
    fake_lpstat(tmp_path, monkeypatch, "echo 'lpstat: No destinations added.' >&2; exit 1\n")
    assert PrintQueueProbe(CupsPrintQueue(), user="agent1").check().outcome is Outcome.PASSED


def test_scheduler_down_or_lpstat_missing_is_unknown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_lpstat(tmp_path, monkeypatch, "echo 'lpstat: Scheduler is not running.' >&2; exit 1\n")
    result = PrintQueueProbe(CupsPrintQueue(), user="agent1").check()
    assert result.outcome is Outcome.UNKNOWN and result.ok and "Scheduler is not running" in result.detail
    missing = PrintQueueProbe(CupsPrintQueue(lpstat="lpstat-not-installed"), user="a").check()
    assert missing.outcome is Outcome.UNKNOWN and "lpstat" in missing.detail


def test_powershell_json_is_filtered_by_user() -> None:
    text = '[{"Id":4,"UserName":"agent1","PrinterName":"HP"},{"Id":5,"UserName":"x","PrinterName":"HP"}]'
    assert parse_powershell_jobs(text, "agent1") == [PrintJob("4", "agent1", "HP")]
    assert parse_powershell_jobs('{"Id":4,"UserName":"agent1","PrinterName":"HP"}', "agent1")
    assert parse_powershell_jobs("", "agent1") == []


# -- a real CUPS scheduler, private to the test ---------------------------------------------
CUPSD_CONF = """Listen {root}/cups.sock
LogLevel warn
Browsing No
WebInterface No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
<Location /admin>
  Order allow,deny
  Allow all
</Location>
<Policy default>
  JobPrivateAccess all
  JobPrivateValues none
  SubscriptionPrivateAccess all
  SubscriptionPrivateValues none
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
"""
CUPS_FILES_CONF = """ServerRoot {root}/etc
RequestRoot {root}/spool
CacheDir {root}/cache
StateDir {root}/state
TempDir {root}/spool
ErrorLog {root}/error_log
AccessLog {root}/access_log
PageLog {root}/page_log
FileDevice Yes
"""


@pytest.fixture
def cups_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """cupsd in the foreground with its own config and socket; CUPS_SERVER points at it."""
    cupsd = shutil.which("cupsd") or ("/usr/sbin/cupsd" if os.path.exists("/usr/sbin/cupsd") else None)
    if cupsd is None or shutil.which("lpadmin") is None or shutil.which("lpstat") is None:
        pytest.skip("CUPS is not installed (apt-get install cups cups-client)")
    root = Path(f"/tmp/sc-cups-{os.getpid()}")  # the socket path must stay short
    shutil.rmtree(root, ignore_errors=True)
    for sub in ("etc", "spool", "cache", "state"):
        (root / sub).mkdir(parents=True)
    for name in ("raw.types", "raw.convs"):
        if Path("/etc/cups", name).exists():
            shutil.copy(Path("/etc/cups", name), root / "etc" / name)
    (root / "cupsd.conf").write_text(CUPSD_CONF.format(root=root))
    (root / "cups-files.conf").write_text(CUPS_FILES_CONF.format(root=root))
    log = (root / "cupsd.out").open("wb")
    proc = subprocess.Popen([cupsd, "-f", "-c", str(root / "cupsd.conf"), "-s", str(root / "cups-files.conf")],
                            stdout=log, stderr=subprocess.STDOUT)
    monkeypatch.setenv("CUPS_SERVER", str(root / "cups.sock"))
    try:
        for _ in range(100):
            if subprocess.run(["lpstat", "-r"], capture_output=True, text=True, check=False).stdout.startswith(
                    "scheduler is running"):
                break
            if proc.poll() is not None:
                pytest.skip(f"cupsd did not start: {(root / 'cupsd.out').read_text()[:300]}")
            time.sleep(0.1)  # waiting for the scheduler to come up, not timing a result
        yield root
    finally:
        proc.terminate()
        proc.wait(10)
        log.close()
        shutil.rmtree(root, ignore_errors=True)


@pytest.mark.linux
def test_real_cups_queue_with_a_held_job(cups_server: Path, tmp_path: Path) -> None:
    from assistant.selfcheck.printing import current_user

    probe = PrintQueueProbe(CupsPrintQueue())
    assert probe.check().outcome is Outcome.PASSED  # scheduler up, no printer, no job
    subprocess.run(["lpadmin", "-p", "dummy", "-E", "-v", "file:/dev/null"], check=True,
                   capture_output=True)
    subprocess.run(["cupsdisable", "dummy"], check=True)  # the job waits, as at a jammed printer
    document = tmp_path / "customer-letter.txt"
    document.write_text("Dear customer\n")
    subprocess.run(["lp", "-d", "dummy", str(document)], check=True, capture_output=True)
    result = probe.check()
    assert result.outcome is Outcome.FAILED, result.detail
    assert result.subjects and result.subjects[0].startswith("dummy-")
    assert "customer-letter" not in result.detail  # document names stay out
    assert PrintQueueProbe(CupsPrintQueue(), user=current_user() + "-other").check().outcome is Outcome.PASSED
    subprocess.run(["cancel", "-a", "dummy"], check=True)
    assert probe.check().outcome is Outcome.PASSED


# PowerShell 5.1 on Chinese Windows, `... | ConvertTo-Json -Compress` redirected to a pipe: the
# bytes are in the OEM code page cp936 (张伟 is d5c5 cefb there), not UTF-8.
CAPTURED_CP936 = (b'[{"Id":7,"UserName":"\xd5\xc5\xce\xb0","PrinterName":"HP LaserJet"},'
                  b'{"Id":8,"UserName":"agent2","PrinterName":"HP LaserJet"}]\r\n')


def test_powershell_cp936_output_keeps_chinese_user_names() -> None:
    from assistant.selfcheck.printing import decode_console_output

    text = decode_console_output(CAPTURED_CP936, oem="cp936")
    assert parse_powershell_jobs(text, "张伟") == [PrintJob("7", "张伟", "HP LaserJet")]
    assert decode_console_output('"张伟"'.encode(), oem="cp936") == '"张伟"'  # UTF-8 still works


def test_a_waiting_job_of_a_chinese_user_fails_the_print_check() -> None:
    import subprocess as sp

    from assistant.selfcheck import printing

    queue = printing.WindowsPrintQueue(run=lambda *a, **k: sp.CompletedProcess(a, 0, CAPTURED_CP936, b""),
                                       oem="cp936")
    result = PrintQueueProbe(queue, user="张伟").check()
    assert not result.ok and result.outcome is Outcome.FAILED


def test_unreadable_powershell_output_is_unknown_not_a_crash() -> None:
    import subprocess as sp

    from assistant.selfcheck import printing

    queue = printing.WindowsPrintQueue(run=lambda *a, **k: sp.CompletedProcess(a, 0, b"WARNING: x {", b""))
    result = PrintQueueProbe(queue, user="agent1").check()
    assert result.outcome is Outcome.UNKNOWN and "unreadable" in result.detail

