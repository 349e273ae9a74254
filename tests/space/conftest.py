import pytest
from django.test import Client

from accounts.models import Membership


@pytest.fixture
def own(make_association):
    return make_association("Les Paniers du Pile")


@pytest.fixture
def other(make_association):
    return make_association("L'Épicerie de l'Alma", slug="epicerie-alma")


@pytest.fixture
def volunteer(own, make_member):
    return make_member(own, "marie", Membership.Role.VOLUNTEER)


@pytest.fixture
def manager(own, make_member):
    return make_member(own, "paul", Membership.Role.MANAGER)


@pytest.fixture
def volunteer_client(client, volunteer):
    client.force_login(volunteer)
    return client


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def ccas_client(agent):
    """A CCAS agent's browser, separate from `client` (which the volunteer fixtures use)."""
    client = Client()
    client.force_login(agent)
    return client
