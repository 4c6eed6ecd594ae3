#!/usr/bin/env python3
"""The whole system on one machine: relay, a demo supervisor's console and an enrolled agent.

``scripts/run`` starts this (on a virtual desktop when there is no screen). Everything lives in
``.local-demo/`` (git-ignored); running it again reuses the relay database, the supervisor
and the enrolled seat. Ctrl+C stops the agent app, the console and the relay, in that order.

    .venv/bin/python scripts/demo.py [--dir DIR] [--port PORT]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.alerts.enrollment import (
    DEFAULT_KEYRING_SERVICE,
    load_secret,
    secret_key_name,
)
from assistant.supervision.remembered import (
    remember_password,
    remembered_password,
)

DEFAULT_PORT = 8765
SUPERVISOR = "demo"
SEAT = "DEMO-01"
AGENT_NAME = "演示坐席 Demo agent"
STOP_WAIT_S = 10.0


def say(zh: str, en: str) -> None:
    print(f"{zh}\n{en}", flush=True)


class Demo:
    def __init__(self, root: Path, port: int | None) -> None:
        self.root = root
        self.relay_dir = root / "relay"
        self.agent_dir = root / "agent"
        self.console_dir = root / "console"
        self.state_file = root / "demo.json"
        self.policy_file = self.agent_dir / "policy.toml"
        self.requested_port = port
        self.secrets_dir = root / "secrets"
        # scripts/virtual-desktop makes a new, empty keyring each time: keep copies of the
        # demo's two secrets on disk (0600) to put back into the next desktop's keyring.
        self.throwaway_keyring = bool(os.environ.get("VD_DIR"))
        self.state: dict[str, Any] = {}
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.stopping = False

    # -- bookkeeping ---------------------------------------------------------------------
    def load(self) -> None:
        for folder in (self.root, self.relay_dir, self.agent_dir, self.console_dir):
            folder.mkdir(parents=True, exist_ok=True)
        if self.state_file.exists():
            self.state = json.loads(self.state_file.read_text(encoding="utf-8"))
        if not self.policy_file.exists():
            self.policy_file.write_text(
                "# Demo policy of the agent app (the administrator's file in real use).\n",
                encoding="utf-8")

    def keep_copy(self, name: str, secret: str) -> None:
        if not self.throwaway_keyring:
            return
        self.secrets_dir.mkdir(mode=0o700, exist_ok=True)
        path = self.secrets_dir / name
        path.touch(mode=0o600, exist_ok=True)
        path.write_text(secret, encoding="utf-8")

    def kept_copy(self, name: str) -> str | None:
        path = self.secrets_dir / name
        if not self.throwaway_keyring or not path.exists():
            return None
        return path.read_text(encoding="utf-8").strip() or None

    def save(self) -> None:
        self.state_file.write_text(json.dumps(self.state, indent=2), encoding="utf-8")

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.relay_dir / 'relay.sqlite3'}"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.state['port']}"

    def relay_cli(self, *args: str, input: str | None = None) -> str:
        result = subprocess.run([sys.executable, "-m", "relay.cli", "--log-level", "WARNING",
                                 "--db", self.db_url, *args], input=input, capture_output=True,
                                text=True, cwd=REPO, env=self.relay_env(), timeout=120,
                                check=False)
        if result.returncode != 0:
            raise SystemExit(f"safety-relay {args[0]} failed: {result.stderr.strip()}")
        return result.stdout

    def relay_env(self) -> dict[str, str]:
        return {**os.environ, "SAFETY_RELAY_HOME": str(self.relay_dir)}

    def agent_args(self) -> list[str]:
        return ["--basedir", str(self.agent_dir), "--policy", str(self.policy_file)]

    # -- steps ---------------------------------------------------------------------------
    def pick_port(self) -> None:
        wanted = self.requested_port or self.state.get("port") or DEFAULT_PORT
        if not port_free(wanted):
            wanted = free_port()
        old = self.state.get("port")
        self.state["port"] = wanted
        self.state["moved_from"] = old if old and old != wanted else None
        self.save()

    def start_relay(self) -> None:
        log = (self.relay_dir / "relay.log").open("ab")
        self.procs["relay"] = subprocess.Popen(
            [sys.executable, "-m", "relay.cli", "--db", self.db_url, "serve", "--port",
             str(self.state["port"]), "--key-file", str(self.relay_dir / "relay.key"),
             "--log-level", "WARNING"],
            cwd=REPO, env=self.relay_env(), stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)
        deadline = time.monotonic() + 30
        while not healthy(self.url):
            if self.procs["relay"].poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the relay did not start; see {self.relay_dir / 'relay.log'}")
            time.sleep(0.2)
        say(f"中继已启动：{self.url}（数据在 {self.relay_dir}）",
            f"Relay running at {self.url} (data in {self.relay_dir})")

    def ensure_supervisor(self) -> None:
        name = self.state.get("supervisor")
        if name and not remembered_password(self.url, name):
            moved = self.state.get("moved_from")
            old = (remembered_password(f"http://127.0.0.1:{moved}", name) if moved else None)
            old = old or self.kept_copy(f"supervisor-{name}")
            if old:
                remember_password(self.url, name, old)
        if name and remembered_password(self.url, name):
            say(f"演示主管 “{name}” 的密码保存在系统密钥环中，控制台会自动登录。",
                f"The demo supervisor “{name}” has its password in the system keyring; "
                "the console logs in by itself.")
            return
        # First run, or this keyring does not know the password any more.
        number = int(self.state.get("supervisor_number", 0)) + 1
        name = SUPERVISOR if number == 1 else f"{SUPERVISOR}{number}"
        password = secrets.token_urlsafe(12)
        self.relay_cli("add-supervisor", name, "--password-stdin", input=password + "\n")
        stored = remember_password(self.url, name, password)
        self.keep_copy(f"supervisor-{name}", password)
        self.state.update(supervisor=name, supervisor_number=number)
        self.save()
        print()
        say(f"已创建演示主管 “{name}”，密码（只显示这一次）：{password}",
            f"Created the demo supervisor “{name}”; password (shown only this once): {password}")
        if stored:
            say("密码已保存在系统密钥环中，控制台会自动登录。",
                "It is kept in the system keyring, so the console logs in by itself.")
        else:
            say("无法写入系统密钥环：请在控制台登录框中输入上面的密码。",
                "The system keyring is not available: type the password above into the "
                "console's login dialog.")
        if self.throwaway_keyring:
            say(f"（虚拟桌面的密钥环每次都是新的，演示把密钥副本存放在 {self.secrets_dir}，仅本机可读。）",
                f"(The virtual desktop's keyring is new each time, so the demo keeps copies of "
                f"its secrets in {self.secrets_dir}, readable by you only.)")
        print()

    def ensure_agent(self) -> None:
        agent_id = self.state.get("agent_id")
        secret = safe_secret(agent_id) if agent_id else None
        if agent_id and not secret:
            secret = self.kept_copy(f"agent-{agent_id}")
            if secret:
                import keyring

                keyring.set_password(DEFAULT_KEYRING_SERVICE, secret_key_name(agent_id), secret)
        if agent_id and secret:
            settings = self.agent_dir / "config" / "settings.toml"
            if self.url not in settings.read_text(encoding="utf-8"):
                self.agent_cli("config", "set", "relay.url", f'"{self.url}"')
            say(f"坐席 {SEAT} 已登记，沿用。", f"Seat {SEAT} is already enrolled; reusing it.")
            return
        if agent_id:  # enrolled before, but its key is gone: enroll the seat again
            self.relay_cli("revoke-agent", agent_id)
        created = json.loads(self.relay_cli("add-agent", "--seat", SEAT, "--name", AGENT_NAME,
                                            "--json"))
        self.agent_cli("enroll", self.url, created["code"])
        self.state["agent_id"] = created["agent_id"]
        self.save()
        kept = safe_secret(created["agent_id"])
        if kept:
            self.keep_copy(f"agent-{created['agent_id']}", kept)
        say(f"坐席 {SEAT} 已用一次性登记码登记，密钥保存在系统密钥环中。",
            f"Seat {SEAT} enrolled with a one-time code; its key is in the system keyring.")

    def agent_cli(self, *args: str) -> str:
        result = subprocess.run([sys.executable, "-m", "assistant", *args, *self.agent_args()],
                                capture_output=True, text=True, cwd=REPO, timeout=120,
                                check=False)
        if result.returncode != 0:
            raise SystemExit(f"safety-assistant {args[0]} failed: {result.stderr.strip()}")
        return result.stdout

    def start_apps(self) -> None:
        env = {**os.environ}
        env.pop("QT_QPA_PLATFORM", None)
        console_log = (self.console_dir / "console-output.txt").open("ab")
        self.procs["console"] = subprocess.Popen(
            [sys.executable, "-m", "assistant", "supervisor", "--relay", self.url, "--user",
             str(self.state["supervisor"]), "--basedir", str(self.console_dir)],
            cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=console_log,
            stderr=subprocess.STDOUT, start_new_session=True)
        agent_log = (self.agent_dir / "agent-output.txt").open("ab")
        self.procs["agent"] = subprocess.Popen(
            [sys.executable, "-m", "assistant", *self.agent_args()], cwd=REPO, env=env,
            stdin=subprocess.DEVNULL, stdout=agent_log, stderr=subprocess.STDOUT,
            start_new_session=True)

    def instructions(self) -> None:
        cli = f".venv/bin/safety-assistant panic --test {' '.join(self.agent_args())}"
        print(f"""
================================================================================
坐席安全助手 — 本机演示已启动
  · 中继 (relay)        {self.url}
  · 主管控制台           用户 “{self.state['supervisor']}”（自动登录）
  · 坐席托盘程序         座位号 {SEAT}

试一试：
  1. 在托盘图标菜单中选择 “安全 → 测试报警”：主管控制台会弹出标记为 “测试” 的报警窗口；
     控制台显示后，坐席端会收到确认。
  2. 真实报警：按 Ctrl+Alt+Shift+F9（或托盘菜单中伪装的 “检查更新”）。坐席屏幕上没有任何变化，
     主管控制台在每块屏幕上弹出置顶报警窗口并反复响铃，直到有人点击 “确认收到”。
  3. 也可以在命令行发送测试报警：{cli}
  按 Ctrl+C 结束演示（坐席程序、控制台、中继依次退出）。

Agent Desk Safety Assistant — the local demo is running
  · relay               {self.url}
  · supervisor console  user “{self.state['supervisor']}” (logged in by itself)
  · agent tray app      seat {SEAT}

Try it:
  1. In the tray icon's menu choose “Safety → Test the alarm”: the supervisor console pops up
     an alarm marked TEST; once the console has shown it, the agent gets a confirmation.
  2. A real alarm: press Ctrl+Alt+Shift+F9 (or the disguised “Check for updates” tray entry).
     Nothing changes on the agent's screen; the console opens an always-on-top alarm on every
     screen and rings until someone clicks “Acknowledge”.
  3. Or send a test alarm from a terminal: {cli}
  Press Ctrl+C to stop the demo (agent app, console and relay quit in that order).
================================================================================""",
              flush=True)
        if os.environ.get("VD_DIR"):
            display = os.environ.get("DISPLAY", "")
            say(f"（虚拟桌面 DISPLAY={display}；截图：DISPLAY={display} import -window root shot.png）",
                f"(Virtual desktop DISPLAY={display}; screenshot: "
                f"DISPLAY={display} import -window root shot.png)")

    # -- running and stopping ------------------------------------------------------------
    def watch(self) -> int:
        reported: set[str] = set()
        while not self.stopping:
            for name, proc in self.procs.items():
                code = proc.poll()
                if code is None or name in reported:
                    continue
                reported.add(name)
                if name == "relay":
                    say(f"中继意外退出（{code}），见 {self.relay_dir / 'relay.log'}",
                        f"The relay exited ({code}); see {self.relay_dir / 'relay.log'}")
                    return 1
                if name == "console":
                    say("主管控制台已关闭，演示结束。", "The supervisor console was closed; "
                        "stopping the demo.")
                    return 0
                say("坐席托盘程序已退出（控制台和中继继续运行，按 Ctrl+C 结束）。",
                    "The agent tray app quit (console and relay keep running; Ctrl+C stops).")
            time.sleep(0.5)
        return 0

    def stop(self) -> None:
        self.stopping = True
        for name in ("agent", "console", "relay"):  # agent first: it tells the relay it stops
            proc = self.procs.get(name)
            if proc is None or proc.poll() is not None:
                continue
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(STOP_WAIT_S)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        say("演示已停止；数据保留在 .local-demo/，下次运行会继续使用。",
            "Demo stopped; its data stays in .local-demo/ for the next run.")


def port_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def healthy(url: str) -> bool:
    import httpx

    try:
        return httpx.get(url + "/healthz", timeout=1.0).status_code == 200
    except httpx.HTTPError:
        return False


def safe_secret(agent_id: str) -> str | None:
    try:
        return load_secret(agent_id)
    except Exception as exc:  # noqa: BLE001 - no keyring backend at all
        print(f"keyring: {exc}", file=sys.stderr)
        return None


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--dir", type=Path, default=REPO / ".local-demo")
    parser.add_argument("--port", type=int, default=None)
    args = parser.parse_args(argv)
    demo = Demo(args.dir.resolve(), args.port)
    interrupted = False

    def on_signal(*_: object) -> None:
        nonlocal interrupted
        interrupted = True
        demo.stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    pid_file = os.environ.get("DEMO_PID_FILE")  # scripts/run signals this process only
    if pid_file:
        Path(pid_file).write_text(str(os.getpid()), encoding="utf-8")
    code = 0
    try:
        demo.load()
        demo.pick_port()
        demo.start_relay()
        demo.ensure_supervisor()
        demo.ensure_agent()
        if not interrupted:
            demo.start_apps()
            demo.instructions()
            code = demo.watch()
    finally:
        demo.stop()
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
