"""The cache server fails: pages are served uncached, the log says so once a minute, and /sante/
says the cache is degraded while answering 200 (operations/cache.py)."""

import logging
import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.test import Client
from django.urls import reverse

from operations import cache as fail_soft
from roubaix_aide.settings import cache_config

PAGES = ["/", "/associations/", "/associations/?type=colis-alimentaire&ouvert=maintenant"]


@pytest.fixture(autouse=True)
def fresh_outages(monkeypatch):
    monkeypatch.setattr(fail_soft, "_outages", {})


@pytest.fixture
def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def silent_server():
    """A server that takes connections and never answers, like one whose process hangs."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)
        yield sock.getsockname()[1]


def use_cache(settings, url):
    settings.CACHES = {"default": cache_config(url, 0.25)}
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60


def cache_warnings(caplog):
    return [record for record in caplog.records if record.name == "operations.cache"]


@pytest.mark.parametrize("scheme", ["redis://127.0.0.1:{port}/0", "memcached://127.0.0.1:{port}"])
def test_every_page_is_served_when_the_cache_server_refuses_connections(
    db, settings, caplog, free_port, make_association, scheme
):
    make_association("Les Paniers du Pile", slug="paniers")
    use_cache(settings, scheme.format(port=free_port))
    with caplog.at_level(logging.WARNING, logger="operations.cache"):
        for path in [*PAGES, "/associations/paniers/", "/en/associations/", "/ar/"]:
            response = Client().get(path)
            assert response.status_code == 200, path
        assert "Les Paniers du Pile" in Client().get("/associations/").content.decode()
    (warning,) = cache_warnings(caplog)
    assert warning.levelno == logging.WARNING
    assert "pages are served uncached" in warning.getMessage()


def test_agents_and_volunteers_work_as_usual_when_the_cache_server_is_down(
    db, settings, free_port, make_association, agent_client
):
    make_association("Les Paniers du Pile", slug="paniers")
    use_cache(settings, f"redis://127.0.0.1:{free_port}/0")
    for name, args in [
        ("orientation:search", []),
        ("orientation:liaison_sheet", ["paniers"]),
        ("space:dashboard", []),
        ("space:edit_association", ["paniers"]),
        ("admin:associations_association_changelist", []),
    ]:
        assert agent_client.get(reverse(name, args=args)).status_code == 200, name


def test_a_cache_server_that_never_answers_costs_a_timeout_not_a_failure(
    db, settings, caplog, silent_server
):
    use_cache(settings, f"redis://127.0.0.1:{silent_server}/0")
    with caplog.at_level(logging.WARNING, logger="operations.cache"):
        for path in PAGES:
            assert Client().get(path).status_code == 200
    assert len(cache_warnings(caplog)) == 1


def test_the_warning_comes_back_once_a_minute_and_no_password_is_logged(
    db, settings, caplog, free_port, monkeypatch
):
    use_cache(settings, f"redis://:s3cret@127.0.0.1:{free_port}/0")
    clock = [1000.0]
    monkeypatch.setattr(fail_soft, "monotonic", lambda: clock[0])
    with caplog.at_level(logging.WARNING, logger="operations.cache"):
        for _ in range(30):  # two requests a second for 15 s
            Client().get("/associations/")
            clock[0] += 0.5
        assert len(cache_warnings(caplog)) == 1
        clock[0] += 60
        Client().get("/associations/")
    assert len(cache_warnings(caplog)) == 2
    assert "s3cret" not in caplog.text
    assert "://***@127.0.0.1" in caplog.text


def test_health_says_the_cache_is_degraded_and_answers_200(db, settings, client, free_port):
    use_cache(settings, f"redis://127.0.0.1:{free_port}/0")
    response = client.get("/sante/")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["cache"] == "unreachable"
    assert response.json()["database"] == "ok"


@pytest.fixture
def redis_server(free_port):
    """A Redis server of our own, stopped and started again by the test."""
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    command = ["redis-server", "--port", str(free_port), "--save", "", "--appendonly", "no"]

    def start():
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", free_port), timeout=0.1).close()
                return process
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    server = {"process": start(), "start": start, "url": f"redis://127.0.0.1:{free_port}/0"}
    yield server
    server["process"].terminate()
    server["process"].wait()


def test_pages_are_cached_again_once_the_cache_server_is_back(
    db, settings, caplog, redis_server, monkeypatch
):
    use_cache(settings, redis_server["url"])
    keys = redis.Redis.from_url(redis_server["url"])
    assert Client().get("/associations/").status_code == 200
    assert keys.dbsize() > 0

    redis_server["process"].terminate()
    redis_server["process"].wait()
    with caplog.at_level(logging.WARNING, logger="operations.cache"):
        assert Client().get("/associations/?page=1").status_code == 200
        redis_server["process"] = redis_server["start"]()
        # Within RETRY_SECONDS of the failure, the server is left alone.
        assert Client().get("/associations/?page=1").status_code == 200
        assert keys.dbsize() == 0
        clock = monotonic_after(fail_soft.RETRY_SECONDS)
        monkeypatch.setattr(fail_soft, "monotonic", clock)
        assert Client().get("/associations/?page=1").status_code == 200
    assert keys.dbsize() > 0
    first, second = (record.getMessage() for record in cache_warnings(caplog))
    assert first.startswith(f"Cache server {redis_server['url']} does not answer")
    assert second.startswith(f"Cache server {redis_server['url']} answers again")


def monotonic_after(seconds):
    start = time.monotonic()
    return lambda: start + seconds + (time.monotonic() - start)
