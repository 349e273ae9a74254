"""Every formset of the association space, posted with another association's ids and an inflated
INITIAL_FORMS (to edit, to delete, to take over), leaves the other association unchanged."""

import datetime

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from associations.models import Closure, OpeningSlot, Public, Referent, ServicePublic

pytestmark = pytest.mark.django_db


@pytest.fixture
def foreign(other):
    """The other association with a row of each kind a formset edits."""
    service = other.services.get()
    return {
        "places": list(other.places.all()),
        "slots": list(OpeningSlot.objects.filter(service=service)),
        "publics": [
            ServicePublic.objects.create(service=service, public=Public.objects.first()),
            ServicePublic.objects.create(
                service=service, public=Public.objects.last(), is_public=False
            ),
        ],
        "closures": [
            Closure.objects.create(
                association=other,
                starts_on=datetime.date(2030, 8, 1),
                ends_on=datetime.date(2030, 8, 31),
                message="Congés",
            )
        ],
        "referents": [
            Referent.objects.create(association=other, name="Luc", phone="06 11 11 11 11"),
            Referent.objects.create(association=other, name="Léa", is_public=True),
        ],
    }


def snapshot(association):
    """Every row of the association that the space can edit, as it stands in the database."""
    rows = [model_to_dict(association)]
    for related in (association.places, association.services, association.closures):
        rows += [model_to_dict(row) for row in related.order_by("pk")]
    rows += [model_to_dict(row) for row in association.referents.order_by("pk")]
    for service in association.services.all():
        rows += [model_to_dict(row) for row in service.slots.order_by("pk")]
        rows += [model_to_dict(row) for row in service.public_links.order_by("pk")]
    return repr(rows)


def forged(prefix, rows, fields, *, extra_initial=2):
    """A formset's data whose initial forms carry `rows`' ids (each edited and, for one, marked
    for deletion) and an INITIAL_FORMS larger than the forms sent."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(len(rows) + extra_initial),
    }
    for index, row in enumerate(rows):
        data[f"{prefix}-{index}-id"] = row.pk
        for name, value in fields(row).items():
            data[f"{prefix}-{index}-{name}"] = value
    data[f"{prefix}-0-DELETE"] = "on"
    return data


def place_fields(place):
    return {
        "name": "Piraté",
        "address": place.address,
        "postal_code": place.postal_code,
        "city": place.city,
        "accessibility": place.accessibility,
    }


def slot_fields(slot):
    return {"weekday": (slot.weekday + 1) % 7, "opens_at": "06:00", "closes_at": "07:00"}


def public_fields(link):
    return {"public": link.public_id, "is_public": "on"}


def closure_fields(closure):
    return {"starts_on": "2030-01-01", "ends_on": "2030-12-31", "message": "Fermé (piraté)"}


def referent_fields(referent):
    return {"name": "Piraté", "phone": "06 00 00 00 00", "is_public": "on"}


def pages(own, foreign):
    """(url, data) of every formset page of the space, with the other association's rows."""
    service = own.services.get()
    base = {"version": own.version}
    yield (
        reverse("space:edit_places", args=[own.slug]),
        {**base, **forged("form", foreign["places"], place_fields)},
    )
    service_form = {
        **base,
        "aid_type": service.aid_type_id,
        "place": service.place_id,
        "access": service.access,
        "intake": service.intake,
        "is_free": "on",
    }
    yield (
        reverse("space:edit_service", args=[own.slug, service.pk]),
        {
            **service_form,
            **forged("slots", foreign["slots"], slot_fields),
            "publics-TOTAL_FORMS": "0",
            "publics-INITIAL_FORMS": "0",
        },
    )
    yield (
        reverse("space:edit_service", args=[own.slug, service.pk]),
        {
            **service_form,
            "slots-TOTAL_FORMS": "0",
            "slots-INITIAL_FORMS": "0",
            **forged("publics", foreign["publics"], public_fields),
        },
    )
    yield (
        reverse("space:edit_closures", args=[own.slug]),
        {**base, **forged("form", foreign["closures"], closure_fields)},
    )
    yield (
        reverse("space:edit_referents", args=[own.slug]),
        {**base, **forged("form", foreign["referents"], referent_fields)},
    )


def test_forged_formsets_leave_other_associations_unchanged(manager_client, own, other, foreign):
    before = snapshot(other)
    for url, data in pages(own, foreign):
        response = manager_client.post(url, data)
        assert response.status_code in (200, 302), url
        assert snapshot(other) == before, url
    # Nothing of theirs came over to this association either.
    assert not own.places.filter(name="Piraté").exists()
    assert not own.referents.filter(name="Piraté").exists()
    assert not own.closures.filter(message="Fermé (piraté)").exists()


def test_the_forged_data_would_be_saved_for_ones_own_rows(manager_client, own):
    """The same data on one's own rows is accepted: the refusal above is the ids', not a form
    error elsewhere."""
    own_referent = Referent.objects.create(association=own, name="Jeanne")
    extra = Referent.objects.create(association=own, name="Paul")
    data = {"version": own.version, **forged("form", [extra, own_referent], referent_fields)}
    data["form-INITIAL_FORMS"] = "2"
    response = manager_client.post(reverse("space:edit_referents", args=[own.slug]), data)
    assert response.status_code == 302
    assert list(own.referents.values_list("name", flat=True)) == ["Piraté"]
