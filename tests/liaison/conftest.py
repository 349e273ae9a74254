import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from accounts.models import Membership
from associations.models import AidType, Public
from liaison.models import Orientation


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def target(make_association):
    """Association A, which the CCAS orients people to."""
    return make_association("Les Paniers du Pile")


@pytest.fixture
def elsewhere(make_association):
    """Association B."""
    return make_association("L'Épicerie de l'Alma", slug="epicerie-alma")


@pytest.fixture
def service(target):
    return target.services.get()


@pytest.fixture
def member(target, make_member):
    return make_member(target, "marie", Membership.Role.VOLUNTEER)


@pytest.fixture
def member_client(member):
    return logged_in(member)


@pytest.fixture
def outsider(elsewhere, make_member):
    """A volunteer of association B."""
    return make_member(elsewhere, "bruno", Membership.Role.MANAGER)


@pytest.fixture
def outsider_client(outsider):
    return logged_in(outsider)


@pytest.fixture
def ccas_client(agent):
    return logged_in(agent)


@pytest.fixture
def colleague(django_user_model):
    """Another CCAS agent, without the supervisor's permission."""
    user = django_user_model.objects.create_user("collegue", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Agent CCAS"))
    return user


@pytest.fixture
def supervisor(django_user_model):
    user = django_user_model.objects.create_user("cheffe", password="pw", is_staff=True)
    user.groups.add(
        Group.objects.get(name="Agent CCAS"), Group.objects.get(name="Superviseur CCAS")
    )
    return user


@pytest.fixture
def make_orientation(agent):
    def make(service, *, sent_by=None, person="Samia B.", **fields):
        orientation = Orientation.objects.create(
            association=service.association,
            service=service,
            person=person,
            consent=True,
            sent_by=sent_by or agent,
            **fields,
        )
        orientation.aid_types.add(AidType.objects.get(slug="colis"))
        orientation.publics.add(Public.objects.get(slug="familles"))
        return orientation

    return make


@pytest.fixture
def orientation(make_orientation, service):
    return make_orientation(service)


def view_all_permission():
    return Permission.objects.get(codename="view_all_orientations")
