"""'Signaler une erreur': the form a resident fills in, without an account nor JavaScript."""

import pytest
from django.test import Client
from django.urls import reverse

from associations import edits
from reports.models import Report

pytestmark = pytest.mark.django_db


def form_url(association, language=""):
    return (f"/{language}" if language else "") + reverse("reports:new", args=[association.slug])


def test_the_detail_page_links_to_the_form(client, paniers):
    page = client.get(paniers.get_absolute_url()).content.decode()
    assert f'href="{form_url(paniers)}"' in page
    assert "mailto:" not in page.split('class="detail-footer"')[1].split("</footer>")[0]


@pytest.mark.parametrize(
    ("language", "title", "legend"),
    [
        ("", "Signaler une erreur sur la page de « Les Paniers de l&#x27;Alma »", "Qu&#x27;est-ce"),
        ("en", "Les Paniers de l&#x27;Alma", "What is wrong?"),
        ("ar", "Les Paniers de l&#x27;Alma", "<legend"),
    ],
)
def test_the_form_names_the_association_and_asks_the_reason_in_a_fieldset(
    client, paniers, language, title, legend
):
    response = client.get(form_url(paniers, language))
    assert response.status_code == 200
    page = response.content.decode()
    h1 = page.split("<h1>")[1].split("</h1>")[0]
    assert title in h1
    assert "Les Paniers de l&#x27;Alma" in page.split("<title>")[1].split("</title>")[0]
    assert "<fieldset" in page and legend in page
    assert page.count('type="radio" name="reason"') == 4
    assert 'name="csrfmiddlewaretoken"' in page
    assert "<script" not in page.split("<main")[1].split("</main>")[0]
    assert f'href="{paniers.get_absolute_url()}"' in page or f'href="/{language}/' in page


@pytest.mark.parametrize("language", ["", "en", "ar"])
def test_a_resident_sends_a_report_and_gets_the_thanks_page(client, paniers, report, language):
    response = report(paniers, language, reason="horaires", message="Fermé le mardi", contact="06")
    thanks = (f"/{language}" if language else "") + "/associations/paniers/signaler/merci/"
    assert response.status_code == 302
    assert response["Location"] == thanks
    page = client.get(thanks)
    assert page.status_code == 200
    assert paniers.get_absolute_url().strip("/") in page.content.decode()
    stored = Report.objects.get()
    assert (stored.association, stored.reason, stored.message, stored.contact) == (
        paniers,
        Report.Reason.HOURS,
        "Fermé le mardi",
        "06",
    )
    assert stored.language == (language or "fr")
    assert stored.status == Report.Status.NEW


def test_the_thanks_page_says_what_happens_next_and_links_back(client, paniers):
    page = client.get(reverse("reports:thanks", args=["paniers"])).content.decode()
    assert "Et maintenant ?" in page
    assert "Un agent du CCAS le lit" in page
    assert f'href="{paniers.get_absolute_url()}"' in page


def test_the_message_and_the_contact_are_optional(paniers, report):
    assert report(paniers).status_code == 302
    assert Report.objects.get().contact == ""


def test_without_a_reason_the_form_says_so_next_to_the_reasons(paniers, report):
    response = report(paniers, reason="", message="Bonjour")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page
    assert 'href="#id_reason_0"' in page
    # The error is linked to the reasons' group, and shown in it.
    assert 'aria-describedby="id_reason_error"' in page
    assert 'id="id_reason_error"' in page
    assert "Choisissez ce qui ne va pas." in page
    assert "Bonjour</textarea>" in page
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"reason": "n-importe-quoi"},
        {"reason": "ferme", "message": "x" * 2001},
        {"reason": "ferme", "contact": "y" * 201},
        {"reason": "ferme", "message": "nul\x00"},
    ],
)
def test_junk_gets_a_french_400_and_nothing_is_kept(paniers, report, data):
    response = report(paniers, **data)
    assert response.status_code == 400
    assert 'lang="fr"' in response.content.decode()
    assert not Report.objects.exists()


def test_a_robot_filling_the_hidden_field_is_thanked_and_nothing_is_kept(paniers, report):
    response = report(paniers, website="http://spam.example", message="Buy")
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:thanks", args=["paniers"])
    assert not Report.objects.exists()


def test_the_hidden_field_is_hidden_from_everyone(client, paniers):
    page = client.get(form_url(paniers)).content.decode()
    hidden = page.split("<div hidden>")[1].split("</div>")[0]
    assert 'name="website"' in hidden
    assert 'tabindex="-1"' in hidden


def test_the_form_refuses_a_post_without_its_csrf_token(paniers):
    resident = Client(enforce_csrf_checks=True)
    response = resident.post(form_url(paniers), {"reason": "ferme"})
    assert response.status_code == 403
    assert "Formulaire non envoyé" in response.content.decode()
    assert not Report.objects.exists()


def test_the_refusal_is_in_the_page_language(paniers):
    resident = Client(enforce_csrf_checks=True)
    response = resident.post(form_url(paniers, "en"), {"reason": "ferme"})
    assert response.status_code == 403
    assert 'lang="en"' in response.content.decode()


def test_the_form_accepts_a_post_with_its_csrf_token(paniers):
    resident = Client(enforce_csrf_checks=True)
    resident.get(form_url(paniers))
    token = resident.cookies["csrftoken"].value
    response = resident.post(form_url(paniers), {"reason": "ferme", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Report.objects.count() == 1


def test_an_address_sending_too_many_reports_gets_a_french_429(settings, paniers, report):
    settings.REPORT_RATE_PER_CLIENT = "2/h"
    assert report(paniers).status_code == 302
    assert report(paniers).status_code == 302
    response = report(paniers)
    assert response.status_code == 429
    assert "Trop de signalements" in response.content.decode()
    assert Report.objects.count() == 2
    # Another address is not refused.
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert report(paniers, client=other).status_code == 302


def test_the_throttle_counts_the_client_address_by_the_login_rule(settings, paniers, report):
    """Behind the proxy, the address is X-Forwarded-For's last entry (accounts.throttling)."""
    settings.REPORT_RATE_PER_CLIENT = "1/h"
    settings.BEHIND_PROXY = True
    first = Client(HTTP_X_FORWARDED_FOR="203.0.113.1", REMOTE_ADDR="10.0.0.1")
    second = Client(HTTP_X_FORWARDED_FOR="203.0.113.2", REMOTE_ADDR="10.0.0.1")
    assert report(paniers, client=first).status_code == 302
    assert report(paniers, client=second).status_code == 302
    assert report(paniers, client=first).status_code == 429


def test_an_archived_association_cannot_be_reported(client, paniers, report):
    edits.archive(paniers, user=None)
    assert client.get(form_url(paniers)).status_code == 404
    assert report(paniers).status_code == 404
    assert client.get(reverse("reports:thanks", args=["paniers"])).status_code == 404
    assert not Report.objects.exists()


def test_an_unknown_or_unpublished_association_is_a_404(client, make_association):
    hidden = make_association("Pas encore publiée", is_published=False)
    assert client.get(form_url(hidden)).status_code == 404
    assert client.get(reverse("reports:new", args=["inconnue"])).status_code == 404


def test_the_contact_is_never_logged(settings, paniers, report, every_log):
    settings.SLOW_QUERY_MS = 0  # every query logged
    report(paniers, contact="marqueur-contact@example.org", message="MARQUEUR-MESSAGE")
    assert Report.objects.get().contact == "marqueur-contact@example.org"
    assert "marqueur-contact" not in every_log.text
    assert "MARQUEUR-MESSAGE" not in every_log.text


def test_the_form_page_reads_a_bounded_number_of_queries(
    client, paniers, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        assert client.get(form_url(paniers)).status_code == 200
