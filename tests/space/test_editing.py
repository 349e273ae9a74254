import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from associations.freshness import months_before
from associations.models import (
    AssociationChange,
    Closure,
    OpeningSlot,
    Place,
    Public,
    Referent,
    Service,
)

pytestmark = pytest.mark.django_db


def association_data(association, **changes):
    data = {
        "version": association.version,
        "summary": association.summary,
        "description": association.description,
        "phone": association.phone,
        "email": association.email,
        "website": association.website,
        "holiday_policy": association.holiday_policy,
        "is_published": "on" if association.is_published else "",
    }
    data.update(changes)
    return data


def place_data(association, place, **changes):
    data = {
        "version": association.version,
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": place.pk,
        "form-0-name": place.name,
        "form-0-address": place.address,
        "form-0-postal_code": place.postal_code,
        "form-0-city": place.city,
        "form-0-accessibility": place.accessibility,
    }
    data.update(changes)
    return data


def service_data(association, service, slots=(), **changes):
    data = {
        "version": association.version,
        "aid_type": service.aid_type_id,
        "place": service.place_id or "",
        "access": service.access,
        "intake": service.intake,
        "is_free": "on",
        "slots-TOTAL_FORMS": str(len(slots)),
        "slots-INITIAL_FORMS": str(sum(1 for slot in slots if "id" in slot)),
        "publics-TOTAL_FORMS": "0",
        "publics-INITIAL_FORMS": "0",
    }
    for index, slot in enumerate(slots):
        for key, value in slot.items():
            data[f"slots-{index}-{key}"] = value
    data.update(changes)
    return data


def existing_slot(slot, **changes):
    return {
        "id": slot.pk,
        "weekday": slot.weekday,
        "opens_at": slot.opens_at.strftime("%H:%M"),
        "closes_at": slot.closes_at.strftime("%H:%M"),
        **changes,
    }


def test_volunteer_edits_the_description(volunteer_client, own):
    url = reverse("space:edit_association", args=[own.slug])
    response = volunteer_client.post(url, association_data(own, summary="Colis le mardi"))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.summary == "Colis le mardi"
    assert own.version == 1


def test_ccas_only_fields_are_not_editable_in_the_space(volunteer_client, own):
    url = reverse("space:edit_association", args=[own.slug])
    data = association_data(own, internal_notes="forgé", habilitation="national")
    volunteer_client.post(url, data)
    own.refresh_from_db()
    assert own.internal_notes == ""
    assert own.habilitation == "none"


def test_preview_shows_unsaved_description_and_saves_nothing(volunteer_client, own):
    url = reverse("space:edit_association", args=[own.slug])
    data = association_data(own, summary="Nouvelle phrase", preview="1")
    response = volunteer_client.post(url, data)
    content = response.content.decode()
    assert "Aperçu – non enregistré" in content
    assert "Nouvelle phrase" in content
    own.refresh_from_db()
    assert own.summary == ""


def test_volunteer_opts_out_of_publication(volunteer_client, own):
    url = reverse("space:edit_association", args=[own.slug])
    volunteer_client.post(url, association_data(own, is_published=""))
    own.refresh_from_db()
    assert own.is_published is False
    assert own.changes.get().sections == [AssociationChange.Section.PUBLICATION]


def test_volunteer_renames_a_place(volunteer_client, own):
    place = own.places.get()
    url = reverse("space:edit_places", args=[own.slug])
    response = volunteer_client.post(url, place_data(own, place, **{"form-0-name": "Salle B"}))
    assert response.status_code == 302
    place.refresh_from_db()
    assert place.name == "Salle B"


def test_volunteer_cannot_edit_another_associations_place(volunteer_client, own, other):
    foreign = other.places.get()
    url = reverse("space:edit_places", args=[own.slug])
    volunteer_client.post(url, place_data(own, foreign, **{"form-0-name": "Piraté"}))
    foreign.refresh_from_db()
    assert foreign.name == "Salle principale"


def test_volunteer_cannot_delete_another_associations_place(volunteer_client, own, other):
    foreign = other.places.get()
    url = reverse("space:edit_places", args=[own.slug])
    volunteer_client.post(url, place_data(own, foreign, **{"form-0-DELETE": "on"}))
    assert Place.objects.filter(pk=foreign.pk).exists()


def test_volunteer_adds_slots_with_weeks_and_season_and_removes_one(volunteer_client, own):
    service = own.services.get()
    old_slot = service.slots.get()
    url = reverse("space:edit_service", args=[own.slug, service.pk])
    slots = [
        existing_slot(old_slot, DELETE="on"),
        {
            "weekday": "3",
            "opens_at": "14:00",
            "closes_at": "16:30",
            "weeks_of_month": ["1", "3"],
            "valid_from": "2026-11-20",
            "valid_until": "2027-03-31",
        },
    ]
    response = volunteer_client.post(url, service_data(own, service, slots))
    assert response.status_code == 302
    slot = service.slots.get()
    assert (slot.weekday, slot.opens_at, slot.weeks_of_month) == (3, datetime.time(14), [1, 3])
    assert slot.valid_until == datetime.date(2027, 3, 31)
    assert own.changes.get().sections == [AssociationChange.Section.HOURS]


def test_slot_closing_before_opening_is_refused_in_french(volunteer_client, own):
    service = own.services.get()
    url = reverse("space:edit_service", args=[own.slug, service.pk])
    slots = [{"weekday": "3", "opens_at": "14:00", "closes_at": "10:00"}]
    response = volunteer_client.post(url, service_data(own, service, slots))
    assert response.status_code == 200
    assert "L&#x27;heure de fermeture doit être après" in response.content.decode()
    assert not OpeningSlot.objects.filter(weekday=3).exists()


def test_volunteer_cannot_move_another_associations_slot(volunteer_client, own, other):
    service = own.services.get()
    foreign_slot = other.services.get().slots.get()
    url = reverse("space:edit_service", args=[own.slug, service.pk])
    slots = [existing_slot(foreign_slot, opens_at="06:00")]
    volunteer_client.post(url, service_data(own, service, slots))
    foreign_slot.refresh_from_db()
    assert foreign_slot.opens_at == datetime.time(9)
    assert foreign_slot.service.association == other


def test_volunteer_cannot_put_a_service_in_another_associations_place(volunteer_client, own, other):
    service = own.services.get()
    url = reverse("space:edit_service", args=[own.slug, service.pk])
    response = volunteer_client.post(url, service_data(own, service, place=other.places.get().pk))
    assert response.status_code == 200
    service.refresh_from_db()
    assert service.place.association == own


def test_volunteer_adds_a_service(volunteer_client, own):
    service = own.services.get()
    url = reverse("space:add_service", args=[own.slug])
    slots = [{"weekday": "4", "opens_at": "11:30", "closes_at": "13:30"}]
    response = volunteer_client.post(url, service_data(own, service, slots, name="Repas"))
    assert response.status_code == 302
    added = own.services.get(name="Repas")
    assert added.slots.get().weekday == 4


def test_service_preview_shows_the_unsaved_slots(volunteer_client, own):
    service = own.services.get()
    url = reverse("space:edit_service", args=[own.slug, service.pk])
    slots = [{"weekday": "4", "opens_at": "11:30", "closes_at": "13:30", "weeks_of_month": "-1"}]
    response = volunteer_client.post(url, service_data(own, service, slots, preview="1"))
    content = response.content.decode()
    assert "Aperçu – non enregistré" in content
    assert "Dernier vendredi du mois, de 11 h 30 à 13 h 30" in content
    assert not service.slots.filter(weekday=4).exists()


def closure_data(association, service_id="", **changes):
    data = {
        "version": association.version,
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-0-starts_on": "2026-08-01",
        "form-0-ends_on": "2026-08-31",
        "form-0-service": service_id,
        "form-0-message": "Congés d'été",
    }
    data.update(changes)
    return data


def test_volunteer_adds_a_closure(volunteer_client, own):
    url = reverse("space:edit_closures", args=[own.slug])
    response = volunteer_client.post(url, closure_data(own))
    assert response.status_code == 302
    closure = own.closures.get()
    assert closure.message == "Congés d'été"
    assert closure.service is None


def test_volunteer_cannot_close_another_associations_service(volunteer_client, own, other):
    url = reverse("space:edit_closures", args=[own.slug])
    response = volunteer_client.post(url, closure_data(own, other.services.get().pk))
    assert response.status_code == 200
    assert not Closure.objects.exists()


def test_volunteer_adds_a_private_referent(volunteer_client, own):
    url = reverse("space:edit_referents", args=[own.slug])
    data = {
        "version": own.version,
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-0-name": "Jeanne Martin",
        "form-0-phone": "06 00 00 00 00",
    }
    volunteer_client.post(url, data)
    referent = Referent.objects.get()
    assert referent.association == own
    assert referent.is_public is False


def test_volunteer_cannot_edit_another_associations_referent(volunteer_client, own, other):
    foreign = Referent.objects.create(association=other, name="Luc")
    url = reverse("space:edit_referents", args=[own.slug])
    data = {
        "version": own.version,
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": foreign.pk,
        "form-0-name": "Piraté",
        "form-0-is_public": "on",
    }
    volunteer_client.post(url, data)
    foreign.refresh_from_db()
    assert (foreign.name, foreign.is_public, foreign.association) == ("Luc", False, other)


def test_all_is_up_to_date_records_today(volunteer_client, own):
    url = reverse("space:mark_checked", args=[own.slug])
    assert volunteer_client.get(url).status_code == 200
    response = volunteer_client.post(url, {"version": own.version}, follow=True)
    own.refresh_from_db()
    assert own.last_checked_on == timezone.localdate()
    assert "marquées comme vérifiées aujourd&#x27;hui" in response.content.decode()


def test_dashboard_says_how_long_hours_have_not_been_checked(volunteer_client, own):
    own.last_checked_on = months_before(timezone.localdate(), 7)
    own.save()
    content = volunteer_client.get(reverse("space:dashboard")).content.decode()
    assert "Vos horaires n&#x27;ont pas été vérifiés depuis 7 mois." in content


def test_saving_without_changes_does_not_raise_the_version(volunteer_client, own):
    volunteer_client.post(reverse("space:edit_association", args=[own.slug]), association_data(own))
    own.refresh_from_db()
    assert own.version == 0
    assert not own.changes.exists()


@pytest.mark.parametrize(
    "name",
    ["space:edit_association", "space:edit_places", "space:services", "space:edit_closures"],
)
def test_space_pages_query_count_is_bounded(
    volunteer_client, own, name, django_assert_max_num_queries
):
    for index in range(5):
        Place.objects.create(
            city="Roubaix",
            postal_code="59100",
            association=own,
            name=f"Lieu {index}",
            address="1 rue",
        )
        Closure.objects.create(
            association=own,
            service=own.services.get(),
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 1, 2),
        )
    with django_assert_max_num_queries(12):
        assert volunteer_client.get(reverse(name, args=[own.slug])).status_code == 200


def test_dashboard_query_count_is_bounded(
    client, make_association, make_member, django_assert_max_num_queries
):
    user = make_member(make_association("Premiere"))
    for index in range(5):
        association = make_association(f"Autre {index}")
        association.memberships.create(user=user)
    client.force_login(user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("space:dashboard")).status_code == 200


def test_service_page_query_count_is_bounded(volunteer_client, own, django_assert_max_num_queries):
    service = own.services.get()
    for weekday in range(7):
        OpeningSlot.objects.create(
            service=service,
            weekday=weekday,
            opens_at=datetime.time(14),
            closes_at=datetime.time(15),
        )
    for public in Public.objects.all()[:4]:
        service.public_links.create(public=public)
    # 18 with the help box's desks and the territory, read once per generation of the directory.
    with django_assert_max_num_queries(18):
        response = volunteer_client.get(reverse("space:edit_service", args=[own.slug, service.pk]))
    assert response.status_code == 200


def test_dashboard_shows_the_users_role(volunteer_client, own):
    content = volunteer_client.get(reverse("space:dashboard")).content.decode()
    assert "Votre rôle : Bénévole" in content


def test_volunteer_adds_a_public_shown_to_the_ccas_only(volunteer_client, client, own):
    service = own.services.get()
    url = reverse("space:edit_service", args=[own.slug, service.pk])
    sans_papiers = Public.objects.get(slug="sans-papiers")
    data = service_data(
        own,
        service,
        **{
            "publics-TOTAL_FORMS": "2",
            "publics-0-public": Public.objects.get(slug="familles").pk,
            "publics-0-is_public": "on",
            "publics-1-public": sans_papiers.pk,
        },
    )
    assert volunteer_client.post(url, data).status_code == 302
    assert dict(service.public_links.values_list("public__slug", "is_public")) == {
        "familles": True,
        "sans-papiers": False,
    }
    public_page = client.get(own.get_absolute_url()).content.decode()
    assert "Familles" in public_page
    assert "Personnes sans papiers" not in public_page


def test_volunteer_deletes_a_service_after_confirming(volunteer_client, own):
    service = own.services.get()
    url = reverse("space:delete_service", args=[own.slug, service.pk])
    confirmation = volunteer_client.get(url).content.decode()
    assert "Oui, supprimer ce service" in confirmation
    assert Service.objects.filter(pk=service.pk).exists()
    response = volunteer_client.post(url, {"version": own.version})
    assert response.status_code == 302
    assert not Service.objects.filter(pk=service.pk).exists()
    assert own.changes.get().sections == [AssociationChange.Section.SERVICES]


def test_volunteer_cannot_delete_another_associations_service(volunteer_client, own, other):
    foreign = other.services.get()
    url = reverse("space:delete_service", args=[own.slug, foreign.pk])
    assert volunteer_client.post(url, {"version": own.version}).status_code == 404
    url = reverse("space:delete_service", args=[other.slug, foreign.pk])
    assert volunteer_client.post(url, {"version": other.version}).status_code == 404
    assert Service.objects.filter(pk=foreign.pk).exists()
