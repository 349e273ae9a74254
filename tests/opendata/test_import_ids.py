"""The import knows the directory's records by their stored ids, refuses a file that gives an id
twice, and names a spreadsheet's rows as the spreadsheet does."""

import csv
import io
import json

import pytest
from django.contrib.contenttypes.models import ContentType

from associations.models import Association, Service
from opendata.import_jobs import import_texts
from opendata.models import ImportedRecord
from opendata.spreadsheet import COLUMNS

from .test_import_malformed import _import, _problems


def _spreadsheet(*rows):
    """A spreadsheet with these rows (dicts of cells), as Excel saves it."""
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, delimiter=";", restval="")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _row(association="paniers", service="paniers--colis", **cells):
    return {
        "id_association": association,
        "association": "Les Paniers du Pile",
        "id_service": service,
        "type_aide": "Colis alimentaire",
        **cells,
    }


def _structure(id="paniers"):
    return {
        "source": "roubaix-aide",
        "id": id,
        "nom": "Les Paniers du Pile",
        "date_maj": "2026-01-15",
    }


def _service(id="paniers--colis", structure_id="paniers"):
    return {
        "source": "roubaix-aide",
        "structure_id": structure_id,
        "id": id,
        "nom": "Colis alimentaire",
        "description": "Un colis par semaine.",
        "date_maj": "2026-01-15",
        "type": "aide-materielle",
    }


@pytest.mark.parametrize(
    ("format", "texts", "problem"),
    [
        (
            "csv",
            [
                _spreadsheet(
                    _row(),
                    _row(service="paniers--repas", type_aide="Repas"),
                    _row("autre", "paniers--colis") | {"association": "Autre"},
                )
            ],
            "ligne 4, id_service : déjà donné en ligne 2.",
        ),
        (
            "data-inclusion",
            [json.dumps([_structure(), _service()]), json.dumps([_structure()])],
            "fichier 2, enregistrement 1, id : déjà donné en fichier 1, enregistrement 1.",
        ),
        (
            "data-inclusion",
            [json.dumps([_structure(), _structure("autre"), _service(), _service()])],
            "fichier 1, enregistrement 4, id : déjà donné en fichier 1, enregistrement 3.",
        ),
        (
            "data-inclusion",
            [
                json.dumps(
                    [_structure(), _structure("autre"), _service(), _service(structure_id="autre")]
                )
            ],
            "fichier 1, enregistrement 4, id : déjà donné en fichier 1, enregistrement 3.",
        ),
    ],
    ids=["spreadsheet-service", "structure", "service", "service-of-another-structure"],
)
def test_a_file_giving_an_id_twice_is_refused_whole_naming_both(db, format, texts, problem):
    report = import_texts(format, texts)

    assert [str(each) for each in report.problems] == [problem]
    assert not Association.objects.exists()


def test_rows_are_named_as_the_spreadsheet_numbers_them(agent_client):
    documents = "Pièce d'identité\nJustificatif de domicile\nAttestation CAF"
    text = _spreadsheet(
        _row(justificatifs=documents, horaires="Tu 09:00-12:00"),
        _row(service="paniers--repas", justificatifs=documents, type_aide="Caviar"),
        {},
        _row(service="paniers--colis", gratuit="peut-être"),
    )
    assert text.count("\n") == 9  # 5 rows, 4 line breaks within cells

    page = _import(agent_client, "csv", "tableur.csv", text.encode())

    assert _problems(page) == [
        "ligne 3, type_aide : « Caviar » n'est pas dans la liste.",
        "ligne 5, id_service : déjà donné en ligne 2.",
    ]


def test_an_unreadable_row_is_named_as_the_spreadsheet_numbers_it(db):
    text = _spreadsheet(
        _row(justificatifs="Pièce d'identité\nAttestation CAF"),
        _row(service="paniers--repas", service_description="x" * 200_000),
    )

    report = import_texts("csv", [text], dry_run=True)

    assert [str(problem) for problem in report.problems] == [
        "ligne 3, CSV : une cellule dépasse 128 ko : est-ce bien un tableur enregistré en CSV ?"
    ]


def test_a_new_id_stays_the_records_and_finds_it_again(db):
    text = _spreadsheet(_row())

    import_texts("csv", [text])
    association = Association.objects.get()
    service = association.services.get()
    association.slug = "les-paniers"
    association.save()
    report = import_texts("csv", [text.replace("Colis alimentaire", "Repas")])

    assert (association.identifier, service.identifier) == ("paniers", "paniers--colis")
    assert report.updated["services"] == 1 and not report.created
    assert not ImportedRecord.objects.exists()


def test_an_id_of_another_producer_is_not_taken_for_ours(db):
    import_texts("data-inclusion", [json.dumps([{**_structure(), "source": "dora"}])])
    theirs = Association.objects.get()

    report = import_texts("csv", [_spreadsheet(_row())])

    assert theirs.identifier != "paniers"
    assert report.created["associations"] == 1


def test_an_id_of_a_file_imported_before_the_ids_were_stored_still_matches(db, make_association):
    association = make_association("Les Paniers du Pile")
    service = association.services.get()
    for record, id in [(association, "paniers"), (service, "paniers--colis")]:
        ImportedRecord.objects.create(
            source="csv",
            content_type=ContentType.objects.get_for_model(record),
            source_id=id,
            object_id=record.pk,
        )

    report = import_texts("csv", [_spreadsheet(_row(type_aide="Repas"))])

    assert report.problems == [] and not report.created
    assert service.identifier in Service.objects.filter(aid_type__slug="repas").values_list(
        "identifier", flat=True
    )


def test_a_service_id_of_another_association_is_refused(db, make_association):
    other = make_association("Le Resto Fraternel")
    taken = other.services.get().identifier

    report = import_texts("csv", [_spreadsheet(_row(service=taken))])

    assert [str(problem) for problem in report.problems] == [
        "ligne 2, id_service : id d'un service de « Le Resto Fraternel » : un service ne change "
        "pas d'association."
    ]
    assert other.services.get().identifier == taken
    assert not Association.objects.filter(identifier="paniers").exists()
