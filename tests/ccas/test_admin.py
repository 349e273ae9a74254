"""CCAS agents keep the reception desks in the back office; every page's help box follows at once."""

import datetime
import zoneinfo

import pytest
from django.test import Client
from django.urls import reverse

from associations.models import DirectoryGeneration
from ccas.models import ReceptionDesk, ReceptionSlot

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
ADD = reverse("admin:ccas_receptiondesk_add")
CHANGELIST = reverse("admin:ccas_receptiondesk_changelist")


@pytest.fixture(autouse=True)
def page_cache(settings, monkeypatch):
    """Public pages cached as in production, at a fixed minute: only a new generation shows
    an edit."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    now = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)


def change_url(desk):
    return reverse("admin:ccas_receptiondesk_change", args=[desk.pk])


def desk_data(desk=None, *, slots=(), **fields):
    """The change form's POST data: the desk's fields and its slots' inline formset."""
    data = {
        "name": "Accueil du CCAS",
        "address": "1 rue de l'Exemple",
        "postal_code": "59100",
        "city": "Roubaix",
        "phone": "03 20 00 00 09",
        "email": "",
        "note": "",
        "note_en": "",
        "note_ar": "",
        "holiday_policy": "closed",
        "position": "0",
        "slots-TOTAL_FORMS": str(len(slots)),
        "slots-INITIAL_FORMS": "0",
        "slots-MIN_NUM_FORMS": "0",
        "slots-MAX_NUM_FORMS": "1000",
        **fields,
    }
    if desk is not None:
        for name in ("name", "address", "phone", "email", "note", "position"):
            data.setdefault(name, getattr(desk, name))
        existing = list(desk.slots.all())
        data["slots-INITIAL_FORMS"] = str(len(existing))
        data["slots-TOTAL_FORMS"] = str(len(existing) + len(slots))
        for index, slot in enumerate(existing):
            data[f"slots-{index}-id"] = slot.pk
            data[f"slots-{index}-desk"] = desk.pk
            data[f"slots-{index}-weekday"] = slot.weekday
            data[f"slots-{index}-opens_at"] = f"{slot.opens_at:%H:%M}"
            data[f"slots-{index}-closes_at"] = f"{slot.closes_at:%H:%M}"
        offset = len(existing)
    else:
        offset = 0
    for index, (weekday, opens_at, closes_at, *weeks) in enumerate(slots, start=offset):
        data[f"slots-{index}-weekday"] = weekday
        data[f"slots-{index}-opens_at"] = opens_at
        data[f"slots-{index}-closes_at"] = closes_at
        if weeks:
            data[f"slots-{index}-weeks_of_month"] = weeks[0]
    return data


def public_footer():
    return Client().get("/").content.decode().split('<footer class="site-footer">')[1]


def test_an_agent_adds_the_reception_with_its_hours_and_every_page_shows_it(agent_client):
    assert "Accueil du CCAS" not in public_footer()
    response = agent_client.post(
        ADD, desk_data(slots=[(0, "09:00", "12:00", [1, 3]), (2, "14:00", "17:00")])
    )
    assert response.status_code == 302
    desk = ReceptionDesk.objects.get()
    assert [(s.weekday, s.weeks_of_month) for s in desk.slots.all()] == [(0, [1, 3]), (2, [])]
    footer = public_footer()
    assert "Accueil du CCAS" in footer
    assert "1er et 3e lundi du mois, de 9 h à 12 h" in footer
    assert "Mercredi, de 14 h à 17 h" in footer


def test_a_changed_phone_shows_at_once_in_the_footer(agent_client, make_desk):
    desk = make_desk(phone="03 20 00 00 09")
    assert "03 20 00 00 09" in public_footer()
    before = DirectoryGeneration.current()
    response = agent_client.post(change_url(desk), desk_data(desk, phone="03 20 00 00 10"))
    assert response.status_code == 302
    assert DirectoryGeneration.current() > before
    footer = public_footer()
    assert "03 20 00 00 10" in footer
    assert "03 20 00 00 09" not in footer


def test_a_slot_added_in_the_admin_shows_at_once(agent_client, make_desk):
    desk = make_desk(slots=[(0, "09:00", "12:00")])
    assert "Jeudi" not in public_footer()
    response = agent_client.post(change_url(desk), desk_data(desk, slots=[(3, "13:30", "16:00")]))
    assert response.status_code == 302
    assert "Jeudi, de 13 h 30 à 16 h" in public_footer()


def test_a_slot_closing_before_it_opens_shows_a_french_error_and_saves_nothing(
    agent_client, make_desk
):
    desk = make_desk(slots=[])
    before = DirectoryGeneration.current()
    response = agent_client.post(change_url(desk), desk_data(desk, slots=[(1, "12:00", "09:00")]))
    assert response.status_code == 200
    assert "L&#x27;heure de fermeture doit être après l&#x27;heure d&#x27;ouverture." in (
        response.content.decode()
    )
    assert not ReceptionSlot.objects.exists()
    assert DirectoryGeneration.current() == before


def test_a_deleted_desk_leaves_every_page_at_once(agent_client, make_desk):
    desk = make_desk("Accueil de l'Alma")
    assert "Accueil de l&#x27;Alma" in public_footer()
    response = agent_client.post(
        reverse("admin:ccas_receptiondesk_delete", args=[desk.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert "Accueil de l&#x27;Alma" not in public_footer()


def test_desks_deleted_from_the_list_leave_every_page_at_once(agent_client, make_desk):
    first, second = make_desk("Accueil 1"), make_desk("Accueil 2")
    assert "Accueil 2" in public_footer()
    response = agent_client.post(
        CHANGELIST,
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not ReceptionDesk.objects.exists()
    assert "Accueil 2" not in public_footer()


def test_positions_changed_from_the_list_reorder_every_page_at_once(agent_client, make_desk):
    first, second = make_desk("Accueil A", position=1), make_desk("Accueil B", position=2)
    footer = public_footer()
    assert footer.index("Accueil A") < footer.index("Accueil B")
    response = agent_client.post(
        CHANGELIST,
        {
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "2",
            "form-0-id": first.pk,
            "form-0-position": "3",
            "form-1-id": second.pk,
            "form-1-position": "2",
            "_save": "Enregistrer",
        },
    )
    assert response.status_code == 302
    footer = public_footer()
    assert footer.index("Accueil B") < footer.index("Accueil A")


def test_a_ccas_agent_reaches_the_reception_in_the_back_office(agent_client, make_desk):
    desk = make_desk()
    assert agent_client.get(CHANGELIST).status_code == 200
    assert agent_client.get(ADD).status_code == 200
    content = agent_client.get(change_url(desk)).content.decode()
    assert "horaires d&#x27;ouverture" in content.lower()


def test_a_volunteer_cannot_reach_the_reception_in_the_back_office(client, django_user_model):
    volunteer = django_user_model.objects.create_user("marie", password="pw-benevole-roubaix")
    client.force_login(volunteer)
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
