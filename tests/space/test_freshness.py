"""Keeping information fresh: edits that count as a check, "tout est à jour" and its confirmation
page, the reminder e-mail's signed link, and the CCAS agent's list of associations."""

import datetime
import html
import re
import time
from types import SimpleNamespace

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from associations import edits
from associations.freshness import months_before
from associations.models import Association, AssociationChange, Closure, Referent
from space import reminders

from .test_editing import association_data, existing_slot, service_data

pytestmark = pytest.mark.django_db

SECRET = "MARQUEUR-CCAS"


def text(response):
    return html.unescape(response.content.decode())


def long_ago():
    return months_before(timezone.localdate(), 8)


# Edits that count as a check


@pytest.fixture
def stale(own):
    Association.objects.filter(pk=own.pk).update(last_checked_on=long_ago())
    own.refresh_from_db()
    return own


def test_editing_the_hours_counts_as_a_check(volunteer_client, stale):
    service = stale.services.get()
    data = service_data(stale, service, [existing_slot(service.slots.get(), opens_at="08:30")])
    url = reverse("space:edit_service", args=[stale.slug, service.pk])
    assert volunteer_client.post(url, data).status_code == 302
    stale.refresh_from_db()
    assert stale.last_checked_on == timezone.localdate()


def test_editing_the_closures_counts_as_a_check(volunteer_client, stale):
    data = {
        "version": stale.version,
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-0-starts_on": "2027-08-01",
        "form-0-ends_on": "2027-08-15",
        "form-0-message": "Congés",
    }
    response = volunteer_client.post(reverse("space:edit_closures", args=[stale.slug]), data)
    assert response.status_code == 302
    stale.refresh_from_db()
    assert stale.last_checked_on == timezone.localdate()


def test_editing_the_referents_counts_as_a_check(volunteer_client, stale):
    data = {
        "version": stale.version,
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-0-name": "Mme Dupont",
        "form-0-phone": "03 20 00 00 00",
    }
    response = volunteer_client.post(reverse("space:edit_referents", args=[stale.slug]), data)
    assert response.status_code == 302
    stale.refresh_from_db()
    assert stale.last_checked_on == timezone.localdate()


def test_editing_the_description_is_not_a_check(volunteer_client, stale):
    url = reverse("space:edit_association", args=[stale.slug])
    assert volunteer_client.post(url, association_data(stale, summary="Colis")).status_code == 302
    stale.refresh_from_db()
    assert (stale.summary, stale.last_checked_on) == ("Colis", long_ago())


# "Tout est à jour": what is confirmed, then the confirmation


@pytest.fixture
def detailed(own):
    Closure.objects.create(
        association=own,
        starts_on=timezone.localdate() + datetime.timedelta(days=10),
        ends_on=timezone.localdate() + datetime.timedelta(days=20),
        message="Congés d'été",
    )
    Referent.objects.create(
        association=own, name="Mme Publique", phone="03 20 11 11 11", is_public=True
    )
    Referent.objects.create(association=own, name=f"M. {SECRET}", phone="06 00 00 00 00")
    Association.objects.filter(pk=own.pk).update(internal_notes=SECRET)
    return own


def test_all_is_up_to_date_first_shows_what_is_confirmed(volunteer_client, detailed):
    dashboard = text(volunteer_client.get(reverse("space:dashboard")))
    url = reverse("space:mark_checked", args=[detailed.slug])
    assert f'href="{url}"' in dashboard
    content = text(volunteer_client.get(url))
    assert "Mardi, de 9 h à 12 h" in content
    assert "Salle principale – 12 rue de l'Alma, 59100 Roubaix" in content
    assert "Congés d'été" in content
    # Their own referents, all of them: the volunteer edits them all.
    assert "Mme Publique" in content and f"M. {SECRET} – 06 00 00 00 00" in content
    assert "(visible du CCAS seulement)" in content
    assert "Oui, tout est à jour" in content
    detailed.refresh_from_db()
    assert detailed.last_checked_on is None  # showing is not confirming


def test_confirming_information_changed_meanwhile_shows_it_again(
    volunteer_client, ccas_client, own
):
    url = reverse("space:mark_checked", args=[own.slug])
    shown = volunteer_client.get(url).context["association"].version
    service = own.services.get()
    data = service_data(own, service, [existing_slot(service.slots.get(), closes_at="11:00")])
    ccas_client.post(reverse("space:edit_service", args=[own.slug, service.pk]), data)

    response = volunteer_client.post(url, {"version": shown}, follow=True)

    assert response.redirect_chain == [(url, 302)]
    assert "La fiche a été modifiée pendant que vous la relisiez" in text(response)
    assert "Mardi, de 9 h à 11 h" in text(response)
    assert not own.changes.filter(sections=[AssociationChange.Section.CHECK]).exists()


def test_agent_opens_an_association_card_from_the_list(ccas_client, own):
    content = text(ccas_client.get(reverse("space:association", args=[own.slug])))
    assert "<h1>Les Paniers du Pile</h1>" in content
    assert reverse("space:mark_checked", args=[own.slug]) in content
    assert reverse("space:edit_closures", args=[own.slug]) in content


# The reminder e-mail and its signed link


@pytest.fixture
def link(detailed, settings):
    """The path of the link in the reminder e-mail sent to `detailed`."""
    settings.SITE_URL = "https://aide.example"
    Association.objects.filter(pk=detailed.pk).update(email="contact@paniers.example")
    call_command("send_freshness_reminders")
    return re.search(r"https://aide\.example(/\S+/confirmer/\S+/)", mail.outbox[-1].body)[1]


def token_of(link):
    return link.rstrip("/").rsplit("/", 1)[1]


def test_reminder_subject_is_plain_text(make_association):
    make_association("Les Paniers de l'Alma", email="contact@alma.example")
    call_command("send_freshness_reminders")
    assert mail.outbox[0].subject == (
        "Roubaix Aide : la fiche « Les Paniers de l'Alma » est-elle à jour ?"
    )


def test_reminder_link_shows_the_information_without_logging_in(client, link):
    response = client.get(link)
    content = text(response)
    assert response.status_code == 200
    assert "Mardi, de 9 h à 12 h" in content and "Congés d'été" in content
    assert "12 rue de l'Alma, 59100 Roubaix" in content
    assert "Mme Publique" in content
    # Whoever holds the link sees nothing CCAS-only: not the private referents, not the notes.
    assert SECRET not in content and "06 00 00 00 00" not in content
    assert "Les référents que seul le CCAS voit ne sont pas montrés ici" in content


def test_reminder_link_confirms_once_without_logging_in(client, link, detailed):
    response = client.post(link)
    assert response.status_code == 200
    assert "sont marquées comme vérifiées aujourd'hui" in text(response)
    detailed.refresh_from_db()
    assert detailed.last_checked_on == timezone.localdate()
    change = detailed.changes.get()
    assert (change.user, change.source, change.sections) == (
        None,
        AssociationChange.Source.REMINDER,
        [AssociationChange.Section.CHECK],
    )
    again = client.post(link)
    assert again.status_code == 400
    assert "Ce lien a déjà servi" in text(again)
    assert detailed.changes.count() == 1


def test_reminder_link_dies_when_the_information_changes(client, link, detailed):
    Closure.objects.filter(association=detailed).delete()
    edits.set_fields(
        detailed, user=None, source=edits.Source.ADMIN, section="description", summary="Nouveau"
    )
    response = client.get(link)
    assert response.status_code == 400
    assert "la fiche a été modifiée depuis l'envoi du message" in text(response)


def test_reminder_link_expires_after_14_days(client, link, detailed, monkeypatch):
    later = time.time() + 15 * 24 * 3600
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: later))
    for response in (client.get(link), client.post(link)):
        assert response.status_code == 400
        assert "Ce lien a expiré : il n'est valable que 14 jours" in text(response)
    detailed.refresh_from_db()
    assert detailed.last_checked_on is None


def test_reminder_link_is_still_valid_after_13_days(client, link, monkeypatch):
    later = time.time() + 13 * 24 * 3600
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: later))
    assert client.get(link).status_code == 200


def test_forged_reminder_link_is_refused(client, link, detailed):
    token = token_of(link)
    forged = signing.TimestampSigner(salt="space.reminders.confirm", key="pas-la-cle").sign_object(
        {"association": detailed.pk, "version": detailed.version}
    )
    for bad in (token[:-2] + "xx", forged, "n-importe-quoi"):
        url = reverse("space:confirm_by_link", args=[detailed.slug, bad])
        response = client.post(url)
        assert response.status_code == 400
        assert "Ce lien n'est pas valide" in text(response)
        assert "Les Paniers du Pile" not in text(response)
    detailed.refresh_from_db()
    assert detailed.last_checked_on is None


def test_reminder_link_cannot_confirm_another_association(client, link, other):
    token = token_of(link)
    response = client.post(reverse("space:confirm_by_link", args=[other.slug, token]))
    assert response.status_code == 400
    assert "Ce lien n'est pas valide" in text(response)
    content = text(response)
    assert "Épicerie de l'Alma" not in content and "Les Paniers du Pile" not in content
    other.refresh_from_db()
    assert other.last_checked_on is None and not other.changes.exists()


def test_reminder_link_of_an_unknown_association_is_not_found(client, link):
    token = token_of(link)
    assert client.get(reverse("space:confirm_by_link", args=["inconnue", token])).status_code == 404


def test_reminder_link_of_an_archived_association_is_not_found(client, link, detailed):
    edits.archive(detailed, user=None)
    assert client.get(link).status_code == 404


def test_confirm_url_is_the_one_checked():
    # The signed value holds the association and its version, nothing else.
    association = SimpleNamespace(pk=7, version=3, slug="x")
    token = reminders.confirm_url(association).rstrip("/").rsplit("/", 1)[1]
    reminders.check_link(association, token)
    with pytest.raises(reminders.InvalidLink):
        reminders.check_link(SimpleNamespace(pk=7, version=4), token)


# The CCAS agent's /espace/: a paginated list


@pytest.fixture
def directory(make_association):
    today = timezone.localdate()
    for index in range(30):
        make_association(f"Fraîche {index:02}", last_checked_on=today)
    make_association("Vieille Épicerie", last_checked_on=long_ago())
    make_association("Jamais Vue")


def names(response):
    return [association.name for association, _state in response.context["page"].object_list]


def test_agent_space_lists_associations_25_a_page(ccas_client, directory):
    first = ccas_client.get(reverse("space:dashboard"))
    assert first.status_code == 200
    assert len(names(first)) == 25
    assert "32 associations." in text(first)
    assert "Page 1 sur 2" in text(first)
    assert 'rel="next" href="?page=2"' in first.content.decode()
    second = ccas_client.get(reverse("space:dashboard"), {"page": 2})
    assert names(second) == [
        *(f"Fraîche {index}" for index in range(25, 30)),
        "Jamais Vue",
        "Vieille Épicerie",
    ]


def test_agent_space_filters_by_freshness(ccas_client, directory):
    url = reverse("space:dashboard")
    assert names(ccas_client.get(url, {"freshness": "a-verifier"})) == ["Vieille Épicerie"]
    assert names(ccas_client.get(url, {"freshness": "jamais"})) == ["Jamais Vue"]
    fresh = ccas_client.get(url, {"freshness": "a-jour"})
    assert fresh.context["page"].paginator.count == 30
    content = text(ccas_client.get(url, {"freshness": "a-verifier"}))
    assert "<td>À vérifier, vérifiées le" in content


def test_agent_space_finds_by_name_and_keeps_filters_across_pages(ccas_client, directory):
    url = reverse("space:dashboard")
    assert names(ccas_client.get(url, {"q": "epicerie"})) == ["Vieille Épicerie"]
    response = ccas_client.get(url, {"q": "fraiche", "freshness": "a-jour"})
    assert 'href="?q=fraiche&amp;freshness=a-jour&amp;page=2"' in response.content.decode()


def test_agent_space_refuses_an_unknown_filter_in_french(ccas_client, directory):
    response = ccas_client.get(reverse("space:dashboard"), {"freshness": "bidon"})
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in text(response)


def test_agent_space_links_each_association_to_its_card(ccas_client, directory):
    content = ccas_client.get(reverse("space:dashboard"), {"q": "jamais"}).content.decode()
    assert f'href="{reverse("space:association", args=["jamais-vue"])}"' in content


@pytest.mark.parametrize("count", [1, 40])
def test_agent_space_query_count_does_not_grow(
    ccas_client, make_association, django_assert_max_num_queries, count
):
    for index in range(count):
        make_association(f"Association {index:02}")
    # Session, user, permissions (2), count, page; demo banner, generation, help box, territory:
    # 10.
    with django_assert_max_num_queries(10):
        assert (
            ccas_client.get(reverse("space:dashboard"), {"freshness": "jamais"}).status_code == 200
        )


def test_volunteer_space_keeps_the_cards(volunteer_client, own):
    response = volunteer_client.get(reverse("space:dashboard"))
    assert "page" not in response.context
    assert "Services et horaires" in text(response)


def test_the_agents_dashboard_writes_dates_and_commas_as_the_page_does(
    ccas_client, make_association
):
    make_association(
        last_checked_on=datetime.date(2025, 1, 1), check_requested_on=datetime.date(2026, 3, 1)
    )
    french = ccas_client.get(reverse("space:dashboard")).content.decode()
    assert (
        "vérifiées le 1er janvier 2025, signalée fermée par des habitants le 1er mars 2026"
        in french
    )
    arabic = ccas_client.get("/ar" + reverse("space:dashboard")).content.decode()
    row = arabic.split("<tbody", 1)[1].split("</tr>", 1)[0]
    assert row.count("، ") == 2
