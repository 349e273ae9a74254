"""One write path (associations/edits.py): every edit locks, checks the version, logs the
change, reindexes and advances the generation, once."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from associations import edits
from associations.models import Association, AssociationChange, DirectoryGeneration
from opendata.import_jobs import import_texts
from opendata.spreadsheet import COLUMNS

from ..pages import form_data
from ..space.test_editing import existing_slot, service_data
from .test_admin import change_url, invalid_slot_post_data

pytestmark = pytest.mark.django_db


def import_csv(text, **options):
    return import_texts("csv", [text], **options)


def csv_with(phone):
    cells = {
        "id_association": "paniers-du-pile",
        "association": "Les Paniers du Pile",
        "association_telephone": phone,
        "publiee": "oui",
        "id_service": "colis-mardi",
        "type_aide": "Colis alimentaire",
        "horaires": "Tu 09:00-12:00",
        "lieu_nom": "Salle principale",
        "lieu_adresse": "12 rue de l'Alma",
    }
    row = ";".join(cells.get(column, "") for column in COLUMNS)
    return ";".join(COLUMNS) + "\n" + row + "\n"


@pytest.fixture
def advances(monkeypatch):
    """How many times the directory's generation advanced."""
    count = {"n": 0}
    advance = DirectoryGeneration.advance

    def counted():
        count["n"] += 1
        advance()

    monkeypatch.setattr(DirectoryGeneration, "advance", counted)
    return count


def test_a_space_form_loaded_before_an_import_keeps_what_the_import_changed(make_member, agent):
    assert import_csv(csv_with("03 20 00 00 01")).problems == []
    association = Association.objects.get(slug="paniers-du-pile")
    volunteer = Client()
    volunteer.force_login(make_member(association, "marie", Membership.Role.MANAGER))
    url = reverse("space:edit_association", args=[association.slug])
    page = form_data(volunteer.get(url))
    page["summary"] = "Colis le mardi"

    report = import_csv(csv_with("03 20 99 99 99"), user=agent)
    assert report.updated["associations"] == 1
    assert volunteer.post(url, page).status_code == 302

    association.refresh_from_db()
    assert (association.phone, association.summary) == ("03 20 99 99 99", "Colis le mardi")
    sources = association.changes.order_by("version").values_list("source", flat=True)
    assert list(sources)[-2:] == [AssociationChange.Source.IMPORT, AssociationChange.Source.SPACE]


def test_an_admin_form_without_its_displayed_values_asks_where_an_import_changed(agent_client):
    import_csv(csv_with("03 20 00 00 01"))
    association = Association.objects.get(slug="paniers-du-pile")
    data = invalid_slot_post_data(association)
    data["services-0-slots-0-closes_at"] = "17:00"
    data["phone"] = "03 20 11 11 11"

    import_csv(csv_with("03 20 99 99 99"))
    response = agent_client.post(change_url(association), data)

    assert response.status_code == 200
    assert "Modifié aussi entre-temps par un import ou un script" in response.content.decode()
    association.refresh_from_db()
    assert association.phone == "03 20 99 99 99"


def test_an_import_that_changes_nothing_is_no_edit(advances):
    import_csv(csv_with("03 20 00 00 01"))
    association = Association.objects.get(slug="paniers-du-pile")
    version, before = association.version, advances["n"]
    import_csv(csv_with("03 20 00 00 01"))
    association.refresh_from_db()
    assert association.version == version
    assert advances["n"] == before


def test_an_admin_save_of_several_parts_advances_the_generation_once(
    agent_client, make_association, advances
):
    association = make_association("Les Paniers")
    data = invalid_slot_post_data(association)
    data["services-0-slots-0-closes_at"] = "17:00"
    data["summary"] = "Colis le mardi et le mercredi"
    advances["n"] = 0

    response = agent_client.post(change_url(association), data)

    assert response.status_code == 302
    assert advances["n"] == 1
    change = association.changes.get()
    assert change.sections == ["description", "places", "hours"]


def test_a_space_save_of_a_service_and_its_hours_advances_the_generation_once(
    make_association, make_member, advances
):
    association = make_association("Les Paniers")
    service = association.services.get()
    volunteer = Client()
    volunteer.force_login(make_member(association))
    slot = service.slots.get()
    data = service_data(association, service, [existing_slot(slot, opens_at="08:00")])
    data["description"] = "Apportez un sac."
    advances["n"] = 0

    url = reverse("space:edit_service", args=[association.slug, service.pk])
    assert volunteer.post(url, data).status_code == 302

    assert advances["n"] == 1
    assert association.changes.get().sections == ["services", "hours"]


def test_an_admin_action_on_three_associations_is_three_edits(
    agent_client, make_association, advances
):
    associations = [make_association(f"Association {name}", is_published=False) for name in "ABC"]
    advances["n"] = 0
    agent_client.post(
        reverse("admin:associations_association_changelist"),
        {"action": "publish", "_selected_action": [a.pk for a in associations]},
    )
    assert advances["n"] == 3
    assert Association.objects.published().count() == 3


def test_an_edit_that_raises_writes_nothing(make_association):
    association = make_association("Les Paniers")
    edit = edits.edit(association, source=edits.Source.SCRIPT, sections=["description"])
    with pytest.raises(RuntimeError), edit:
        association.summary = "Jamais enregistré"
        association.save()
        raise RuntimeError
    association.refresh_from_db()
    assert (association.summary, association.version) == ("", 0)
    assert not association.changes.exists()


def test_an_admin_edit_of_the_hours_counts_as_a_check(agent_client, make_association):
    association = make_association("Les Paniers", last_checked_on=datetime.date(2020, 1, 1))
    data = invalid_slot_post_data(association)
    data["services-0-slots-0-closes_at"] = "17:00"
    data["last_checked_on"] = "2020-01-01"
    assert agent_client.post(change_url(association), data).status_code == 302
    association.refresh_from_db()
    assert association.last_checked_on == timezone.localdate()


def test_an_import_of_hours_is_not_a_check(make_association):
    import_csv(csv_with("03 20 00 00 01"))
    association = Association.objects.get(slug="paniers-du-pile")
    assert "hours" in association.changes.get().sections
    assert association.last_checked_on is None


def test_a_script_marks_nothing_checked_unless_asked(make_association):
    association = make_association("Les Paniers")
    with edits.edit(association, source=edits.Source.SCRIPT, sections=[edits.Section.HOURS]):
        pass
    association.refresh_from_db()
    assert association.last_checked_on is None
