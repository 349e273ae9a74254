import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from roubaix_aide.settings import cache_config

BASE_DIR = Path(__file__).resolve().parents[2]


def run_check(**env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS")
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_check(DEBUG="false", ALLOWED_HOSTS="aide.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_starts_with_a_secret_key():
    result = run_check(DEBUG="false", SECRET_KEY="x" * 60, ALLOWED_HOSTS="aide.example.org")
    assert result.returncode == 0, result.stderr


def test_a_bad_boolean_is_refused_with_its_name():
    result = run_check(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_a_bad_number_is_refused_with_its_name():
    result = run_check(EMAIL_PORT="abc")
    assert result.returncode != 0
    assert "EMAIL_PORT must be a whole number, not 'abc'" in result.stderr


def test_gunicorn_refuses_to_start_with_a_wrong_number():
    result = subprocess.run(
        [
            Path(sys.executable).with_name("gunicorn"),
            "--check-config",
            "-c",
            "gunicorn.conf.py",
            "roubaix_aide.wsgi",
        ],
        cwd=BASE_DIR,
        env={**os.environ, "GUNICORN_WORKERS": "0"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "GUNICORN_WORKERS must be 1 or more, not '0'" in result.stderr


@pytest.mark.parametrize("setting", ["LANGUAGE_CODE", "TIME_ZONE", "USE_TZ"])
def test_site_speaks_french_in_paris_time(settings, setting):
    expected = {"LANGUAGE_CODE": "fr", "TIME_ZONE": "Europe/Paris", "USE_TZ": True}
    assert getattr(settings, setting) == expected[setting]


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        ("", "django.core.cache.backends.locmem.LocMemCache", None),
        (
            "redis://cache:6379/0",
            "django.core.cache.backends.redis.RedisCache",
            "redis://cache:6379/0",
        ),
        (
            "rediss://cache:6380/1",
            "django.core.cache.backends.redis.RedisCache",
            "rediss://cache:6380/1",
        ),
        (
            "memcached://cache:11211",
            "django.core.cache.backends.memcached.PyMemcacheCache",
            "cache:11211",
        ),
    ],
)
def test_the_cache_comes_from_cache_url(url, backend, location):
    config = cache_config(url)
    assert config["BACKEND"] == backend
    assert config.get("LOCATION") == location


def test_a_cache_url_of_another_kind_is_refused_with_its_name():
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        cache_config("ftp://cache")
