import json

import pytest
from data_inclusion.schema import v1
from django.urls import reverse

from opendata.exports import data_inclusion

from .conftest import SECRET

STRICT = {"ignore_warnings": False}


def _records(client, name):
    response = client.get(reverse(f"opendata:di-{name}-json"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(b"".join(response.streaming_content))


def test_field_lists_follow_the_standard():
    assert list(v1.Structure.model_fields) == data_inclusion.STRUCTURE_FIELDS
    assert list(v1.Service.model_fields) == data_inclusion.SERVICE_FIELDS


def test_every_structure_is_valid(client, directory):
    records = _records(client, "structures")
    assert [record["id"] for record in records] == [a.identifier for a in directory]
    for record in records:
        v1.Structure.model_validate(record, context=STRICT)


def test_every_service_is_valid(client, directory):
    records = _records(client, "services")
    assert len(records) == 4
    for record in records:
        v1.Service.model_validate(record, context=STRICT)


def test_structure_speaks_the_national_vocabulary(client, directory):
    restos = _records(client, "structures")[0]
    assert restos["source"] == "roubaix-aide"
    assert restos["code_insee"] == "59512"
    assert restos["reseaux_porteurs"] == ["restos-du-coeur"]
    assert restos["lien_source"].endswith("/associations/restos-roubaix-centre/")
    assert restos["horaires_accueil"].endswith("; PH off")


def test_services_map_access_fees_and_publics(client, directory):
    colis, repas, courses, tournee = _records(client, "services")
    assert colis["structure_id"] == directory[0].identifier
    assert colis["id"] == directory[0].services.get(aid_type__slug="colis").identifier
    assert colis["thematiques"] == ["equipement-et-alimentation--alimentation"]
    assert colis["type"] == "aide-materielle"
    assert colis["frais"] == "gratuit"
    assert colis["publics"] == ["familles"]
    assert colis["publics_precisions"] == "Publics accueillis : Familles, Personnes seules"
    assert colis["mobilisation_precisions"] == "Sur inscription : Inscriptions le lundi matin."
    assert colis["conditions_acces"] == (
        "Type d'aide : Colis alimentaire\n"
        "Justificatifs demandés : Pièce d'identité ; Justificatif de ressources\n"
        "Zone desservie : Habitants de Roubaix"
    )
    assert colis["horaires_accueil"].startswith("Tu 09:00-12:00; Th[1,3] 14:00-17:00")
    assert repas["publics"] == ["tous-publics"]
    assert repas["nom"] == "Repas du midi"
    assert courses["frais"] == "payant"
    assert courses["frais_precisions"] == "10 % du prix des produits"
    assert courses["mobilisable_par"] == ["professionnels"]
    assert courses["publics"] == ["etudiants", "personnes-exilees"]
    assert "Personnes sans papiers" in courses["publics_precisions"]
    assert tournee["adresse"] is None
    assert tournee["horaires_accueil"] == "Mo,Th 19:00-22:00"


@pytest.mark.parametrize("name", ["structures", "services"])
def test_csv_has_the_standard_columns(client, directory, name):
    response = client.get(reverse(f"opendata:di-{name}-csv"))
    text = b"".join(response.streaming_content).decode()
    fields = (
        data_inclusion.STRUCTURE_FIELDS if name == "structures" else data_inclusion.SERVICE_FIELDS
    )
    assert text.splitlines()[0] == ",".join(fields)
    assert SECRET not in text


def test_date_maj_is_never_in_the_future(client, directory):
    directory[0].last_checked_on = directory[0].last_checked_on.replace(year=2999)
    directory[0].save()
    for record in _records(client, "structures"):
        v1.Structure.model_validate(record, context=STRICT)
