"""The booklet: every published public sheet, contents by quartier and type of aid, print date."""

import html
import re

import pytest
from django.urls import reverse

from associations.models import AidType, Place, Quartier, Service

from .conftest import SECRET

pytestmark = pytest.mark.django_db

BOOKLET = reverse("orientation:booklet")


def text(response):
    return html.unescape(response.content.decode())


def contents_section(content, title):
    start = content.index(f">{title}</h2>")
    return content[start : content.index("</nav>", start)]


def test_booklet_has_every_published_sheet_and_no_ccas_only_data(
    agent_client, discreet, make_association
):
    make_association("Pas publiée", is_published=False)
    make_association("L'Épicerie du Pile")
    content = text(agent_client.get(BOOKLET))
    assert content.count('class="sheet"') == 2
    assert 'id="fiche-le-relais-discret"' in content and 'id="fiche-lepicerie-du-pile"' in content
    assert "Pas publiée" not in content
    assert SECRET not in content and "0600000000" not in content
    assert "sans papiers" not in content.lower() and "Réservé CCAS" not in content
    assert "sans aucune information réservée au CCAS" in content


def test_contents_list_associations_by_quartier_and_by_type_of_aid(agent_client, make_association):
    alma = make_association("Au Pile et à l'Alma")
    Place.objects.create(
        city="Roubaix",
        postal_code="59100",
        association=alma,
        name="Annexe",
        address="1 rue du Pile",
        quartier=Quartier.objects.get(slug="pile"),
    )
    Service.objects.create(association=alma, aid_type=AidType.objects.get(slug="epicerie"))
    make_association("Seulement l'Alma")
    epeule = make_association("À l'Épeule")
    epeule.places.update(quartier=Quartier.objects.get(slug="epeule"))
    content = text(agent_client.get(BOOKLET))
    by_quartier = contents_section(content, "Par quartier")
    assert re.findall(r"<h3>(.*?)</h3>", by_quartier) == ["Alma", "Épeule", "Pile"]
    assert by_quartier.count('href="#fiche-au-pile-et-a-lalma"') == 2
    assert by_quartier.count('href="#fiche-seulement-lalma"') == 1
    by_aid_type = contents_section(content, "Par type d'aide")
    assert re.findall(r"<h3>(.*?)</h3>", by_aid_type) == [
        "Colis alimentaire",
        "Épicerie sociale et solidaire",
    ]


def test_booklet_says_when_it_was_printed(agent_client, make_association):
    make_association("Le Panier")
    assert "Imprimé le " in text(agent_client.get(BOOKLET))


@pytest.mark.parametrize("count", [2, 25])
def test_query_count_does_not_depend_on_the_number_of_associations(
    agent_client, make_association, django_assert_max_num_queries, count
):
    for number in range(count):
        make_association(f"Association {number}")
    # The lists of terms are read afresh in a test's transaction (term_lists): 8 queries.
    with django_assert_max_num_queries(21):
        response = agent_client.get(BOOKLET)
    assert len(response.context["sheets"]) == count


def test_each_service_gives_its_own_address_and_weekly_hours(agent_client, make_association):
    """The booklet, printed for weeks, gives each service's rule of hours, never dated openings
    that would be out of date once printed."""
    association = make_association("Les Deux Adresses")
    kitchen = Place.objects.create(
        city="Roubaix",
        association=association,
        name="Cuisine",
        address="3 rue du Fontenoy",
        postal_code="59100",
    )
    Service.objects.create(
        association=association,
        place=kitchen,
        aid_type=AidType.objects.get(slug="colis"),
        name="Repas du soir",
    ).slots.create(weekday=0, opens_at="18:00", closes_at="20:00")
    content = re.sub(r"\s+", " ", text(agent_client.get(BOOKLET)))
    assert "Salle principale, 12 rue de l'Alma, 59100 Roubaix</dd>" in content
    assert "Mardi, de 9 h à 12 h</dd>" in content
    assert "Cuisine, 3 rue du Fontenoy, 59100 Roubaix</dd>" in content
    assert "Lundi, de 18 h à 20 h</dd>" in content
