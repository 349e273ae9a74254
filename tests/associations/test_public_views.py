"""The public directory as residents see it."""

import datetime
import html
import re
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from associations import edits
from associations.models import (
    AidType,
    Closure,
    Language,
    OpeningSlot,
    Place,
    Public,
    Quartier,
    Referent,
    Service,
    ServicePublic,
)

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
LIST = reverse("associations:list")
SECRET = "MARQUEUR-CONFIDENTIEL-CCAS"


def text(response):
    return html.unescape(response.content.decode())


def names(response):
    return [item.association.name for item in response.context["page"].object_list]


def at(*args):
    return datetime.datetime(*args, tzinfo=PARIS)


@pytest.fixture
def frozen_now(monkeypatch):
    """Pin the views' clock (a Tuesday, 2026-11-24 at 10:00 in Roubaix)."""
    moment = at(2026, 11, 24, 10, 0)
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
    return moment


def test_home_shows_search_quick_choices_and_the_list(client, make_association):
    make_association("Les Paniers du Pile")
    content = text(client.get(reverse("associations:home")))
    assert 'type="search"' in content
    assert "Ouvert aujourd'hui" in content
    assert "Épicerie sociale et solidaire" in content
    assert "Les Paniers du Pile" in content


def test_unpublished_association_is_not_listed_and_its_page_is_a_404(client, make_association):
    hidden = make_association("Discrète", is_published=False)
    make_association("Visible")
    assert names(client.get(LIST)) == ["Visible"]
    response = client.get(hidden.get_absolute_url())
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_list_filters_by_type_of_aid(client, make_association):
    make_association("Colis")
    repas = make_association("Repas")
    repas.services.update(aid_type=AidType.objects.get(slug="repas"))
    assert names(client.get(LIST, {"type": "repas"})) == ["Repas"]
    assert names(client.get(LIST, {"type": ["repas", "colis"]})) == ["Colis", "Repas"]


def test_the_chosen_quartier_comes_first_then_the_others(client, make_association):
    # Residents go to their own quartier first; the others are still there when it has none
    # open.
    make_association("A l'Alma")
    pile = make_association("Au Pile")
    pile.places.update(quartier=Quartier.objects.get(slug="pile"))
    assert names(client.get(LIST)) == ["A l'Alma", "Au Pile"]
    response = client.get(LIST, {"quartier": "pile"})
    assert names(response) == ["Au Pile", "A l'Alma"]
    assert "dont 1 dans le quartier Pile, en premier" in text(response)


def test_public_filter_ignores_ccas_only_publics(client, make_association):
    shown = make_association("Affiche")
    discreet = make_association("Discret")
    sans_papiers = Public.objects.get(slug="sans-papiers")
    ServicePublic.objects.create(
        service=shown.services.get(), public=sans_papiers, sensitive_made_public=True
    )
    ServicePublic.objects.create(
        service=discreet.services.get(), public=sans_papiers, is_public=False
    )
    assert names(client.get(LIST, {"public": "sans-papiers"})) == ["Affiche"]


def test_without_referral_free_and_language_must_hold_for_one_same_service(
    client, make_association
):
    split = make_association("Deux services")
    split.services.update(access=Service.Access.REFERRAL, is_free=True)
    Service.objects.create(
        association=split,
        aid_type=AidType.objects.get(slug="epicerie"),
        access=Service.Access.UNCONDITIONAL,
        is_free=False,
        fee_details="10 % du prix",
    )
    make_association("Un seul service")
    assert names(client.get(LIST, {"sans_orientation": "on", "gratuit": "on"})) == [
        "Un seul service"
    ]
    assert names(client.get(LIST, {"gratuit": "on"})) == ["Deux services", "Un seul service"]


def test_list_filters_by_language(client, make_association):
    arabic = make_association("Arabophone")
    arabic.services.get().languages.add(Language.objects.get(slug="arabe"))
    make_association("Francophone")
    assert names(client.get(LIST, {"langue": "arabe"})) == ["Arabophone"]


def test_list_filters_by_wheelchair_access(client, make_association):
    accessible = make_association("De plain-pied")
    accessible.places.update(accessibility=Place.Accessibility.YES)
    make_association("À l'étage")
    assert names(client.get(LIST, {"accessible": "on"})) == ["De plain-pied"]


def test_open_now_lists_only_what_is_open(client, make_association, frozen_now):
    make_association("Mardi matin", slots=[(1, "09:00", "12:00")])
    make_association("Mardi après-midi", slots=[(1, "14:00", "17:00")])
    assert names(client.get(LIST, {"ouvert": "maintenant"})) == ["Mardi matin"]
    # Open now first, then what opens later today.
    assert names(client.get(LIST, {"ouvert": "aujourdhui"})) == [
        "Mardi matin",
        "Mardi après-midi",
    ]
    assert names(client.get(LIST, {"ouvert": "demain"})) == []


@pytest.fixture
def meals_today_colis_thursday(make_association, frozen_now):
    """The association "Colis le jeudi": colis on Thursday mornings, meals this Tuesday morning
    (open at 10:00, the frozen now), and "Colis le mardi": colis this Tuesday morning. Gives the
    meals service."""
    mixed = make_association("Colis le jeudi", slots=[(3, "09:00", "12:00")])
    meals = Service.objects.create(association=mixed, aid_type=AidType.objects.get(slug="repas"))
    OpeningSlot.objects.create(
        service=meals, weekday=1, opens_at=datetime.time(9), closes_at=datetime.time(12)
    )
    make_association("Colis le mardi")
    return meals


def test_open_filters_ask_the_open_service_to_be_the_one_asked_for(
    client, meals_today_colis_thursday
):
    meals = meals_today_colis_thursday
    for when in [{"ouvert": "aujourdhui"}, {"ouvert": "maintenant"}, {"heure": "10:00"}]:
        assert names(client.get(LIST, {"type": "colis", **when})) == ["Colis le mardi"], when
        assert names(client.get(LIST, {"type": "repas", **when})) == ["Colis le jeudi"], when
        assert names(client.get(LIST, when)) == ["Colis le jeudi", "Colis le mardi"], when
    assert names(client.get(LIST, {"type": "colis", "jour": "2026-11-26"})) == ["Colis le jeudi"]
    with edits.edit(meals.association, source=edits.Source.SCRIPT, sections=["services"]):
        ServicePublic.objects.create(
            service=meals,
            public=Public.objects.get(slug="sans-papiers"),
            sensitive_made_public=True,
        )
    today_for = {"public": "sans-papiers", "ouvert": "aujourdhui"}
    assert names(client.get(LIST, today_for)) == ["Colis le jeudi"]
    assert names(client.get(LIST, {**today_for, "type": "colis"})) == []
    # Free colis, open today: the free service is the one open today.
    Service.objects.exclude(aid_type__slug="repas").update(is_free=False, fee_details="1 €")
    assert names(client.get(LIST, {"gratuit": "on", "ouvert": "aujourdhui"})) == ["Colis le jeudi"]
    Service.objects.update(is_free=True)
    Service.objects.filter(aid_type__slug="repas").update(is_free=False, fee_details="1 €")
    assert names(client.get(LIST, {"gratuit": "on", "ouvert": "aujourdhui"})) == ["Colis le mardi"]


def test_open_now_excludes_an_association_closed_exceptionally(
    client, make_association, frozen_now
):
    closed = make_association("En congés", slots=[(1, "09:00", "12:00")])
    Closure.objects.create(
        association=closed,
        starts_on=datetime.date(2026, 11, 20),
        ends_on=datetime.date(2026, 11, 30),
    )
    assert names(client.get(LIST, {"ouvert": "maintenant"})) == []


def test_open_on_a_chosen_day_and_time(client, make_association, frozen_now):
    make_association("Jeudi soir", slots=[(3, "18:00", "20:00")])
    make_association("Mardi matin", slots=[(1, "09:00", "12:00")])
    assert names(client.get(LIST, {"jour": "2026-11-26", "heure": "19:00"})) == ["Jeudi soir"]
    assert names(client.get(LIST, {"jour": "2026-11-26", "heure": "12:00"})) == []
    assert names(client.get(LIST, {"jour": "2026-11-26"})) == ["Jeudi soir"]


def test_open_on_a_public_holiday_follows_the_associations_policy(
    client, make_association, frozen_now
):
    make_association("Fermée les fériés", slots=[(4, "09:00", "12:00")], holiday_policy="closed")
    make_association("Ouverte les fériés", slots=[(4, "09:00", "12:00")], holiday_policy="open")
    christmas = {"jour": "2026-12-25", "heure": "10:00"}
    assert names(client.get(LIST, christmas)) == ["Ouverte les fériés"]


@pytest.mark.parametrize(
    "params",
    [
        {"type": "inconnu"},
        {"jour": "2026-02-31"},
        {"heure": "25:99"},
        {"page": "999999"},
        {"page": "-3"},
        {"q": "\x00<script>alert(1)</script>' OR 1=1 --"},
        {"quartier": "'; DROP TABLE x;"},
        {"ouvert": "jamais"},
    ],
)
def test_bad_filter_values_give_a_normal_page(client, make_association, params):
    make_association("Les Paniers")
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_unknown_type_says_which_filter_was_ignored(client, make_association):
    make_association("Les Paniers")
    content = text(client.get(LIST, {"type": "inconnu"}))
    assert "ont été ignorés" in content
    assert "Les Paniers" in content


def test_empty_result_offers_to_remove_each_filter(client, make_association):
    make_association("Les Paniers")
    response = client.get(LIST, {"q": "introuvable", "gratuit": "on"})
    content = response.content.decode()
    assert "Aucune association ne correspond" in content
    assert "Enlever « Rechercher : introuvable »" in content
    assert 'href="/associations/?gratuit=on"' in content


def test_list_is_paginated(client, make_association):
    for index in range(25):
        make_association(f"Association {index:02d}")
    first = client.get(LIST)
    assert len(first.context["page"].object_list) == 20
    assert "Page 1 sur 2" in text(first)
    assert len(client.get(LIST, {"page": 2}).context["page"].object_list) == 5


def test_each_result_shows_quartier_types_status_and_conditions(
    client, make_association, frozen_now
):
    make_association("Les Paniers", slots=[(1, "09:00", "12:00")])
    content = text(client.get(LIST))
    assert "Alma" in content
    assert "Colis alimentaire" in content
    assert "Ouvert jusqu'à 12 h" in content
    assert "Sans condition · Gratuit" in content


def test_result_shows_the_next_opening_when_closed(client, make_association, frozen_now):
    make_association("Mercredi", slots=[(2, "09:00", "12:00")])
    assert "Ouvre demain à 9 h" in text(client.get(LIST))


def test_with_a_filter_on_services_a_card_tells_the_hours_of_the_services_asked_for(
    client, meals_today_colis_thursday
):
    meals = meals_today_colis_thursday

    def status_of(name, params):
        card = re.search(
            rf'id="a-\d+"><a [^>]*>{name}</a>.*?<p class="status[^"]*">(.*?)</p>',
            text(client.get(LIST, params)),
            re.S,
        )
        return re.sub(r"<[^>]+>", "", card[1])

    assert status_of("Colis le jeudi", {}) == "Ouvert jusqu'à 12 h"
    assert status_of("Colis le jeudi", {"type": "colis"}) == "Colis alimentaire : Ouvre jeudi à 9 h"
    assert status_of("Colis le jeudi", {"type": "repas"}) == "Repas : Ouvert jusqu'à 12 h"
    assert status_of("Colis le jeudi", {"type": ["colis", "repas"]}) == "Ouvert jusqu'à 12 h"
    # An association whose every service is asked for shows its status as it is.
    assert status_of("Colis le mardi", {"type": "colis"}) == "Ouvert jusqu'à 12 h"
    # Any filter on services, not only the type: the meals are the free service.
    meals.is_free = False
    meals.fee_details = "1 €"
    meals.save()
    assert status_of("Colis le jeudi", {"gratuit": "on"}) == "Colis alimentaire : Ouvre jeudi à 9 h"


def test_result_shows_an_exceptional_closure(client, make_association, frozen_now):
    closed = make_association("En congés")
    Closure.objects.create(
        association=closed,
        starts_on=datetime.date(2026, 11, 20),
        ends_on=datetime.date(2027, 1, 3),
        message="Congés",
    )
    assert "Fermé exceptionnellement jusqu'au 3 janvier" in text(client.get(LIST))


def test_detail_page_shows_hours_conditions_places_and_contacts(
    client, make_association, frozen_now
):
    association = make_association(
        "Les Paniers",
        slots=[(1, "09:00", "12:00")],
        phone="03 20 00 00 01",
        last_checked_on=datetime.date(2026, 10, 2),
    )
    service = association.services.get()
    service.documents = "Pièce d'identité\nAttestation CAF"
    service.save()
    OpeningSlot.objects.create(
        service=service,
        weekday=3,
        opens_at=datetime.time(14),
        closes_at=datetime.time(17),
        weeks_of_month=[1, 3],
    )
    Referent.objects.create(
        association=association, name="Mme Public", phone="03 20 00 00 02", is_public=True
    )
    Closure.objects.create(
        association=association,
        starts_on=datetime.date(2026, 12, 24),
        ends_on=datetime.date(2026, 12, 26),
        message="Fêtes de fin d'année",
    )
    content = text(client.get(association.get_absolute_url()))
    assert "Ouvert jusqu'à 12 h" in content
    assert "Mardi, de 9 h à 12 h" in content
    assert "1er et 3e jeudi du mois, de 14 h à 17 h" in content
    assert "Attestation CAF" in content
    assert "12 rue de l'Alma" in content
    assert 'href="tel:+33320000001"' in content
    assert 'href="tel:+33320000002"' in content
    assert "Fêtes de fin d'année" in content
    assert "Informations vérifiées le 2 octobre 2026" in content
    assert "Signaler une erreur" in content
    assert "openstreetmap.org" in content
    assert '"@type": "NGO"' in content
    assert "sms:" in content


def test_ccas_only_data_never_reaches_public_pages(client, make_association):
    association = make_association("Les Paniers", internal_notes=SECRET)
    Referent.objects.create(association=association, name=SECRET, phone="0600000000")
    ServicePublic.objects.create(
        service=association.services.get(),
        public=Public.objects.create(name=SECRET, slug="secret"),
        is_public=False,
    )
    urls = [
        reverse("associations:home"),
        LIST,
        reverse("associations:map"),
        association.get_absolute_url(),
        reverse("associations:liaison_sheet", args=[association.slug]),
        reverse("sitemap"),
        f"{LIST}?q=MARQUEUR",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        assert SECRET not in response.content.decode(), url
        assert "0600000000" not in response.content.decode(), url
    assert names(client.get(LIST, {"q": "MARQUEUR"})) == []


def test_nothing_is_loaded_from_another_host(client, make_association):
    association = make_association("Les Paniers")
    association.places.update(latitude=50.69, longitude=3.18)
    content = text(client.get(association.get_absolute_url()))
    loaded = re.findall(r'<(?:script|img|iframe)[^>]+src="([^"]+)"', content)
    loaded += re.findall(r'<link rel="stylesheet" href="([^"]+)"', content)
    # The static files, and the territory's colours (ccas/views.py).
    assert loaded and all(url.startswith(("/static/", "/couleurs.css?")) for url in loaded)
    assert "leaflet.js" in content  # only as the map button's data, loaded on click
    assert '<script src="/static/vendor' not in content


def count_queries(client, url):
    client.get(url)  # warm the per-process caches (demo banner) before counting
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def build_directory(make_association, count, offset=0):
    for index in range(offset, offset + count):
        association = make_association(f"Association {index:03d}")
        Referent.objects.create(association=association, name="Référent", is_public=True)
        Closure.objects.create(
            association=association,
            starts_on=datetime.date(2030, 1, 1),
            ends_on=datetime.date(2030, 1, 2),
        )


@pytest.mark.parametrize(
    "url",
    [
        reverse("associations:home"),
        LIST,
        LIST + "?ouvert=aujourdhui&gratuit=on&q=association",
        reverse("associations:map"),
    ],
)
def test_list_query_count_does_not_grow_with_the_directory(client, make_association, url):
    build_directory(make_association, 20)
    at_20 = count_queries(client, url)
    build_directory(make_association, 180, offset=20)
    assert count_queries(client, url) == at_20


def test_detail_query_count_is_bounded(client, make_association):
    small = make_association("Petite")
    big = make_association("Grande")
    for _ in range(10):
        service = Service.objects.create(
            association=big, aid_type=AidType.objects.get(slug="repas")
        )
        OpeningSlot.objects.create(
            service=service, weekday=2, opens_at=datetime.time(9), closes_at=datetime.time(10)
        )
        ServicePublic.objects.create(service=service, public=Public.objects.get(slug="familles"))
    assert count_queries(client, big.get_absolute_url()) == count_queries(
        client, small.get_absolute_url()
    )


def test_sitemap_lists_published_associations_only(client, make_association):
    make_association("Visible")
    make_association("Discrète", is_published=False)
    content = text(client.get(reverse("sitemap")))
    assert "/associations/visible/" in content
    assert "discr" not in content


def test_robots_txt_points_to_the_sitemap(client):
    content = text(client.get(reverse("robots")))
    assert "Sitemap: http://testserver/sitemap.xml" in content


def test_status_is_right_on_the_dst_sunday(client, make_association, monkeypatch):
    # 2026-10-25: clocks go back from 3:00 to 2:00 in Paris.
    monkeypatch.setattr("django.utils.timezone.now", lambda: at(2026, 10, 25, 10, 30))
    make_association("Dimanche matin", slots=[(6, "10:00", "12:00")])
    assert "Ouvert jusqu'à 12 h" in text(client.get(LIST))
    assert names(client.get(LIST, {"ouvert": "maintenant"})) == ["Dimanche matin"]


def test_status_on_a_public_holiday_when_closed_on_holidays(client, make_association, monkeypatch):
    # 2026-12-25 is a Friday and Christmas Day; the next Friday is New Year's Day.
    monkeypatch.setattr("django.utils.timezone.now", lambda: at(2026, 12, 25, 10, 0))
    make_association("Vendredi", slots=[(4, "09:00", "12:00")], holiday_policy="closed")
    assert "Ouvre le 8 janvier à 9 h" in text(client.get(LIST))


def test_active_filters_are_listed_with_a_link_removing_each(client, make_association):
    make_association("Les Paniers")
    content = text(client.get(LIST, {"type": "colis", "gratuit": "on"}))
    assert "Type d'aide : Colis alimentaire" in content
    assert 'href="/associations/?gratuit=on"' in content
    assert 'href="/associations/?type=colis"' in content


def test_server_error_page_is_in_french(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Le site a rencontré une erreur" in text(response)
    assert 'lang="fr"' in text(response)


def test_unknown_page_is_a_french_404_in_the_site_layout(client):
    response = client.get("/nexiste-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in text(response)
    assert "Roubaix Aide" in text(response)


def test_the_first_of_a_month_is_written_as_an_ordinal(client, make_association):
    association = make_association("Les Paniers", last_checked_on=datetime.date(2026, 10, 1))
    assert "Informations vérifiées le 1er octobre 2026" in text(
        client.get(association.get_absolute_url())
    )
