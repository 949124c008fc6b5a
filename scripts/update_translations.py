#!/usr/bin/env python3
"""Re-extract the UI strings into resources/i18n/*.ts with the lupdate shipped in PySide6.

    .venv/bin/python scripts/update_translations.py          # update both .ts files
    .venv/bin/python scripts/update_translations.py --check  # also fail if German is incomplete

Existing translations are kept; strings that vanished from the code are dropped. The
English file needs no translator: every message is marked finished with its source
text. New German strings come out as "unfinished"; translate them in Qt Linguist
(pyside6-linguist resources/i18n/gdb_facilitator_de.ts) or in the XML directly. The app
builds the .qm files itself at start (gdb_facilitator.ui.i18n.ensure_qm).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
CATALOG = "gdb_facilitator"


def sources() -> list[str]:
    files = sorted(p for p in (ROOT / "gdb_facilitator").rglob("*.py") if "__pycache__" not in p.parts)
    return [str(p.relative_to(ROOT)) for p in files]


def lupdate() -> list[str]:
    import PySide6

    bundled = Path(PySide6.__file__).resolve().parent
    for name in ("lupdate", "lupdate.exe"):
        if (bundled / name).exists():
            return [str(bundled / name)]
    return ["pyside6-lupdate"]


def run_lupdate(ts: Path) -> None:
    cmd = [*lupdate(), *sources(), "-locations", "none", "-no-obsolete", "-source-language", "en",
           "-target-language", ts.stem.rsplit("_", 1)[1], "-ts", str(ts)]
    subprocess.run(cmd, cwd=ROOT, check=True)


def unfinished(ts: Path) -> list[tuple[str, str]]:
    """(context, source) of every message without a finished translation."""
    missing = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            tr = message.find("translation")
            forms = [f.text for f in tr.iter("numerusform")] if tr is not None else []
            text = tr.text if tr is not None else None
            if tr is None or tr.get("type") in ("unfinished", "vanished", "obsolete") or not (
                    text or any(forms)):
                missing.append((name, message.findtext("source") or ""))
    return missing


def finish_as_source(ts: Path) -> None:
    """English is the source language: each translation is its source text."""
    tree = ET.parse(ts)
    for message in tree.getroot().iter("message"):
        tr = message.find("translation")
        if tr is None:
            tr = ET.SubElement(message, "translation")
        if message.get("numerus") == "yes":
            for form in tr.findall("numerusform"):
                form.text = form.text or message.findtext("source")
        else:
            tr.text = message.findtext("source")
        tr.attrib.pop("type", None)
    write_ts(tree, ts)


def write_ts(tree: ET.ElementTree, ts: Path) -> None:
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n",
                  encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if German has unfinished strings")
    args = parser.parse_args()
    I18N.mkdir(parents=True, exist_ok=True)
    for lang in ("de", "en"):
        run_lupdate(I18N / f"{CATALOG}_{lang}.ts")
    finish_as_source(I18N / f"{CATALOG}_en.ts")
    missing = unfinished(I18N / f"{CATALOG}_de.ts")
    for context, source in missing:
        print(f"untranslated [{context}] {source!r}")
    print(f"{len(missing)} German strings to translate")
    return 1 if args.check and missing else 0


if __name__ == "__main__":
    sys.exit(main())
