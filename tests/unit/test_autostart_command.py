"""The login command starts the tray app without a console window on Windows."""

from __future__ import annotations

from pathlib import Path

from assistant.autostart import windowless_python


def test_python_exe_becomes_pythonw_exe_on_windows(tmp_path: Path) -> None:
    python = tmp_path / "python.exe"
    python.write_bytes(b"")
    (tmp_path / "pythonw.exe").write_bytes(b"")
    assert windowless_python(str(python), windows=True) == str(tmp_path / "pythonw.exe")
    assert windowless_python(str(python), windows=False) == str(python)


def test_without_pythonw_the_interpreter_stays(tmp_path: Path) -> None:
    python = tmp_path / "python.exe"
    python.write_bytes(b"")
    assert windowless_python(str(python), windows=True) == str(python)


def test_the_frozen_console_cli_registers_its_windowed_twin(tmp_path: Path) -> None:
    # `safety-assistant-cli.exe --install-autostart` must not start a console at every login.
    cli = tmp_path / "safety-assistant-cli.exe"
    cli.write_bytes(b"")
    (tmp_path / "safety-assistant.exe").write_bytes(b"")
    assert windowless_python(str(cli), windows=True) == str(tmp_path / "safety-assistant.exe")
    assert windowless_python(str(tmp_path / "safety-assistant.exe"), windows=True) == str(tmp_path / "safety-assistant.exe")
