"""An association marks a service "complet" or "liste d'attente": an edit of the directory."""

import pytest
from django.urls import reverse

from associations.models import AssociationChange, Service
from tests.pages import form_data

pytestmark = pytest.mark.django_db


def test_members_mark_a_service_full_as_an_edit_of_the_directory(volunteer_client, volunteer, own):
    service = own.services.get()
    url = reverse("space:edit_service", args=[own.slug, service.pk])
    data = form_data(volunteer_client.get(url))
    assert data["intake"] == Service.Intake.OPEN
    data["intake"] = Service.Intake.WAITING_LIST
    assert volunteer_client.post(url, data).status_code == 302
    service.refresh_from_db()
    assert service.intake == Service.Intake.WAITING_LIST
    change = AssociationChange.objects.get(association=own)
    assert change.user == volunteer
    assert AssociationChange.Section.SERVICES in change.sections


def test_an_unknown_intake_is_a_form_error(volunteer_client, own):
    service = own.services.get()
    url = reverse("space:edit_service", args=[own.slug, service.pk])
    data = form_data(volunteer_client.get(url))
    data["intake"] = "ferme"
    assert volunteer_client.post(url, data).status_code == 200
    service.refresh_from_db()
    assert service.intake == Service.Intake.OPEN
