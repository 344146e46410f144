"""Fill the zh_Hans catalogue from src/bangfu/locale/zh_Hans.json and report what is still untranslated.

Run by `make messages` after `makemessages`. Translators edit zh_Hans.json and the per-area files in
zh_Hans.d/*.json (one per app or page area, so that parallel work does not edit one file); a msgid given
two different translations is an error.
"""

import json
import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "src" / "bangfu" / "locale"


def main() -> int:
    translations = load_translations()
    catalogue = polib.pofile(str(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    missing = []
    for entry in catalogue.obsolete_entries():
        catalogue.remove(entry)  # strings no longer in the code (msgmerge keeps them as "#~")
    for entry in catalogue:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        elif not entry.msgstr or "fuzzy" in entry.flags:
            missing.append(entry.msgid)  # a guess by msgmerge is not a translation
    catalogue.metadata["Language"] = "zh_Hans"
    catalogue.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    catalogue.save()
    catalogue.save_as_mofile(str(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.mo"))
    for msgid in missing:
        print(f"untranslated: {msgid}", file=sys.stderr)
    return 1 if missing else 0


def load_translations() -> dict[str, str]:
    translations: dict[str, str] = {}
    for path in [LOCALE / "zh_Hans.json", *sorted((LOCALE / "zh_Hans.d").glob("*.json"))]:
        for msgid, msgstr in json.loads(path.read_text(encoding="utf-8")).items():
            if translations.get(msgid, msgstr) != msgstr:
                raise SystemExit(f"{path.name}: {msgid!r} is translated differently in another file")
            translations[msgid] = msgstr
    return translations


if __name__ == "__main__":
    sys.exit(main())
