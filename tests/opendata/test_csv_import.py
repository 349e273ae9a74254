from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from associations.models import (
    Association,
    Closure,
    DirectoryGeneration,
    OpeningSlot,
    Place,
    Service,
)
from opendata.import_jobs import import_texts
from opendata.spreadsheet import COLUMNS

TEMPLATE = Path(settings.BASE_DIR) / "fixtures" / "import-template.csv"


def import_csv(text, **options):
    return import_texts("csv", [text], **options)


def _template():
    return TEMPLATE.read_text(encoding="utf-8-sig")


HEADER = ";".join(COLUMNS)


def _csv(*rows):
    return "\n".join([HEADER, *rows]) + "\n"


def _row(**cells):
    return ";".join(cells.get(column, "") for column in COLUMNS)


def test_the_template_imports(db):
    report = import_csv(_template())

    assert report.problems == []
    assert report.created == {"associations": 2, "places": 1, "services": 3}
    pile = Association.objects.get(slug="paniers-du-pile")
    assert pile.is_published
    assert pile.holiday_policy == Association.HolidayPolicy.CLOSED
    assert pile.network.slug == "banque-alimentaire"
    colis = pile.services.get(aid_type__slug="colis")
    assert colis.access == Service.Access.REGISTRATION
    assert colis.document_list == ["Pièce d'identité", "Attestation CAF"]
    assert {(link.public.slug, link.is_public) for link in colis.public_links.all()} == {
        ("familles", True),
        ("personnes-seules", True),
        ("sans-papiers", False),
    }
    assert sorted(colis.slots.values_list("weekday", "weeks_of_month")) == [(1, []), (3, [1, 3])]
    assert Place.objects.get().latitude == Decimal("50.689800")
    assert not Association.objects.get(slug="maraude-epeule").is_published


def test_importing_the_template_again_changes_nothing(db):
    import_csv(_template())

    report = import_csv(_template())

    assert report.problems == []
    assert report.unchanged == {"associations": 2, "places": 1, "services": 3}
    assert sum(report.created.values()) == sum(report.updated.values()) == 0


def test_a_dry_run_reports_what_would_change_and_writes_nothing(db):
    import_csv(_template())
    text = _template().replace("Inscription le lundi matin", "Inscription le mardi matin")

    report = import_csv(text, dry_run=True)

    assert report.updated["services"] == 1
    assert not report.written
    assert Service.objects.filter(access_details__startswith="Inscription le lundi").exists()


def test_a_broken_file_reports_every_invalid_row_and_writes_nothing(db):
    text = _csv(
        _row(
            id_association="a",
            association="Association A",
            id_service="a-1",
            type_aide="Colis alimentaire",
        ),
        _row(id_association="b", association="Association B", id_service="b-1", type_aide="Caviar"),
        _row(
            id_association="c",
            association="Association C",
            id_service="c-1",
            type_aide="Repas",
            gratuit="non",
            horaires="Tu 09:00-12:00",
        ),
        _row(
            id_association="d",
            association="Association D",
            id_service="d-1",
            type_aide="Repas",
            horaires="Mardi 9h-12h",
        ),
        _row(id_association="e", association="", id_service="e-1", type_aide="Repas"),
        _row(
            id_association="f",
            association="Association F",
            association_courriel="pas-une-adresse",
            id_service="f-1",
            type_aide="Repas",
            verifiee_le="31/02/2026",
        ),
    )

    report = import_csv(text)

    assert [str(problem) for problem in report.problems] == [
        "ligne 3, type_aide : « Caviar » n'est pas dans la liste.",
        "ligne 4, participation : Indiquez la participation demandée (montant ou part du prix), "
        "ou cochez « gratuit ».",
        "ligne 5, horaires : « Mardi 9h-12h » : règle d'horaires non reconnue.",
        "ligne 6, association : obligatoire.",
        "ligne 7, verifiee_le : « 31/02/2026 » : date attendue comme 31/01/2026.",
    ]
    assert not report.written
    assert not Association.objects.exists()


def test_an_invalid_email_is_reported_with_its_column(db):
    text = _csv(
        _row(
            id_association="f",
            association="Association F",
            association_courriel="pas-une-adresse",
            id_service="f-1",
            type_aide="Repas",
        )
    )

    problems = [str(problem) for problem in import_csv(text).problems]

    assert problems == ["ligne 2, association_courriel : Saisissez une adresse de courriel valide."]


def test_unknown_and_missing_columns_are_reported(db):
    report = import_csv("id_association;association;horaire\nx;X;Tu 09:00-12:00\n")

    assert [str(problem) for problem in report.problems] == [
        "ligne 1, horaire : colonne inconnue (voir fixtures/IMPORT.md).",
        "ligne 1, id_service : colonne obligatoire absente.",
        "ligne 1, type_aide : colonne obligatoire absente.",
    ]


def test_an_association_described_twice_differently_is_reported(db):
    text = _csv(
        _row(id_association="a", association="Association A", id_service="1", type_aide="Repas"),
        _row(id_association="a", association="Association B", id_service="2", type_aide="Repas"),
    )

    problems = [str(problem) for problem in import_csv(text).problems]

    assert problems == ["ligne 3, association : différent de la ligne 2 pour la même association."]


def test_the_spreadsheet_export_imports_back_without_change(client, directory):
    exported = b"".join(client.get(reverse("opendata:services-csv")).streaming_content)
    import_csv(exported.decode("utf-8-sig"))
    slots, closures = OpeningSlot.objects.count(), Closure.objects.count()

    report = import_csv(exported.decode("utf-8-sig"))

    assert report.problems == []
    assert sum(report.updated.values()) == sum(report.created.values()) == 0
    assert (OpeningSlot.objects.count(), Closure.objects.count()) == (slots, closures)


def test_hours_imported_in_bulk_renew_the_cached_pages_and_exports(db):
    import_csv(_template())
    colis = Service.objects.get(association__slug="paniers-du-pile", aid_type__slug="colis")
    colis.slots.all().delete()
    before = DirectoryGeneration.current()

    report = import_csv(_template())

    assert report.updated == {"services": 1}
    assert colis.slots.count() == 2
    assert DirectoryGeneration.current() > before


def test_importing_the_same_file_again_keeps_the_cached_pages_and_exports(db):
    import_csv(_template())
    before = DirectoryGeneration.current()

    import_csv(_template())

    assert DirectoryGeneration.current() == before
