"""Addresses become coordinates through the address base (a local fake of the BAN here), on every
way a place is saved; a failed lookup leaves the place "à localiser" and the save goes through."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from associations import edits, geocoding
from associations.models import Place
from opendata.import_jobs import import_texts
from opendata.spreadsheet import COLUMNS
from tests.associations.test_admin import change_url, invalid_slot_post_data

pytestmark = pytest.mark.django_db


def admin_place_data(association, **changes):
    data = invalid_slot_post_data(association)
    data["services-0-slots-0-closes_at"] = "17:00"
    data.update(changes)
    return data


def test_an_address_changed_in_the_back_office_is_located(
    agent_client, make_association, address_base
):
    address_base.add("5 rue du Collège", 50.690123, 3.181234, score=0.93)
    association = make_association()

    response = agent_client.post(
        change_url(association),
        admin_place_data(association, **{"places-0-address": "5 rue du Collège"}),
    )

    assert response.status_code == 302
    place = association.places.get()
    assert (place.latitude, place.longitude) == (Decimal("50.690123"), Decimal("3.181234"))
    assert place.location_source == Place.LocationSource.ADDRESS_BASE
    assert place.location_score == 0.93
    assert place.location_address == "5 rue du Collège, 59100 Roubaix"
    # The BAN was asked for the place's town only.
    [asked] = address_base.requests
    assert asked["citycode"] == "59512"
    assert asked["postcode"] == "59100"


def test_a_failed_lookup_saves_the_place_a_localiser(agent_client, make_association, address_base):
    address_base.down = True
    association = make_association()

    response = agent_client.post(
        change_url(association),
        admin_place_data(association, **{"places-0-address": "5 rue du Collège"}),
    )

    assert response.status_code == 302
    place = association.places.get()
    assert place.address == "5 rue du Collège"
    assert place.needs_locating
    assert place.location_source == Place.LocationSource.TO_LOCATE


def test_an_answer_outside_the_territory_or_unsure_is_refused(make_association, address_base):
    address_base.add("5 rue du Collège", 50.6, 3.1, citycode="59350", postcode="59000")
    address_base.add("8 rue Pierre", 50.6, 3.1, score=0.3)
    association = make_association()
    place = association.places.get()

    for address in ("5 rue du Collège", "8 rue Pierre"):
        with edits.edit(association, source=edits.Source.SCRIPT) as change:
            place.address = address
            place.save()
            change.sections.append(edits.Section.PLACES)
        place.refresh_from_db()
        assert place.needs_locating, address


def test_the_agent_drags_the_pin_and_a_later_save_keeps_it(
    agent_client, make_association, address_base
):
    address_base.add("12 rue de l'Alma", 50.1, 3.1)
    association = make_association()

    # The map's pin fills the latitude and longitude fields, which the form posts.
    agent_client.post(
        change_url(association),
        admin_place_data(
            association, **{"places-0-latitude": "50.695432", "places-0-longitude": "3.176543"}
        ),
    )
    place = association.places.get()
    assert (place.latitude, place.longitude) == (Decimal("50.695432"), Decimal("3.176543"))
    assert place.location_source == Place.LocationSource.GIVEN
    association.refresh_from_db()

    # Another change of the place (its name) looks nothing up: the pin stays.
    agent_client.post(
        change_url(association),
        admin_place_data(
            association,
            **{
                "places-0-name": "Salle Watremez",
                "places-0-latitude": "50.695432",
                "places-0-longitude": "3.176543",
            },
        ),
    )
    place.refresh_from_db()
    assert place.name == "Salle Watremez"
    assert (place.latitude, place.longitude) == (Decimal("50.695432"), Decimal("3.176543"))
    assert address_base.requests == []


def test_a_new_address_replaces_a_pin_placed_by_hand(make_association, address_base):
    address_base.add("5 rue du Collège", 50.690123, 3.181234)
    association = make_association()
    place = association.places.get()
    with edits.edit(association, source=edits.Source.ADMIN) as change:
        place.latitude, place.longitude = Decimal("50.7"), Decimal("3.2")
        place.full_clean()
        place.save()
        change.sections.append(edits.Section.PLACES)

    place = Place.objects.get(pk=place.pk)
    with edits.edit(association, source=edits.Source.ADMIN) as change:
        place.address = "5 rue du Collège"
        place.full_clean()
        place.save()
        change.sections.append(edits.Section.PLACES)

    place.refresh_from_db()
    assert place.latitude == Decimal("50.690123")
    assert place.location_source == Place.LocationSource.ADDRESS_BASE


def test_a_volunteer_changing_the_address_in_the_space_gets_it_located(
    client, make_association, make_member, address_base
):
    address_base.add("40 rue de Lannoy", 50.688, 3.19)
    association = make_association()
    place = association.places.get()
    client.force_login(make_member(association))

    response = client.post(
        reverse("space:edit_places", args=[association.slug]),
        {
            "version": association.version,
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": place.pk,
            "form-0-name": place.name,
            "form-0-address": "40 rue de Lannoy",
            "form-0-postal_code": "59100",
            "form-0-city": "Roubaix",
            "form-0-accessibility": place.accessibility,
        },
    )

    assert response.status_code == 302
    place.refresh_from_db()
    assert (place.latitude, place.longitude) == (Decimal("50.688000"), Decimal("3.190000"))


def _csv_row(**cells):
    return ";".join(cells.get(column, "") for column in COLUMNS)


def test_an_imported_place_without_coordinates_is_located(address_base):
    address_base.add("3 place de la Liberté", 50.6905, 3.1817)
    row = _csv_row(
        id_association="resto-liberte",
        association="Le Resto de la Liberté",
        publiee="oui",
        id_service="resto-liberte--repas",
        type_aide="Repas",
        acces="Sans condition",
        gratuit="oui",
        lieu_nom="Salle de la Liberté",
        lieu_adresse="3 place de la Liberté",
        lieu_code_postal="59100",
        lieu_ville="Roubaix",
    )

    text = "\n".join([";".join(COLUMNS), row]) + "\n"
    report = import_texts("csv", [text])

    assert report.problems == []
    place = Place.objects.get(name="Salle de la Liberté")
    assert place.latitude == Decimal("50.690500")
    assert place.location_source == Place.LocationSource.ADDRESS_BASE
    # Looked up once: not while the import checked the file (a check is rolled back).
    assert len(address_base.requests) == 1

    # The same file again: the place keeps its position, nothing is looked up or changed.
    asked = len(address_base.requests)
    report = import_texts("csv", [text])
    assert report.updated.get("places", 0) == 0
    place.refresh_from_db()
    assert place.latitude == Decimal("50.690500")
    assert len(address_base.requests) == asked


def test_without_an_address_base_nothing_is_looked_up_and_given_coordinates_stay(
    make_association, settings
):
    settings.GEOCODER_URL = ""
    association = make_association()
    place = association.places.get()
    with edits.edit(association, source=edits.Source.SCRIPT) as change:
        place.address = "5 rue du Collège"
        place.latitude, place.longitude = Decimal("50.69"), Decimal("3.18")
        place.full_clean()
        place.save()
        change.sections.append(edits.Section.PLACES)

    place.refresh_from_db()
    assert place.latitude == Decimal("50.69")
    assert place.location_source == Place.LocationSource.GIVEN
    assert not geocoding.enabled()


def test_the_command_locates_the_places_still_a_localiser(make_association, address_base):
    association = make_association()
    place = association.places.get()
    assert place.needs_locating
    address_base.add("12 rue de l'Alma", 50.6961, 3.1745)

    out = StringIO()
    call_command("locate_places", stdout=out)

    place.refresh_from_db()
    assert place.latitude == Decimal("50.696100")
    assert "Lieux localisés : 1 sur 1 à localiser." in out.getvalue()
    assert association.changes.get().sections == [edits.Section.PLACES]


def test_the_command_says_when_no_address_base_is_set(make_association, settings):
    settings.GEOCODER_URL = ""
    make_association()
    out = StringIO()
    call_command("locate_places", stdout=out)
    assert "GEOCODER_URL" in out.getvalue()


def test_agents_find_the_places_a_localiser_in_the_list_and_on_the_change_page(
    agent_client, make_association
):
    lost = make_association("Lieu perdu")
    located = make_association("Lieu placé", slug="lieu-place")
    located.places.update(
        latitude=50.69, longitude=3.18, location_source="ban", location_score=0.87
    )

    listed = agent_client.get(
        reverse("admin:associations_association_changelist"), {"localisation": "a-localiser"}
    ).content.decode()
    assert "Lieu perdu" in listed
    assert "Lieu placé" not in listed

    page = agent_client.get(change_url(lost)).content.decode()
    assert '<strong class="to-locate">À localiser</strong>' in page
    assert "Placer sur la carte" in page
    assert "admin-extra/place-map.js" in page
    assert 'id="place-map-settings"' in page
    page = agent_client.get(change_url(located)).content.decode()
    assert "Trouvé par la Base adresse nationale (score 0,87 sur 1)." in page


def test_the_place_map_reads_the_public_maps_tiles_and_links_their_licence(
    agent_client, make_association, settings
):
    settings.MAP_TILE_URL = "https://tuiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION_URL = "https://tuiles.example.org/licence"
    association = make_association()

    page = agent_client.get(
        reverse("admin:associations_association_change", args=[association.pk])
    ).content.decode()

    assert 'data-tiles="https://tuiles.example.org/{z}/{x}/{y}.png"' in page
    assert 'data-attribution-url="https://tuiles.example.org/licence"' in page
