"""Every CSV the site writes neutralises a cell a spreadsheet would run as a formula; the import
restores it (opendata/csv_safety.py)."""

import csv
import io

import pytest
from django.urls import URLResolver, get_resolver, reverse
from hypothesis import given
from hypothesis import strategies as st

from associations.models import Association, Service
from network import people_sketch
from network.models import YearlyFigures
from opendata.csv_safety import FORMULA_STARTS, NUMBER_OR_PHONE, neutralise, restore
from opendata.import_jobs import import_texts

PAYLOADS = ['=HYPERLINK("http://x","y")', "+cmd /c calc", "-2+3*4", "@SUM(1)"]
PHONE = "+33 3 20 00 00 01"


def _csv_url_names(patterns, namespace=""):
    """The name of every address of the site that ends in .csv, as `reverse` takes it."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _csv_url_names(entry.url_patterns, inner)
        elif str(entry.pattern).endswith(".csv"):
            yield namespace + entry.name


CSV_URL_NAMES = sorted(_csv_url_names(get_resolver().url_patterns))


def _rows(response):
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    text = text.decode().removeprefix("\ufeff")
    delimiter = ";" if ";" in text.split("\n", 1)[0] else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _cells(response):
    return [cell for row in _rows(response) for cell in row]


@pytest.fixture
def planted(make_association):
    """Four published associations, each with one payload in every text a CSV shows."""
    for number, payload in enumerate(PAYLOADS):
        association = make_association(
            payload,
            slug=f"piege-{number}",
            summary=payload,
            description=payload,
            phone=PHONE,
        )
        association.places.update(name=payload, address=payload, directions=payload)
        association.services.update(
            name=payload,
            description=payload,
            access_details=payload,
            fee_details=payload,
            documents=payload,
            zone=payload,
        )
        # With a people sketch, for the people estimates' CSV (network/people_count.py).
        sketch, _skipped = people_sketch.sketch_of(bytes(32), [(payload, payload, "1/1/1970")])
        YearlyFigures.objects.create(
            association=association,
            year=2025,
            registrations=10,
            people_sketch=people_sketch.serialise(sketch),
        )


def test_every_csv_address_is_found():
    assert {
        "opendata:services-csv",
        "opendata:di-structures-csv",
        "opendata:di-services-csv",
        "network:diagnostic_csv",
    } <= set(CSV_URL_NAMES)


@pytest.mark.parametrize("url_name", CSV_URL_NAMES)
def test_every_csv_neutralises_the_formulas_typed_in_the_directory(agent_client, planted, url_name):
    response = agent_client.get(reverse(url_name))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    cells = _cells(response)
    dangerous = [
        cell
        for cell in cells
        if cell.startswith(FORMULA_STARTS) and not NUMBER_OR_PHONE.fullmatch(cell)
    ]
    assert dangerous == []
    for payload in PAYLOADS:
        assert "'" + payload in cells


def test_numbers_and_phone_numbers_are_left_readable(client, planted):
    Association.objects.filter(slug="piege-0").update(phone="-3,5")

    cells = _cells(client.get(reverse("opendata:services-csv")))

    assert PHONE in cells
    assert "-3,5" in cells


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+cmd", "'+cmd"),
        ("-2+3", "'-2+3"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("- Pièce d'identité", "'- Pièce d'identité"),
        ("'déjà entre guillemets", "''déjà entre guillemets"),
        ("-3.5", "-3.5"),
        ("-3,5", "-3,5"),
        ("+33 3 20 00 00 01", "+33 3 20 00 00 01"),
        ("03 20 00 00 01", "03 20 00 00 01"),
        ("Colis = 2 €", "Colis = 2 €"),
        ("", ""),
    ],
)
def test_the_cells_neutralised_and_those_left_alone(text, written):
    assert neutralise(text) == written


def test_values_other_than_text_are_left_alone():
    assert neutralise(-3.5) == -3.5
    assert neutralise(-12) == -12


@given(st.text())
def test_a_neutralised_cell_is_restored_as_it_was(text):
    assert restore(neutralise(text)) == text


@given(st.text())
def test_no_neutralised_cell_starts_a_formula(text):
    cell = neutralise(text)

    assert not cell.startswith(FORMULA_STARTS) or NUMBER_OR_PHONE.fullmatch(cell)


def test_the_spreadsheet_export_imports_back_with_the_cells_as_typed(client, planted):
    exported = client.get(reverse("opendata:services-csv"))
    text = b"".join(exported.streaming_content).decode("utf-8-sig")
    Association.objects.all().delete()

    report = import_texts("csv", [text])

    assert report.problems == []
    for payload in PAYLOADS:
        association = Association.objects.get(name=payload)
        assert (association.name, association.summary, association.phone) == (
            payload,
            payload,
            PHONE,
        )
        service = Service.objects.get(association=association)
        assert (service.name, service.description, service.zone, service.documents) == (
            payload,
            payload,
            payload,
            payload,
        )
        assert association.places.get().directions == payload
    again = _rows(client.get(reverse("opendata:services-csv")))
    first = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert again == first
