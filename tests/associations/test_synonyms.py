"""The synonyms the search reads, kept by CCAS agents in the back office."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from associations.models import AidType, DirectoryGeneration, Language, Public, Synonym

pytestmark = pytest.mark.django_db

ADD = reverse("admin:associations_synonym_add")


def test_the_migrations_seed_the_ways_residents_say_the_terms():
    meanings = {synonym.text: synonym.meaning for synonym in Synonym.objects.all()}
    sans_papiers = Public.objects.get(slug="sans-papiers")
    asylum = Public.objects.get(slug="demandeurs-asile")
    meals = AidType.objects.get(slug="repas")
    assert meanings["sans papiers"] == meanings["sans-papiers"] == sans_papiers
    assert meanings["demandeurs d'asile"] == meanings["réfugiés"] == asylum
    assert meanings["resto"] == meanings["وجبة"] == meanings["وجبات"] == meanings["meal"] == meals
    assert meanings["épicerie sociale"] == AidType.objects.get(slug="epicerie")
    assert meanings["students"] == Public.objects.get(slug="etudiants")
    assert meanings["free"] == meanings["مجاني"] == "Gratuit"
    assert meanings["عربي"] == Language.objects.get(slug="arabe")


def meanings():
    return {
        "nothing": {},
        "a condition and a language": {
            "condition": Synonym.Condition.FREE,
            "language": Language.objects.first(),
        },
        "a type of aid and a public": {
            "aid_type": AidType.objects.first(),
            "public": Public.objects.first(),
        },
    }


@pytest.mark.parametrize(
    "meaning", ["nothing", "a condition and a language", "a type of aid and a public"]
)
def test_a_synonym_means_exactly_one_thing(meaning):
    with pytest.raises(IntegrityError), transaction.atomic():
        Synonym.objects.create(text="quelque chose", **meanings()[meaning])


def test_an_agent_adds_a_synonym_and_the_generation_advances(agent_client):
    before = DirectoryGeneration.current()
    public = Public.objects.get(slug="familles")

    response = agent_client.post(ADD, {"text": "parents isolés", "public": public.pk})

    assert response.status_code == 302
    assert Synonym.objects.get(text="parents isolés").public == public
    assert DirectoryGeneration.current() > before


def test_the_admin_says_to_choose_one_meaning_only(agent_client):
    response = agent_client.post(
        ADD,
        {
            "text": "colis gratuit",
            "aid_type": AidType.objects.get(slug="colis").pk,
            "condition": Synonym.Condition.FREE,
        },
    )

    assert response.status_code == 200
    assert "Choisissez une seule chose" in response.content.decode()
    assert not Synonym.objects.filter(text="colis gratuit").exists()


def test_agents_find_synonyms_by_their_text_and_see_their_meaning(agent_client):
    response = agent_client.get(
        reverse("admin:associations_synonym_changelist"), {"q": "restaurant"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "restaurant social" in content
    assert "Repas" in content


def test_deleting_a_synonym_advances_the_generation(agent_client):
    synonym = Synonym.objects.get(text="resto")
    before = DirectoryGeneration.current()

    response = agent_client.post(
        reverse("admin:associations_synonym_delete", args=[synonym.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Synonym.objects.filter(pk=synonym.pk).exists()
    assert DirectoryGeneration.current() > before
