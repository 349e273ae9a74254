import ast
import inspect
import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from roubaix_aide.env import envbool, envint, envrate
from roubaix_aide.settings import cache_config

BASE_DIR = Path(__file__).resolve().parents[2]
# The files that read the environment when the site or gunicorn starts.
STARTUP_FILES = [BASE_DIR / "roubaix_aide" / "settings.py", BASE_DIR / "gunicorn.conf.py"]


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


def startup_reads(helper):
    """(file, variable, keyword arguments) of every call of the helper in STARTUP_FILES."""
    for path in STARTUP_FILES:
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == helper.__name__
            ):
                keywords = {
                    keyword.arg: ast.literal_eval(keyword.value) for keyword in node.keywords
                }
                yield path, ast.literal_eval(node.args[0]), keywords


def bounds(keywords):
    defaults = inspect.signature(envint).parameters
    return (
        keywords.get("minimum", defaults["minimum"].default),
        keywords.get("maximum", defaults["maximum"].default),
    )


def wrong_numbers(keywords):
    minimum, maximum = bounds(keywords)
    return ["abc", str(minimum - 1)] + ([str(maximum + 1)] if maximum is not None else [])


def start(path, monkeypatch, **env):
    # In production, so that the settings read only then (SECURE_HSTS_SECONDS…) are read too.
    monkeypatch.setenv("DEBUG", "false")
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(path))


def reading(path, variable, value):
    return pytest.param(path, variable, value, id=f"{path.name}:{variable}={value}")


@pytest.mark.parametrize(
    ("path", "variable", "value"),
    [reading(path, variable, "maybe") for path, variable, _ in startup_reads(envbool)]
    + [
        reading(path, variable, value)
        for path, variable, _ in startup_reads(envrate)
        for value in ("10", "0/h", "10/heure", "dix/h")
    ]
    + [
        reading(path, variable, value)
        for path, variable, keywords in startup_reads(envint)
        for value in wrong_numbers(keywords)
    ],
)
def test_a_wrong_value_stops_the_start_naming_the_variable(monkeypatch, path, variable, value):
    expected = f"^{re.escape(variable)} must be .+, not {re.escape(repr(value))}\\.$"
    with pytest.raises(ImproperlyConfigured, match=expected):
        start(path, monkeypatch, **{variable: value})


@pytest.mark.parametrize(
    ("path", "variable", "value"),
    [
        reading(path, variable, str(bounds(keywords)[0]))
        for path, variable, keywords in startup_reads(envint)
    ],
)
def test_the_lowest_allowed_number_starts(monkeypatch, path, variable, value):
    start(path, monkeypatch, **{variable: value})


def reads_environment(node):
    return any(
        isinstance(child, ast.Attribute)
        and child.attr in ("environ", "getenv")
        and isinstance(child.value, ast.Name)
        and child.value.id == "os"
        for child in ast.walk(node)
    )


def project_python_files():
    # bench/ reads the benchmark's own knobs (BENCH_SECONDS…), none of them a setting of the site.
    for path in BASE_DIR.rglob("*.py"):
        parts = path.relative_to(BASE_DIR).parts
        if not any(part.startswith(".") or part in ("bench", "tests") for part in parts):
            yield path


def test_numbers_and_booleans_are_read_from_the_environment_only_through_the_helpers():
    by_hand = [
        f"{path.relative_to(BASE_DIR)}:{node.lineno}: {ast.unparse(node)}"
        for path in project_python_files()
        for node in ast.walk(ast.parse(path.read_text()))
        if (
            isinstance(node, ast.Compare)
            or isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("int", "float", "bool")
        )
        and reads_environment(node)
    ]
    assert by_hand == []


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
            "operations.cache.RedisCache",
            "redis://cache:6379/0",
        ),
        (
            "rediss://cache:6380/1",
            "operations.cache.RedisCache",
            "rediss://cache:6380/1",
        ),
        (
            "memcached://cache:11211",
            "operations.cache.PyMemcacheCache",
            "cache:11211",
        ),
    ],
)
def test_the_cache_comes_from_cache_url(url, backend, location):
    config = cache_config(url, 0.25)
    assert config["BACKEND"] == backend
    assert config.get("LOCATION") == location
    # A server that does not answer within the timeout counts as down (operations/cache.py).
    if url:
        assert set(config["OPTIONS"].values()) == {0.25}


def test_a_cache_url_of_another_kind_is_refused_with_its_name():
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        cache_config("ftp://cache", 0.25)
