"""Near me: from the browser's position, an address or a quartier, each card tells its distance and
the list can be sorted by it; bad input is a French message on the list, never an error page.
The distances are computed by the database (the same arithmetic on SQLite and PostgreSQL: the
suite runs on both)."""

import html
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from associations import nearby
from associations.models import Place, Quartier

pytestmark = pytest.mark.django_db

LIST = reverse("associations:list")
# The origin, at the Grand-Place; 0.005846° of latitude north of it is 650 m away.
ORIGIN = (50.690000, 3.180000)


def names(response):
    return [item.association.name for item in response.context["page"].object_list]


def text(response):
    return html.unescape(re.sub(r"\s+", " ", response.content.decode()))


def place(association, latitude, longitude):
    Place.objects.filter(association=association).update(
        latitude=Decimal(str(latitude)), longitude=Decimal(str(longitude))
    )


@pytest.fixture
def three(make_association):
    """ "Loin" 1.2 km north, "Proche" 650 m east (at this latitude), "Sans position" unlocated;
    by name and by opening, "Loin" comes first."""
    far = make_association("A Loin")
    near = make_association("B Proche")
    make_association("C Sans position")
    place(far, ORIGIN[0] + 0.010792, ORIGIN[1])
    # 650 m east: a degree of longitude is cos(50.69°) of a degree of latitude.
    place(near, ORIGIN[0], ORIGIN[1] + 0.009219)
    return far, near


def test_near_my_position_each_card_tells_its_distance_the_nearest_first(client, three):
    response = client.get(LIST, {"position": "50.69,3.18", "tri": "distance"})

    assert response.status_code == 200
    assert names(response) == ["B Proche", "A Loin", "C Sans position"]
    content = text(response)
    assert re.search(r"B Proche.*à 650 m.*A Loin.*à 1,2 km.*C Sans position", content)
    assert "les plus proches en premier, depuis votre position" in content
    assert "Près de : votre position" in content


def test_distances_without_the_order_keep_the_opening_order(client, three):
    response = client.get(LIST, {"position": "50.69,3.18", "tri": "ouverture"})

    assert names(response) == ["A Loin", "B Proche", "C Sans position"]
    assert "à 650 m" in text(response)


def test_the_distance_reads_in_the_language_of_the_page(client, three):
    response = client.get("/en" + LIST, {"position": "50.69,3.18", "tri": "distance"})
    assert "1.2 km" in text(response)


@pytest.mark.parametrize(
    ("metres", "shown"),
    [(4, "à 10 m"), (648, "à 650 m"), (949, "à 950 m"), (950, "à 1,0 km"), (12_345, "à 12,3 km")],
)
def test_distance_text(metres, shown):
    assert nearby.distance_text(metres) == shown


def test_an_address_is_found_in_the_address_base_and_sorts_the_list(client, three, address_base):
    address_base.add("Grand-Place", *ORIGIN)

    response = client.get(LIST, {"pres_de": "Grand-Place", "tri": "distance"})

    assert names(response) == ["B Proche", "A Loin", "C Sans position"]
    assert "depuis Grand-Place 59100 Ville" in text(response)
    # Asked once, within the territory; the same words again come from the cache.
    client.get(LIST, {"pres_de": "Grand-Place", "tri": "distance"})
    [asked] = address_base.requests
    assert asked["citycode"] == "59512"


def test_a_quartier_gives_the_centre_of_its_places(client, three, make_association):
    centre = make_association("D Centre de l'Épeule", slug="d")
    centre_place = centre.places.get()
    centre_place.quartier = Quartier.objects.get(slug="epeule")
    centre_place.save()
    place(centre, ORIGIN[0] + 0.0108, ORIGIN[1])

    response = client.get(LIST, {"pres_de": "epeule", "tri": "distance"})

    assert names(response)[:2] == ["D Centre de l'Épeule", "A Loin"]
    assert "depuis le quartier Épeule" in text(response)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"position": "abc"}, "La position reçue n'est pas lisible"),
        ({"position": "95,3.18"}, "La position reçue n'est pas lisible"),
        ({"position": "50.69,3.18,2"}, "La position reçue n'est pas lisible"),
        ({"position": "x" * 80}, "au plus 60 caractères"),
    ],
)
def test_a_bad_position_is_a_french_message_and_the_list_still_shows(
    client, three, params, message
):
    response = client.get(LIST, {**params, "tri": "distance"})

    assert response.status_code == 200
    assert message in text(response)
    assert names(response) == ["A Loin", "B Proche", "C Sans position"]
    assert "à 650 m" not in text(response)


def test_an_unknown_address_says_so(client, three, address_base):
    response = client.get(LIST, {"pres_de": "1 rue Inconnue", "tri": "distance"})
    assert response.status_code == 200
    assert "Adresse « 1 rue Inconnue » introuvable sur le territoire" in text(response)


def test_a_search_too_short_for_the_address_base_is_not_sent(client, three, address_base):
    response = client.get(LIST, {"pres_de": "!!", "tri": "distance"})
    assert "Adresse « !! » introuvable sur le territoire" in text(response)
    assert address_base.requests == []


def test_the_address_base_down_says_so(client, three, address_base):
    address_base.down = True
    response = client.get(LIST, {"pres_de": "1 rue Inconnue", "tri": "distance"})
    assert response.status_code == 200
    assert "La recherche d'adresse ne répond pas pour le moment" in text(response)


def test_without_an_address_base_a_quartier_still_works(client, three, settings):
    settings.GEOCODER_URL = ""
    response = client.get(LIST, {"pres_de": "Grand-Place", "tri": "distance"})
    assert "Choisissez un quartier de la liste" in text(response)


def test_the_near_form_keeps_the_other_criteria_without_javascript(client, three):
    content = client.get(LIST, {"gratuit": "on", "q": "colis", "tri": "nom"}).content.decode()
    near_form = content[content.index('<form class="near"') :]
    near_form = near_form[: near_form.index("</form>")]
    assert '<input type="hidden" name="gratuit" value="on">' in near_form
    assert '<input type="hidden" name="q" value="colis">' in near_form
    assert '<input type="hidden" name="tri" value="distance">' in near_form
    assert 'name="pres_de"' in near_form
    assert 'data-action="near-me"' in near_form and " hidden " in near_form


def count_queries(client, params):
    client.get(LIST, params)  # warm the per-process caches first
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST, params).status_code == 200
    return len(queries)


def test_the_distances_cost_one_query_whatever_the_number_of_results(
    client, three, make_association
):
    # Sorted by distance, the list reads no opening hours to sort by, as in the order by name.
    by_name = count_queries(client, {"tri": "nom"})
    near = {"position": "50.69,3.18", "tri": "distance"}
    with_position = count_queries(client, near)
    assert with_position == by_name + 1
    assert count_queries(client, {**near, "tri": "nom"}) == by_name + 1
    for index in range(30):
        place(make_association(f"E {index:02d}"), ORIGIN[0] + index / 1000, ORIGIN[1])
    assert count_queries(client, near) == with_position
