"""``safety-assistant selfcheck [--json] [--end-of-shift]``: the automatic checks, no Qt.

Prints one line per item (``--json``: one object a line with ``item``, ``ok``, ``status``
and ``detail``); exit status 0 when every item passes, 1 otherwise. An item the machine
cannot check here ("unknown", e.g. no CUPS client) does not fail.
"""

from __future__ import annotations

import json
import logging
from typing import TextIO

from assistant.selfcheck.probes import Platform, all_ok, build_probes, run_probes
from assistant.settings.model import Settings

logger = logging.getLogger(__name__)

_STATUS_WORD = {"passed": "PASS", "failed": "FAIL", "unknown": "UNKNOWN", "pending": "PENDING"}


def selfcheck_command(settings: Settings, end_of_shift: bool, as_json: bool, out: TextIO,
                      platform: Platform | None = None) -> int:
    results = run_probes(build_probes(settings, end_of_shift, platform))
    for result in results:
        if as_json:
            out.write(json.dumps({"item": result.name, "ok": result.ok,
                                  "status": result.outcome.value, "detail": result.detail},
                                 ensure_ascii=False) + "\n")
        else:
            out.write(f"{_STATUS_WORD[result.outcome.value]:<8} {result.name:<18} {result.detail}\n")
    ok = all_ok(results)
    if not as_json:
        failed = sum(1 for r in results if not r.ok)
        out.write("All automatic checks passed.\n" if ok else f"{failed} check(s) failed.\n")
    logger.info("selfcheck CLI: %s", "passed" if ok else "failed")
    return 0 if ok else 1
