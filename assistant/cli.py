"""The ``safety-assistant`` command line.

No arguments start the tray app (one instance per user session). Sub-commands that need
no GUI (audit, config, scan, selfcheck, enroll, panic) run without importing Qt.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

from assistant import __version__


def _common(parser: argparse.ArgumentParser, suppress: bool) -> None:
    default: Any = argparse.SUPPRESS if suppress else None
    parser.add_argument("--basedir", metavar="DIR", default=default,
                        help="keep every setting, data file and log under DIR (tests, portable use)")
    parser.add_argument("--policy", metavar="FILE", default=default,
                        help="the administrator's policy file (default: the per-OS location)")
    parser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS if suppress else False,
                        help="verbose logging")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="safety-assistant",
        description="Agent Desk Safety Assistant (坐席安全助手): idle lock, breaks, silent alarm, "
        "clipboard guard and desk self-check.",
    )
    parser.add_argument("--version", action="version", version=f"safety-assistant {__version__}")
    _common(parser, suppress=False)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--self-test", action="store_true",
                      help="start the GUI, check every subsystem, print one line per check")
    mode.add_argument("--install-autostart", action="store_true", help="start the app at login")
    mode.add_argument("--remove-autostart", action="store_true", help="stop starting at login")

    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    audit = sub.add_parser("audit", help="print the local audit log")
    _common(audit, suppress=True)
    audit.add_argument("--since", metavar="ISO-TIME", help="only events at or after this time")
    audit.add_argument("--json", action="store_true", help="one JSON object a line")

    config = sub.add_parser("config", help="show or change user settings")
    _common(config, suppress=True)
    config_sub = config.add_subparsers(dest="config_command", metavar="ACTION")
    _common(config_sub.add_parser("show", help="every setting with its value and where it comes from"), True)
    set_parser = config_sub.add_parser("set", help="set a user setting (section.key value)")
    _common(set_parser, suppress=True)
    set_parser.add_argument("name", metavar="SECTION.KEY")
    set_parser.add_argument("value", help="a TOML value: 120, true, \"text\", [1, 2]")
    _common(config_sub.add_parser("check", help="check the policy and settings files; exit 1 on problems"), True)

    lock = sub.add_parser("lock", help="lock the workstation now through the running app "
                          "(for desktop shortcuts where global hotkeys cannot work, e.g. Wayland)")
    _common(lock, suppress=True)

    scan = sub.add_parser("scan", help="find customer identifiers in a file (DLP check)")
    _common(scan, suppress=True)
    scan.add_argument("file", nargs="?", default=None, metavar="FILE|-")
    scan.add_argument("--json", action="store_true")
    scan.add_argument("--mask", action="store_true", help="print the masked text")

    enroll = sub.add_parser("enroll", help="connect this workstation to the supervisors' relay")
    _common(enroll, suppress=True)
    enroll.add_argument("url")
    enroll.add_argument("code")
    enroll.add_argument("--insecure", action="store_true",
                        help="allow plain http:// to a relay on another machine (the agent's "
                             "secret then crosses the network unencrypted)")

    supervisor = sub.add_parser("supervisor", help="the supervisor console: live alerts from the "
                                "agents' desks, the alarm, the floor list")
    _common(supervisor, suppress=True)
    supervisor.add_argument("--relay", required=True, metavar="URL",
                            help="the relay's address, e.g. https://relay.example.com:8443")
    supervisor.add_argument("--user", default="", metavar="NAME", help="supervisor name")
    supervisor.add_argument("--password-stdin", action="store_true",
                            help="read the password from the first line of standard input")
    supervisor.add_argument("--language", default="system", choices=["system", "zh_CN", "en"])

    panic = sub.add_parser("panic", help="raise the silent alarm (for foot pedals and buttons bound "
                           "to this command); silent: nothing shows on the screen")
    _common(panic, suppress=True)
    panic_mode = panic.add_mutually_exclusive_group()
    panic_mode.add_argument("--test", action="store_true",
                            help="send a TEST alarm (a drill) instead of a real one")
    panic_mode.add_argument("--set-pin", action="store_true",
                            help="set the \"I'm safe\" PIN from standard input: the current PIN "
                                 "first when one is set, then the PIN, then the duress PIN "
                                 "(optional)")
    panic_mode.add_argument("--cancel", action="store_true",
                            help="open the running app's \"I'm safe\" PIN window")
    panic_mode.add_argument("--note", action="store_true",
                            help="open the running app's incident note window")

    selfcheck = sub.add_parser("selfcheck", help="check the desk before leaving (clipboard, USB "
                               "drives, print queue, customer-data windows); exit 1 when one fails")
    _common(selfcheck, suppress=True)
    selfcheck.add_argument("--json", action="store_true", help="one JSON object a line")
    selfcheck.add_argument("--end-of-shift", action="store_true",
                           help="the end-of-shift check (also customer-data application windows)")

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from assistant.standard_streams import ensure_standard_streams

    ensure_standard_streams()  # the windowed Windows executable starts without them
    parser = build_parser()
    args = parser.parse_args(argv)
    handlers: dict[str | None, Callable[[argparse.Namespace], int]] = {
        "audit": _cmd_audit,
        "config": _cmd_config,
        "scan": _cmd_scan,
        "lock": _cmd_lock,
        "enroll": _cmd_enroll,
        "supervisor": _cmd_supervisor,
        "selfcheck": _cmd_selfcheck,
        "panic": _cmd_panic,
    }
    if args.command is None:
        if args.install_autostart or args.remove_autostart:
            return _cmd_autostart(args)
        return _run_gui(args)
    return handlers[args.command](args)


def _context(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from assistant.context import AppContext
    from assistant.logging_setup import init_logging

    ctx = AppContext.create(args.basedir, args.policy)
    init_logging(ctx.paths.log_file, debug=args.debug)
    return ctx


def _run_gui(args: argparse.Namespace) -> int:
    from ui.app import run  # the only place the CLI reaches into Qt

    return run(args)


def _cmd_autostart(args: argparse.Namespace) -> int:
    from assistant.autostart import create_autostart, launch_command

    autostart = create_autostart()
    if args.install_autostart:
        where = autostart.install(launch_command(args.basedir, args.policy))
        print(f"Autostart installed: {where}")
    else:
        removed = autostart.remove()
        print(f"Autostart removed: {removed}" if removed else "Autostart was not installed.")
    return 0


def _parse_since(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text)  # Python 3.11 reads a trailing "Z"
    return value if value.tzinfo else value.astimezone()


def _cmd_audit(args: argparse.Namespace) -> int:
    since = None
    if args.since:
        try:
            since = _parse_since(args.since)
        except ValueError:
            print(f"safety-assistant audit: --since {args.since!r} is not an ISO time "
                  "(e.g. 2026-11-27T09:00 or 2026-11-27)", file=sys.stderr)
            return 2
    ctx = _context(args)
    for event in ctx.audit.query(since=since):
        if args.json:
            print(json.dumps(event.as_json(), ensure_ascii=False))
        else:
            local = event.time.astimezone().strftime("%Y-%m-%d %H:%M:%S")
            details = " ".join(f"{k}={v}" for k, v in sorted(event.details.items()))
            print(f"{local}  {event.kind:<22} {details}".rstrip())
    return 0


def _cmd_config(args: argparse.Namespace) -> int:
    import tomllib

    from assistant.settings import SPECS, UserSettingsFile
    from assistant.settings.resolver import parse_toml

    ctx = _context(args)
    resolved = ctx.resolved
    action = args.config_command or "show"
    if action == "check":
        for problem in resolved.problems:
            print(problem)
        print("no problems" if not resolved.problems else f"{len(resolved.problems)} problem(s)")
        return 1 if resolved.problems else 0
    if action == "show":
        for section, key in SPECS:
            value = resolved.settings.get(section, key)
            c = resolved.constraints[(section, key)]
            origin = "policy (fixed)" if c.locked else ("user" if (section, key) in resolved.user_values else "default")
            bounds = ""
            if c.minimum is not None or c.maximum is not None:
                bounds = f"  [{c.minimum if c.minimum is not None else ''}..{c.maximum if c.maximum is not None else ''}]"
            print(f"{section}.{key} = {json.dumps(value, ensure_ascii=False)}  ({origin}){bounds}")
        return 0
    section, _, key = args.name.partition(".")
    if (section, key) not in SPECS:
        print(f"safety-assistant config: unknown setting {args.name!r}", file=sys.stderr)
        return 2
    try:
        value = parse_toml(f"v = {args.value}")["v"]
    except tomllib.TOMLDecodeError:
        value = args.value  # bare text
    problem = resolved.check_user_value(section, key, value)
    if problem is not None:
        print(f"Refused: {section}.{key} = {args.value}: {problem.reason}", file=sys.stderr)
        return 1
    moved = UserSettingsFile(ctx.paths.settings_file).update({(section, key): value})
    if moved:
        print(f"The old settings file could not be read and was kept as {moved}", file=sys.stderr)
    ctx.audit.record("settings.changed", key=f"{section}.{key}")
    print(f"{section}.{key} = {json.dumps(value, ensure_ascii=False)}")
    return 0


def _cmd_lock(args: argparse.Namespace) -> int:
    from assistant.instance_channel import send_command
    from assistant.locking import create_session_locker

    ctx = _context(args)
    reply = send_command(ctx.paths.instance_address, {"cmd": "autolock.lock"})
    if reply is None:
        # Not running, or it did not answer within the channel's 2 s: lock without it.
        outcome = create_session_locker(ctx.settings.autolock.lock_command).lock()
        if outcome.locked:
            ctx.audit.record("lock.locked", backend=outcome.backend, via="cli")
            print(f"Safety Assistant is not running or did not answer; locked with {outcome.backend}.",
                  file=sys.stderr)
            return 0
        reasons = "; ".join(f"{name}: {why}" for name, why in outcome.reasons.items())
        print(f"Safety Assistant is not running or did not answer, and nothing could lock ({reasons}); "
              "start it first (safety-assistant).", file=sys.stderr)
        return 1
    if not reply.get("ok"):
        print(f"The running app could not lock: {reply.get('error', 'unknown reason')}", file=sys.stderr)
        return 1
    return 0


def _cmd_scan(args: argparse.Namespace) -> int:
    from pii.cli import scan_command

    return scan_command(args.file, args.json, args.mask, sys.stdin, sys.stdout, sys.stderr)


def _cmd_enroll(args: argparse.Namespace) -> int:
    import platform

    from assistant.alerts.enrollment import EnrollmentError, enroll
    from assistant.settings import UserSettingsFile

    ctx = _context(args)
    try:
        result = enroll(args.url, args.code, platform.node(), __version__,
                        insecure=args.insecure)
    except EnrollmentError as exc:
        print(f"Enrollment failed: {exc}", file=sys.stderr)
        return 1
    UserSettingsFile(ctx.paths.settings_file).update({
        ("relay", "url"): result.relay_url,
        ("relay", "agent_id"): result.agent_id,
        ("relay", "seat"): result.seat,
    })
    if args.insecure and result.relay_url.lower().startswith("http://"):
        print("Warning: enrolled over plain http (--insecure); use https:// for the relay.",
              file=sys.stderr)
    ctx.audit.record("relay.enrolled", relay=result.relay_url, seat=result.seat)
    print(f"Enrolled as seat {result.seat} ({result.agent_id}) at {result.relay_url}; "
          "the key is kept in the system keyring.")
    from assistant.instance_channel import send_command

    if send_command(ctx.paths.instance_address, {"cmd": "relay.reload"}, timeout=5) is not None:
        print("The running Safety Assistant now reports to this relay.")
    return 0


def _cmd_selfcheck(args: argparse.Namespace) -> int:
    from assistant.selfcheck.cli import selfcheck_command

    ctx = _context(args)
    return selfcheck_command(ctx.settings, args.end_of_shift, args.json, sys.stdout)


def _cmd_panic(args: argparse.Namespace) -> int:
    from assistant.panic import cli as panic_cli

    ctx = _context(args)
    if args.set_pin:
        return panic_cli.set_pin_command(ctx, sys.stdin, sys.stdout, sys.stderr)
    if args.cancel or args.note:
        window = panic_cli.PanicWindow.SAFE if args.cancel else panic_cli.PanicWindow.NOTE
        return panic_cli.open_window_command(ctx, window, sys.stdout, sys.stderr)
    return panic_cli.trigger_command(ctx, args.test, sys.stdout, sys.stderr)


def _cmd_supervisor(args: argparse.Namespace) -> int:
    from ui.supervisor.app import run  # the console is a Qt program

    return run(args)
