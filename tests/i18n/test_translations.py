"""Every message of the site has an English and an Arabic translation, used by the pages."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import ngettext

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


# Arabic's forms for exactly one and exactly two say their number in the word itself ("جمعية
# واحدة", "جمعيتان"); a named placeholder may be left out there, a positional one (%d) may not,
# as Python's formatting would then fail.
WORD_SAYS_THE_NUMBER = {"ar": {1, 2}}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_translations_keep_every_placeholder(path):
    language = path.parts[-3]
    for entry in polib.pofile(str(path)).translated_entries():
        if entry.msgid_plural:
            pairs = [
                (entry.msgid_plural, text, form in WORD_SAYS_THE_NUMBER.get(language, ()))
                for form, text in entry.msgstr_plural.items()
            ]
        else:
            pairs = [(entry.msgid, entry.msgstr, False)]
        for source, translated, may_omit_named in pairs:
            expected = placeholders(source)
            found = placeholders(translated)
            if may_omit_named:
                expected = [p for p in expected if p in found or not p.startswith("%(")]
            assert expected == found, entry.msgid


ARABIC = CATALOGUES[1]


def test_every_arabic_plural_has_a_dual_of_its_own():
    """Arabic counts two with the dual ("يومان", "جمعيتان"), not with the plural of 3 to 10: the
    form for 2 ([2]) differs from the form for 3 to 10 ([3]) in every plural message."""
    catalogue = polib.pofile(str(ARABIC))
    plurals = [entry for entry in catalogue.translated_entries() if entry.msgid_plural]
    assert len(plurals) >= 10
    assert [e.msgid for e in plurals if e.msgstr_plural[2] == e.msgstr_plural[3]] == []
    assert catalogue.metadata["Plural-Forms"].startswith("nplurals=6;")


@pytest.mark.parametrize(
    ("count", "expected"),
    [(1, "جمعية واحدة"), (2, "جمعيتان"), (3, "3 جمعيات"), (11, "11 جمعية"), (100, "100 جمعية")],
)
def test_arabic_counts_associations_with_the_right_form(count, expected):
    with translation.override("ar"):
        text = ngettext("%(counter)s association", "%(counter)s associations", count)
    assert text % {"counter": count} == expected


def test_arabic_says_two_days_and_two_months_with_the_dual():
    with translation.override("ar"):
        days = ngettext(
            "Ce lien expire dans %(days)s jour. Ensuite, il vous permettra de demander une "
            "nouvelle invitation.",
            "Ce lien expire dans %(days)s jours. Ensuite, il vous permettra de demander une "
            "nouvelle invitation.",
            2,
        )
        months = ngettext(
            "Vos horaires n'ont pas été vérifiés depuis %(months)d mois.",
            "Vos horaires n'ont pas été vérifiés depuis %(months)d mois.",
            2,
        )
    assert "يومين" in days % {"days": 2}
    assert "شهرين" in months % {"months": 2}
