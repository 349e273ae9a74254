"""The mutual help board: current posts only, answers by e-mail, closing and relaying."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from network.models import BoardAnswer, BoardPost

pytestmark = pytest.mark.django_db


def test_current_posts_leave_out_expired_and_closed_ones(make_post):
    today = timezone.localdate()
    current = make_post(title="En cours", ends_on=today)
    make_post(title="Terminée", ends_on=today - datetime.timedelta(days=1))
    make_post(title="Clôturée", closed_at=timezone.now())
    assert list(BoardPost.objects.current(today)) == [current]


def test_board_lists_current_posts_only(volunteer_client, make_post, django_assert_max_num_queries):
    make_post(title="Camionnette à prêter", kind=BoardPost.Kind.OFFER)
    make_post(title="Ancienne annonce", ends_on=timezone.localdate() - datetime.timedelta(days=2))
    for index in range(5):
        make_post(title=f"Annonce {index}")
    with django_assert_max_num_queries(8):
        response = volunteer_client.get(reverse("network:board"))
    page = response.content.decode()
    assert "Camionnette à prêter" in page
    assert "Ancienne annonce" not in page
    assert reverse("network:board_archive") not in page


def test_agents_see_past_posts_in_the_archive(ccas_client, volunteer_client, make_post):
    make_post(title="Ancienne annonce", ends_on=timezone.localdate() - datetime.timedelta(days=2))
    make_post(title="Annonce clôturée", closed_at=timezone.now())
    page = ccas_client.get(reverse("network:board_archive")).content.decode()
    assert "Ancienne annonce" in page
    assert "Annonce clôturée" in page
    assert volunteer_client.get(reverse("network:board_archive")).status_code == 403


def test_member_posts_for_their_association(volunteer_client, own, volunteer):
    ends_on = timezone.localdate() + datetime.timedelta(days=15)
    response = volunteer_client.post(
        reverse("network:new_post"),
        {
            "association": own.pk,
            "kind": "offer",
            "category": "surplus_food",
            "title": "Yaourts à date courte",
            "body": "20 kg le vendredi.",
            "ends_on": ends_on.isoformat(),
        },
    )
    post = BoardPost.objects.get()
    assert response.url == post.get_absolute_url()
    assert (post.association, post.author, post.ends_on) == (own, volunteer, ends_on)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("ends_on", "2020-01-01", "La date de fin est déjà passée."),
        ("ends_on", "31/02/2027", "Saisissez une date valide."),
        ("category", "fusee", "Sélectionnez un choix valide."),
        ("title", "", "Ce champ est obligatoire."),
        # A line break would make the answers' notification subject refused, mail and all.
        ("title", "Local\r\nBcc: tous@example.org", "sur une seule ligne"),
        ("title", "Local\nà partager", "sur une seule ligne"),
    ],
)
def test_bad_post_input_is_a_form_error(volunteer_client, own, field, value, message):
    data = {
        "association": own.pk,
        "kind": "need",
        "category": "premises",
        "title": "Local",
        "body": "Un local.",
        "ends_on": (timezone.localdate() + datetime.timedelta(days=5)).isoformat(),
        field: value,
    }
    response = volunteer_client.post(reverse("network:new_post"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not BoardPost.objects.exists()


def test_member_cannot_post_for_another_association(volunteer_client, other):
    response = volunteer_client.post(
        reverse("network:new_post"),
        {
            "association": other.pk,
            "kind": "need",
            "category": "premises",
            "title": "Local",
            "body": "Un local.",
            "ends_on": (timezone.localdate() + datetime.timedelta(days=5)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide." in response.content.decode()
    assert not BoardPost.objects.exists()


def test_post_shows_the_contact_details_to_members(
    volunteer_client, make_post, own, other_volunteer
):
    post = make_post(association=own, author=other_volunteer)
    page = volunteer_client.get(post.get_absolute_url()).content.decode()
    assert "mailto:paniers@example.org" in page
    assert "01 99 00 11 22" in page
    assert "mailto:karim@example.org" in page


def test_answer_is_emailed_to_the_posts_author(
    volunteer_client, make_post, own, other_volunteer, mailoutbox
):
    post = make_post(author=other_volunteer, title="Local de stockage")
    response = volunteer_client.post(
        post.get_absolute_url(), {"association": own.pk, "body": "Nous avons une pièce libre."}
    )
    assert response.status_code == 302
    answer = BoardAnswer.objects.get()
    assert (answer.association, answer.author.username) == (own, "marie")
    [mail] = mailoutbox
    assert mail.to == ["karim@example.org"]
    assert mail.reply_to == ["marie@example.org"]
    assert "Local de stockage" in mail.subject
    assert "Nous avons une pièce libre." in mail.body
    assert "marie@example.org" in mail.body
    assert f"http://testserver{post.get_absolute_url()}" in mail.body


def test_answers_are_seen_by_the_post_owner_not_by_third_associations(
    make_post, own, other_client, make_association, make_member, client
):
    post = make_post()
    BoardAnswer.objects.create(post=post, association=own, body="Réponse des Paniers")
    assert "Réponse des Paniers" in other_client.get(post.get_absolute_url()).content.decode()
    third = make_association("Le Troisième", slug="troisieme")
    client.force_login(make_member(third, "zoe"))
    assert "Réponse des Paniers" not in client.get(post.get_absolute_url()).content.decode()


def test_cannot_answer_for_another_association(volunteer_client, make_post, other, mailoutbox):
    post = make_post()
    response = volunteer_client.post(
        post.get_absolute_url(), {"association": other.pk, "body": "x"}
    )
    assert response.status_code == 200
    assert not BoardAnswer.objects.exists()
    assert mailoutbox == []


def test_closed_post_stays_visible_to_its_owner_only(volunteer_client, make_post, other_client):
    post = make_post()
    other_client.post(reverse("network:close_post", args=[post.pk]))
    post.refresh_from_db()
    assert post.closed_at is not None
    # The owner still finds it; others no longer do.
    assert other_client.get(post.get_absolute_url()).status_code == 200
    assert volunteer_client.get(post.get_absolute_url()).status_code == 404
    assert "Local de stockage" not in other_client.get(reverse("network:board")).content.decode()


def test_member_cannot_close_another_associations_post(volunteer_client, make_post):
    post = make_post()
    assert volunteer_client.post(reverse("network:close_post", args=[post.pk])).status_code == 403
    post.refresh_from_db()
    assert post.closed_at is None


def test_agent_relays_a_post(ccas_client, volunteer_client, make_post, agent):
    post = make_post()
    url = reverse("network:relay_post", args=[post.pk])
    assert volunteer_client.post(url).status_code == 403
    response = ccas_client.post(url, follow=True)
    post.refresh_from_db()
    assert (post.relayed_by, post.relayed_at is not None) == (agent, True)
    assert "Relayée par le CCAS" in response.content.decode()


def test_unknown_post_is_not_found(volunteer_client, ccas_client):
    assert volunteer_client.get(reverse("network:post", args=[999])).status_code == 404
    assert ccas_client.post(reverse("network:relay_post", args=[999])).status_code == 404


def test_post_page_queries_are_bounded(
    other_client, make_post, make_association, django_assert_max_num_queries
):
    post = make_post()
    for index in range(6):
        association = make_association(f"Association {index}")
        BoardAnswer.objects.create(post=post, association=association, body=f"Réponse {index}")
    with django_assert_max_num_queries(12):
        page = other_client.get(post.get_absolute_url()).content.decode()
    assert all(f"Réponse {index}" in page for index in range(6))
