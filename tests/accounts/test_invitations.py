import datetime
import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse

from accounts.invitations import invite_member
from accounts.models import Membership

from ..space.test_editing import existing_slot, service_data

pytestmark = pytest.mark.django_db

PASSWORD = "une-phrase-de-passe-solide"


def link_in(message):
    return re.search(r"https?://\S+/compte/mot-de-passe/nouveau/\S+/", message.body).group(0)


def path_of(url):
    return "/" + url.split("/", 3)[3]


def set_password(client, link):
    # Django's confirm view moves the token to the session, then shows the form.
    form_url = client.get(path_of(link)).url
    return client.post(form_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})


def test_agent_invites_the_first_member_from_the_admin(agent_client, make_association, mailoutbox):
    association = make_association()
    url = reverse("admin:accounts_membership_invite", args=[association.pk])
    response = agent_client.post(url, {"email": "Marie@Example.org", "role": "manager"})
    assert response.status_code == 302
    membership = Membership.objects.get()
    assert (membership.association, membership.role) == (association, "manager")
    assert membership.user.has_usable_password() is False
    assert "Les Paniers du Pile" in mailoutbox[0].subject
    assert link_in(mailoutbox[0])


def test_volunteer_cannot_use_the_admin_invitation(client, make_association, make_member):
    association = make_association()
    client.force_login(make_member(association, role="manager"))
    url = reverse("admin:accounts_membership_invite", args=[association.pk])
    assert client.post(url, {"email": "x@example.org", "role": "manager"}).status_code == 302
    assert Membership.objects.count() == 1


def test_invitation_link_works_once(client, agent, make_association, mailoutbox):
    invite_member(make_association(), "lea@example.org", "volunteer", invited_by=agent)
    link = link_in(mailoutbox[0])
    assert set_password(client, link).status_code == 302
    client.logout()
    response = client.get(path_of(link), follow=True)
    assert "Ce lien ne fonctionne plus" in response.content.decode()


def test_invitation_link_expires(client, agent, make_association, mailoutbox, monkeypatch):
    invite_member(make_association(), "lea@example.org", "volunteer", invited_by=agent)
    later = datetime.datetime.now() + datetime.timedelta(days=4)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    response = client.get(path_of(link_in(mailoutbox[0])), follow=True)
    assert "Ce lien ne fonctionne plus" in response.content.decode()


def test_existing_user_invited_again_keeps_their_password(agent, make_association, mailoutbox):
    first, second = make_association("Un"), make_association("Deux")
    invite_member(first, "lea@example.org", "volunteer", invited_by=agent)
    user = Membership.objects.get().user
    user.set_password(PASSWORD)
    user.save()
    invite_member(second, "LEA@example.org", "manager", invited_by=agent)
    assert Membership.objects.filter(user=user).count() == 2
    assert "/compte/connexion/" in mailoutbox[1].body


def test_manager_invites_and_removes_a_member(client, make_association, make_member, mailoutbox):
    association = make_association()
    client.force_login(make_member(association, "paul", role="manager"))
    url = reverse("space:members", args=[association.slug])
    client.post(url, {"email": "lea@example.org", "role": "volunteer"})
    lea = Membership.objects.get(user__email="lea@example.org")
    assert len(mailoutbox) == 1
    client.post(reverse("space:remove_member", args=[association.slug, lea.pk]))
    assert not Membership.objects.filter(pk=lea.pk).exists()


def test_manager_cannot_remove_a_member_of_another_association(
    client, make_association, make_member
):
    own, other = make_association("Un"), make_association("Deux")
    client.force_login(make_member(own, "paul", role="manager"))
    foreign = Membership.objects.get(user=make_member(other, "luc"))
    response = client.post(reverse("space:remove_member", args=[own.slug, foreign.pk]))
    assert response.status_code == 404
    assert Membership.objects.filter(pk=foreign.pk).exists()


def test_whole_path_from_invitation_to_new_hours(
    client, agent_client, make_association, mailoutbox
):
    """Invitation → set password → log in → edit hours → the public page shows the new hours."""
    association = make_association()
    agent_client.post(
        reverse("admin:accounts_membership_invite", args=[association.pk]),
        {"email": "lea@example.org", "role": "volunteer"},
    )
    agent_client.logout()
    assert set_password(client, link_in(mailoutbox[0])).url == reverse("space:dashboard")
    client.logout()
    response = client.post(
        reverse("accounts:login"), {"username": "lea@example.org", "password": PASSWORD}
    )
    assert response.url == reverse("space:dashboard")
    assert association.name in client.get(response.url).content.decode()

    service = association.services.get()
    url = reverse("space:edit_service", args=[association.slug, service.pk])
    data = service_data(
        association, service, [existing_slot(service.slots.get(), closes_at="13:00")]
    )
    preview = client.post(url, {**data, "preview": "1"}).content.decode()
    assert "Mardi, de 9 h à 13 h" in preview
    assert client.post(url, data).url == reverse("space:dashboard")

    assert service.slots.get().closes_at == datetime.time(13)
    assert (
        "Mardi, de 9 h à 13 h"
        in client.get(reverse("space:services", args=[association.slug])).content.decode()
    )
    client.logout()
    assert "Mardi, de 9 h à 13 h" in client.get(association.get_absolute_url()).content.decode()
    assert association.history.exists() and service.slots.get().history.first().history_user
