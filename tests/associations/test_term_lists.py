"""The short lists in one cache entry per generation of the directory (associations/term_lists.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from associations.models import AidType, Quartier

pytestmark = pytest.mark.django_db

LIST = "/associations/?quartier=alma"
AID_TYPES = 'FROM "associations_aidtype"'
QUARTIERS = 'FROM "associations_quartier"'


def tables_read(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, " ".join(query["sql"] for query in queries.captured_queries)


def test_the_lists_are_read_once_for_the_generation(client, make_association):
    make_association()
    _, first = tables_read(client, LIST)
    assert QUARTIERS in first
    _, second = tables_read(client, LIST)
    assert QUARTIERS not in second
    # The page itself was built again.
    assert 'FROM "associations_openingslot"' in second


def test_a_quartier_renamed_in_the_admin_shows_at_once(agent_client, make_association):
    make_association()
    tables_read(agent_client, LIST)
    alma = Quartier.objects.get(slug="alma")
    response = agent_client.post(
        reverse("admin:associations_quartier_change", args=[alma.pk]),
        {"name": "Alma-Gare", "slug": "alma", "position": alma.position},
    )
    assert response.status_code == 302
    response, _ = tables_read(agent_client, LIST)
    assert '<option value="alma" selected>Alma-Gare</option>' in response.content.decode()


def test_a_type_of_aid_added_in_the_admin_is_offered_at_once(agent_client, make_association):
    make_association()
    tables_read(agent_client, LIST)
    response = agent_client.post(
        reverse("admin:associations_aidtype_add"),
        {
            "name": "Petits déjeuners",
            "slug": "petits-dejeuners",
            "position": 99,
            "di_type": "aide-materielle",
        },
    )
    assert response.status_code == 302
    assert AidType.objects.filter(slug="petits-dejeuners").exists()
    response, _ = tables_read(agent_client, "/associations/?type=petits-dejeuners")
    page = response.content.decode()
    assert 'value="petits-dejeuners"' in page
    assert "Aucune association ne correspond" in page
