"""Chinese is the default language; every marked string has a Chinese translation."""

from pathlib import Path

import polib
from django.utils import translation

from bangfu.registry.models import Household, Member

LOCALE = Path(__file__).resolve().parents[2] / "src" / "bangfu" / "locale" / "zh_Hans" / "LC_MESSAGES"


def test_the_catalogue_is_complete_and_compiled():
    catalogue = polib.pofile(str(LOCALE / "django.po"))
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    compiled = polib.mofile(str(LOCALE / "django.mo"))
    assert {e.msgid: e.msgstr for e in compiled} == {
        e.msgid: e.msgstr for e in catalogue.translated_entries()
    }


def test_model_labels_are_chinese_by_default_and_english_on_request(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    with translation.override("zh-hans"):
        assert str(Household._meta.verbose_name) == "户"
        assert str(Member._meta.get_field("labour_ability").verbose_name) == "劳动技能"
        assert str(Member._meta.get_field("dropout_reason").choices[0][1]) == "身体原因"
    with translation.override("en"):
        assert str(Member._meta.get_field("labour_ability").verbose_name) == "labour ability"
