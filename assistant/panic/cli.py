"""``safety-assistant panic``: the silent alarm from the command line (foot pedals, buttons).

With the tray app running, the alarm is handed to it over the instance channel. Without it,
this process commits the alarm to the outbox file and delivers it to the relay itself within a
few seconds; if the relay cannot be reached the alarm stays in the outbox and the app's
sender delivers it later. Nothing is printed that a pedal user would need to see.
"""

from __future__ import annotations

import enum
import logging
from typing import Any, TextIO

from assistant.panic.kinds import TriggerKind

logger = logging.getLogger(__name__)

TRIGGER_COMMAND = "panic.trigger"
OPEN_COMMAND = "panic.open"
STATUS_COMMAND = "panic.status"
HANDOVER_TIMEOUT_S = 2.0  # the longest a pedal press waits on a running app that does not answer

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_QUEUED = 3  # kept on this computer; delivered when the relay can be reached


class PanicWindow(enum.StrEnum):
    """Windows the running app opens for ``panic --cancel`` / ``--note`` / ``--set-pin``."""

    SAFE = "safe"
    NOTE = "note"
    SET_PIN = "set_pin"


def trigger_command(ctx: Any, test: bool, stdout: TextIO, stderr: TextIO,
                    budget_s: float | None = None) -> int:
    """Raise (or test) the alarm: through the running app, else directly."""
    from assistant.instance_channel import send_command

    panic = ctx.settings.panic
    if not (panic.enabled and panic.cli_enabled):
        print("The help command is switched off by the policy ([panic] enabled / cli_enabled).",
              file=stderr)
        return EXIT_USAGE
    reply = send_command(ctx.paths.instance_address,
                         {"cmd": TRIGGER_COMMAND, "trigger": str(TriggerKind.CLI), "test": test},
                         timeout=HANDOVER_TIMEOUT_S)
    if reply is not None and reply.get("ok"):
        print("Handed to the running Safety Assistant.", file=stdout)
        return EXIT_OK
    if reply is not None and reply.get("error") == "disabled":
        print("The running Safety Assistant has the help command switched off.", file=stderr)
        return EXIT_USAGE
    if reply is not None:
        logger.warning("the running app did not take the alarm (%s); sending it directly",
                       reply.get("error"))
    return _send_directly(ctx, test, stdout, stderr, budget_s)


def _send_directly(ctx: Any, test: bool, stdout: TextIO, stderr: TextIO,
                   budget_s: float | None) -> int:
    from assistant.alert_channel.channel import RelayLink
    from assistant.alerts.outbox import AlertOutbox
    from assistant.panic.direct_delivery import DEFAULT_BUDGET_S, DirectOutcome, deliver_now
    from assistant.panic.pins import PinStore
    from assistant.panic.service import AgentIdentity, PanicService

    relay = ctx.settings.relay
    with AlertOutbox(ctx.paths.outbox_db) as outbox:
        service = PanicService(lambda kind, payload, priority: outbox.put(kind, payload, priority),
                               ctx.audit, lambda: AgentIdentity.from_settings(relay),
                               PinStore.for_paths(ctx.paths))
        alert = (service.send_test(TriggerKind.CLI) if test
                 else service.raise_alarm(TriggerKind.CLI))
        outcome = deliver_now(outbox, alert.event_id, RelayLink.from_settings(relay),
                              budget_s=DEFAULT_BUDGET_S if budget_s is None else budget_s)
    logger.info("alarm %s sent without the app: %s", alert.event_id, outcome.value)
    if outcome is DirectOutcome.DELIVERED:
        print("Delivered to the relay.", file=stdout)
        return EXIT_OK
    if outcome is DirectOutcome.NOT_ENROLLED:
        print("This computer is not registered with a relay (safety-assistant enroll URL CODE); "
              "the alarm is kept on this computer until it is.", file=stderr)
        return EXIT_QUEUED
    if outcome is DirectOutcome.REJECTED:
        print("The relay refused the alarm; it is kept in the outbox for inspection.", file=stderr)
        return EXIT_FAILED
    print("The relay could not be reached; the alarm is kept on this computer and the Safety "
          "Assistant delivers it as soon as the relay answers.", file=stderr)
    return EXIT_QUEUED


def set_pin_command(ctx: Any, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """Read PINs from standard input: [current PIN when one is set], PIN, [duress PIN]."""
    from assistant.panic.kinds import AuditKind
    from assistant.panic.pins import PinError, PinProblem, PinStorageError, PinStore

    store = PinStore.for_paths(ctx.paths)
    lines = [line.rstrip("\r\n") for line in stdin.read().splitlines()]
    try:
        current = lines.pop(0) if store.load() is not None and lines else None
        if not lines or not lines[0]:
            print("Give the new PIN on standard input (a second line sets the duress PIN; when "
                  "a PIN is already set, the current PIN comes first).", file=stderr)
            return EXIT_USAGE
        pin = lines[0]
        duress = lines[1] if len(lines) > 1 and lines[1] else None
        store.change(pin, duress, current)
    except PinError as exc:
        messages = {
            PinProblem.TOO_SHORT: "A PIN needs at least 4 characters.",
            PinProblem.TOO_LONG: "A PIN has at most 32 characters.",
            PinProblem.DURESS_SAME: "The duress PIN must differ from the PIN.",
            PinProblem.CURRENT_WRONG: "The current PIN (first line) is not right.",
        }
        print(messages[exc.problem], file=stderr)
        return EXIT_FAILED
    except PinStorageError as exc:
        print(f"The PIN could not be saved: {exc}", file=stderr)
        return EXIT_FAILED
    ctx.audit.record(AuditKind.PIN_SET)
    print("PIN saved in the system keyring.", file=stdout)
    return EXIT_OK


def open_window_command(ctx: Any, window: PanicWindow, stdout: TextIO, stderr: TextIO) -> int:
    from assistant.instance_channel import send_command

    reply = send_command(ctx.paths.instance_address, {"cmd": OPEN_COMMAND, "window": str(window)},
                         timeout=HANDOVER_TIMEOUT_S)
    if reply is None:
        print("The Safety Assistant is not running.", file=stderr)
        return EXIT_FAILED
    if not reply.get("ok"):
        print(f"The Safety Assistant could not open it: {reply.get('error', 'unknown')}",
              file=stderr)
        return EXIT_FAILED
    return EXIT_OK
