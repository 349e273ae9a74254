import json
import uuid

import pytest
from django.urls import reverse
from jsonschema import Draft202012Validator

from associations.models import Association, OpeningSlot, Service
from opendata.import_jobs import import_texts

from .conftest import load_schema


def _closed(schema):
    """The schema with unknown properties forbidden in every object, recursively."""
    if isinstance(schema, list):
        return [_closed(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    closed = {key: _closed(value) for key, value in schema.items()}
    if "properties" in schema:
        closed["additionalProperties"] = False
    return closed


@pytest.fixture(scope="module")
def validator():
    schema = _closed(load_schema("hsds-3.0", "compiled", "organization.json"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _documents(client):
    response = client.get(reverse("opendata:hsds-organizations"))
    assert response.status_code == 200
    return json.loads(b"".join(response.streaming_content))


def test_the_closed_schema_refuses_unknown_properties(validator):
    document = {"id": str(uuid.uuid4()), "name": "X", "description": "X", "colour": "red"}
    assert not validator.is_valid(document)


def test_every_organization_is_valid(client, directory, validator):
    documents = _documents(client)
    assert [document["name"] for document in documents] == [a.name for a in directory]
    for document in documents:
        errors = [
            f"{list(error.absolute_path)}: {error.message}"
            for error in validator.iter_errors(document)
        ]
        assert errors == []


def test_ids_are_stable_uuids(client, directory):
    first, second = _documents(client), _documents(client)
    assert first == second
    assert uuid.UUID(first[0]["id"]).version == 5


def test_organization_nests_services_locations_and_schedules(client, directory):
    restos = _documents(client)[0]
    assert [contact["name"] for contact in restos["contacts"]] == ["Claire Dupont"]
    location = restos["locations"][0]
    assert location["addresses"][0]["postal_code"] == "59100"
    assert location["accessibility"][0]["description"] == "Accessible"
    colis = restos["services"][0]
    assert {language["code"] for language in colis["languages"]} == {"fr", "ar"}
    link = colis["service_at_locations"][0]
    assert link["location_id"] == location["id"]
    schedules = {(s["freq"], s["byday"], s["opens_at"]) for s in link["schedules"]}
    assert ("WEEKLY", "TU", "09:00") in schedules
    assert ("MONTHLY", "1TH,3TH", "14:00") in schedules
    assert "Inventaire annuel" in colis["alert"]


def test_one_document_per_organization(client, directory, validator):
    response = client.get(reverse("opendata:hsds-organization", args=["maraude-du-nord"]))
    assert response.status_code == 200
    document = response.json()
    assert validator.is_valid(document)
    assert document["services"][0]["schedules"][0]["byday"] == "MO"


def test_unpublished_organization_is_not_found(client, directory):
    response = client.get(reverse("opendata:hsds-organization", args=["pas-publiee"]))
    assert response.status_code == 404


def _ids(document):
    """Every id of an HSDS document, nested ones included."""
    if isinstance(document, list):
        return [id for item in document for id in _ids(item)]
    if not isinstance(document, dict):
        return []
    return [document["id"]] * ("id" in document) + _ids(list(document.values()))


def test_ids_survive_an_import_of_the_spreadsheet_that_rewrites_every_row(client, directory):
    before = _ids(_documents(client))
    exported = b"".join(client.get(reverse("opendata:services-csv")).streaming_content)
    Service.objects.update(description="Changée.")
    OpeningSlot.objects.all().delete()  # written again by the import

    import_texts("csv", [exported.decode("utf-8-sig")])

    assert _ids(_documents(client)) == before


def test_organization_and_service_ids_follow_a_move_to_another_site(client, directory):
    before = _documents(client)
    exported = [
        b"".join(client.get(reverse(name)).streaming_content).decode()
        for name in ("opendata:di-structures-json", "opendata:di-services-json")
    ]
    Association.objects.all().delete()

    import_texts("data-inclusion", exported)

    after = _documents(client)
    assert [(d["id"], [s["id"] for s in d["services"]]) for d in after] == [
        (d["id"], [s["id"] for s in d["services"]]) for d in before
    ]
