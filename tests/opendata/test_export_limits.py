"""Whatever the forms accept exports valid: records at the limits the validators allow
(associations/validators.py) pass the official data·inclusion package, strictly, and the HSDS
schema, closed to unknown fields."""

import json

import pytest
from data_inclusion.schema import v1
from django.urls import reverse

from associations.models import AidType, Association, Place, Referent, Service, Town
from associations.validators import (
    DESCRIPTION_MAX_LENGTH,
    DESCRIPTION_MIN_LENGTH,
    NAME_MAX_LENGTH,
    NAME_MIN_LENGTH,
)

from .test_hsds import validator  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

ARABIC = "مساعدة غذائية للعائلات في روبي"
MIXED = "Épicerie « l'Escale » – œuvre\nدعم\r\n\ttabulée, 10 % du prix, 2 € ; fin"


def _long(length):
    """A text of exactly `length` characters: accents, Arabic, line breaks, quotes."""
    return (MIXED + "\n" + ARABIC + ' "citée" ') * (length // 40 + 1)


def _saved(instance):
    instance.full_clean()
    instance.save()
    return instance


@pytest.fixture
def at_the_limits(db):
    """What a form accepts at each limit: every row checked by full_clean before it is saved."""
    # Towns of a territory at the postal codes' limits (overseas, Corsica).
    Town.objects.create(name="Pointe-à-Pitre", slug="pap", insee_code="97120", postal_codes="97110")
    Town.objects.create(name="Ajaccio", slug="ajaccio", insee_code="2A004", postal_codes="20000")
    shortest = _saved(Association(name="Abc", slug="abc", is_published=True, description="Oui !"))
    _saved(
        Place(
            association=shortest,
            name="Ici",
            address="1 rue A",
            postal_code="97110",
            city="Pointe-à-Pitre",
        )
    )
    _saved(
        Service(
            association=shortest,
            aid_type=AidType.objects.get(slug="bons"),
            name="Bon",
            description="x" * DESCRIPTION_MIN_LENGTH,
            is_free=False,
            fee_details="1 €",
        )
    )
    longest = _saved(
        Association(
            name=("Association « Solidarité » d'Alma " + ARABIC)[:NAME_MAX_LENGTH].ljust(
                NAME_MAX_LENGTH, "é"
            ),
            slug="la-plus-longue",
            is_published=True,
            summary=ARABIC,
            description=_long(DESCRIPTION_MAX_LENGTH)[: DESCRIPTION_MAX_LENGTH - len(ARABIC) - 2],
            website="HTTPS://www.example.org/associations/é?x=1&y=«2»",
            email="contact.aide-alimentaire@sous-domaine.example.org",
            phone="+33 3 20 00 00 01",
        )
    )
    place = _saved(
        Place(
            association=longest,
            name=ARABIC,
            address="12 rue de l'Épeule\nBâtiment B",
            postal_code="20000",
            city="Ajaccio",
        )
    )
    _saved(
        Service(
            association=longest,
            place=place,
            aid_type=AidType.objects.get(slug="bebes"),
            name=_long(NAME_MAX_LENGTH).replace("\n", " ").replace("\r", " ")[:NAME_MAX_LENGTH],
            description=_long(DESCRIPTION_MAX_LENGTH)[:DESCRIPTION_MAX_LENGTH],
            access=Service.Access.REFERRAL,
            access_details=MIXED,
            documents=f"Pièce d'identité\n{ARABIC}",
            zone=ARABIC,
        )
    )
    # No name, no place: called by its type's name, « Maraude ».
    _saved(Service(association=longest, aid_type=AidType.objects.get(slug="maraude")))
    _saved(
        Referent(
            association=longest,
            name=ARABIC,
            email="referente@example.org",
            is_public=True,
        )
    )
    assert len(longest.name) == NAME_MAX_LENGTH
    assert len(longest.published_description) == DESCRIPTION_MAX_LENGTH
    assert len(shortest.name) == NAME_MIN_LENGTH
    return [shortest, longest]


def _json(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    return json.loads(b"".join(response.streaming_content))


def test_every_record_at_the_limits_is_valid_data_inclusion(client, at_the_limits):
    structures = _json(client, "opendata:di-structures-json")
    services = _json(client, "opendata:di-services-json")

    assert len(structures) == 2 and len(services) == 3
    for record in structures:
        v1.Structure.model_validate(record, context={"ignore_warnings": False})
    for record in services:
        v1.Service.model_validate(record, context={"ignore_warnings": False})
    longest = next(
        record for record in structures if record["lien_source"].endswith("/la-plus-longue/")
    )
    assert len(longest["nom"]) == NAME_MAX_LENGTH
    assert len(longest["description"]) == DESCRIPTION_MAX_LENGTH
    assert ARABIC in longest["description"]


def test_every_organization_at_the_limits_is_valid_hsds(client, at_the_limits, validator):  # noqa: F811
    documents = _json(client, "opendata:hsds-organizations")

    assert len(documents) == 2
    for document in documents:
        errors = [
            f"{list(error.absolute_path)}: {error.message}"
            for error in validator.iter_errors(document)
        ]
        assert errors == []


def test_the_texts_come_out_as_typed(client, at_the_limits):
    services = _json(client, "opendata:di-services-json")

    typed = Service.objects.get(aid_type__slug="bebes")
    record = next(record for record in services if record["nom"] == typed.name)
    assert record["description"] == typed.description
    assert "\r\n" in record["description"] and ARABIC in record["description"]
    assert record["code_postal"] == "20000"
