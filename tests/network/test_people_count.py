"""The people estimates on a synthetic network whose truth is known: 20,000 people registered at
15 associations, 4,000 of them at two or three."""

import csv
import io
from itertools import combinations

import pytest
from django.urls import reverse

from associations.models import AssociationChange, Quartier
from network import figures as yearly_figures
from network import people_count, people_sketch
from network.demo import SHARES_2013, split, synthetic_registers
from network.models import PeopleCountKey, YearlyFigures

KEY = bytes(range(32))
REGISTRATIONS = split(25_000, SHARES_2013)
SEVERAL = 4_000  # a quarter of them at three: 25,000 - 3,000 - 2 * 1,000 = 20,000 people


@pytest.fixture(scope="module")
def network():
    registers, people = synthetic_registers(REGISTRATIONS, several=SEVERAL, seed=7)
    sketches = {slug: people_sketch.sketch_of(KEY, rows)[0] for slug, rows in registers.items()}
    return sketches, people


def report(label, truth, found):
    print(
        f"{label}: truth {truth}, estimate {found.value} ± {found.margin}, error {found.value - truth:+d}"
    )


def test_the_synthetic_network_is_what_it_says(network):
    _sketches, people = network
    assert len(people) == 20_000
    assert sum(len(keys) >= 2 for keys in people) == SEVERAL
    assert sum(len(keys) for keys in people) == 25_000


def test_people_in_the_network_within_the_margin(network):
    sketches, people = network
    found = people_count.estimate(people_count.union(list(sketches.values())))
    report("people", len(people), found)
    assert found.low <= len(people) <= found.high
    # At this size the sketch counts its empty registers: the margin is under 1 %.
    assert found.margin <= 0.01 * len(people)


def test_people_in_several_associations_within_the_margin(network):
    sketches, people = network
    truth = sum(len(keys) >= 2 for keys in people)
    found = people_count.people_in_several(list(sketches.values()))
    report("several", truth, found)
    assert found.low <= truth <= found.high
    assert found.margin <= 0.1 * truth


def test_associations_within_the_margin_19_times_in_20(network):
    """A 95 % margin misses one time in twenty: over 15 associations, one or two may."""
    sketches, _people = network
    missed = []
    for slug, sketch in sketches.items():
        found = people_count.estimate(sketch)
        if not found.low <= REGISTRATIONS[slug] <= found.high:
            missed.append((slug, REGISTRATIONS[slug], found))
    print(f"associations outside their margin: {len(missed)} of {len(sketches)} {missed}")
    assert len(missed) <= 2


def test_pair_overlaps_within_the_margin(network):
    sketches, people = network
    errors = []
    for first, second in combinations(sorted(sketches), 2):
        truth = sum(1 for keys in people if {first, second} <= keys)
        found = people_count.in_both(sketches[first], sketches[second])
        errors.append(found.value - truth)
        assert found.low <= truth <= found.high, (first, second, truth, found)
    print(
        f"pairs: {len(errors)}, largest error {max(map(abs, errors))}, "
        f"mean absolute error {sum(map(abs, errors)) / len(errors):.1f}"
    )


@pytest.fixture
def sketched(own, other, make_association):
    """2024: own (Alma) 300 people, other (Alma) 200, 60 of them at own too; a third association
    with no quartier has 4 of those 60 too: 60 people in several associations."""
    third = make_association("La Halte", slug="halte")
    third.places.update(quartier=None)
    key = PeopleCountKey.objects.of_year(2024)
    people = [(f"Nom{i}", f"Prénom{i}", "01/01/1970") for i in range(500)]
    registers = {own: people[:300], other: people[240:440], third: people[296:300] + people[440:]}
    for association, rows in registers.items():
        sketch, _skipped = people_sketch.sketch_of(key, rows)
        YearlyFigures.objects.create(
            association=association,
            year=2024,
            registrations=len(rows),
            people_sketch=people_sketch.serialise(sketch),
        )
    # An association without a sketch counts in the registrations only.
    YearlyFigures.objects.create(
        association=make_association("Sans comptage", slug="sans"), year=2024, registrations=99
    )


@pytest.mark.django_db
def test_the_years_estimates_from_the_sketches_sent(sketched, own):
    count = people_count.for_year(2024)
    assert (count.associations, count.registrations) == (3, 564)
    assert count.people.low <= 500 <= count.people.high
    assert count.several.low <= 60 <= count.several.high
    alma = next(row for row in count.by_quartier if row.name == "Alma")
    assert alma.registrations == 500
    assert alma.people.low <= 440 <= alma.people.high
    pairs = {(pair.first, pair.second): pair.both for pair in count.pairs}
    assert pairs[("L'Épicerie de l'Alma", "Les Paniers du Pile")].low <= 60
    assert pairs[("La Halte", "Les Paniers du Pile")].is_small


@pytest.mark.django_db
def test_no_sketch_no_estimate(own):
    YearlyFigures.objects.create(association=own, year=2024, registrations=10)
    assert people_count.for_year(2024) is None


@pytest.mark.django_db
def test_dashboard_shows_people_next_to_registrations(ccas_client, sketched):
    response = ccas_client.get(reverse("network:diagnostic"), {"annee": "2024"})
    page = response.content.decode().replace("\u202f", " ").replace("\xa0", " ")
    assert "Personnes, et non inscriptions, en 2024 (estimation)" in page
    assert "D'après le comptage envoyé par 3 associations" in page
    people = response.context["people"].people
    assert f'{people.value} <span class="margin">(± {people.margin})</span>' in page
    assert '<th scope="row">La Halte + Les Paniers du Pile</th><td>moins de 10</td>' in page
    assert 'aria-labelledby="people-by-quartier-title"' in page


@pytest.mark.django_db
def test_dashboard_says_when_no_sketch_was_sent(ccas_client, own):
    YearlyFigures.objects.create(association=own, year=2024, registrations=10)
    page = ccas_client.get(reverse("network:diagnostic")).content.decode()
    assert "Aucune association n'a encore envoyé le comptage de ses personnes pour 2024" in page


@pytest.mark.django_db
def test_people_csv_for_french_spreadsheets(ccas_client, sketched):
    response = ccas_client.get(reverse("network:diagnostic_people_csv"), {"annee": "2024"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0] == people_count.CSV_HEADER
    count = people_count.for_year(2024)
    assert rows[1] == [
        "2024",
        "reseau",
        "",
        "564",
        str(count.people.value),
        str(count.people.margin),
    ]
    assert rows[2][:3] == ["2024", "plusieurs_associations", ""]
    assert ["2024", "paire", "La Halte + Les Paniers du Pile", "", "moins de 10", ""] in rows


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["1990", "2024'--", "2023"])
def test_people_csv_of_a_year_without_sketches_is_a_404(ccas_client, sketched, year):
    response = ccas_client.get(reverse("network:diagnostic_people_csv"), {"annee": year})
    assert response.status_code == 404


@pytest.mark.django_db
def test_people_csv_without_a_year_is_the_latest_years(ccas_client, sketched):
    response = ccas_client.get(reverse("network:diagnostic_people_csv"))
    assert response.status_code == 200
    assert 'filename="personnes-2024-' in response["Content-Disposition"]


@pytest.mark.django_db
def test_members_cannot_see_the_people_estimates(volunteer_client, sketched):
    response = volunteer_client.get(reverse("network:diagnostic_people_csv"), {"annee": "2024"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_the_estimates_are_computed_once_per_generation_of_the_figures(
    ccas_client, sketched, own, agent, monkeypatch, django_assert_max_num_queries
):
    """The simulation behind the margins takes half a second: the dashboard and the CSV compute
    the estimates once, until figures are saved again."""
    url = reverse("network:diagnostic")
    first = ccas_client.get(url, {"annee": "2024"}).context["people"]

    def computed_again(*args):
        raise AssertionError("the estimates were computed again")

    monkeypatch.setattr(people_count, "for_year", computed_again)
    with django_assert_max_num_queries(16):
        again = ccas_client.get(url, {"annee": "2024"}).context["people"]
    assert again == first
    csv_response = ccas_client.get(reverse("network:diagnostic_people_csv"), {"annee": "2024"})
    assert csv_response.status_code == 200
    monkeypatch.undo()

    # A manager sends a new list for own (its 240 people in no other association gone, 1,000
    # new ones): the next visit shows it.
    figures = YearlyFigures.objects.get(association=own, year=2024)
    key = PeopleCountKey.objects.of_year(2024)
    rows = [(f"Nouveau{i}", "Prénom", "02/02/1980") for i in range(1_000)]
    figures.people_sketch = people_sketch.serialise(people_sketch.sketch_of(key, rows)[0])
    yearly_figures.save(figures, user=agent, source=AssociationChange.Source.SPACE)
    after = ccas_client.get(url, {"annee": "2024"}).context["people"]
    assert after.people.low <= 500 - 240 + 1_000 <= after.people.high


@pytest.mark.django_db
def test_a_quartier_under_10_people_shows_moins_de_10_in_its_chart_too(
    ccas_client, sketched, make_association
):
    small = make_association("Le Petit Relais", slug="petit-relais")
    small.places.update(quartier=Quartier.objects.exclude(slug="alma").first())
    key = PeopleCountKey.objects.of_year(2024)
    rows = [(f"Seul{i}", "Prénom", "03/03/1990") for i in range(4)]
    YearlyFigures.objects.create(
        association=small,
        year=2024,
        registrations=4,
        people_sketch=people_sketch.serialise(people_sketch.sketch_of(key, rows)[0]),
    )
    response = ccas_client.get(reverse("network:diagnostic"), {"annee": "2024"})
    bars = {bar.label: bar.display for bar in response.context["people_by_quartier"].bars}
    quartier = small.places.get().quartier.name
    assert bars[quartier] == "moins de 10"
    assert bars["Alma"] != "moins de 10"
    assert f"<title>{quartier} : moins de 10</title>" in response.content.decode()
