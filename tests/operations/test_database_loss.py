"""The database fails: residents get a French page with the 115 and the CCAS's reception, made
without it (operations/errors.py); once it is back, no request fails (CONN_HEALTH_CHECKS)."""

import time

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError, ProgrammingError, connection, connections
from django.test import Client
from django.test.client import RequestFactory

from operations.errors import RETRY_AFTER_SECONDS


def refuse(execute, sql, params, many, context):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed')


@pytest.fixture
def desk(make_desk):
    return make_desk(
        "Accueil du CCAS", phone="03 20 00 00 00", address="1 rue du Centre", city="Roubaix"
    )


@pytest.mark.parametrize("path", ["/", "/associations/?q=colis", "/en/associations/", "/ar/"])
def test_residents_get_the_help_box_in_french_when_the_database_is_down(db, desk, path):
    client = Client(raise_request_exception=False)
    assert client.get("/").status_code == 200  # the desks read once, as any page does
    with connection.execute_wrapper(refuse):
        response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert "Le site est momentanément indisponible" in page
    assert 'href="tel:115"' in page
    assert "Accueil du CCAS" in page
    assert 'href="tel:+33320000000"' in page
    assert "1 rue du Centre" in page
    assert f'<a href="{path}">Réessayer</a>' in page


def test_without_desks_in_the_cache_the_page_still_gives_the_115(db, desk):
    # A server that never read the desks (just started), or a cache that lost them too.
    with connection.execute_wrapper(refuse):
        response = Client(raise_request_exception=False).get("/associations/")
    assert response.status_code == 503
    assert 'href="tel:115"' in response.content.decode()
    assert "Accueil du CCAS" not in response.content.decode()


def test_another_database_error_answers_500_with_the_help_box(db, desk):
    def missing_table(execute, sql, params, many, context):
        raise ProgrammingError('relation "associations_association" does not exist')

    client = Client(raise_request_exception=False)
    client.get("/")
    with connection.execute_wrapper(missing_table):
        response = client.get("/associations/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Le site a rencontré une erreur" in response.content.decode()
    assert 'href="tel:115"' in response.content.decode()
    assert "Accueil du CCAS" in response.content.decode()


def serve(path):
    """One request through Django's WSGI handler, as gunicorn makes it: its signals open, check
    and keep the thread's database connection (the test client's handler does not)."""
    handler = WSGIHandler()
    environ = RequestFactory().get(path).environ
    statuses = []
    body = handler(environ, lambda status, headers: statuses.append(status))
    body.close()
    return int(statuses[0].split()[0])


@pytest.mark.postgres
def test_a_database_restart_costs_no_request_once_it_is_back(committing_db):
    # The settings of production: connections kept between requests, checked before reuse.
    assert connection.settings_dict["CONN_MAX_AGE"] > 0
    assert connection.settings_dict["CONN_HEALTH_CHECKS"]
    connection.close()
    try:
        assert serve("/associations/") == 200
        kept = connection.connection
        assert kept is not None and not kept.closed
        # The server side of the connection ends, as in a restart of PostgreSQL.
        killer = connections.create_connection("default")
        with killer.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [kept.info.backend_pid])
            for _ in range(50):
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [kept.info.backend_pid]
                )
                if cursor.fetchone() == (0,):
                    break
                time.sleep(0.02)
        killer.close()
        assert serve("/associations/?q=colis") == 200
        assert serve("/") == 200
    finally:
        connection.close()
