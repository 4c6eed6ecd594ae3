"""Windows: HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run value."""

from __future__ import annotations

import subprocess
import sys

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
VALUE_NAME = "AgentDeskSafetyAssistant"


class WindowsRunKey:
    def install(self, command: list[str]) -> str:
        if sys.platform != "win32":
            raise OSError("the Run key exists only on Windows")
        import winreg

        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
            winreg.SetValueEx(key, VALUE_NAME, 0, winreg.REG_SZ, subprocess.list2cmdline(command))
        return rf"HKCU\{RUN_KEY}\{VALUE_NAME}"

    def remove(self) -> str | None:
        if sys.platform != "win32":
            raise OSError("the Run key exists only on Windows")
        import winreg

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
                winreg.DeleteValue(key, VALUE_NAME)
        except FileNotFoundError:
            return None
        return rf"HKCU\{RUN_KEY}\{VALUE_NAME}"

    def installed(self) -> bool:
        if sys.platform != "win32":
            raise OSError("the Run key exists only on Windows")
        import winreg

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                winreg.QueryValueEx(key, VALUE_NAME)
        except FileNotFoundError:
            return False
        return True
