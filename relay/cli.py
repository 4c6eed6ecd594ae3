"""``safety-relay``: run the relay and administer its database."""

from __future__ import annotations

import argparse
import getpass
import ipaddress
import json
import logging
import sys
from pathlib import Path
from typing import TextIO

from sqlalchemy.exc import OperationalError

from relay import admin
from relay.config import ConfigError, RelayConfig
from relay.db import Database, data_dir, make_engine
from relay.db_outage import DatabaseUnavailable
from relay.schema_migrations import DatabaseTooNew
from relay.store import StoreError

logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """Bad usage: the message is printed and the exit status is 2."""


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db", default=argparse.SUPPRESS,
        help="database URL (default: SQLite file in the relay data dir), "
             "e.g. sqlite:///relay.db or postgresql+psycopg://user@host/relay",
    )
    common.add_argument("--log-level", default=argparse.SUPPRESS,
                        choices=["DEBUG", "INFO", "WARNING", "ERROR"], help="default: INFO")
    parser = argparse.ArgumentParser(
        prog="safety-relay",
        description="Relay between Agent Desk Safety Assistant agents and supervisor consoles.",
        parents=[common],
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    serve = sub.add_parser("serve", parents=[common], help="run the relay (HTTP + websocket)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8443)
    serve.add_argument("--tls-cert", type=Path)
    serve.add_argument("--tls-key", type=Path)
    serve.add_argument("--config", type=Path, help="TOML config (escalation channels, ...)")
    serve.add_argument("--key-file", type=Path,
                       help="relay key that encrypts agent secrets "
                            "(default: relay.key in the data dir)")

    add_sup = sub.add_parser("add-supervisor", parents=[common], help="create a supervisor")
    add_sup.add_argument("name")
    add_sup.add_argument("--password-stdin", action="store_true",
                         help="read the password from the first line of standard input")

    add_agent = sub.add_parser("add-agent", parents=[common],
                               help="create an agent and print its one-time enrollment code")
    add_agent.add_argument("--seat", required=True)
    add_agent.add_argument("--name", default="")
    add_agent.add_argument("--json", action="store_true")

    revoke = sub.add_parser("revoke-agent", parents=[common], help="revoke an agent")
    revoke.add_argument("agent", metavar="AGENT_ID_OR_SEAT")

    alerts = sub.add_parser("alerts", parents=[common], help="list recent alerts")
    alerts.add_argument("--json", action="store_true", help="one JSON object a line")
    alerts.add_argument("--limit", type=int, default=200)

    agents = sub.add_parser("agents", parents=[common], help="list agents and their status")
    agents.add_argument("--json", action="store_true", help="one JSON object a line")

    unlock = sub.add_parser("unlock", parents=[common],
                            help="lift the lockout of a supervisor name or client address "
                                 "(takes effect in the running relay within seconds)")
    unlock.add_argument("target", metavar="NAME_OR_ADDRESS")

    database = sub.add_parser("db", parents=[common], help="the database's schema revision")
    db_sub = database.add_subparsers(dest="db_command", metavar="DB_COMMAND")
    db_sub.required = True
    db_sub.add_parser("current", parents=[common],
                      help="print the database's schema revision (changes nothing)")
    db_sub.add_parser("upgrade", parents=[common],
                      help="apply pending migrations (serve and the other commands do too)")
    return parser


def _read_password(args: argparse.Namespace, stdin: TextIO) -> str:
    if args.password_stdin:
        password = stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Repeat password: ") != password:
            raise UsageError("passwords do not match")
    if len(password) < 8:
        raise UsageError("password must have at least 8 characters")
    return password


def is_loopback_host(host: str) -> bool:
    """True when ``host`` (a name or address to bind) is reachable only from this machine."""
    if host.strip().lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _serve(args: argparse.Namespace, db_url: str | None) -> int:
    import uvicorn

    from relay.app import create_app
    from relay.secretbox import SecretBox, SecretBoxError, load_or_create_key
    from relay.service import RelayService

    if bool(args.tls_cert) != bool(args.tls_key):
        raise UsageError("--tls-cert and --tls-key go together")
    try:
        config = RelayConfig.load(args.config)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    key_file = args.key_file or config.key_file or data_dir() / "relay.key"
    try:
        box = SecretBox(load_or_create_key(key_file))
    except (OSError, SecretBoxError) as exc:
        print(f"safety-relay: cannot use relay key {key_file}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    if not args.tls_cert and not is_loopback_host(args.host):
        print(f"safety-relay: WARNING: serving on {args.host} without --tls-cert: agents' "
              "requests, supervisor passwords and alerts cross the network unencrypted. "
              "Use --tls-cert/--tls-key (or a TLS proxy in front of a loopback address).",
              file=sys.stderr, flush=True)
    db = Database(make_engine(db_url))
    app = create_app(RelayService(config, db, box))
    logger.info("serving on %s://%s:%d", "https" if args.tls_cert else "http", args.host,
                args.port)
    try:
        uvicorn.run(
            app,
            host=args.host,
            port=args.port,
            ssl_certfile=str(args.tls_cert) if args.tls_cert else None,
            ssl_keyfile=str(args.tls_key) if args.tls_key else None,
            log_level=args.log_level.lower(),
            access_log=False,  # the stream URL carries a token; never log it
            log_config=None,
        )
    finally:
        db.close()
    return EXIT_OK


def _database_command(args: argparse.Namespace, db_url: str | None, stdout: TextIO) -> int:
    from relay import schema_migrations

    engine = make_engine(db_url, migrate=False)
    try:
        if args.db_command == "current":
            stdout.write(schema_migrations.describe(engine) + "\n")
            return EXIT_OK
        before = schema_migrations.upgrade(engine)
        head = schema_migrations.head_revision()
        if before == (head,):
            stdout.write(f"already at revision {head}\n")
        else:
            stdout.write(f"upgraded from {', '.join(before) or 'nothing'} to revision {head}\n")
        return EXIT_OK
    finally:
        engine.dispose()


def run(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    db_url: str | None = getattr(args, "db", None)
    if args.command == "serve":
        return _serve(args, db_url)
    if args.command == "db":
        return _database_command(args, db_url, stdout)
    if args.command == "add-supervisor":
        name = args.name.strip()
        if not name or len(name) > 128:
            raise UsageError("supervisor name must have 1 to 128 characters")
        password = _read_password(args, stdin)
        db = Database(make_engine(db_url))
        try:
            admin.add_supervisor(db, name, password)
        finally:
            db.close()
        stdout.write(f"supervisor {name!r} created\n")
        return EXIT_OK
    db = Database(make_engine(db_url))
    try:
        if args.command == "add-agent":
            seat = args.seat.strip()
            if not seat or len(seat) > 64 or len(args.name) > 128:
                raise UsageError("--seat must have 1 to 64 characters, --name at most 128")
            view, code, expires = admin.add_agent(db, seat, args.name.strip())
            if args.json:
                stdout.write(json.dumps({"agent_id": view["id"], "seat": seat,
                                         "code": code, "expires_at": expires.isoformat()}) + "\n")
            else:
                stdout.write(f"agent {view['id']} created for seat {seat}\n")
                stdout.write(f"enrollment code (one use, valid until "
                             f"{expires:%Y-%m-%d %H:%M} UTC): {code}\n")
        elif args.command == "revoke-agent":
            view = admin.revoke_agent(db, args.agent)
            stdout.write(f"agent {view['id']} (seat {view['seat']}) revoked\n")
        elif args.command == "alerts":
            if args.limit < 1:
                raise UsageError("--limit must be at least 1")
            rows = admin.alerts(db, args.limit)
            if not args.json:
                admin.print_failing_channels(admin.failing_channels(db), stdout)
            (admin.print_json_lines if args.json else admin.print_alerts)(rows, stdout)
        elif args.command == "unlock":
            from relay.login_guard import unlock

            removed = db.call(lambda s: unlock(s, args.target))
            if not removed:
                stdout.write(f"{args.target!r} is not locked\n")
            stdout.writelines(f"unlocked {key}\n" for key in removed)
        elif args.command == "agents":
            rows = admin.agents(db)
            (admin.print_json_lines if args.json else admin.print_agents)(rows, stdout)
    finally:
        db.close()
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) if isinstance(exc.code, int) else EXIT_USAGE
    args.log_level = getattr(args, "log_level", "INFO")
    logging.basicConfig(level=getattr(logging, args.log_level),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        return run(args, sys.stdin, sys.stdout)
    except UsageError as exc:
        print(f"safety-relay: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except StoreError as exc:
        print(f"safety-relay: {exc.detail}", file=sys.stderr)
        return EXIT_FAILED
    except DatabaseTooNew as exc:
        print(f"safety-relay: refusing to start: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except DatabaseUnavailable as exc:
        print(f"safety-relay: the database is unavailable ({exc.reason})", file=sys.stderr)
        return EXIT_FAILED
    except OperationalError as exc:
        first = str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else repr(exc)
        print(f"safety-relay: cannot use the database: {first}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
