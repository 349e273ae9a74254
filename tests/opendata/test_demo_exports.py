"""Every exported record of the demo directory is valid for the national and international schemas."""

import json

import pytest
from data_inclusion.schema import v1
from django.urls import reverse
from jsonschema import Draft202012Validator

from associations.models import Association
from operations.demo import load_demo

from .conftest import load_schema
from .test_hsds import _closed

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    load_demo()
    return Association.objects.published()


def _json(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    return json.loads(b"".join(response.streaming_content))


def test_every_demo_structure_and_service_is_valid_for_data_inclusion(client, demo):
    structures = _json(client, "opendata:di-structures-json")
    services = _json(client, "opendata:di-services-json")
    assert len(structures) == demo.count() == 13
    assert len(services) > len(structures)
    for record in structures:
        v1.Structure.model_validate(record, context={"ignore_warnings": False})
    for record in services:
        v1.Service.model_validate(record, context={"ignore_warnings": False})


def test_every_demo_organization_is_valid_hsds(client, demo):
    validator = Draft202012Validator(
        _closed(load_schema("hsds-3.0", "compiled", "organization.json")),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    documents = _json(client, "opendata:hsds-organizations")
    assert len(documents) == 13
    for document in documents:
        errors = [error.message for error in validator.iter_errors(document)]
        assert errors == [], document["name"]


def test_ccas_only_demo_data_is_not_exported(client, demo):
    hidden = Association.objects.filter(internal_notes__gt="").values_list(
        "internal_notes", flat=True
    )
    urls = [
        "opendata:di-structures-json",
        "opendata:di-services-json",
        "opendata:hsds-organizations",
    ]
    exported = "".join(json.dumps(_json(client, url), ensure_ascii=False) for url in urls)
    assert hidden and all(note not in exported for note in hidden)
    assert "La Table de l'Espérance" not in exported
