import pytest

from accounts.models import Membership
from associations.models import Public, Referent, ServicePublic

SECRET = "MARQUEUR-CONFIDENTIEL-CCAS"


@pytest.fixture
def discreet(make_association):
    """An association helping people without papers, which only the CCAS may know."""
    association = make_association(
        "Le Relais Discret", internal_notes=f"Appeler avant d'orienter {SECRET}"
    )
    service = association.services.get()
    service.documents = "Pièce d'identité\nAttestation CAF"
    service.save()
    ServicePublic.objects.create(
        service=service, public=Public.objects.get(slug="sans-papiers"), is_public=False
    )
    ServicePublic.objects.create(service=service, public=Public.objects.get(slug="familles"))
    Referent.objects.create(
        association=association, name="Mme Visible", phone="03 20 00 00 01", is_public=True
    )
    Referent.objects.create(association=association, name=f"M. {SECRET}", phone="0600000000")
    return association


@pytest.fixture
def volunteer_client(client, make_association, make_member):
    client.force_login(make_member(make_association("Mon Association"), "marie"))
    return client


@pytest.fixture
def manager_client(client, make_association, make_member):
    user = make_member(make_association("Mon Association"), "paul", Membership.Role.MANAGER)
    client.force_login(user)
    return client


@pytest.fixture
def superuser_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password="pw-root"))
    return client
