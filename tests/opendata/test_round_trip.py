"""An export imported back: into the same site it changes nothing; into an empty site, the export
that follows is the same file but for what the format cannot carry (imports.NOT_CARRIED,
documented in fixtures/IMPORT.md and in the dry run's report)."""

import csv
import io
import json

import pytest
from django.urls import reverse

from associations.models import Association, Closure, Place, Service, ServicePublic
from opendata.exports import data_inclusion
from opendata.import_jobs import import_texts
from opendata.imports import NOT_CARRIED, SENSITIVE_PUBLICS_COME_BACK_CCAS_ONLY

# What comes back otherwise, as (field, exported before, exported after), all of the épicerie's
# service: its publics made public by an agent come back CCAS-only (only an agent makes a
# sensitive public public), so the second export leaves them out.
SPREADSHEET_LOSS = [
    ("publics", "Étudiants, Personnes sans papiers, Demandeurs d'asile", "Étudiants"),
]
DATA_INCLUSION_LOSS = [
    ("publics", ["etudiants", "personnes-exilees"], ["etudiants"]),
    (
        "publics_precisions",
        "Publics accueillis : Étudiants, Personnes sans papiers, Demandeurs d'asile",
        "Publics accueillis : Étudiants",
    ),
]


def _spreadsheet(client):
    response = client.get(reverse("opendata:services-csv"))
    return [b"".join(response.streaming_content).decode("utf-8-sig")]


def _data_inclusion(client):
    return [
        b"".join(client.get(reverse(name)).streaming_content).decode()
        for name in ("opendata:di-structures-json", "opendata:di-services-json")
    ]


def _records(format, texts):
    """Each record of an export by its id: a row of the spreadsheet, a data·inclusion record."""
    if format == "csv":
        rows = list(csv.DictReader(io.StringIO(texts[0]), delimiter=";"))
        return {row["id_service"]: row for row in rows}
    return {
        (kind, record["id"]): record
        for kind, text in zip(["structure", "service"], texts, strict=True)
        for record in json.loads(text)
    }


def _diff(format, before, after):
    """What changed from one export to the other: (record id, field, before, after)."""
    first, second = _records(format, before), _records(format, after)
    assert first.keys() == second.keys()
    return [
        (key, name, value, second[key][name])
        for key, record in first.items()
        for name, value in record.items()
        if second[key][name] != value
    ]


def _empty_directory():
    Association.objects.all().delete()
    assert not Place.objects.exists() and not Service.objects.exists()
    assert not Closure.objects.exists()


EXPORTS = {"csv": _spreadsheet, "data-inclusion": _data_inclusion}


@pytest.mark.parametrize("format", ["csv", "data-inclusion"])
def test_an_export_imported_into_the_same_site_finds_every_record(client, directory, format):
    exported = EXPORTS[format](client)

    report = import_texts(format, exported, dry_run=True)

    assert report.problems == []
    assert sum(report.created.values()) == 0
    assert report.unchanged["associations"] + report.updated["associations"] == 3
    assert report.unchanged["services"] + report.updated["services"] == 4


def test_the_spreadsheet_imported_into_the_same_site_changes_nothing(client, directory):
    exported = _spreadsheet(client)

    report = import_texts("csv", exported, dry_run=True)

    assert sum(report.created.values()) == sum(report.updated.values()) == 0
    assert import_texts("csv", exported).problems == []
    assert _spreadsheet(client) == exported


def test_data_inclusion_imported_into_the_same_site_changes_nothing(client, directory):
    exported = _data_inclusion(client)

    report = import_texts("data-inclusion", exported, dry_run=True)

    assert sum(report.created.values()) == sum(report.updated.values()) == 0


@pytest.mark.parametrize(
    "format, loss", [("csv", SPREADSHEET_LOSS), ("data-inclusion", DATA_INCLUSION_LOSS)]
)
def test_an_export_imported_into_an_empty_site_exports_the_same_file_but_what_is_documented(
    client, directory, format, loss
):
    exported = EXPORTS[format](client)
    service = directory[1].services.get().identifier
    _empty_directory()

    report = import_texts(format, exported)

    assert report.problems == []
    assert report.created["associations"] == 3
    assert report.created["services"] == 4
    key = service if format == "csv" else ("service", service)
    assert _diff(format, exported, EXPORTS[format](client)) == [(key, *each) for each in loss]
    assert SENSITIVE_PUBLICS_COME_BACK_CCAS_ONLY in NOT_CARRIED[format]


@pytest.mark.parametrize("format", ["csv", "data-inclusion"])
def test_ids_stay_the_same_across_edits_and_imports(client, directory, format):
    exported = EXPORTS[format](client)
    restos = directory[0]
    restos.slug = "restos-du-coeur-centre"
    restos.name = "Restos du Cœur, Roubaix Centre"
    restos.save()
    restos.services.get(aid_type__slug="repas").delete()
    import_texts(format, exported)

    again = EXPORTS[format](client)

    assert _records(format, again).keys() == _records(format, exported).keys()


def test_an_export_imported_again_keeps_a_sensitive_public_ccas_only(client, directory):
    hidden = ServicePublic.objects.filter(public__slug="sans-papiers", is_public=True)
    hidden.update(sensitive_made_public=False)
    exported = _data_inclusion(client)

    report = import_texts("data-inclusion", exported)

    assert report.problems == []
    assert hidden.get().is_public
    assert not hidden.get().sensitive_made_public


def test_importing_the_same_export_again_changes_nothing(client, directory):
    exported = _data_inclusion(client)
    _empty_directory()
    import_texts("data-inclusion", exported)

    report = import_texts("data-inclusion", exported)

    assert report.problems == []
    assert sum(report.created.values()) == sum(report.updated.values()) == 0
    assert report.unchanged["services"] == 4


def test_a_dry_run_writes_nothing(client, directory):
    exported = _data_inclusion(client)
    _empty_directory()

    report = import_texts("data-inclusion", exported, dry_run=True)

    assert report.created["associations"] == 3
    assert not Association.objects.exists()


def test_an_empty_site_keeps_the_page_addresses_of_data_inclusion(client, directory):
    exported = _data_inclusion(client)
    _empty_directory()

    import_texts("data-inclusion", exported)

    assert sorted(Association.objects.values_list("slug", flat=True)) == sorted(
        association.slug for association in directory
    )


def test_records_of_another_producer_are_imported_unpublished(db):
    structure = {
        "source": "dora",
        "id": "dora--42",
        "nom": "Centre social Le Tournesol",
        "date_maj": "2025-02-14",
    }
    service = {
        "source": "dora",
        "structure_id": "dora--42",
        "id": "dora--s1",
        "nom": "Distribution de colis",
        "description": "Des colis le mardi.",
        "date_maj": "2025-02-14",
        "type": "aide-materielle",
        "publics": ["familles"],
        "horaires_accueil": "Tu 09:00-12:00",
    }

    report = import_texts("data-inclusion", [json.dumps([structure, service])])

    assert report.problems == []
    association = Association.objects.get()
    assert association.slug == "centre-social-le-tournesol"
    assert not association.is_published
    # Another producer's ids are not ours: a file of ours using the same id is another record.
    assert association.identifier != "dora--42"
    imported = association.services.get()
    assert imported.name == "Distribution de colis"
    assert [link.public.slug for link in imported.public_links.all()] == ["familles"]
    assert data_inclusion.SOURCE == "roubaix-aide"
    assert import_texts("data-inclusion", [json.dumps([structure, service])]).created == {}
