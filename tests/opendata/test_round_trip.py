import json

from django.urls import reverse

from associations import edits
from associations.models import Association, Closure, Place, Service, ServicePublic
from opendata.exports import data_inclusion
from opendata.import_jobs import import_texts


def import_data_inclusion(texts, **options):
    return import_texts("data-inclusion", texts, **options)


def _export(client):
    return [
        b"".join(client.get(reverse(name)).streaming_content).decode()
        for name in ("opendata:di-structures-json", "opendata:di-services-json")
    ]


def _empty_directory():
    Association.objects.all().delete()
    assert not Place.objects.exists() and not Service.objects.exists()
    assert not Closure.objects.exists()


def test_export_import_export_gives_the_same_records(client, directory):
    first = _export(client)
    _empty_directory()

    report = import_data_inclusion(first)

    assert report.problems == []
    assert report.created["associations"] == 3
    assert report.created["services"] == 4
    # The sensitive publics come back CCAS-only, until an agent makes them public again.
    imported = ServicePublic.objects.filter(public__is_sensitive=True)
    assert imported.count() == 2
    assert not imported.shown_publicly().exists()
    imported.update(sensitive_made_public=True)
    edits.bulk_written()
    assert [json.loads(text) for text in _export(client)] == [json.loads(text) for text in first]


def test_an_export_imported_again_keeps_a_sensitive_public_ccas_only(client, directory):
    hidden = ServicePublic.objects.filter(public__slug="sans-papiers", is_public=True)
    hidden.update(sensitive_made_public=False)
    edits.bulk_written()
    exported = _export(client)

    report = import_data_inclusion(exported)

    assert report.problems == []
    assert hidden.get().is_public
    assert not hidden.get().sensitive_made_public


def test_importing_the_same_export_again_changes_nothing(client, directory):
    exported = _export(client)
    _empty_directory()
    import_data_inclusion(exported)

    report = import_data_inclusion(exported)

    assert report.problems == []
    assert sum(report.created.values()) == sum(report.updated.values()) == 0
    assert report.unchanged["services"] == 4


def test_a_dry_run_writes_nothing(client, directory):
    exported = _export(client)
    _empty_directory()

    report = import_data_inclusion(exported, dry_run=True)

    assert report.created["associations"] == 3
    assert not Association.objects.exists()


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

    report = import_data_inclusion([json.dumps([structure, service])])

    assert report.problems == []
    association = Association.objects.get()
    assert association.slug == "centre-social-le-tournesol"
    assert not association.is_published
    imported = association.services.get()
    assert imported.name == "Distribution de colis"
    assert [link.public.slug for link in imported.public_links.all()] == ["familles"]
    assert data_inclusion.SOURCE == "roubaix-aide"
