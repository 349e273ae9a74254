"""The fiche de liaison: everything for agents (CCAS-only data marked), a public one without it."""

import datetime
import html

import pytest
from django.urls import reverse

from associations.models import Closure, Service

from .conftest import SECRET

pytestmark = pytest.mark.django_db


def text(response):
    return html.unescape(response.content.decode())


def agent_url(association):
    return reverse("orientation:liaison_sheet", args=[association.slug])


def public_url(association):
    return reverse("associations:liaison_sheet", args=[association.slug])


def test_agent_sheet_shows_ccas_only_data_marked_as_such(agent_client, discreet):
    content = text(agent_client.get(agent_url(discreet)))
    assert 'Personnes sans papiers <span class="ccas-label">Réservé CCAS</span>' in content
    assert f"M. {SECRET}" in content and "0600000000" in content
    assert f"Appeler avant d'orienter {SECRET}" in content
    assert "Mme Visible" in content


def test_agent_sheet_has_everything_to_orient(agent_client, discreet):
    Closure.objects.create(
        association=discreet,
        starts_on=datetime.date.today() + datetime.timedelta(days=3),
        ends_on=datetime.date.today() + datetime.timedelta(days=10),
        message="Inventaire",
    )
    discreet.last_checked_on = datetime.date(2026, 10, 1)
    discreet.save()
    content = text(agent_client.get(agent_url(discreet)))
    for expected in [
        "Colis alimentaire",  # the offer, by type of aid
        "Mardi, de 9 h à 12 h",  # hours
        "Sans condition",  # conditions
        "Gratuit",
        "Pièce d'identité, Attestation CAF",  # documents
        "Familles",  # publics
        "12 rue de l'Alma, 59100 Roubaix",  # places
        "quartier Alma",
        "Fermé exceptionnellement du",
        "Inventaire",
        "Informations vérifiées le 1er octobre 2026.",
    ]:
        assert expected in content, expected


def test_public_sheet_has_no_ccas_only_data(client, discreet):
    response = client.get(public_url(discreet))
    content = text(response)
    assert response.status_code == 200
    assert SECRET not in content and "0600000000" not in content
    assert "sans papiers" not in content
    assert "Réservé CCAS" not in content
    assert "Familles" in content and "Mme Visible" in content


def test_public_sheet_of_an_unpublished_association_is_not_found(client, make_association):
    hidden = make_association("Pas publiée", is_published=False)
    assert client.get(public_url(hidden)).status_code == 404


def test_agents_see_the_sheet_of_an_unpublished_association(agent_client, make_association):
    hidden = make_association("Pas publiée", is_published=False)
    assert "Pas publiée" in text(agent_client.get(agent_url(hidden)))


def test_public_detail_page_links_to_the_public_sheet(client, discreet):
    content = text(client.get(discreet.get_absolute_url()))
    assert f'href="{public_url(discreet)}"' in content


def test_services_are_grouped_by_type_of_aid(agent_client, discreet):
    Service.objects.create(
        association=discreet, aid_type_id=discreet.services.get().aid_type_id, name="Le jeudi"
    )
    content = text(agent_client.get(agent_url(discreet)))
    assert content.count('class="sheet-aid-type"') == 1
    assert "Le jeudi" in content


@pytest.mark.parametrize("services", [1, 10])
def test_sheet_query_count_is_bounded(
    agent_client, client, discreet, django_assert_max_num_queries, services
):
    for _ in range(services):
        Service.objects.create(
            association=discreet, aid_type_id=discreet.services.first().aid_type_id
        )
    # The lists of terms are read afresh in a test's transaction (term_lists): 8 queries.
    with django_assert_max_num_queries(21):
        agent_client.get(agent_url(discreet))
    client.logout()
    with django_assert_max_num_queries(17):
        client.get(public_url(discreet))


def test_public_sheet_in_english_shows_translations_or_marks_the_french(client, make_association):
    association = make_association(summary="Colis le mardi.", summary_en="Parcels on Tuesdays.")
    service = association.services.get()
    service.access_details = "Venir avec un justificatif."
    service.save()
    Closure.objects.create(
        association=association,
        starts_on=datetime.date.today() + datetime.timedelta(days=2),
        ends_on=datetime.date.today() + datetime.timedelta(days=2),
        message="Inventaire annuel.",
    )

    content = text(client.get("/en" + public_url(association)))

    assert "Parcels on Tuesdays." in content and "Colis le mardi." not in content
    assert '<p class="sheet-aid-type">Food parcel</p>' in content
    assert (
        '<div class="french-only" lang="fr" dir="ltr"><p>Venir avec un justificatif.</p>' in content
    )
    assert '<div class="french-only" lang="fr" dir="ltr"><p>Inventaire annuel.</p>' in content
    assert content.count("Text available in French only.") == 2
