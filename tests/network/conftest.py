import datetime

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import Membership
from network.models import BoardPost, Meeting


@pytest.fixture
def own(make_association):
    return make_association(
        "Les Paniers du Pile", email="paniers@example.org", phone="01 99 00 11 22"
    )


@pytest.fixture
def other(make_association):
    return make_association("L'Épicerie de l'Alma", slug="epicerie-alma")


@pytest.fixture
def volunteer(own, make_member):
    return make_member(own, "marie", Membership.Role.VOLUNTEER)


@pytest.fixture
def other_volunteer(other, make_member):
    return make_member(other, "karim", Membership.Role.VOLUNTEER)


@pytest.fixture
def manager(own, make_member):
    return make_member(own, "sophie", Membership.Role.MANAGER)


@pytest.fixture
def manager_client(manager):
    client = Client()
    client.force_login(manager)
    return client


@pytest.fixture
def volunteer_client(client, volunteer):
    client.force_login(volunteer)
    return client


@pytest.fixture
def other_client(other_volunteer):
    client = Client()
    client.force_login(other_volunteer)
    return client


@pytest.fixture
def outsider_client(django_user_model):
    """A logged-in user who belongs to no association and is not a CCAS agent."""
    client = Client()
    client.force_login(django_user_model.objects.create_user("curieux", password="pw-curieux"))
    return client


@pytest.fixture
def ccas_client(agent):
    client = Client()
    client.force_login(agent)
    return client


def paris(year, month, day, hour=14):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


@pytest.fixture
def make_meeting(own):
    def make(starts_at=None, host=None, **fields):
        starts_at = starts_at or timezone.now() + datetime.timedelta(days=20)
        return Meeting.objects.create(starts_at=starts_at, host=host or own, **fields)

    return make


@pytest.fixture
def make_post(other):
    def make(association=None, **fields):
        fields.setdefault("kind", BoardPost.Kind.NEED)
        fields.setdefault("category", BoardPost.Category.PREMISES)
        fields.setdefault("title", "Local de stockage")
        fields.setdefault("body", "Un local sec de 30 m².")
        fields.setdefault("ends_on", timezone.localdate() + datetime.timedelta(days=30))
        return BoardPost.objects.create(association=association or other, **fields)

    return make
