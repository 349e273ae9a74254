import datetime
import importlib
import logging

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import translation
from django.utils.text import slugify

from associations import edits
from associations.models import (
    AidType,
    Association,
    Language,
    Network,
    OpeningSlot,
    Place,
    Public,
    Quartier,
    Service,
    Synonym,
    Town,
)
from ccas.models import ReceptionDesk, ReceptionSlot, Territory
from tests.address_base import FakeAddressBase


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Pages are computed afresh in tests (tests/associations/test_caching.py turns the page cache
    on); the short lists are cached as in production, each test in an empty cache.

    Passwords are hashed with a fast hasher: the real one is slow on purpose.
    """
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}
    }
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def french_outside_requests():
    """Each test starts in French: a request to /en/ or /ar/ leaves its language active after it."""
    translation.activate("fr")
    yield
    translation.deactivate()


@pytest.fixture
def make_association(db):
    """Build a published association with one place and one service open on Tuesday mornings,
    written as a script writes around the edits (version 0, nothing in the change log)."""

    def make(name="Les Paniers du Pile", *, slots=((1, "09:00", "12:00"),), **fields):
        slug = fields.pop("slug", None) or slugify(name)
        fields.setdefault("is_published", True)
        association = Association.objects.create(name=name, slug=slug, **fields)
        place = Place.objects.create(
            city="Roubaix",
            postal_code="59100",
            association=association,
            name="Salle principale",
            address="12 rue de l'Alma",
            quartier=Quartier.objects.get(slug="alma"),
        )
        service = Service.objects.create(
            association=association, place=place, aid_type=AidType.objects.get(slug="colis")
        )
        for weekday, opens_at, closes_at in slots:
            OpeningSlot.objects.create(
                service=service,
                weekday=weekday,
                opens_at=datetime.time.fromisoformat(opens_at),
                closes_at=datetime.time.fromisoformat(closes_at),
            )
        edits.bulk_written(Association.objects.filter(pk=association.pk))
        return association

    return make


@pytest.fixture
def address_base(settings):
    """A local fake of the address base (tests/address_base.py), which GEOCODER_URL points to."""
    with FakeAddressBase() as fake:
        settings.GEOCODER_URL = fake.url
        settings.GEOCODER_TIMEOUT_SECONDS = 2
        yield fake


@pytest.fixture
def make_desk(db):
    """Build a reception desk of the CCAS (fictitious) open on Monday mornings, then advance the
    generation as the back office does."""

    def make(name="Accueil du CCAS", *, slots=((0, "09:00", "12:00"),), **fields):
        fields.setdefault("address", "1 rue de l'Exemple")
        fields.setdefault("postal_code", "59100")
        fields.setdefault("city", "Roubaix")
        fields.setdefault("phone", "03 20 00 00 09")
        desk = ReceptionDesk.objects.create(name=name, **fields)
        for weekday, opens_at, closes_at in slots:
            ReceptionSlot.objects.create(
                desk=desk,
                weekday=weekday,
                opens_at=datetime.time.fromisoformat(opens_at),
                closes_at=datetime.time.fromisoformat(closes_at),
            )
        edits.bulk_written()
        return desk

    return make


@pytest.fixture
def agent(django_user_model):
    user = django_user_model.objects.create_user("agent", password="pw-agent-ccas", is_staff=True)
    user.groups.add(Group.objects.get(name="Agent CCAS"))
    return user


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


@pytest.fixture
def make_member(django_user_model):
    """A user who is a member of `association` with `role` ("manager" or "volunteer")."""
    from accounts.models import Membership

    def make(association, username="marie", role=Membership.Role.VOLUNTEER):
        user = django_user_model.objects.create_user(
            username, email=f"{username}@example.org", password="pw-benevole-roubaix"
        )
        Membership.objects.create(user=user, association=association, role=role)
        return user

    return make


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (DATABASE_URL=postgres://…)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def exports_dir(settings, tmp_path):
    """Each test builds its /donnees/ exports in its own folder, never in var/ nor another test's."""
    settings.EXPORTS_DIR = tmp_path / "exports"
    return settings.EXPORTS_DIR


SEED_MIGRATIONS = [
    (importlib.import_module("associations.migrations.0002_seed_taxonomies"), "seed"),
    (
        importlib.import_module("associations.migrations.0008_translate_seeded_taxonomies"),
        "translate",
    ),
    (importlib.import_module("associations.migrations.0019_search_synonyms"), "seed"),
    (
        importlib.import_module("associations.migrations.0023_sensitive_publics"),
        "flag_sensitive_publics",
    ),
    (
        importlib.import_module("associations.migrations.0027_towns_of_the_territory"),
        "seed_roubaix",
    ),
    (importlib.import_module("ccas.migrations.0003_the_territory"), "seed_roubaix"),
]


def seed_lists():
    """The rows the migrations seed, back when an earlier live-server test emptied the tables.

    A live-server test commits for real and the database is flushed behind it; Django's serialized
    rollback should restore the seeded rows, but does not when the whole suite runs.
    """
    Group.objects.get_or_create(name="Agent CCAS")
    lists = (AidType, Public, Quartier, Language, Network, Synonym, Town, Territory)
    if all(model.objects.exists() for model in lists):
        return
    for model in lists:
        model.objects.all().delete()
    for module, function in SEED_MIGRATIONS:
        getattr(module, function)(apps, None)


@pytest.fixture
def committing_db(transactional_db):
    """Writes that commit, as in production (term_lists keeps nothing read in a transaction),
    on tables holding the seeded lists."""
    seed_lists()


class Written(logging.Handler):
    """What a handler of the project writes: the records after the console handler's filters
    (the masking one among them)."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.filters = list(logging.getLogger("django.request").handlers[0].filters)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())

    @property
    def text(self):
        return "\n".join(self.lines)


@pytest.fixture
def every_log():
    """Every record, from the loggers that propagate to the root and from django.request."""
    handler = Written()
    loggers = [logging.getLogger(), logging.getLogger("django.request")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    yield handler
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)
