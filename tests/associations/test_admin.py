import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from associations import edits
from associations.models import (
    AidType,
    Association,
    OpeningSlot,
    Public,
    Referent,
    Service,
    ServicePublic,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:associations_association_changelist")


def change_url(association):
    return reverse("admin:associations_association_change", args=[association.pk])


def count_queries(client, url):
    """The queries of a page read once the process's caches (content types) are filled."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_services(association, count):
    aid_type = AidType.objects.get(slug="repas")
    public = Public.objects.get(slug="familles")
    for index in range(count):
        service = Service.objects.create(
            association=association, place=association.places.get(), aid_type=aid_type
        )
        ServicePublic.objects.create(service=service, public=public)
        OpeningSlot.objects.create(
            service=service,
            weekday=index % 7,
            opens_at=datetime.time(9),
            closes_at=datetime.time(11),
        )


def test_agent_sees_the_association_list_with_status_and_check_date(agent_client, make_association):
    make_association("Les Paniers du Pile", last_checked_on=datetime.date(2020, 1, 1))
    make_association("L'Épicerie de l'Alma", is_published=False)
    response = agent_client.get(CHANGELIST)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Les Paniers du Pile" in content
    assert "Publiée" in content and "Non publiée" in content
    assert "01/01/2020" in content
    assert "Plus de 6 mois : à vérifier" in content


def test_agent_can_filter_by_quartier_and_search(agent_client, make_association):
    make_association("Les Paniers du Pile")
    response = agent_client.get(CHANGELIST, {"q": "Paniers"})
    assert "Les Paniers du Pile" in response.content.decode()
    response = agent_client.get(CHANGELIST, {"verification": "ancienne"})
    assert "Les Paniers du Pile" in response.content.decode()


@pytest.mark.parametrize(
    ("action", "field", "expected", "message"),
    [
        ("publish", "is_published", True, "1 association publiée."),
        ("unpublish", "is_published", False, "1 association retirée du site public."),
    ],
)
def test_publication_actions(agent_client, make_association, action, field, expected, message):
    association = make_association(is_published=not expected)
    response = agent_client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [association.pk]},
        follow=True,
    )
    association.refresh_from_db()
    assert getattr(association, field) is expected
    assert message in response.content.decode()


def test_mark_checked_today_action(agent_client, make_association):
    association = make_association(last_checked_on=datetime.date(2020, 1, 1))
    response = agent_client.post(
        CHANGELIST,
        {"action": "mark_checked_today", "_selected_action": [association.pk]},
        follow=True,
    )
    association.refresh_from_db()
    assert association.last_checked_on == timezone.localdate()
    assert "marquée comme vérifiée aujourd&#x27;hui" in response.content.decode()


def test_agent_opens_the_change_page_with_every_inline(agent_client, make_association):
    association = make_association()
    content = agent_client.get(change_url(association)).content.decode()
    for heading in ["Lieux", "Services", "Fermetures exceptionnelles", "Référents"]:
        assert heading in content
    assert "Réservé au CCAS" in content


def test_agent_can_add_an_association(agent_client):
    response = agent_client.get(reverse("admin:associations_association_add"))
    assert response.status_code == 200


def test_volunteer_cannot_reach_the_admin(client, django_user_model):
    volunteer = django_user_model.objects.create_user("benevole", password="pw-benevole")
    client.force_login(volunteer)
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_anonymous_is_sent_to_the_admin_login(client):
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_changelist_query_count_does_not_grow_with_associations(agent_client, make_association):
    for index in range(3):
        make_association(f"Petite {index}")
    few = count_queries(agent_client, CHANGELIST)
    for index in range(20):
        make_association(f"Grande {index}")
    assert count_queries(agent_client, CHANGELIST) == few


def test_change_page_query_count_does_not_grow_with_services(agent_client, make_association):
    small = make_association("Petite")
    add_services(small, 1)
    big = make_association("Grande")
    add_services(big, 12)
    assert count_queries(agent_client, change_url(big)) == count_queries(
        agent_client, change_url(small)
    )


def invalid_slot_post_data(association):
    """The change form as submitted, with a slot that closes before it opens."""
    service = association.services.get()
    place = association.places.get()
    return {
        "loaded_version": association.version,
        "name": association.name,
        "slug": association.slug,
        "habilitation": "none",
        "holiday_policy": "unknown",
        "is_published": "on",
        "places-TOTAL_FORMS": "1",
        "places-INITIAL_FORMS": "1",
        "places-0-id": place.pk,
        "places-0-association": association.pk,
        "places-0-name": "Salle renommée",
        "places-0-address": place.address,
        "places-0-postal_code": "59100",
        "places-0-city": "Roubaix",
        "places-0-accessibility": "unknown",
        "services-TOTAL_FORMS": "1",
        "services-INITIAL_FORMS": "1",
        "services-0-id": service.pk,
        "services-0-association": association.pk,
        "services-0-aid_type": service.aid_type_id,
        "services-0-place": place.pk,
        "services-0-access": "unconditional",
        "services-0-intake": "open",
        "services-0-is_free": "on",
        "services-0-public_links-TOTAL_FORMS": "0",
        "services-0-public_links-INITIAL_FORMS": "0",
        "services-0-slots-TOTAL_FORMS": "1",
        "services-0-slots-INITIAL_FORMS": "0",
        "services-0-slots-0-service": service.pk,
        "services-0-slots-0-weekday": "2",
        "services-0-slots-0-opens_at": "14:00",
        "services-0-slots-0-closes_at": "10:00",
        "closures-TOTAL_FORMS": "0",
        "closures-INITIAL_FORMS": "0",
        "referents-TOTAL_FORMS": "0",
        "referents-INITIAL_FORMS": "0",
    }


def test_invalid_slot_shows_a_french_error_and_saves_nothing(agent_client, make_association):
    association = make_association()
    response = agent_client.post(change_url(association), invalid_slot_post_data(association))
    assert response.status_code == 200
    assert "L&#x27;heure de fermeture doit être après l&#x27;heure d&#x27;ouverture." in (
        response.content.decode()
    )
    assert association.places.get().name == "Salle principale"
    assert OpeningSlot.objects.filter(weekday=2).count() == 0


def test_valid_change_saves_places_and_slots_together(agent_client, make_association):
    association = make_association()
    data = invalid_slot_post_data(association)
    data["services-0-slots-0-closes_at"] = "17:00"
    data["services-0-slots-0-weeks_of_month"] = ["1", "-1"]
    response = agent_client.post(change_url(association), data)
    assert response.status_code == 302
    assert association.places.get().name == "Salle renommée"
    slot = OpeningSlot.objects.get(weekday=2)
    assert slot.weeks_of_month == [1, -1]
    assert Association.objects.count() == 1


def test_a_name_on_two_lines_is_a_form_error(agent_client, make_association):
    # The name goes into e-mail subjects (reminders, invitations), where a line break is refused.
    association = make_association("Les Paniers du Pile")
    data = invalid_slot_post_data(association)
    data["services-0-slots-0-closes_at"] = "17:00"
    data["name"] = "Les Paniers\r\nBcc: tous@example.org"
    response = agent_client.post(change_url(association), data)
    assert response.status_code == 200
    assert "Écrivez-le sur une seule ligne" in response.content.decode()
    association.refresh_from_db()
    assert association.name == "Les Paniers du Pile"


def listed(client, query):
    """The names of the associations that the back office's search finds for `query`."""
    response = client.get(CHANGELIST, {"q": query})
    assert response.status_code == 200
    return {association.name for association in response.context["cl"].result_list}


@pytest.fixture
def searchable(make_association):
    epicerie = make_association("L'Épicerie Solidaire", phone="03.20.11.22.33", is_published=False)
    place = epicerie.places.get()
    place.name, place.address = "Salle Watremez", "5 boulevard de Fourmies"
    place.save()
    ServicePublic.objects.create(
        service=epicerie.services.get(), public=Public.objects.get(slug="demandeurs-asile")
    )
    other = make_association("Les Paniers du Pile", phone="03 20 99 88 77")
    Referent.objects.create(association=other, name="Mme Noémie Carré", phone="06 12 34 56 78")
    edits.bulk_written(Association.objects.all())
    return epicerie


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("epicerie", {"L'Épicerie Solidaire"}),
        ("ÉPICERIE solidaire", {"L'Épicerie Solidaire"}),
        ("watremez", {"L'Épicerie Solidaire"}),
        ("fourmies", {"L'Épicerie Solidaire"}),
        ("alma", {"L'Épicerie Solidaire", "Les Paniers du Pile"}),
        ("demandeurs d'asile", {"L'Épicerie Solidaire"}),
        ("asile", {"L'Épicerie Solidaire"}),
        ("03 20 11 22 33", {"L'Épicerie Solidaire"}),
        ("0320112233", {"L'Épicerie Solidaire"}),
        ("03.20.99", {"Les Paniers du Pile"}),
        ("06 12 34 56 78", {"Les Paniers du Pile"}),
        ("Carré", {"Les Paniers du Pile"}),
        ("introuvable", set()),
    ],
)
def test_the_search_finds_names_places_publics_and_phones_whatever_the_accents(
    agent_client, searchable, query, expected
):
    assert listed(agent_client, query) == expected


def test_the_search_query_count_does_not_grow_with_results(agent_client, make_association):
    for index in range(3):
        make_association(f"Épicerie {index}")
    few = count_queries(agent_client, CHANGELIST + "?q=epicerie")
    for index in range(10):
        make_association(f"Épicerie grande {index}")
    assert count_queries(agent_client, CHANGELIST + "?q=epicerie") == few


ADD = reverse("admin:associations_association_add")


def new_association_data(**changes):
    """The add page as submitted: an association, its place, a service held at that place (with
    a public and a slot) and a closure of that service, none of them saved before."""
    data = {
        "name": "La Nouvelle Table",
        "slug": "la-nouvelle-table",
        "habilitation": "none",
        "holiday_policy": "unknown",
        "places-TOTAL_FORMS": "1",
        "places-INITIAL_FORMS": "0",
        "places-0-name": "Salle Watremez",
        "places-0-address": "5 rue Watremez",
        "places-0-postal_code": "59100",
        "places-0-city": "Roubaix",
        "places-0-accessibility": "unknown",
        "services-TOTAL_FORMS": "1",
        "services-INITIAL_FORMS": "0",
        "services-0-aid_type": AidType.objects.get(slug="repas").pk,
        "services-0-place": "nouveau-0",
        "services-0-access": "unconditional",
        "services-0-intake": "open",
        "services-0-is_free": "on",
        "services-0-public_links-TOTAL_FORMS": "1",
        "services-0-public_links-INITIAL_FORMS": "0",
        "services-0-public_links-0-public": Public.objects.get(slug="familles").pk,
        "services-0-public_links-0-is_public": "on",
        "services-0-slots-TOTAL_FORMS": "1",
        "services-0-slots-INITIAL_FORMS": "0",
        "services-0-slots-0-weekday": "2",
        "services-0-slots-0-opens_at": "12:00",
        "services-0-slots-0-closes_at": "14:00",
        "closures-TOTAL_FORMS": "1",
        "closures-INITIAL_FORMS": "0",
        "closures-0-starts_on": "2026-12-24",
        "closures-0-ends_on": "2026-12-26",
        "closures-0-service": "nouveau-0",
        "referents-TOTAL_FORMS": "0",
        "referents-INITIAL_FORMS": "0",
    }
    return {**data, **changes}


def test_the_add_page_offers_the_places_and_services_typed_on_it(agent_client):
    content = agent_client.get(ADD).content.decode()
    assert '<option value="nouveau-0">Lieu n°1 de cette page (nouveau)</option>' in content
    assert '<option value="nouveau-0">Service n°1 de cette page (nouveau)</option>' in content


def test_one_post_creates_an_association_its_place_service_and_closure(agent_client):
    response = agent_client.post(ADD, new_association_data())
    assert response.status_code == 302
    association = Association.objects.get(slug="la-nouvelle-table")
    place = association.places.get()
    service = association.services.get()
    assert service.place == place
    assert service.public_links.get().public.slug == "familles"
    assert service.slots.get().opens_at == datetime.time(12)
    closure = association.closures.get()
    assert closure.service == service
    assert association.search_document.count("watremez") == 2  # the place's name and address


def test_a_new_place_picked_on_a_change_page_is_saved_with_the_service(
    agent_client, make_association
):
    association = make_association()
    data = invalid_slot_post_data(association)
    data["services-0-slots-0-closes_at"] = "17:00"
    data.update(
        {
            "places-TOTAL_FORMS": "2",
            "places-1-name": "Local du Pile",
            "places-1-address": "3 rue du Pile",
            "places-1-postal_code": "59100",
            "places-1-city": "Roubaix",
            "places-1-accessibility": "unknown",
            "services-0-place": "nouveau-1",
        }
    )
    assert agent_client.post(change_url(association), data).status_code == 302
    assert association.services.get().place.name == "Local du Pile"


@pytest.mark.parametrize(
    "changes",
    [
        {"services-0-place": "nouveau-1"},
        {"services-0-place": "nouveau-x"},
        {"closures-0-service": "nouveau-3"},
        {"places-0-name": "", "places-0-address": ""},
    ],
)
def test_a_row_not_typed_on_the_page_is_a_form_error_and_nothing_is_saved(agent_client, changes):
    response = agent_client.post(ADD, new_association_data(**changes))
    assert response.status_code == 200
    errors = [str(error) for error in response.context["inline_admin_formsets"]]
    assert response.context["errors"]
    assert errors
    assert not Association.objects.filter(slug="la-nouvelle-table").exists()


def test_the_cells_of_the_tables_say_what_they_are(agent_client, make_association):
    # Without a browser: tests/browser/test_admin_layout.py runs axe-core on the page.
    association = make_association()
    add_services(association, 1)
    content = agent_client.get(change_url(association)).content.decode()
    for label in ["Jour", "Ouvre à", "Public", "Affiché publiquement", "Supprimer"]:
        assert f'aria-label="{label}"' in content
    assert "selectfilter" not in content


@pytest.mark.parametrize("term", ["aidtype", "public", "language"])
def test_the_editable_positions_of_the_shared_lists_say_what_they_are(agent_client, term):
    content = agent_client.get(reverse(f"admin:associations_{term}_changelist")).content.decode()
    inputs = re.findall(r"<input[^>]*name=\"form-\d+-position\"[^>]*>", content)
    assert inputs
    assert all('aria-label="Ordre d&#x27;affichage"' in tag for tag in inputs)
