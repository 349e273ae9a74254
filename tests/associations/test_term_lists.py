"""The lists of terms kept in memory for the directory's generation (associations/term_lists.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from associations import edits, term_lists
from associations.models import AidType, DirectoryGeneration, Quartier

LIST = "/associations/?quartier=alma"
# Reading a list (the services' query joins the types of aid, to sort by them).
AID_TYPES = 'FROM "associations_aidtype"'
QUARTIERS = 'FROM "associations_quartier"'


@pytest.fixture(autouse=True)
def nothing_kept(monkeypatch):
    monkeypatch.setattr(term_lists, "_kept", None)


def tables_read(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, " ".join(query["sql"] for query in queries.captured_queries)


def test_the_lists_are_read_once_for_the_generation(client, committing_db, make_association):
    make_association()
    _, first = tables_read(client, LIST)
    assert AID_TYPES in first
    _, second = tables_read(client, LIST)
    assert AID_TYPES not in second
    assert QUARTIERS not in second


def test_a_renamed_quartier_shows_at_once(client, committing_db, make_association):
    make_association()
    tables_read(client, LIST)
    alma = Quartier.objects.get(slug="alma")
    alma.name = "Alma-Gare"
    edits.save_term(alma)
    response, _ = tables_read(client, LIST)
    assert '<option value="alma" selected>Alma-Gare</option>' in response.content.decode()


def test_a_new_type_of_aid_is_offered_at_once(client, committing_db, make_association):
    make_association()
    tables_read(client, LIST)
    edits.save_term(AidType(name="Petits déjeuners", slug="petits-dejeuners", position=99))
    response, _ = tables_read(client, "/associations/?type=petits-dejeuners")
    page = response.content.decode()
    assert 'value="petits-dejeuners"' in page
    assert "Aucune association ne correspond" in page


def test_the_lists_are_read_again_after_a_minute(
    client, committing_db, make_association, monkeypatch
):
    make_association()
    tables_read(client, LIST)
    later = term_lists.time.monotonic() + term_lists.MAX_AGE_SECONDS + 1
    monkeypatch.setattr(term_lists.time, "monotonic", lambda: later)
    _, queries = tables_read(client, LIST)
    assert AID_TYPES in queries


def test_lists_read_in_a_transaction_are_not_kept(client, make_association):
    """A test's transaction stands for any: it could raise the generation, then roll back."""
    make_association()
    tables_read(client, LIST)
    _, queries = tables_read(client, LIST)
    assert AID_TYPES in queries


def test_no_lists_are_kept_for_a_directory_never_edited(client, committing_db, make_association):
    make_association()
    DirectoryGeneration.objects.all().delete()
    tables_read(client, LIST)
    _, queries = tables_read(client, LIST)
    assert AID_TYPES in queries


@pytest.mark.parametrize("url", ["/", LIST, "/associations/?ouvert=aujourdhui"])
def test_a_public_page_reads_the_generation_and_the_demo_flag_once(
    client, committing_db, make_association, url
):
    make_association()
    tables_read(client, url)
    _, sql = tables_read(client, url)
    assert sql.count('FROM "associations_directorygeneration"') == 1
    # Kept with the lists: the banner asks no query of its own.
    assert '"associations_association"."is_demo"' not in sql
