#!/usr/bin/env python3
"""Qt translations: extract (.ts) and compile (.qm).

Each part of the UI has its own source catalogue so parts can be worked on independently:
  ui/*.py            -> resources/translations/core_zh_CN.ts
  ui/<area>/**/*.py  -> resources/translations/<area>_zh_CN.ts
All catalogues compile into one resources/translations/safety_assistant_zh_CN.qm.
English is the source language, so it needs no catalogue.

  python scripts/translations.py update [AREA ...]   # refresh .ts from the sources
  python scripts/translations.py compile             # build the .qm (the build runs this)
  python scripts/translations.py check               # list strings without zh_CN translation
  python scripts/translations.py fill AREA FILE.json # set translations from {"source": "译文"}
                                                     # (a list of forms for %n plurals)
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UI = ROOT / "ui"
TS_DIR = ROOT / "resources" / "translations"
QM = TS_DIR / "safety_assistant_zh_CN.qm"
LANG = "zh_CN"


def _tool(name: str) -> str:
    here = Path(sys.executable).parent
    for candidate in (here / f"pyside6-{name}", here / f"pyside6-{name}.exe"):
        if candidate.exists():
            return str(candidate)
    found = shutil.which(f"pyside6-{name}")
    if not found:
        raise SystemExit(f"pyside6-{name} not found: install PySide6 (pip install -e .)")
    return found


def areas() -> dict[str, list[Path]]:
    result = {"core": sorted(UI.glob("*.py"))}
    for sub in sorted(p for p in UI.iterdir() if p.is_dir() and (p / "__init__.py").exists()):
        result[sub.name] = sorted(sub.rglob("*.py"))
    return result


def ts_file(area: str) -> Path:
    return TS_DIR / f"{area}_{LANG}.ts"


def update(area: str, target: Path | None = None) -> Path:
    target = target or ts_file(area)
    sources = [str(p) for p in areas()[area]]
    subprocess.run([_tool("lupdate"), "-silent", "-no-obsolete", "-locations", "none",
                    "-target-language", LANG, *sources, "-ts", str(target)], check=True)
    return target


def untranslated(ts: Path) -> list[tuple[str, str]]:
    missing = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            tr = message.find("translation")
            if tr is None or tr.get("type") in ("unfinished",) or not (
                (tr.text or "").strip() or tr.findall("numerusform")
            ):
                missing.append((name, message.findtext("source", "")))
    return missing


def check() -> list[tuple[str, str, str]]:
    """Refresh each catalogue in a temporary copy and list what lacks a translation."""
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for area in areas():
            copy = Path(tmp) / ts_file(area).name
            if ts_file(area).exists():
                shutil.copy(ts_file(area), copy)
            update(area, copy)
            problems += [(area, ctx, src) for ctx, src in untranslated(copy)]
    return problems


def fill(area: str, mapping: dict[str, str | list[str]]) -> int:
    """Write translations for the given sources into the area's catalogue."""
    path = ts_file(area)
    tree = ET.parse(path)
    done = 0
    for message in tree.getroot().iter("message"):
        source = message.findtext("source", "")
        if source not in mapping:
            continue
        tr = message.find("translation")
        if tr is None:
            tr = ET.SubElement(message, "translation")
        for child in list(tr):
            tr.remove(child)
        value = mapping[source]
        if message.get("numerus") == "yes":
            tr.text = None
            for form in value if isinstance(value, list) else [value]:
                ET.SubElement(tr, "numerusform").text = form
        else:
            tr.text = value if isinstance(value, str) else value[0]
        tr.attrib.pop("type", None)
        done += 1
    ET.indent(tree, space="    ")
    with path.open("wb") as fh:
        fh.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(fh, encoding="utf-8", xml_declaration=False)
    return done


def compile_all() -> Path:
    catalogues = sorted(str(p) for p in TS_DIR.glob(f"*_{LANG}.ts"))
    subprocess.run([_tool("lrelease"), "-silent", *catalogues, "-qm", str(QM)], check=True)
    return QM


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "compile"
    if command == "update":
        for area in argv[1:] or list(areas()):
            print(update(area))
        return 0
    if command == "compile":
        print(compile_all())
        return 0
    if command == "fill":
        mapping = json.loads(Path(argv[2]).read_text(encoding="utf-8"))
        print(f"{fill(argv[1], mapping)} translation(s) written to {ts_file(argv[1])}")
        return 0
    if command == "check":
        problems = check()
        for area, ctx, src in problems:
            print(f"{area}: [{ctx}] {src!r} has no {LANG} translation")
        return 1 if problems else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
