"""In a real browser: "Près de moi" with a mocked position sorts the list by distance, and the
back office's map drops a pin that fills the place's coordinates. Nothing reaches the network:
the map's tiles are pointed at this site."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from associations.models import Association, Place

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The Grand-Place of Roubaix.
POSITION = {"latitude": 50.6901, "longitude": 3.1817}


@pytest.fixture
def located_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        geolocation=POSITION,
        permissions=["geolocation"],
        locale="fr-FR",
    )
    page = context.new_page()
    yield page
    context.close()


def metres(text):
    number = re.search(r"à ([\d,]+) (k?m)", text)
    value = float(number[1].replace(",", "."))
    return value * 1000 if number[2] == "km" else value


def test_pres_de_moi_sorts_the_list_by_distance(located_page, demo):
    located_page.goto(reverse("associations:list"))
    located_page.get_by_role("button", name="Près de moi").click()
    located_page.wait_for_url(re.compile(r"position=50\.690%2C3\.182"))

    assert "tri=distance" in located_page.url
    distances = [metres(text) for text in located_page.locator(".card-distance").all_inner_texts()]
    assert len(distances) >= 5
    assert distances == sorted(distances)
    assert "depuis votre position" in located_page.locator(".result-count").inner_text()


def test_a_refused_position_says_so_and_leaves_the_address_field(browser, live_server, demo):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(reverse("associations:list"))
    page.get_by_role("button", name="Près de moi").click()
    status = page.locator(".near-status")
    status.filter(has_text="Votre position n’est pas disponible").wait_for()
    assert "position=" not in page.url
    context.close()


def test_the_agent_drops_the_pin_on_a_place_to_locate(page, demo, log_in, live_server, settings):
    settings.MAP_TILE_URL = live_server.url + "/static/tuiles/{z}/{x}/{y}.png"
    log_in(get_user_model().objects.get(username="admin"))
    association = Association.objects.filter(places__isnull=False).first()
    place = association.places.order_by("name", "pk").first()
    Place.objects.filter(pk=place.pk).update(latitude=None, longitude=None, location_source="")

    page.goto(reverse("admin:associations_association_change", args=[association.pk]))
    assert page.locator(".to-locate").first.is_visible()
    page.get_by_role("button", name="Placer sur la carte").first.click()
    map_box = page.locator(".place-map.leaflet-container").first
    map_box.wait_for()
    map_box.click(position={"x": 100, "y": 120})

    latitude = page.locator("input[name$='-latitude']").first.input_value()
    longitude = page.locator("input[name$='-longitude']").first.input_value()
    assert re.fullmatch(r"50\.\d{6}", latitude), latitude
    assert re.fullmatch(r"3\.\d{6}", longitude), longitude

    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.wait_for_url(re.compile(r"/associations/association/$"))
    place.refresh_from_db()
    assert str(place.latitude) == latitude
    assert place.location_source == Place.LocationSource.GIVEN
