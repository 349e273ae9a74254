"""Public pages are cached, yet an edit shows at once and statuses stay right."""

import datetime
import re
import socket
import zoneinfo

import pytest
import redis
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from associations import edits
from associations.models import Association, DirectoryGeneration, OpeningSlot, Quartier
from roubaix_aide.settings import cache_config

from .test_admin import invalid_slot_post_data

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
LIST = reverse("associations:list")


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60


@pytest.fixture
def clock(monkeypatch):
    current = {"now": datetime.datetime(2026, 11, 24, 11, 59, 10, tzinfo=PARIS)}
    monkeypatch.setattr("django.utils.timezone.now", lambda: current["now"])
    return current


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        content = client.get(url).content.decode()
    return len(captured), content


@pytest.mark.parametrize(
    ("first", "first_canonical", "then", "then_canonical"),
    [
        (
            {"HTTP_X_FORWARDED_PROTO": "https", "SERVER_PORT": "443"},
            "https://testserver/associations/",
            {"SERVER_PORT": "80"},
            "http://testserver/associations/",
        ),
        (
            {"HTTP_HOST": "aide.roubaix.example"},
            "http://aide.roubaix.example/associations/",
            {"HTTP_HOST": "autre.example"},
            "http://autre.example/associations/",
        ),
    ],
)
def test_a_page_cached_for_one_scheme_or_host_is_not_served_to_another(
    client, settings, make_association, clock, first, first_canonical, then, then_canonical
):
    """The canonical, og:url and hreflang links are absolute: a page built for https (behind
    the proxy) or for one host name is not served to a request for another."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLOWED_HOSTS = ["testserver", "aide.roubaix.example", "autre.example"]
    make_association("Les Paniers")

    def canonical(headers):
        page = client.get(LIST, **headers).content.decode()
        return re.search(r'<link rel="canonical" href="([^"]+)">', page)[1]

    assert canonical(first) == first_canonical
    assert canonical(then) == then_canonical


def test_a_cached_page_costs_one_query(client, make_association, clock):
    make_association("Les Paniers")
    first, _ = queries(client, LIST)
    second, _ = queries(client, LIST)
    assert first > 5
    assert second == 1


def test_an_edit_in_the_admin_shows_at_once(client, agent_client, make_association, clock):
    association = make_association("Les Paniers", is_published=False)
    assert "Les Paniers" not in client.get(LIST).content.decode()
    agent_client.post(
        reverse("admin:associations_association_changelist"),
        {"action": "publish", "_selected_action": [association.pk]},
    )
    assert "Les Paniers" in client.get(LIST).content.decode()


def test_an_edit_in_the_space_shows_at_once(client, make_association, make_member, clock):
    association = make_association("Les Paniers", summary="Ancien résumé")
    assert "Ancien résumé" in client.get(association.get_absolute_url()).content.decode()
    volunteer = make_member(association)
    editor = Client()
    editor.force_login(volunteer)
    response = editor.post(
        reverse("space:edit_association", args=[association.slug]),
        {
            "version": association.version,
            "summary": "Nouveau résumé",
            "holiday_policy": "unknown",
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    assert "Nouveau résumé" in client.get(association.get_absolute_url()).content.decode()


def test_a_deleted_association_disappears_at_once(agent_client, make_association, clock):
    association = make_association("Les Paniers")
    make_association("Les Repas")
    assert "Les Paniers" in Client().get(LIST).content.decode()
    response = agent_client.post(
        reverse("admin:associations_association_delete", args=[association.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert "Les Paniers" not in Client().get(LIST).content.decode()
    assert Association.all_objects.filter(pk=association.pk).exists()


def test_the_status_stays_right_while_cached(client, make_association, clock):
    make_association("Les Paniers", slots=[(1, "09:00", "12:00")])
    assert "Ouvert jusqu&#x27;à 12 h" in client.get(LIST).content.decode()
    clock["now"] = datetime.datetime(2026, 11, 24, 12, 0, 5, tzinfo=PARIS)
    content = client.get(LIST).content.decode()
    assert "Ouvert jusqu" not in content
    assert "Ouvre le 1er décembre à 9 h" in content


def test_logged_in_people_get_fresh_pages(client, agent, make_association, clock):
    make_association("Les Paniers")
    client.force_login(agent)
    client.get(LIST)
    count, content = queries(client, LIST)
    assert count > 1
    assert "Se déconnecter" in content


def test_new_slots_show_at_once(client, make_association, clock):
    association = make_association("Les Paniers", slots=[(1, "09:00", "12:00")])
    client.get(association.get_absolute_url())
    service = association.services.get()
    with edits.edit(association, source=edits.Source.SCRIPT, sections=[edits.Section.HOURS]):
        OpeningSlot.objects.create(
            service=service,
            weekday=3,
            opens_at=datetime.time(14),
            closes_at=datetime.time(17),
        )
    assert "Jeudi, de 14 h à 17 h" in client.get(association.get_absolute_url()).content.decode()


def test_a_closure_saved_in_the_space_shows_at_once(client, make_association, make_member, clock):
    association = make_association("Les Paniers")
    assert "Travaux" not in client.get(association.get_absolute_url()).content.decode()
    editor = Client()
    editor.force_login(make_member(association))
    response = editor.post(
        reverse("space:edit_closures", args=[association.slug]),
        {
            "version": association.version,
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "0",
            "form-0-starts_on": "2026-11-30",
            "form-0-ends_on": "2026-12-05",
            "form-0-message": "Travaux dans la salle",
        },
    )
    assert response.status_code == 302
    assert "Travaux dans la salle" in client.get(association.get_absolute_url()).content.decode()


def test_a_quartier_renamed_in_the_admin_shows_at_once(
    client, agent_client, make_association, clock
):
    make_association("Les Paniers")
    assert "Alma-Gare" not in client.get(LIST).content.decode()
    alma = Quartier.objects.get(slug="alma")
    response = agent_client.post(
        reverse("admin:associations_quartier_change", args=[alma.pk]),
        {"name": "Alma-Gare", "slug": "alma", "position": alma.position},
    )
    assert response.status_code == 302
    assert "Alma-Gare" in client.get(LIST).content.decode()


def test_a_write_around_the_edits_shows_once_declared(client, make_association, clock):
    """A script writing in bulk says so afterwards: until then the cached page stays."""
    association = make_association("Les Paniers")
    assert "Les Paniers" in client.get(LIST).content.decode()
    Association.objects.filter(pk=association.pk).update(name="Les Paniers Bleus")
    assert "Les Paniers Bleus" not in client.get(LIST).content.decode()
    edits.bulk_written(Association.objects.filter(pk=association.pk))
    assert "Les Paniers Bleus" in client.get(LIST).content.decode()


def test_an_edit_rolled_back_leaves_the_generation(make_association):
    association = make_association("Les Paniers")
    before = DirectoryGeneration.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        with edits.edit(association, source=edits.Source.SCRIPT, sections=["description"]):
            association.summary = "Jamais enregistré"
            association.save()
        assert DirectoryGeneration.current() > before
        raise RuntimeError
    assert DirectoryGeneration.current() == before


def test_the_generation_never_comes_back_to_a_number_already_used(db):
    DirectoryGeneration.advance()
    first = DirectoryGeneration.current()
    DirectoryGeneration.advance()
    second = DirectoryGeneration.current()
    assert second > first
    DirectoryGeneration.objects.filter(pk=1).update(value=first)  # restored from a backup
    DirectoryGeneration.advance()
    assert DirectoryGeneration.current() > second
    DirectoryGeneration.objects.all().delete()  # emptied
    DirectoryGeneration.advance()
    assert DirectoryGeneration.current() > second


@pytest.fixture
def redis_cache(settings):
    """The page cache in the Redis at 127.0.0.1:6379 (database 15), as CACHE_URL gives it."""
    url = "redis://127.0.0.1:6379/15"
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    settings.CACHES = {"default": cache_config(url, 0.25)}
    server = redis.Redis.from_url(url)
    server.flushdb()
    yield server
    server.flushdb()


def test_the_pages_are_shared_through_redis_and_an_edit_shows_at_once(
    redis_cache, agent_client, make_association, clock
):
    association = make_association("Les Paniers")
    assert "Les Paniers" in Client().get(LIST).content.decode()
    # In Redis, where every app server reads it: the next request costs one query.
    assert redis_cache.dbsize() > 0
    assert queries(Client(), LIST)[0] == 1
    # Edited in the admin's change form, on another server as far as the cache can tell.
    data = invalid_slot_post_data(association)
    data["services-0-slots-0-closes_at"] = "17:00"
    data["name"] = "Les Paniers du Pile"
    response = agent_client.post(
        reverse("admin:associations_association_change", args=[association.pk]), data
    )
    assert response.status_code == 302
    assert "Les Paniers du Pile" in Client().get(LIST).content.decode()
