"""On a phone: the way there on the first screen, the map's tiles and markers, and the printed
pages on one A4 sheet. No request leaves the machine: the tile server is a local fake."""

import base64
import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.test import Client

from associations import edits
from associations.models import Association, Place
from tests.conftest import seed_lists

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TILES = "https://tile.openstreetmap.org/**"
# A 1×1 white PNG, for every tile.
BLANK_TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg=="
)
FIRST_SCREEN = 844


def address(association, prefix=""):
    """The page's address in a language (get_absolute_url would follow the language a previous
    request left active)."""
    return f"{prefix}/associations/{association.slug}/"


def fullest(associations, prefix=""):
    """The association whose page says the most: the hardest to fit on a screen or a sheet."""
    client = Client()

    def length(association):
        page = client.get(address(association, prefix)).content.decode()
        return len(re.sub(r"<[^>]+>", "", page))

    return max(associations, key=length)


@pytest.fixture
def offline(page, live_server):
    """Tiles answered by a blank image, anything else off the machine refused; the tiles'
    requests are kept to be read."""
    tiles = []

    def answer_tile(route):
        tiles.append(route.request)
        route.fulfill(status=200, content_type="image/png", body=BLANK_TILE)

    def refuse_other_hosts(route):
        if urlsplit(route.request.url).hostname in ("localhost", "127.0.0.1"):
            route.continue_()
        else:
            route.abort()

    page.context.route(re.compile(r"^(?!https://tile\.openstreetmap\.org/).*"), refuse_other_hosts)
    page.context.route(TILES, answer_tile)
    return tiles


@pytest.mark.parametrize("prefix", ["", "/ar"])
def test_the_first_screen_holds_status_address_call_and_directions(page, demo, prefix):
    association = fullest(
        Association.objects.published().with_public_details().exclude(phone=""), prefix
    )
    page.goto(address(association, prefix))
    parts = {
        "status": page.locator(".detail-header > .status"),
        "address": page.locator(".getting-there .address").first,
        "call": page.locator(".getting-there a[href^='tel:']"),
        "directions": page.locator(".getting-there a[href^='geo:']").first,
    }
    for name, element in parts.items():
        box = element.bounding_box()
        assert box is not None, f"{name} not shown"
        assert box["y"] >= 0 and box["y"] + box["height"] <= FIRST_SCREEN, (name, box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (name, box)
    assert page.locator(".getting-there a[href*='fossgis_osrm_foot']").count() >= 1


def located(make_association, name, longitude, **fields):
    association = make_association(name, **fields)
    Place.objects.filter(association=association).update(latitude="50.69", longitude=longitude)
    return association


@pytest.fixture
def three_on_the_map(make_association):
    """One always open, one open another day only, one without hours: a marker of each kind."""
    seed_lists()
    today = datetime.date.today().weekday()
    everyday = tuple((day, "00:00", "23:59") for day in range(7))
    located(make_association, "Toujours Ouvert", "3.17", slots=everyday)
    located(
        make_association, "Pas Aujourd'hui", "3.18", slots=(((today + 3) % 7, "09:00", "12:00"),)
    )
    located(make_association, "Sans Horaires", "3.19", slots=())
    edits.bulk_written(Association.objects.all())


@pytest.mark.usefixtures("three_on_the_map")
def test_map_tiles_carry_the_origin_and_markers_say_open_or_closed(page, offline, live_server):
    page.goto("/carte/")
    button = page.get_by_role("button", name="Afficher la carte")
    button.click()
    page.locator(".map-marker-icon").first.wait_for()
    # The focus moves to the map the person asked for.
    assert page.evaluate("document.activeElement.id") == "map"
    page.wait_for_function("document.querySelectorAll('img.leaflet-tile-loaded').length > 0")
    assert offline, "no tile requested"
    origin = live_server.url + "/"
    assert {tile.header_value("referer") for tile in offline} == {origin}
    assert page.locator("img.leaflet-tile").first.get_attribute("referrerpolicy") == (
        "strict-origin-when-cross-origin"
    )
    shapes = {}
    for kind in ("open", "closed", "unknown"):
        marker = page.locator(f".map-marker-icon .map-marker-{kind}")
        assert marker.count() == 1, kind
        shapes[kind] = marker.evaluate(
            "m => [getComputedStyle(m).borderRadius, getComputedStyle(m).transform,"
            " getComputedStyle(m).backgroundColor]"
        )
    assert shapes["open"][0] == "50%" and shapes["closed"][0] == "0px"
    assert shapes["unknown"][1] != "none" and shapes["closed"][1] == "none"
    assert len({shape[2] for shape in shapes.values()}) == 3
    names = page.locator(".map-marker-icon").all_inner_texts()
    assert sorted(names) == [
        "Pas Aujourd'hui : Fermé",
        "Sans Horaires : Horaires non communiqués",
        "Toujours Ouvert : Ouvert",
    ]
    assert page.locator(".map-legend").is_visible()
    page.locator(".map-marker-icon", has_text="Pas Aujourd'hui").click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert re.search(r"Ouvre \w+ à 9 h", popup.inner_text())
    assert "12 rue de l'Alma, 59100 Roubaix" in popup.inner_text()


def test_the_map_loads_nothing_from_another_host_until_asked(page, offline, three_on_the_map):
    page.goto("/carte/")
    page.wait_for_load_state("networkidle")
    assert offline == []
    assert page.evaluate("typeof window.L") == "undefined"


@pytest.mark.parametrize("prefix", ["", "/en", "/ar"])
@pytest.mark.parametrize("sheet", ["", "fiche/"])
def test_the_fullest_page_prints_on_one_a4_sheet(page, demo, prefix, sheet):
    association = fullest(Association.objects.published().with_public_details(), prefix)
    page.goto(address(association, prefix) + sheet)
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    page.emulate_media(media="print")
    assert page.locator(".page-qr svg").is_visible()
    website = page.locator("a[href^='http']:not(.url-shown)").first
    if website.count():
        after = website.evaluate("a => getComputedStyle(a, '::after').content")
        assert website.get_attribute("href") in after


def test_the_manifest_and_its_icons_answer(page, live_server):
    seed_lists()
    manifest = page.request.get(live_server.url + "/manifest.webmanifest")
    assert manifest.ok
    assert manifest.headers["content-type"] == "application/manifest+json"
    for icon in manifest.json()["icons"]:
        response = page.request.get(live_server.url + icon["src"])
        assert response.ok, icon["src"]
        assert response.headers["content-type"].startswith(icon["type"])
