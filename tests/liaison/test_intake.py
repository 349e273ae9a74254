"""The orientation search shows a service marked "complet" or "liste d'attente"."""

import pytest
from django.urls import reverse

from associations.models import Service

pytestmark = pytest.mark.django_db


def test_the_search_says_which_service_has_a_waiting_list(ccas_client, service):
    service.intake = Service.Intake.WAITING_LIST
    service.save()
    page = ccas_client.get(reverse("orientation:search")).content.decode()
    assert "Liste d&#x27;attente" in page
