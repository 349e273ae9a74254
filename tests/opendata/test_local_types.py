"""Through data·inclusion, a service keeps its local type of aid and nothing is invented: the
standard's `type` says "aide-materielle" for seven of them, our `conditions_acces` names the
local one; the explanation given where the standard requires a description is not stored back."""

import json

import pytest
from django.urls import reverse

from associations.models import AidType, Association, Service
from opendata.import_jobs import import_texts
from operations.demo import load_demo

pytestmark = pytest.mark.django_db


def _export(client):
    return [
        b"".join(client.get(reverse(name)).streaming_content).decode()
        for name in ("opendata:di-structures-json", "opendata:di-services-json")
    ]


def _services():
    return sorted(
        (service.association.slug, service.aid_type.slug, service.name, service.description)
        for service in Service.objects.select_related("association", "aid_type")
    )


def _through_data_inclusion(client):
    """Export, empty the directory, import the export: the problems of the import."""
    exported = _export(client)
    Association.all_objects.all().delete()
    return import_texts("data-inclusion", exported).problems


@pytest.fixture
def every_type(make_association):
    """One association with a service of every type of aid, named or not, with or without a
    description of its own."""
    association = make_association("La Halte du Sartel")
    place = association.places.get()
    association.services.all().delete()
    for number, aid_type in enumerate(AidType.objects.all()):
        Service.objects.create(
            association=association,
            place=place,
            aid_type=aid_type,
            name=f"Le rendez-vous {number}" if number % 2 else "",
            description="" if number % 3 else f"Ce que fait le service {number}.",
        )
    return association


def test_every_local_type_comes_back_through_data_inclusion(client, every_type):
    before = _services()
    assert len({aid_type for _, aid_type, _, _ in before}) == AidType.objects.count() == 8

    assert _through_data_inclusion(client) == []

    assert _services() == before


def test_every_demo_service_comes_back_with_its_type_name_and_description(client):
    load_demo()
    Association.all_objects.exclude(pk__in=Association.objects.published()).delete()
    before = _services()

    assert _through_data_inclusion(client) == []

    assert _services() == before


def test_the_local_type_is_named_in_a_field_of_the_standard(client, every_type):
    services = json.loads(_export(client)[1])

    for record in services:
        first_line = record["conditions_acces"].splitlines()[0]
        assert first_line.startswith("Type d'aide : ")
    assert {record["conditions_acces"].splitlines()[0] for record in services} == {
        f"Type d'aide : {aid_type.name}" for aid_type in AidType.objects.all()
    }
    assert {record["type"] for record in services} == {"aide-materielle", "aide-financiere"}


def test_a_service_without_description_is_exported_with_its_types_but_keeps_none(
    client, make_association
):
    service = make_association().services.get()
    colis = service.aid_type
    assert service.description == ""

    record = json.loads(_export(client)[1])[0]

    assert record["description"] == colis.description == "Un colis de nourriture, souvent gratuit."
    assert _through_data_inclusion(client) == []
    assert Service.objects.get().description == ""


def test_a_type_without_explanation_still_gives_the_standard_a_description(
    client, make_association
):
    service = make_association().services.get()
    AidType.objects.filter(pk=service.aid_type_id).update(description="")

    record = json.loads(_export(client)[1])[0]

    assert record["description"] == "Aide alimentaire : Colis alimentaire."
    assert _through_data_inclusion(client) == []
    assert Service.objects.get().description == ""


def test_a_description_of_its_own_is_kept_even_when_short(client, make_association):
    make_association().services.update(description="Colis")

    assert json.loads(_export(client)[1])[0]["description"] == "Colis"
    assert _through_data_inclusion(client) == []
    assert Service.objects.get().description == "Colis"


def test_an_unknown_local_type_is_reported_not_replaced(client, make_association):
    make_association()
    structures, services = _export(client)
    records = json.loads(services)
    records[0]["conditions_acces"] = "Type d'aide : Caviar"
    Association.objects.all().delete()

    problems = import_texts("data-inclusion", [structures, json.dumps(records)]).problems

    assert [(problem.field, problem.message) for problem in problems] == [
        ("conditions_acces", "« Caviar » : type d'aide inconnu.")
    ]


def test_another_producers_service_without_local_type_takes_the_type_of_its_name(db):
    structure = {"source": "dora", "id": "s", "nom": "Centre social", "date_maj": "2025-02-14"}
    service = {
        "source": "dora",
        "structure_id": "s",
        "id": "s-1",
        "nom": "Repas",
        "description": "Le midi.",
        "date_maj": "2025-02-14",
        "type": "aide-materielle",
        "conditions_acces": "Pièce d'identité",
    }

    assert import_texts("data-inclusion", [json.dumps([structure, service])]).problems == []

    imported = Service.objects.get()
    assert (imported.aid_type.slug, imported.name, imported.documents) == (
        "repas",
        "",
        "Pièce d'identité",
    )
