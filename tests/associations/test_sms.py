"""SMS texts: at most two SMS, GSM-7 where the text allows it."""

import datetime

import pytest

from associations import sms


@pytest.mark.parametrize("text", ["Épicerie à côté", "été, où, là, Ça"])
def test_accents_of_the_gsm_alphabet_are_kept(text):
    kept = text.replace("ô", "o")
    assert sms.gsm_text(text) == kept
    assert sms.is_gsm(kept)


@pytest.mark.parametrize(
    ("text", "gsm"),
    [
        ("Restos du Cœur", "Restos du Coeur"),
        ("Fête, île, hôpital, sûr", "Fete, ile, hopital, sur"),
        ("français", "francais"),
        ("l’épicerie «\u00a0solidaire\u00a0» – 9 h", 'l\'épicerie " solidaire " - 9 h'),
    ],
)
def test_letters_outside_gsm_get_their_plain_equivalent(text, gsm):
    assert sms.gsm_text(text) == gsm
    assert sms.is_gsm(gsm)


def test_two_gsm_sms_hold_306_characters():
    assert sms.fits_two_sms("a" * 306)
    assert not sms.fits_two_sms("a" * 307)


def test_extension_characters_count_twice():
    assert sms.fits_two_sms("€" * 153)
    assert not sms.fits_two_sms("€" * 153 + "a")


def test_one_non_gsm_character_leaves_room_for_134():
    assert sms.fits_two_sms("ب" + "a" * 133)
    assert not sms.fits_two_sms("ب" + "a" * 134)


def test_compose_keeps_every_part_that_fits():
    assert sms.compose(["Le Panier", "12 rue de l'Alma", "", "Tél 03 20"]) == (
        "Le Panier. 12 rue de l'Alma. Tél 03 20"
    )


def test_compose_cuts_a_long_part_between_words():
    long_part = "Apporter : " + ", ".join(["pièce d'identité"] * 30)
    message = sms.compose(["Le Panier", "Tél 03 20 00 00 00", long_part, "Dernière partie"])
    assert sms.fits_two_sms(message)
    assert len(message) > 290
    assert message.startswith("Le Panier. Tél 03 20 00 00 00. Apporter : pièce d'identité, ")
    kept = message.removeprefix("Le Panier. Tél 03 20 00 00 00. ").removesuffix("...")
    assert long_part.startswith(kept) and long_part[len(kept)] == " "


def test_compose_never_cuts_inside_a_word():
    message = sms.compose(["a" * 300, "Téléphone"])
    assert message == "a" * 300


def test_compose_of_a_non_gsm_text_fits_in_134():
    message = sms.compose(["جمعية الخير " * 20])
    assert not sms.is_gsm(message)
    assert len(message) <= 134
    assert message.endswith("...")


def test_compose_keeps_the_ending_whole_and_fits_the_parts_before_it():
    link = "https://aide.example.org/associations/les-paniers-du-pile/"
    long_part = "Apporter : " + ", ".join(["pièce d'identité"] * 30)
    message = sms.compose(["Le Panier", long_part], ending=link)
    assert sms.fits_two_sms(message)
    assert message.startswith("Le Panier. Apporter : pièce d'identité, ")
    assert message.endswith("... " + link)
    kept = message.removeprefix("Le Panier. ").removesuffix("... " + link)
    assert long_part.startswith(kept) and long_part[len(kept)] == " "
    assert message.count(link) == 1


def test_compose_gives_the_ending_alone_when_nothing_else_fits():
    link = "https://aide.example.org/" + "a" * 290
    assert sms.compose(["Le Panier du Pile et de l'Alma"], ending=link) == link


def test_short_day_and_compact_hours_as_people_text_them():
    assert sms.short_day(datetime.date(2026, 12, 7)) == "lun 07/12"
    assert sms.compact_hours("9 h 30 – 12 h") == "9h30-12h"
