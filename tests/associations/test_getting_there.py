"""Getting there and passing it on: the card's street and phone, the detail page's way there, the
"Envoyer par SMS" text, the printed page's QR code, the map's markers and criteria."""

import datetime
import html
import json
import re
import struct
import xml.etree.ElementTree as ElementTree
import zoneinfo
from pathlib import Path
from urllib.parse import unquote

import pytest
import segno
from django.contrib.staticfiles import finders
from django.urls import reverse

from associations import edits, sms
from associations.models import Association, Place

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
LIST = reverse("associations:list")


def text(response):
    return html.unescape(response.content.decode())


@pytest.fixture
def monday_evening(monkeypatch):
    """Monday 2026-11-23 at 18:00 in Roubaix: the association of `make_association` (Tuesday
    9 h – 12 h) is closed and opens the next morning."""
    moment = datetime.datetime(2026, 11, 23, 18, 0, tzinfo=PARIS)
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
    return moment


def located(association, latitude="50.6901", longitude="3.1817"):
    Place.objects.filter(association=association).update(latitude=latitude, longitude=longitude)
    edits.bulk_written(Association.objects.filter(pk=association.pk))


def test_a_card_shows_the_street_and_a_number_to_call(client, make_association):
    make_association("Les Paniers du Pile", phone="03 20 00 00 01")
    content = text(client.get(LIST))
    card = content[content.index('class="card"') :]
    card = card[: card.index("</article>")]
    assert "12 rue de l'Alma, Roubaix" in card
    assert 'href="tel:+33320000001"' in card
    assert "03 20 00 00 01" in card


def test_a_card_without_a_phone_offers_no_call(client, make_association):
    make_association("Les Paniers du Pile", phone="")
    content = text(client.get(LIST))
    assert "tel:" not in content.split('class="cards"', 1)[1].split("</ul>", 1)[0]


def test_the_detail_page_opens_with_the_address_a_call_and_the_way_there(client, make_association):
    association = make_association("Les Paniers du Pile", phone="03 20 00 00 01")
    located(association)
    content = text(client.get(association.get_absolute_url()))
    header = content[content.index('class="detail-header"') : content.index('id="services"')]
    assert "12 rue de l'Alma, 59100 Roubaix" in header
    assert 'href="tel:+33320000001"' in header
    assert 'Appeler le <span dir="ltr">03 20 00 00 01</span>' in header
    assert 'href="geo:50.690100,3.181700?q=50.690100,3.181700(Salle%20principale)"' in header
    assert (
        'href="https://www.openstreetmap.org/directions?engine=fossgis_osrm_foot'
        '&route=%3B50.690100%2C3.181700"' in header
    )
    assert header.index("Appeler") < header.index("Itinéraire")


def test_a_place_without_coordinates_is_found_by_its_address(client, make_association):
    association = make_association()
    content = text(client.get(association.get_absolute_url()))
    assert 'href="geo:0,0?q=12%20rue%20de%20l%27Alma%2C%2059100%20Roubaix"' in content
    assert "fossgis_osrm_foot" not in content


def sms_body(content):
    found = re.search(r'href="sms:\?&body=([^"]*)"', content)
    assert found, "no sms: link"
    body = found.group(1)
    # Encoded whole: nothing in the body may end the query or the attribute early.
    assert re.fullmatch(r"[A-Za-z0-9%_.~-]*", body), body
    return unquote(body)


def test_the_sms_carries_name_address_next_opening_phone_and_link(
    client, make_association, monday_evening
):
    association = make_association("Les Paniers du Pile", phone="03 20 00 00 01")
    message = sms_body(text(client.get(association.get_absolute_url())))
    assert message == (
        "Les Paniers du Pile. 12 rue de l'Alma, Roubaix. Ouvert mar 24/11 9h-12h. "
        "Tél 03 20 00 00 01. http://testserver/associations/les-paniers-du-pile/"
    )
    assert sms.is_gsm(message)
    assert sms.fits_two_sms(message)


def test_a_long_sms_is_cut_but_keeps_its_whole_link(client, make_association, monday_evening):
    name = "Association " + " ".join(["solidaire"] * 12)
    association = make_association(name[:150], phone="03 20 00 00 01")
    Place.objects.filter(association=association).update(address="12 rue " + "de l'Alma " * 12)
    edits.bulk_written(Association.objects.filter(pk=association.pk))
    message = sms_body(text(client.get(association.get_absolute_url())))
    assert sms.is_gsm(message)
    assert sms.fits_two_sms(message)
    assert len(message) > 280
    assert message.endswith(". http://testserver/associations/" + association.slug + "/")


def test_an_sms_outside_gsm_fits_two_ucs2_parts(client, make_association, monday_evening):
    association = make_association("جمعية الخير للتضامن الغذائي", slug="al-khayr")
    Place.objects.filter(association=association).update(address="12 rue " + "de l'Alma " * 8)
    edits.bulk_written(Association.objects.filter(pk=association.pk))
    message = sms_body(text(client.get(association.get_absolute_url())))
    assert not sms.is_gsm(message)
    assert sms.fits_two_sms(message)
    assert len(message.encode("utf-16-le")) // 2 <= 2 * 67
    assert message.startswith("جمعية الخير للتضامن الغذائي. 12 rue de l'Alma")
    assert message.endswith("http://testserver/associations/al-khayr/")


def test_the_english_sms_is_written_in_english(client, make_association, monday_evening):
    association = make_association("Les Paniers du Pile", phone="03 20 00 00 01")
    message = sms_body(text(client.get("/en" + association.get_absolute_url())))
    assert message == (
        "Les Paniers du Pile. 12 rue de l'Alma, Roubaix. Open Tue 24/11 9:00-12:00. "
        "Tel 03 20 00 00 01. http://testserver/en/associations/les-paniers-du-pile/"
    )


def test_the_printed_page_carries_a_qr_code_of_its_address(client, make_association):
    association = make_association()
    content = client.get(association.get_absolute_url()).content.decode()
    found = re.search(r'<div class="page-qr print-only">\s*(<svg.*?</svg>)', content, re.S)
    assert found
    svg = ElementTree.fromstring(found.group(1))
    assert svg.tag == "svg" and svg.get("role") == "img"
    url = "http://testserver/associations/les-paniers-du-pile/"
    expected = segno.make(url, error="m").svg_inline(scale=3, lineclass=None, omitsize=True)
    path = re.search(r' d="([^"]+)"', expected).group(1)
    assert svg.find("path").get("d") == path
    assert url in content


def test_the_liaison_sheet_shows_the_qr_code_of_the_public_page(client, make_association):
    association = make_association()
    content = client.get(reverse("associations:liaison_sheet", args=[association.slug]))
    content = content.content.decode()
    assert '<div class="page-qr">' in content
    assert "http://testserver/associations/les-paniers-du-pile/" in content


def test_map_markers_say_open_or_closed_and_the_next_opening(
    client, make_association, monday_evening
):
    located(make_association("Les Paniers du Pile"))
    located(make_association("Le Resto du Soir", slots=((0, "17:00", "20:00"),)), "50.69")
    response = client.get(reverse("associations:map"))
    markers = {marker["name"]: marker for marker in response.context["markers"]}
    assert markers["Les Paniers du Pile"]["state"] == "closed"
    assert markers["Les Paniers du Pile"]["state_label"] == "Fermé"
    assert markers["Les Paniers du Pile"]["status"] == "Ouvre demain à 9 h"
    assert markers["Le Resto du Soir"]["state"] == "open"
    assert markers["Le Resto du Soir"]["status"] == "Ouvert jusqu'à 20 h"
    content = text(response)
    assert "map-marker-open" in content and "map-marker-closed" in content
    assert "La carte charge des images depuis tile.openstreetmap.org." in content


def test_a_filtered_map_says_which_criteria_apply(client, make_association):
    located(make_association("Les Paniers du Pile"))
    content = text(client.get(reverse("associations:map") + "?type=colis"))
    assert "La carte montre 1 association qui répond à vos critères :" in content
    assert "Colis alimentaire" in content.split("map-criteria", 1)[1].split("</ul>", 1)[0]
    unfiltered = text(client.get(reverse("associations:map")))
    assert "vos critères" not in unfiltered


def test_a_criterion_removed_from_the_map_stays_on_the_map(client, make_association):
    located(make_association("Les Paniers du Pile"))
    content = text(client.get(reverse("associations:map") + "?type=colis&gratuit=on"))
    chips = content.split("map-criteria", 1)[1].split("</ul>", 1)[0]
    assert 'aria-labelledby="map-criteria-title"' in chips
    assert f'<a class="chip" href="{reverse("associations:map")}?gratuit=on">' in chips
    assert f'<a class="chip" href="{reverse("associations:map")}?type=colis">' in chips


def test_the_tiles_and_their_attribution_come_from_the_settings(client, make_association, settings):
    settings.MAP_TILE_URL = "https://tuiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "© Tuiles d'exemple"
    settings.MAP_TILE_ATTRIBUTION_URL = "https://tuiles.example.org/licence"
    located(make_association())
    content = text(client.get(reverse("associations:map")))
    assert 'data-tiles="https://tuiles.example.org/{z}/{x}/{y}.png"' in content
    assert 'data-attribution="© Tuiles d\'exemple"' in content
    assert 'data-attribution-url="https://tuiles.example.org/licence"' in content
    assert "depuis tuiles.example.org." in content


@pytest.mark.parametrize(("prefix", "language"), [("", "fr"), ("/en", "en"), ("/ar", "ar")])
def test_the_manifest_names_the_territory_in_the_page_language(client, prefix, language):
    response = client.get(f"{prefix}/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Roubaix Aide"
    assert manifest["lang"] == language
    assert manifest["dir"] == ("rtl" if language == "ar" else "ltr")
    assert manifest["start_url"] == f"{prefix}/"
    assert manifest["theme_color"].startswith("#")
    sizes = {icon["sizes"]: icon["src"] for icon in manifest["icons"]}
    assert set(sizes) == {"any", "192x192", "512x512"}


def test_every_page_links_the_manifest_and_the_icons(client):
    content = client.get(reverse("associations:home")).content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in content
    assert 'rel="icon" href="/static/icons/icon.svg" type="image/svg+xml"' in content
    assert 'rel="apple-touch-icon"' in content
    assert '<meta name="theme-color" content="#' in content


@pytest.mark.parametrize("size", [192, 512])
def test_the_png_icons_have_their_size(size):
    data = Path(finders.find(f"icons/icon-{size}.png")).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (size, size)
