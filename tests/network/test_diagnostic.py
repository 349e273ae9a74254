"""The CCAS's diagnostic dashboard: totals summed in the database, SVG charts with tables, CSV."""

import csv
import io
import re

import pytest
from django.urls import reverse

from associations.models import AidType, Place, Quartier, Service
from network.charts import bar_chart, line_chart, nice_ceiling
from network.diagnostic import per_aid_type, per_association, per_quartier, per_year
from network.models import YearlyFigures

pytestmark = pytest.mark.django_db

REMINDER = (
    "Les inscriptions ne sont pas des personnes : une même personne peut s'inscrire "
    "dans plusieurs associations."
)


@pytest.fixture
def figures(own, other):
    """Own: Alma (colis) and Pile (a second place, repas); other: Alma only (colis)."""
    pile = Place.objects.create(
        city="Roubaix",
        postal_code="59100",
        association=own,
        name="Annexe",
        address="1 rue du Pile",
        quartier=Quartier.objects.get(slug="pile"),
    )
    Service.objects.create(association=own, place=pile, aid_type=AidType.objects.get(slug="repas"))
    # A second place in the same quartier must not count the association twice there.
    Place.objects.create(
        city="Roubaix",
        postal_code="59100",
        association=own,
        name="Réserve",
        address="2 rue de l'Alma",
        quartier=Quartier.objects.get(slug="alma"),
    )
    YearlyFigures.objects.create(association=own, year=2013, registrations=1000, households=400)
    YearlyFigures.objects.create(association=other, year=2013, registrations=300)
    YearlyFigures.objects.create(association=own, year=2014, registrations=1100, households=450)
    YearlyFigures.objects.create(association=other, year=2014, registrations=350, households=100)


def test_totals_per_year(figures):
    rows = per_year()
    assert [(row["year"], row["associations"], row["registrations"]) for row in rows] == [
        (2013, 2, 1300),
        (2014, 2, 1450),
    ]
    # Households are summed over the associations that gave them.
    assert [row["households"] for row in rows] == [400, 550]


def test_totals_per_association(figures, own, other):
    assert [(row.association, row.registrations) for row in per_association(2014)] == [
        (own, 1100),
        (other, 350),
    ]


def test_an_association_counts_in_full_in_each_of_its_quartiers(figures):
    rows = {row.name: (row.associations, row.registrations) for row in per_quartier(2014)}
    assert rows == {"Alma": (2, 1450), "Pile": (1, 1100)}


def test_an_association_counts_in_full_for_each_of_its_aid_types(figures):
    rows = {row.slug: (row.associations, row.registrations) for row in per_aid_type(2014)}
    assert rows == {"colis": (2, 1450), "repas": (1, 1100)}


def test_dashboard_shows_charts_with_tables_and_the_reminder(
    ccas_client, figures, django_assert_max_num_queries
):
    # 15 with the territory, the towns per town and how many towns there are; 1 for the people
    # sketches sent (none here; with some, 1 more for their associations' quartiers).
    with django_assert_max_num_queries(16):
        response = ccas_client.get(reverse("network:diagnostic"))
    page = response.content.decode()
    assert REMINDER in page
    assert response.context["year"] == 2014
    for chart_id in ("trend", "by-association", "by-quartier", "by-aid-type"):
        assert f'role="img" aria-labelledby="{chart_id}-title"' in page
        assert f'<title id="{chart_id}-title">' in page
    assert page.count("<table") == 4
    # SVG coordinates are never localised (a French decimal comma would break the drawing).
    assert not re.search(r'(width|x|y|y1|y2|cx|cy)="[0-9]+,[0-9]', page)
    assert '<th scope="row">Les Paniers du Pile</th><td>1 100</td>' in page.replace(
        "\u202f", " "
    ).replace("\xa0", " ")


def test_dashboard_shows_the_year_asked_for(ccas_client, figures):
    response = ccas_client.get(reverse("network:diagnostic"), {"annee": "2013"})
    assert response.context["year"] == 2013
    assert "Inscriptions par association en 2013" in response.content.decode()


@pytest.mark.parametrize("year", ["1990", "deux-mille", "2014'--"])
def test_dashboard_with_an_unknown_year_says_so_and_shows_the_latest(ccas_client, figures, year):
    response = ccas_client.get(reverse("network:diagnostic"), {"annee": year})
    assert response.status_code == 200
    assert response.context["year"] == 2014
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_dashboard_without_figures_says_so(ccas_client):
    response = ccas_client.get(reverse("network:diagnostic"))
    assert "Aucune association n'a encore saisi ses chiffres." in response.content.decode()


def test_csv_export_for_french_spreadsheets(ccas_client, figures):
    response = ccas_client.get(reverse("network:diagnostic_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffannee;association;villes;inscriptions;")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows[1] == ["2013", "L'Épicerie de l'Alma", "Roubaix", "300", "", "", "", ""]
    assert len(rows) == 5


def test_members_cannot_see_the_diagnostic(volunteer_client):
    assert volunteer_client.get(reverse("network:diagnostic")).status_code == 403
    assert volunteer_client.get(reverse("network:diagnostic_csv")).status_code == 403


def test_bar_lengths_are_proportional_to_the_values():
    chart = bar_chart("c", "Titre", [("A", 200), ("B", 50), ("C", None)])
    widths = [bar.width for bar in chart.bars]
    assert widths[0] == 4 * widths[1]
    assert widths[2] == 0
    assert chart.bars[2].display == "–"


def test_line_chart_axis_tops_at_a_round_value():
    chart = line_chart("c", "Titre", [(2013, 26184), (2014, 27000)])
    assert nice_ceiling(27000) == 50000
    assert nice_ceiling(1800) == 2000
    assert [point.label for point in chart.points] == ["2013", "2014"]
    # The higher value is drawn higher up (a smaller y).
    assert chart.points[1].y < chart.points[0].y
