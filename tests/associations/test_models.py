import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from associations.freshness import months_before, months_since
from associations.models import (
    AidType,
    Association,
    Closure,
    OpeningSlot,
    Place,
    Public,
    Service,
    ServicePublic,
)

pytestmark = pytest.mark.django_db


def constraint_violated(name, create):
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        create()
    return name in str(excinfo.value) or "CHECK constraint failed" in str(excinfo.value)


def test_slot_must_close_after_it_opens_in_the_database(make_association):
    service = make_association().services.get()
    assert constraint_violated(
        "slot_closes_after_opening",
        lambda: OpeningSlot.objects.create(
            service=service, weekday=0, opens_at=datetime.time(12), closes_at=datetime.time(9)
        ),
    )


def test_slot_closing_before_opening_gets_a_french_form_error(make_association):
    service = make_association().services.get()
    slot = OpeningSlot(
        service=service, weekday=0, opens_at=datetime.time(12), closes_at=datetime.time(12)
    )
    with pytest.raises(ValidationError) as excinfo:
        slot.full_clean()
    assert excinfo.value.message_dict["closes_at"] == [
        "L'heure de fermeture doit être après l'heure d'ouverture."
    ]


def test_slot_rejects_unknown_weeks_of_month(make_association):
    service = make_association().services.get()
    slot = OpeningSlot(
        service=service,
        weekday=0,
        opens_at=datetime.time(9),
        closes_at=datetime.time(12),
        weeks_of_month=[1, 7],
    )
    with pytest.raises(ValidationError) as excinfo:
        slot.full_clean()
    assert "weeks_of_month" in excinfo.value.message_dict


def test_seasonal_validity_must_end_after_it_starts(make_association):
    service = make_association().services.get()
    assert constraint_violated(
        "slot_validity_ends_after_start",
        lambda: OpeningSlot.objects.create(
            service=service,
            weekday=0,
            opens_at=datetime.time(9),
            closes_at=datetime.time(12),
            valid_from=datetime.date(2026, 12, 1),
            valid_until=datetime.date(2026, 11, 1),
        ),
    )


def test_closure_must_end_on_or_after_its_start(make_association):
    association = make_association()
    assert constraint_violated(
        "closure_ends_after_start",
        lambda: Closure.objects.create(
            association=association,
            starts_on=datetime.date(2026, 12, 24),
            ends_on=datetime.date(2026, 12, 23),
        ),
    )
    one_day = Closure(
        association=association,
        starts_on=datetime.date(2026, 12, 24),
        ends_on=datetime.date(2026, 12, 24),
    )
    one_day.full_clean()


def test_closure_cannot_target_another_associations_service(make_association):
    mine = make_association("Mine")
    theirs = make_association("Theirs")
    closure = Closure(
        association=mine,
        service=theirs.services.get(),
        starts_on=datetime.date(2026, 12, 24),
        ends_on=datetime.date(2026, 12, 26),
    )
    with pytest.raises(ValidationError) as excinfo:
        closure.full_clean()
    assert excinfo.value.message_dict["service"] == [
        "Ce service appartient à une autre association."
    ]


def test_association_slugs_are_unique(make_association):
    make_association("Les Paniers", slug="paniers")
    with pytest.raises(IntegrityError), transaction.atomic():
        Association.objects.create(name="Autres paniers", slug="paniers")
    duplicate = Association(name="Autres paniers", slug="paniers")
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert "slug" in excinfo.value.message_dict


def test_service_cannot_use_another_associations_place(make_association):
    mine = make_association("Mine")
    theirs = make_association("Theirs")
    service = Service(
        association=mine, place=theirs.places.get(), aid_type=AidType.objects.get(slug="repas")
    )
    with pytest.raises(ValidationError) as excinfo:
        service.full_clean()
    assert excinfo.value.message_dict["place"] == ["Ce lieu appartient à une autre association."]


def test_paid_service_needs_its_participation_stated(make_association):
    association = make_association()
    aid_type = AidType.objects.get(slug="epicerie")
    assert constraint_violated(
        "service_paid_has_fee_details",
        lambda: Service.objects.create(association=association, aid_type=aid_type, is_free=False),
    )
    service = Service(association=association, aid_type=aid_type, is_free=False)
    with pytest.raises(ValidationError) as excinfo:
        service.full_clean()
    assert "fee_details" in excinfo.value.message_dict


def test_place_needs_both_coordinates_or_none(make_association):
    association = make_association()
    assert constraint_violated(
        "place_coordinates_both_or_none",
        lambda: Place.objects.create(
            city="Roubaix",
            postal_code="59100",
            association=association,
            name="Local",
            address="1 rue Pierre Motte",
            latitude=50.69,
        ),
    )


def test_a_public_is_linked_once_per_service(make_association):
    service = make_association().services.get()
    public = Public.objects.get(slug="sans-papiers")
    ServicePublic.objects.create(service=service, public=public, is_public=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        ServicePublic.objects.create(service=service, public=public)


def test_published_excludes_associations_that_did_not_opt_in(make_association):
    make_association("Visible")
    make_association("Discrète", is_published=False)
    assert [a.name for a in Association.objects.published()] == ["Visible"]


def test_stale_lists_never_checked_and_older_than_six_months(make_association):
    today = datetime.date(2026, 11, 25)
    make_association("Jamais")
    make_association("Ancienne", last_checked_on=datetime.date(2026, 5, 24))
    make_association("Limite", last_checked_on=datetime.date(2026, 5, 25))
    make_association("Récente", last_checked_on=datetime.date(2026, 11, 1))
    stale = Association.objects.stale(today).values_list("name", flat=True)
    assert sorted(stale) == ["Ancienne", "Jamais"]


def test_months_before_clamps_to_the_end_of_a_short_month():
    assert months_before(datetime.date(2026, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 1, 15), 1) == datetime.date(2025, 12, 15)


def test_months_since_counts_whole_months():
    assert months_since(datetime.date(2026, 4, 26), datetime.date(2026, 11, 25)) == 6
    assert months_since(datetime.date(2026, 4, 25), datetime.date(2026, 11, 25)) == 7


def test_taxonomies_are_seeded_with_their_national_codes():
    assert AidType.objects.filter(slug="maraude").exists()
    assert Public.objects.get(slug="sans-papiers").di_code == "personnes-exilees"
    assert Public.objects.get(slug="tous").di_code == "tous-publics"
