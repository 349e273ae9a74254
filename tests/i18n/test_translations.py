"""Every message of the site has an English and an Arabic translation, used by the pages."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUES = [
    Path(settings.BASE_DIR, "locale", code, "LC_MESSAGES", "django.po") for code in ("en", "ar")
]


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_no_message_is_empty_or_fuzzy(path):
    catalogue = polib.pofile(str(path))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    empty_plurals = [
        entry.msgid
        for entry in catalogue.translated_entries()
        if entry.msgid_plural and not all(entry.msgstr_plural.values())
    ]
    assert (untranslated, fuzzy, empty_plurals) == ([], [], [])
    assert len(catalogue.translated_entries()) > 400
    assert not catalogue.metadata_is_fuzzy


def placeholders(text):
    return sorted(re.findall(r"%\(\w+\)\w|%[ds]", text))


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_translations_keep_every_placeholder(path):
    for entry in polib.pofile(str(path)).translated_entries():
        if entry.msgid_plural:
            pairs = [(entry.msgid_plural, text) for text in entry.msgstr_plural.values()]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, translation in pairs:
            assert placeholders(source) == placeholders(translation), entry.msgid
