"""Admin commands that work on the relay database directly (no running relay needed)."""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Any, TextIO

from relay import credentials, store
from relay.db import Database, utcnow

logger = logging.getLogger(__name__)

OFFLINE_AFTER_S = 90.0


def add_supervisor(db: Database, name: str, password: str) -> int:
    password_hash = credentials.hash_password(password)
    return db.call(lambda s: store.create_supervisor(s, name, password_hash))


def add_agent(db: Database, seat: str, name: str = "") -> tuple[dict[str, Any], str, datetime]:
    return db.call(lambda s: store.create_agent(s, seat, name))


def revoke_agent(db: Database, id_or_seat: str) -> dict[str, Any]:
    return db.call(lambda s: store.revoke_agent(s, id_or_seat))


def alerts(db: Database, limit: int = 200) -> list[dict[str, Any]]:
    """Recent alerts, each with ``escalation``: its delivery state per channel."""
    def load(session: Any) -> list[dict[str, Any]]:
        rows = store.list_alerts(session, None, limit)
        deliveries = store.deliveries_by_alert(session, [r["id"] for r in rows])
        for row in rows:
            row["escalation"] = deliveries.get(row["id"], [])
        return rows

    return db.call(load)


def failing_channels(db: Database) -> list[dict[str, Any]]:
    return db.call(store.failing_channels)


def print_failing_channels(channels: list[dict[str, Any]], out: TextIO) -> None:
    for channel in channels:
        since = channel["failing_since"] or ""
        when = since[11:16] if len(since) >= 16 else since
        out.write(f"{channel['name']} not reachable since {when} UTC "
                  f"({channel['pending']} escalation(s) waiting; last error: "
                  f"{channel['last_error'] or '-'})\n")


#: agents whose clock is further off than this are named under ``safety-relay agents``
CLOCK_WARN_S = 60.0


def agents(db: Database) -> list[dict[str, Any]]:
    now = utcnow()
    return db.call(lambda s: store.list_agents(s, now, OFFLINE_AFTER_S))


def print_json_lines(rows: list[dict[str, Any]], out: TextIO) -> None:
    out.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def _table(rows: list[list[str]], headers: list[str], out: TextIO) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(headers)]
    out.write("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip() + "\n")
    out.writelines("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() + "\n" for row in rows)


def print_alerts(rows: list[dict[str, Any]], out: TextIO) -> None:
    if not rows:
        out.write("no alerts\n")
        return
    table = [
        [
            r["id"][:8],
            r["kind"] + (" (TEST)" if r["test"] else "")
            + (f" ×{r['occurrences']}, last {r['last_at']}" if r.get("occurrences", 1) > 1 else ""),
            r["state"],
            r["seat"],
            r["agent_name"] or "-",
            r["raised_at"] or "-",
            r["acknowledged_by"] or "-",
        ]
        for r in rows
    ]
    _table(table, ["ALERT", "KIND", "STATE", "SEAT", "AGENT", "RAISED (UTC)", "ACK BY"], out)


def _selfcheck(agent: dict[str, Any]) -> str:
    check = agent.get("selfcheck")
    if not check:
        return "-"
    summary = f"{check['passed'] if check['passed'] is not None else '?'} ok"
    summary += f", {check['failed'] if check['failed'] is not None else '?'} failed"
    if check["failed_items"]:
        summary += " (" + ",".join(check["failed_items"]) + ")"
    return summary


def print_agents(rows: list[dict[str, Any]], out: TextIO) -> None:
    if not rows:
        out.write("no agents\n")
        return
    table = [
        [
            r["id"],
            r["seat"],
            r["name"] or "-",
            r["status"],
            r["state"],
            r["last_seen"] or "never",
            r["app_version"] or "-",
            _selfcheck(r),
        ]
        for r in rows
    ]
    _table(table, ["AGENT", "SEAT", "NAME", "STATUS", "STATE", "LAST SEEN (UTC)", "VERSION",
                   "SELF-CHECK"], out)
    for r in rows:
        offset = r.get("clock_offset_s")
        if offset is not None and abs(offset) > CLOCK_WARN_S:
            out.write(f"clock: seat {r['seat']} (agent {r['id']}) is {abs(offset):.0f} s "
                      f"{'ahead of' if offset > 0 else 'behind'} the relay; check the "
                      "workstation clock\n")
