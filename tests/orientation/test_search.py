"""The agents' search: CCAS-only publics and notes included, and why each result is there."""

import datetime
import html
import zoneinfo

import pytest
from django.urls import reverse

from associations.models import AidType, Language, Place, Quartier, Service, ServicePublic

from .conftest import SECRET

pytestmark = pytest.mark.django_db

SEARCH = reverse("orientation:search")
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def text(response):
    return html.unescape(response.content.decode())


def results(response):
    return {listed.name: why for listed, why in response.context["page"].object_list}


def test_public_filter_finds_ccas_only_publics(agent_client, discreet, make_association):
    make_association("Sans public particulier")
    response = agent_client.get(SEARCH, {"public": "sans-papiers"})
    assert results(response) == {
        "Le Relais Discret": ["Accueille : personnes sans papiers (réservé CCAS)"]
    }


def test_public_publics_are_not_marked_ccas_only(agent_client, discreet):
    response = agent_client.get(SEARCH, {"public": "familles"})
    assert results(response)["Le Relais Discret"] == ["Accueille : familles"]


def test_results_show_internal_notes_marked_ccas_only(agent_client, discreet):
    content = text(agent_client.get(SEARCH))
    assert f"Appeler avant d'orienter {SECRET}" in content
    assert "Réservé CCAS" in content


def test_each_service_criterion_says_why(agent_client, make_association):
    association = make_association("Le Panier Libre")
    service = association.services.get()
    service.access = Service.Access.REGISTRATION
    service.save()
    service.languages.add(Language.objects.get(slug="arabe"))
    association.places.update(accessibility=Place.Accessibility.YES)
    response = agent_client.get(
        SEARCH,
        {
            "type": "colis",
            "langue": "arabe",
            "sans_orientation": "on",
            "gratuit": "on",
            "accessible": "on",
            "quartier": "alma",
        },
    )
    assert results(response)["Le Panier Libre"] == [
        "Colis alimentaire",
        "On y parle arabe",
        "Sans orientation (sur inscription)",
        "Gratuit",
        "Accessible en fauteuil roulant : Salle principale",
        "Quartier : Alma",
    ]


def test_open_on_a_day_gives_that_days_hours(agent_client, make_association):
    make_association("Le Mardi", slots=((1, "09:00", "12:00"), (1, "14:00", "16:30")))
    make_association("Le Jeudi", slots=((3, "09:00", "12:00"),))
    response = agent_client.get(SEARCH, {"jour": "2026-12-01"})
    assert results(response) == {
        "Le Mardi": ["Ouvert mardi 1er décembre 2026 9 h – 12 h, 14 h – 16 h 30"]
    }


def test_words_found_are_listed(agent_client, make_association):
    make_association("Les Restos du Cœur", summary="Colis et repas chauds")
    response = agent_client.get(SEARCH, {"q": "Coeur repas"})
    assert results(response)["Les Restos du Cœur"] == ["Mots trouvés : Coeur, repas"]


def test_results_link_to_the_agents_liaison_sheet_and_offer_a_pick(agent_client, discreet):
    content = text(agent_client.get(SEARCH))
    assert f'href="{reverse("orientation:liaison_sheet", args=[discreet.slug])}"' in content
    assert f'name="a" value="{discreet.slug}"' in content
    assert f'action="{reverse("orientation:person_sheet")}"' in content


def test_unpublished_associations_are_not_results(agent_client, make_association):
    make_association("Pas publiée", is_published=False)
    assert results(agent_client.get(SEARCH)) == {}


def test_bad_criteria_are_ignored_with_a_french_message(agent_client, discreet):
    response = agent_client.get(SEARCH, {"jour": "pas-une-date", "public": "inconnu"})
    assert response.status_code == 200
    assert "Certains critères n'ont pas été compris" in text(response)
    assert "Le Relais Discret" in results(response)


@pytest.mark.parametrize("count", [3, 30])
def test_query_count_does_not_grow_with_results(
    agent_client, make_association, django_assert_max_num_queries, count
):
    for number in range(count):
        association = make_association(f"Association {number}")
        ServicePublic.objects.create(
            service=association.services.get(),
            public_id=1,
            is_public=number % 2 == 0,
        )
        Service.objects.create(association=association, aid_type=AidType.objects.last())
    # The quartier chosen puts its associations first: one query reads which they are.
    # One more for the help box's desks, read once per generation of the directory; the lists,
    # read by this first request of the generation, include the search's synonyms and the towns;
    # one for the territory (the page names the site and the CCAS).
    with django_assert_max_num_queries(29):
        response = agent_client.get(
            SEARCH, {"type": "colis", "quartier": "alma", "gratuit": "on", "jour": "2026-12-01"}
        )
    assert len(results(response)) == count


def test_quartier_reason_names_the_chosen_quartier(agent_client, make_association):
    pile = make_association("Au Pile")
    pile.places.update(quartier=Quartier.objects.get(slug="pile"))
    make_association("À l'Alma")
    response = agent_client.get(SEARCH, {"quartier": "pile"})
    # The chosen quartier's associations come first; the others say nothing of it.
    assert results(response) == {"Au Pile": ["Quartier : Pile"], "À l'Alma": []}
    assert list(results(response)) == ["Au Pile", "À l'Alma"]


def test_open_tomorrow_gives_tomorrows_hours(agent_client, make_association, monkeypatch):
    from django.utils import timezone

    monday = datetime.datetime(2026, 11, 30, 10, 0, tzinfo=PARIS)
    monkeypatch.setattr(timezone, "now", lambda: monday)
    make_association("Le Mardi")
    response = agent_client.get(SEARCH, {"ouvert": "demain"})
    assert results(response) == {"Le Mardi": ["Ouvert demain 9 h – 12 h"]}


def test_a_cards_status_tells_the_hours_of_the_services_asked_for(
    agent_client, make_association, monkeypatch
):
    # Colis on Thursday mornings, meals on Tuesday mornings; a Tuesday at 10:00.
    monkeypatch.setattr(
        "django.utils.timezone.now", lambda: datetime.datetime(2026, 12, 1, 10, tzinfo=PARIS)
    )
    association = make_association("Colis le jeudi", slots=((3, "09:00", "12:00"),))
    meals = Service.objects.create(
        association=association, aid_type=AidType.objects.get(slug="repas")
    )
    meals.slots.create(weekday=1, opens_at=datetime.time(9), closes_at=datetime.time(12))
    assert "Ouvert jusqu'à 12 h" in text(agent_client.get(SEARCH, {"q": "jeudi"}))
    content = text(agent_client.get(SEARCH, {"type": "colis"}))
    assert "Colis alimentaire :</span> Ouvre jeudi à 9 h" in content
    assert "Ouvert jusqu'à 12 h" not in content
