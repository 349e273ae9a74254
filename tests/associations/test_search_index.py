"""The stored search text follows every edit path: back office, association space, import."""

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import Membership
from associations import edits
from associations.models import Association, Quartier
from associations.search import matching
from opendata.import_jobs import import_texts
from tests.associations.test_admin import change_url, invalid_slot_post_data
from tests.space.test_editing import association_data, place_data

pytestmark = pytest.mark.django_db


def found(text):
    return sorted(matching(Association.objects.all(), text).values_list("name", flat=True))


@pytest.fixture
def volunteer_client(client, make_association, make_member):
    association = make_association("Les Paniers du Pile")
    client.force_login(make_member(association, "marie", Membership.Role.VOLUNTEER))
    return client, association


def test_a_new_association_is_found_by_its_service_and_place(make_association):
    make_association("Les Paniers du Pile")
    assert found("colis alma") == ["Les Paniers du Pile"]


def test_an_address_changed_in_the_back_office_is_found(agent_client, make_association):
    association = make_association("Les Paniers du Pile")
    data = invalid_slot_post_data(association)
    data["services-0-slots-0-closes_at"] = "17:00"
    data["places-0-address"] = "3 rue des Wallons"

    response = agent_client.post(change_url(association), data)

    assert response.status_code == 302
    assert found("wallons") == ["Les Paniers du Pile"]
    assert found("alma") == []


def test_a_description_edited_in_the_space_is_found(volunteer_client):
    client, association = volunteer_client
    url = reverse("space:edit_association", args=[association.slug])

    response = client.post(url, association_data(association, description="Soupe le jeudi."))

    assert response.status_code == 302
    assert found("soupe") == ["Les Paniers du Pile"]


def test_a_place_moved_in_the_space_is_found_at_its_new_address(volunteer_client):
    client, association = volunteer_client
    place = association.places.get()
    url = reverse("space:edit_places", args=[association.slug])

    data = place_data(association, place, **{"form-0-address": "8 place de la Fosse aux Chênes"})
    response = client.post(url, data)

    assert response.status_code == 302
    assert found("chenes") == ["Les Paniers du Pile"]
    assert found("alma") == []


def test_imported_associations_are_found(db):
    template = settings.BASE_DIR / "fixtures" / "import-template.csv"
    import_texts("csv", [template.read_text(encoding="utf-8-sig")])

    assert found("colis alma") == ["Les Paniers du Pile"]


def test_a_renamed_quartier_is_found_by_its_new_name(agent_client, make_association):
    make_association("Les Paniers du Pile")
    alma = Quartier.objects.get(slug="alma")

    response = agent_client.post(
        reverse("admin:associations_quartier_change", args=[alma.pk]),
        {"name": "Alma-Gare", "slug": "alma", "position": alma.position},
    )

    assert response.status_code == 302
    assert found("alma-gare") == ["Les Paniers du Pile"]


def test_a_service_deleted_in_the_space_is_no_longer_found(volunteer_client):
    client, association = volunteer_client
    service = association.services.get()
    url = reverse("space:delete_service", args=[association.slug, service.pk])
    assert client.post(url, {"version": association.version}).status_code == 302
    assert found("colis") == []


def test_readers_find_associations_in_english_and_arabic(make_association):
    make_association("Les Paniers du Pile", description_en="Warm soup in winter.")
    make_association("L'Épicerie de l'Alma", slug="epicerie-alma")
    assert found("soup") == ["Les Paniers du Pile"]
    assert found("parcel") == ["L'Épicerie de l'Alma", "Les Paniers du Pile"]
    assert found("طرد") == ["L'Épicerie de l'Alma", "Les Paniers du Pile"]


def test_an_association_is_found_by_the_names_of_its_services_and_places(make_association):
    association = make_association("Les Paniers du Pile")
    association.services.update(name="Distribution du mercredi")
    association.places.update(name="Salle Watremez")
    edits.bulk_written(Association.objects.filter(pk=association.pk))

    assert found("mercredi") == ["Les Paniers du Pile"]
    assert found("watremez") == ["Les Paniers du Pile"]
