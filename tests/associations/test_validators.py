"""The directory refuses what would make its open data invalid, with the reason in French: in the
back office, the association space and the import alike (associations/validators.py), and the
database refuses it too."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import Membership
from associations.models import AidType, Association, Place, Service
from associations.validators import french_postal_code
from opendata.import_jobs import import_texts

from ..pages import form_data
from .test_admin import change_url

pytestmark = pytest.mark.django_db

LIMITS = importlib.import_module("associations.migrations.0025_open_data_limits")


def _errors(instance):
    with pytest.raises(ValidationError) as raised:
        instance.full_clean()
    return raised.value.message_dict


def _association(**fields):
    fields = {"name": "Les Paniers", "slug": "les-paniers", **fields}
    return Association(**fields)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "Ab", "Écrivez au moins 3 caractères (il y en a 2)."),
        ("name", "  Ab  ", "Écrivez au moins 3 caractères (il y en a 2)."),
        ("name", "A" * 151, "Écrivez au plus 150 caractères (il y en a 151)."),
        ("description", "Oui", "Écrivez au moins 5 caractères, ou laissez vide (il y en a 3)."),
        (
            "description",
            "é" * 10_001,
            "Écrivez au plus 10000 caractères (il y en a 10001) : gardez l'essentiel.",
        ),
        (
            "website",
            "ftp://paniers.example.org/",
            "Écrivez l'adresse d'un site web, qui commence par http:// ou https://.",
        ),
        ("email", "contact@localhost", "le nom après @ doit contenir un point."),
        ("email", "contact@paniers.test", "le nom après @ doit contenir un point."),
        ("email", "contact@[192.168.0.1]", "le nom après @ doit contenir un point."),
    ],
)
def test_an_association_that_would_break_the_export_is_refused_in_french(field, value, message):
    errors = _errors(_association(**{field: value}))

    assert list(errors) == [field]
    assert len(errors[field]) == 1
    assert message in errors[field][0]


@pytest.mark.parametrize(
    "fields",
    [
        {"name": "Abc"},
        {"name": "A" * 150},
        {"description": "é" * 10_000},
        {"description": ""},
        {"website": "http://paniers.example.org/"},
        {"website": "HTTPS://paniers.example.org/"},
        {"email": "contact@paniers-du-pile.fr"},
        {"email": ""},
    ],
)
def test_the_limits_themselves_are_accepted(fields):
    _association(**fields).full_clean()


def test_a_malformed_address_gets_one_message_not_two():
    assert _errors(_association(email="contact@"))["email"] == [
        "Saisissez une adresse de courriel valide."
    ]


def test_the_sentence_and_the_description_together_fit_the_standard():
    errors = _errors(_association(summary="Colis.", description="é" * 9_995))

    assert errors["description"] == [
        "Avec la phrase de présentation, la description dépasse 10000 caractères "
        "(il y en a 10003) : raccourcissez l'une ou l'autre."
    ]


@pytest.mark.parametrize(
    "code",
    ["59100", "59000", "01000", "20000", "75001", "95000", "97110", "97600", "98800"],
)
def test_french_postal_codes_are_accepted(code):
    # A place's code must also be one of its town's (associations.Town): tests/ccas.
    french_postal_code(code)


@pytest.mark.parametrize(
    "code", ["5910", "ABCDE", "00100", "96000", "97900", "98000", "99999", "F5910"]
)
def test_a_postal_code_outside_france_is_refused(make_association, code):
    place = make_association().places.get()
    place.postal_code = code

    assert (
        "Écrivez un code postal français de 5 chiffres (départements d'outre-mer compris)."
        in _errors(place)["postal_code"]
    )


def test_a_service_name_and_description_follow_the_same_rules(make_association):
    service = make_association().services.get()
    service.name, service.description = "Ab", "x" * 10_001

    errors = _errors(service)

    assert errors["name"] == ["Écrivez au moins 3 caractères (il y en a 2)."]
    assert errors["description"][0].startswith("Écrivez au plus 10000 caractères")


def test_a_type_of_aid_names_the_services_without_a_name():
    assert _errors(AidType(name="Lé", slug="le"))["name"] == [
        "Écrivez au moins 3 caractères (il y en a 2)."
    ]


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (Association, {"name": "Ab"}),
        (Association, {"name": "A" * 151}),
        (Association, {"description": "x" * 10_001}),
        (Association, {"website": "ftp://paniers.example.org/"}),
        (Service, {"name": "Ab"}),
        (Service, {"description": "x" * 10_001}),
        (Place, {"postal_code": "98000"}),
    ],
)
def test_the_database_refuses_what_the_forms_refuse(make_association, model, fields):
    make_association()

    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.update(**fields)


def test_the_back_office_refuses_an_ftp_website(agent_client, make_association):
    association = make_association()
    data = form_data(agent_client.get(change_url(association)))
    data["website"] = "ftp://paniers.example.org/"

    response = agent_client.post(change_url(association), data)

    assert response.status_code == 200
    assert "commence par http:// ou https://" in response.content.decode()
    association.refresh_from_db()
    assert association.website == ""


def test_the_back_office_refuses_a_postal_code_outside_france(agent_client, make_association):
    association = make_association()
    data = form_data(agent_client.get(change_url(association)))
    postal_code = next(key for key in data if key.endswith("-postal_code"))
    data[postal_code] = "98000"

    response = agent_client.post(change_url(association), data)

    assert response.status_code == 200
    assert "Écrivez un code postal français de 5 chiffres" in response.content.decode()
    assert association.places.get().postal_code == "59100"


def test_the_association_space_refuses_an_address_at_localhost(
    client, make_association, make_member
):
    association = make_association()
    client.force_login(make_member(association, "marie", Membership.Role.MANAGER))
    url = reverse("space:edit_association", args=[association.slug])
    data = form_data(client.get(url))
    data["email"], data["description"] = "contact@localhost", "Oui"

    response = client.post(url, data)

    content = response.content.decode()
    assert response.status_code == 200
    assert "le nom après @ doit contenir un point" in content
    assert "Écrivez au moins 5 caractères, ou laissez vide (il y en a 3)." in content
    association.refresh_from_db()
    assert (association.email, association.description) == ("", "")


def test_the_import_reports_each_value_with_its_column(db):
    text = "\n".join(
        [
            "id_association;association;association_site_web;id_service;type_aide;"
            "lieu_adresse;lieu_code_postal",
            "a;Ab;;a-1;Repas;1 rue de l'Alma;59100",
            "b;Les Paniers;ftp://paniers.example.org/;b-1;Repas;1 rue de l'Alma;59100",
            "c;La Halte;;c-1;Repas;1 boulevard des Moulins;98000",
        ]
    )

    report = import_texts("csv", [text])

    assert [str(problem) for problem in report.problems] == [
        "ligne 2, association : Écrivez au moins 3 caractères (il y en a 2).",
        "ligne 3, association_site_web : Écrivez l'adresse d'un site web, qui commence par "
        "http:// ou https://.",
        "ligne 4, lieu_code_postal : Écrivez un code postal français de 5 chiffres "
        "(départements d'outre-mer compris).",
        "ligne 4, lieu_code_postal : Les codes postaux de Roubaix sont : 59100.",
    ]
    assert not Association.objects.exists()


def test_the_migration_sets_an_unusable_address_aside_in_the_ccas_notes(make_association):
    association = make_association(internal_notes="Présidente : Mme Martin.")
    Association.objects.filter(pk=association.pk).update(email="contact@localhost")

    LIMITS.set_aside_contacts(apps, None)

    association.refresh_from_db()
    assert association.email == ""
    assert association.internal_notes.startswith("Présidente : Mme Martin.\n\nRetiré de la fiche")
    assert association.internal_notes.endswith(
        "refusé par le format des données ouvertes : adresse e-mail « contact@localhost »."
    )


def test_the_migration_stops_on_what_it_cannot_set_aside(make_association, monkeypatch):
    make_association()
    monkeypatch.setattr(LIMITS.associations.validators, "name_length", [_refuse_all])

    with pytest.raises(RuntimeError, match="Association n° .* : nom « Les Paniers du Pile »"):
        LIMITS.refuse_what_breaks_the_limits(apps, None)


def _refuse_all(value):
    raise ValidationError("refusé")
