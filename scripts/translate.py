"""Fill the zh_Hans catalogue from src/bangfu/locale/zh_Hans.json and report what is still untranslated.

Run by `make messages` after `makemessages`; the JSON file is the one place translators edit.
"""

import json
import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "src" / "bangfu" / "locale"


def main() -> int:
    translations = json.loads((LOCALE / "zh_Hans.json").read_text(encoding="utf-8"))
    catalogue = polib.pofile(str(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    missing = []
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


if __name__ == "__main__":
    sys.exit(main())
