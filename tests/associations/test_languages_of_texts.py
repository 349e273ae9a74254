"""The associations' French texts on English and Arabic pages: marked as French and isolated,
joined with the page's own comma, their phone numbers made links; dates and reopenings."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import translation

from associations import punctuation
from associations.listing import ListedAssociation
from associations.models import Association, Closure, OpeningSlot, Service
from associations.opening_hours import Schedule
from associations.phone_numbers import link_phone_numbers
from associations.templatetags.directory import long_date, tel

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def render(source, language="fr", **context):
    with translation.override(language):
        return Template("{% load directory %}" + source).render(Context(context))


# Phone numbers in free text


@pytest.mark.parametrize(
    "written",
    ["03 20 12 34 56", "0320123456", "03.20.12.34.56", "03-20-12-34-56", "+33 3 20 12 34 56",
     "+33 (0)3 20 12 34 56", "+33320123456", "0033 3 20 12 34 56", "03\u00a020\u00a012\u00a034\u00a056"],
)  # fmt: skip
def test_a_french_phone_number_in_a_text_becomes_a_tel_link(written):
    linked = link_phone_numbers(f"Appelez le {written} avant de venir.")
    assert linked == (
        f'Appelez le <a href="tel:+33320123456" dir="ltr">{written}</a> avant de venir.'
    )


@pytest.mark.parametrize(
    "text",
    ["Colis n° 10320123456", "Siret 0320123456789", "Le 115 est gratuit.", "Code 03 20 12 34",
     "Ouvert de 9 h à 12 h, 2 fois par mois"],
)  # fmt: skip
def test_other_numbers_stay_text(text):
    assert link_phone_numbers(text) == text


def test_a_text_is_escaped_before_its_numbers_are_linked():
    written = '<script>alert("x")</script> <a href="tel:1">06 12 34 56 78</a> & co'
    linked = link_phone_numbers(written)
    assert "<script>" not in linked and '<a href="tel:1">' not in linked
    assert linked == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &lt;a href=&quot;tel:1&quot;&gt;"
        '<a href="tel:+33612345678" dir="ltr">06 12 34 56 78</a>&lt;/a&gt; &amp; co'
    )


def test_written_text_links_phone_numbers_and_keeps_its_lines():
    html = render(
        '{% include "associations/includes/written_text.html" %}',
        text=type(
            "Text", (), {"text": "Ligne <1>\nAppeler le 03 20 12 34 56", "french_only": False}
        )(),
    )
    assert html == (
        '<p>Ligne &lt;1&gt;<br>Appeler le <a href="tel:+33320123456" dir="ltr">03 20 12 34 56</a>'
        "</p>\n"
    )


def test_the_tel_filter_keeps_its_addresses():
    assert tel("03 20 00 00 00") == "+33320000000"
    assert tel("115") == "115"
    assert tel("+33 3 20 00 00 00") == "+33320000000"


# Lists and the page's comma


@pytest.mark.parametrize(("language", "joined"), [("fr", "Alma, Épeule"), ("en", "Alma, Épeule"),
                                                 ("ar", "Alma، Épeule")])  # fmt: skip
def test_a_list_is_joined_with_the_comma_of_the_pages_language(language, joined):
    with translation.override(language):
        assert punctuation.join(["Alma", "Épeule"]) == joined
    assert render("{{ items|join_list }}", language, items=["Alma", "Épeule"]) == joined
    separator = render("{% list_separator %}", language)
    assert separator == joined.removeprefix("Alma").removesuffix("Épeule")


def test_join_list_escapes_each_item():
    assert render("{{ items|join_list }}", "ar", items=["<b>", "a&b"]) == "&lt;b&gt;، a&amp;b"


# French content marked as French


def test_french_text_is_isolated_and_marked_on_english_and_arabic_pages_only():
    source = "<p{% french_attrs %}>x</p> {{ name|french }}"
    name = "Salle <Buisine>"
    assert render(source, "fr", name=name) == "<p>x</p> Salle &lt;Buisine&gt;"
    for language in ("en", "ar"):
        assert render(source, language, name=name) == (
            '<p lang="fr" dir="ltr">x</p> <bdi lang="fr">Salle &lt;Buisine&gt;</bdi>'
        )
    assert render("{{ name|french }}", "ar", name="") == ""


# Dates


@pytest.mark.parametrize(
    ("language", "day", "weekday"),
    [("fr", "1er novembre 2026", "dimanche 1er novembre 2026"),
     ("en", "1 November 2026", "Sunday 1 November 2026")],
)  # fmt: skip
def test_the_first_of_the_month_is_written_as_each_language_does(language, day, weekday):
    first = datetime.date(2026, 11, 1)
    with translation.override(language):
        assert long_date(first) == day
        assert long_date(first, with_weekday=True) == weekday
        assert long_date(datetime.date(2026, 11, 2)) == day.replace("1er", "2").replace("1 ", "2 ")


def test_arabic_dates_keep_the_plain_number():
    with translation.override("ar"):
        assert long_date(datetime.date(2026, 11, 1)) == "1 نوفمبر 2026"


# Reopening after a closure


def at(*args):
    return datetime.datetime(*args, tzinfo=PARIS)


def tuesdays_and_thursdays():
    slots = [
        OpeningSlot(weekday=1, opens_at=datetime.time(9), closes_at=datetime.time(12)),
        OpeningSlot(weekday=3, opens_at=datetime.time(14), closes_at=datetime.time(17)),
    ]
    return slots


def test_the_reopening_is_the_next_opening_after_the_closure_not_the_day_after():
    # Closed from Tuesday 24 to Friday 27 November: Saturday to Monday have no hours.
    closure = Closure(starts_on=datetime.date(2026, 11, 24), ends_on=datetime.date(2026, 11, 27))
    schedule = Schedule(tuesdays_and_thursdays(), [closure])
    assert schedule.reopening(closure) == at(2026, 12, 1, 9, 0)


def test_the_reopening_skips_a_closure_that_follows_and_a_closed_public_holiday():
    first = Closure(starts_on=datetime.date(2026, 12, 21), ends_on=datetime.date(2026, 12, 24))
    second = Closure(starts_on=datetime.date(2026, 12, 29), ends_on=datetime.date(2026, 12, 31))
    schedule = Schedule(tuesdays_and_thursdays(), [first, second], holiday_policy="closed")
    # Not Tuesday 29 (second closure), nor Thursday 31 (second closure), nor Thursday 1 January
    # (a public holiday): Tuesday 5 January.
    assert schedule.reopening(first) == at(2027, 1, 5, 9, 0)


def test_nothing_reopens_without_hours():
    closure = Closure(starts_on=datetime.date(2026, 11, 24), ends_on=datetime.date(2026, 11, 27))
    assert Schedule([], [closure]).reopening(closure) is None


@pytest.mark.django_db
def test_a_services_closure_reopens_with_that_services_next_opening(make_association):
    association = make_association("Deux services", slots=[(1, "09:00", "12:00")])
    place = association.places.get()
    evening = Service.objects.create(
        association=association,
        place=place,
        aid_type=association.services.get().aid_type,
        name="Soir",
    )
    OpeningSlot.objects.create(
        service=evening, weekday=4, opens_at=datetime.time(18), closes_at=datetime.time(20)
    )
    Closure.objects.create(
        association=association,
        service=evening,
        starts_on=datetime.date(2026, 11, 23),
        ends_on=datetime.date(2026, 11, 28),
    )
    loaded = Association.objects.with_public_details(datetime.date(2026, 11, 23)).get()
    listed = ListedAssociation(loaded, at(2026, 11, 23, 10, 0))
    [closure] = listed.coming_closures
    # The evening service's Friday, not the morning service's Tuesday 1 December.
    assert closure.reopens_at == at(2026, 12, 4, 18, 0)
    assert closure.service_id == evening.pk


def test_a_services_name_is_french_and_its_type_of_aid_is_translated():
    named = type("Service", (), {"name": "Paniers <du> mercredi", "aid_type": None})()
    unnamed = type("Service", (), {"name": "", "aid_type": type("Aid", (), {"label": "A&B"})()})()
    assert render("{{ s|service_title }}", "fr", s=named) == "Paniers &lt;du&gt; mercredi"
    assert render("{{ s|service_title }}", "ar", s=named) == (
        '<bdi lang="fr">Paniers &lt;du&gt; mercredi</bdi>'
    )
    assert render("{{ s|service_title }}", "ar", s=unnamed) == "A&amp;B"
