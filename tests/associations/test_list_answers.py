"""The public list answers the question a resident asks: who is welcome, what is open at the time
asked, in what order, and what to do when nothing matches; in French, English and Arabic."""

import datetime
import html
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import translation

from associations import edits
from associations.models import (
    AidType,
    Association,
    OpeningSlot,
    Public,
    Service,
    ServicePublic,
)
from associations.templatetags.directory import long_date

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
LANGUAGES = ["fr", "en", "ar"]
# Every seeded public but "Tout public" (test_every_seeded_public_but_everyone_is_tested).
PUBLICS = [
    "familles",
    "personnes-seules",
    "etudiants",
    "seniors",
    "sans-abri",
    "sans-papiers",
    "demandeurs-asile",
    "handicap",
    "femmes",
    "jeunes",
]


def list_url(language):
    with translation.override(language):
        return reverse("associations:list")


def text(response):
    return html.unescape(response.content.decode())


def names(response):
    return [item.association.name for item in response.context["page"].object_list]


def freeze(monkeypatch, *args):
    moment = datetime.datetime(*args, tzinfo=PARIS)
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
    return moment


def welcome(association, *slugs, is_public=True):
    """Link the association's service to the publics `slugs`, shown publicly or CCAS-only (a
    sensitive public then made public by an agent)."""
    service = association.services.get()
    for slug in slugs:
        ServicePublic.objects.create(
            service=service,
            public=Public.objects.get(slug=slug),
            is_public=is_public,
            sensitive_made_public=is_public,
        )
    edits.bulk_written()


@pytest.fixture
def everyone_and_families(make_association):
    welcome(make_association("Ouvert à tous"), "tous")
    welcome(make_association("Familles seulement"), "familles")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("slug", PUBLICS)
def test_a_service_open_to_everyone_matches_every_public(
    client, everyone_and_families, slug, language
):
    found = names(client.get(list_url(language), {"public": slug}))
    expected = ["Familles seulement", "Ouvert à tous"] if slug == "familles" else ["Ouvert à tous"]
    assert sorted(found) == expected


@pytest.mark.django_db
def test_every_seeded_public_but_everyone_is_tested():
    seeded = set(Public.objects.exclude(is_everyone=True).values_list("slug", flat=True))
    assert list(Public.objects.filter(is_everyone=True).values_list("slug", flat=True)) == ["tous"]
    assert seeded == set(PUBLICS)


def test_several_publics_must_each_be_welcomed(client, make_association):
    welcome(make_association("Sans papiers et familles"), "sans-papiers", "familles")
    welcome(make_association("Familles seulement"), "familles")
    welcome(make_association("Ouvert à tous"), "tous")
    response = client.get(list_url("fr"), {"public": ["sans-papiers", "familles"]})
    assert sorted(names(response)) == ["Ouvert à tous", "Sans papiers et familles"]


def test_a_ccas_only_everyone_link_is_not_public(client, make_association):
    welcome(make_association("Discret"), "tous", is_public=False)
    welcome(make_association("Affiché"), "sans-papiers")
    assert names(client.get(list_url("fr"), {"public": "sans-papiers"})) == ["Affiché"]


def test_without_appointment_and_without_residence_condition(client, make_association):
    make_association("Sans condition")
    on_appointment = make_association("Sur rendez-vous")
    on_appointment.services.update(access=Service.Access.APPOINTMENT)
    residents = make_association("Habitants seulement")
    residents.services.update(zone="Habitants de Roubaix")
    edits.bulk_written()
    without_appointment = names(client.get(list_url("fr"), {"sans_rendez_vous": "on"}))
    assert sorted(without_appointment) == ["Habitants seulement", "Sans condition"]
    without_zone = names(client.get(list_url("fr"), {"sans_zone": "on"}))
    assert sorted(without_zone) == ["Sans condition", "Sur rendez-vous"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_open_today_after_the_days_last_opening_leaves_it_out(
    client, make_association, monkeypatch, language
):
    # Friday 27 November 2026 at 12:40.
    freeze(monkeypatch, 2026, 11, 27, 12, 40)
    make_association("Fini à midi", slots=[(4, "09:00", "12:00")])
    make_association("Ouvert jusqu'à 14 h", slots=[(4, "12:00", "14:00")])
    make_association("Ouvre à 18 h", slots=[(4, "18:00", "20:00")])
    make_association("Ouvre à 15 h", slots=[(4, "15:00", "16:00")])
    response = client.get(list_url(language), {"ouvert": "aujourdhui"})
    # Open now first, then by the time it opens.
    assert names(response) == ["Ouvert jusqu'à 14 h", "Ouvre à 15 h", "Ouvre à 18 h"]


def test_the_list_shows_what_is_open_first_unless_asked_by_name(
    client, make_association, monkeypatch
):
    freeze(monkeypatch, 2026, 11, 24, 10, 0)  # A Tuesday.
    make_association("A, le jeudi", slots=[(3, "09:00", "12:00")])
    make_association("B, mardi après-midi", slots=[(1, "14:00", "17:00")])
    make_association("C, mardi matin", slots=[(1, "09:00", "12:00")])
    make_association("D, mardi midi", slots=[(1, "11:00", "13:00")])
    assert names(client.get(list_url("fr"))) == [
        "C, mardi matin",
        "D, mardi midi",
        "B, mardi après-midi",
        "A, le jeudi",
    ]
    assert names(client.get(list_url("fr"), {"tri": "nom"})) == [
        "A, le jeudi",
        "B, mardi après-midi",
        "C, mardi matin",
        "D, mardi midi",
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_day_and_time_asked_give_every_cards_status_at_that_instant(
    client, make_association, monkeypatch, language
):
    freeze(monkeypatch, 2026, 11, 24, 10, 0)  # Tuesday morning: both are open now.
    make_association("Mardi soir", slots=[(1, "09:00", "12:00"), (1, "17:00", "20:00")])
    make_association("Mardi matin", slots=[(1, "09:00", "12:00"), (2, "09:00", "12:00")])
    response = client.get(list_url(language), {"jour": "2026-12-08", "heure": "18:00"})
    assert names(response) == ["Mardi soir"]
    with translation.override(language):
        card = response.context["page"].object_list[0]
        assert card.status_text == translation.gettext("Ouvert jusqu'à %(time)s") % {
            "time": translation.gettext("%(hour)d h") % {"hour": 20}
        }
        said = translation.gettext("Statut le %(day)s à %(time)s") % {
            "day": long_date(datetime.date(2026, 12, 8), with_weekday=True),
            "time": translation.gettext("%(hour)d h") % {"hour": 18},
        }
    assert said in text(response)
    # Without a time, the statuses are those of the start of the day asked.
    response = client.get(list_url(language), {"jour": "2026-12-09"})
    assert names(response) == ["Mardi matin"]
    with translation.override(language):
        assert response.context["page"].object_list[0].status_text == translation.gettext(
            "Ouvre aujourd'hui à %(time)s"
        ) % {"time": translation.gettext("%(hour)d h") % {"hour": 9}}


def test_now_asked_shows_no_moment_line(client, make_association, monkeypatch):
    freeze(monkeypatch, 2026, 11, 24, 10, 0)
    make_association("Mardi matin")
    assert "Statut le" not in text(client.get(list_url("fr"), {"ouvert": "maintenant"}))


@pytest.fixture
def sunday_evening(make_association, monkeypatch):
    """Sunday 29 November 2026 at 20:00: no meal is served; a meal opens on Monday at noon and
    on Tuesday at noon; a colis open to everyone opens on Wednesday."""
    freeze(monkeypatch, 2026, 11, 29, 20, 0)
    meals = AidType.objects.get(slug="repas")
    for name, weekday in [("Repas du mardi", 1), ("Repas du lundi", 0)]:
        association = make_association(name, slots=[])
        service = association.services.get()
        service.aid_type = meals
        service.save()
        OpeningSlot.objects.create(
            service=service,
            weekday=weekday,
            opens_at=datetime.time(12),
            closes_at=datetime.time(14),
        )
    welcome(make_association("Colis pour tous", slots=[(2, "09:00", "12:00")]), "tous")
    edits.bulk_written()


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_empty_result_offers_the_next_openings_and_the_places_open_to_all(
    client, sunday_evening, language
):
    response = client.get(list_url(language), {"type": "repas", "ouvert": "maintenant"})
    assert names(response) == []
    soon = [card.association.name for card in response.context["opening_soon"]]
    assert soon == ["Repas du lundi", "Repas du mardi"]
    assert [card.association.name for card in response.context["open_to_all"]] == [
        "Colis pour tous"
    ]
    content = text(response)
    with translation.override(language):
        assert translation.gettext("Ouvrent bientôt, pour les mêmes critères") in content
        assert translation.gettext("Ouverts à tous") in content
    # The cards tell when: Monday at noon.
    assert content.index("Repas du lundi") < content.index("Repas du mardi")
    # The help box in the empty result, as in the footer: the 115 first.
    assert 'id="aide-vide-titre"' in content
    assert content.count('href="tel:115"') == 2


def test_an_empty_search_still_offers_the_places_open_to_all(client, sunday_evening):
    response = client.get(list_url("fr"), {"q": "zzzz introuvable"})
    assert names(response) == []
    assert response.context["opening_soon"] == []
    assert [card.association.name for card in response.context["open_to_all"]] == [
        "Colis pour tous"
    ]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2028-01-01", "2025-11-01"])
def test_a_day_further_than_a_year_gets_the_forms_message(
    client, make_association, monkeypatch, day, language
):
    freeze(monkeypatch, 2026, 11, 24, 10, 0)
    make_association("Mardi matin")
    response = client.get(list_url(language), {"jour": day, "heure": "10:00"})
    assert response.status_code == 200
    with translation.override(language):
        message = translation.gettext(
            "Choisissez un jour dans l'année qui vient, par exemple %(example)s."
        )
    assert message.split("%(example)s")[0] in text(response)
    # The day is ignored, the time kept: today at 10:00.
    assert names(response) == ["Mardi matin"]


def test_a_day_within_a_year_is_taken(client, make_association, monkeypatch):
    freeze(monkeypatch, 2026, 11, 24, 10, 0)
    make_association("Mardi matin")
    response = client.get(list_url("fr"), {"jour": "2027-11-23", "heure": "10:00"})
    assert not response.context["filter"].errors
    assert names(response) == ["Mardi matin"]


def test_an_association_offered_both_ways_shows_once(client, sunday_evening):
    welcome(Association.objects.get(name="Repas du lundi"), "tous")
    response = client.get(list_url("fr"), {"type": "repas", "ouvert": "maintenant"})
    assert [card.association.name for card in response.context["opening_soon"]] == [
        "Repas du lundi",
        "Repas du mardi",
    ]
    assert [card.association.name for card in response.context["open_to_all"]] == [
        "Colis pour tous"
    ]
    assert (
        text(response).count('id="a-{}"'.format(Association.objects.get(name="Repas du lundi").pk))
        == 1
    )


def test_a_quartier_without_results_says_so_and_shows_the_others(client, make_association):
    make_association("À l'Alma")
    response = client.get(list_url("fr"), {"quartier": "pile"})
    assert names(response) == ["À l'Alma"]
    assert "1 association, aucune dans le quartier Pile" in " ".join(text(response).split())


def test_the_map_gives_the_statuses_at_the_moment_asked(client, make_association, monkeypatch):
    freeze(monkeypatch, 2026, 11, 24, 10, 0)
    make_association("Mardi soir", slots=[(1, "09:00", "12:00"), (1, "17:00", "20:00")])
    with translation.override("fr"):
        url = reverse("associations:map")
    response = client.get(url, {"jour": "2026-12-08", "heure": "18:00"})
    assert [card.status_text for card in response.context["associations"]] == [
        "Ouvert jusqu'à 20 h"
    ]


def test_a_public_no_one_shows_gives_an_empty_result_not_an_error(client, make_association):
    # The quick questions send "public=sans-papiers" whatever the directory holds.
    welcome(make_association("Familles seulement"), "familles")
    response = client.get(list_url("fr"), {"public": "sans-papiers"})
    assert not response.context["filter"].errors
    assert names(response) == []
    assert 'id="aide-vide-titre"' in text(response)
