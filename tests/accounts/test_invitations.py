import datetime
import importlib
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from accounts import invitations
from accounts.models import Invitation, Membership

from ..space.test_editing import existing_slot, service_data

pytestmark = pytest.mark.django_db
waiting_members = importlib.import_module(
    "accounts.migrations.0005_waiting_members_become_invitations"
)

PASSWORD = "une-phrase-de-passe-solide"


def link_in(message):
    return re.search(r"https?://\S+/compte/invitation/\S+/", message.body).group(0)


def path_of(url):
    return "/" + url.split("/", 3)[3]


def join(client, link, password=PASSWORD):
    return client.post(path_of(link), {"new_password1": password, "new_password2": password})


def expire(invitation):
    Invitation.objects.filter(pk=invitation.pk).update(
        sent_at=timezone.now() - datetime.timedelta(days=4)
    )


@pytest.fixture
def association(make_association):
    return make_association()


@pytest.fixture
def paul(association, make_member):
    """The association's manager."""
    return make_member(association, "paul", role=Membership.Role.MANAGER)


@pytest.fixture
def paul_client(client, paul):
    client.force_login(paul)
    return client


def members_url(association):
    return reverse("space:members", args=[association.slug])


def invite(client, association, email="lea@example.org", role="volunteer"):
    return client.post(members_url(association), {"email": email, "role": role})


def test_agent_invites_the_first_member_from_the_admin(agent_client, association, mailoutbox):
    url = reverse("admin:accounts_membership_invite", args=[association.pk])
    response = agent_client.post(url, {"email": "Marie@Example.org", "role": "manager"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.association, invitation.email, invitation.role) == (
        association,
        "marie@example.org",
        "manager",
    )
    assert not Membership.objects.exists()
    assert not User.objects.filter(email="marie@example.org").exists()
    assert "Les Paniers du Pile" in mailoutbox[0].subject
    assert link_in(mailoutbox[0])


def test_volunteer_cannot_use_the_admin_invitation(client, association, make_member):
    client.force_login(make_member(association, role="manager"))
    url = reverse("admin:accounts_membership_invite", args=[association.pk])
    assert client.post(url, {"email": "x@example.org", "role": "manager"}).status_code == 302
    assert not Invitation.objects.exists()


def test_invitee_chooses_a_password_and_joins(client, paul_client, association, mailoutbox):
    invite(paul_client, association, "Lea@Example.org", "manager")
    paul_client.logout()
    page = client.get(path_of(link_in(mailoutbox[0]))).content.decode()
    assert "Rejoindre l'espace de « Les Paniers du Pile »" in page
    response = join(client, link_in(mailoutbox[0]))
    assert response.url == reverse("space:dashboard")
    membership = Membership.objects.get(user__email="lea@example.org")
    assert (membership.user.username, membership.role) == ("lea@example.org", "manager")
    assert "Les Paniers du Pile" in client.get(response.url).content.decode()
    assert not Invitation.objects.exists()


def test_invitation_link_is_logged_without_its_token(
    client,
    every_log,
    association,
    agent,
    mailoutbox,
):
    invitations.invite(association, "lea@example.org", "volunteer", invited_by=agent)
    link = path_of(link_in(mailoutbox[0]))
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert client.get(link).status_code == 200
    assert "GET /compte/invitation/********/ 200" in every_log.text
    assert token not in every_log.text


def test_invitation_link_works_once(client, paul_client, association, mailoutbox):
    invite(paul_client, association)
    paul_client.logout()
    link = link_in(mailoutbox[0])
    assert join(client, link).status_code == 302
    client.logout()
    response = client.get(path_of(link))
    assert response.status_code == 404
    assert "Ce lien d'invitation ne fonctionne plus" in response.content.decode()


def test_expired_link_lets_the_invitee_ask_the_managers_for_a_new_invitation(
    client, make_association, make_member, agent, mailoutbox
):
    association = make_association("L'Épicerie de l'Alma")
    make_member(association, "paul", role=Membership.Role.MANAGER)
    make_member(association, "marc", role=Membership.Role.MANAGER)
    make_member(association, "benevole", role=Membership.Role.VOLUNTEER)
    invitation = invitations.invite(association, "lea@example.org", "volunteer", invited_by=agent)
    expire(invitation)
    link = path_of(link_in(mailoutbox[0]))

    page = client.get(link).content.decode()
    assert "Cette invitation a expiré" in page
    assert "Demander une nouvelle invitation" in page
    assert "Choisir mon mot de passe" not in page
    assert "les responsables de « L&#x27;Épicerie de l&#x27;Alma » vont recevoir" in (
        client.post(link).content.decode()
    )
    requests = mailoutbox[1:]
    assert sorted(mail.to[0] for mail in requests) == ["marc@example.org", "paul@example.org"]
    assert requests[0].subject == (
        "Roubaix Aide : une nouvelle invitation est demandée pour L'Épicerie de l'Alma"
    )
    assert "lea@example.org" in requests[0].body
    assert members_url(association) in requests[0].body

    assert "déjà été demandée" in client.post(link).content.decode()
    assert len(mailoutbox) == 3
    assert not User.objects.filter(email="lea@example.org").exists()


def test_renewal_request_of_an_association_without_manager_reaches_the_ccas(
    client, association, agent, settings, mailoutbox
):
    invitation = invitations.invite(association, "lea@example.org", "manager", invited_by=agent)
    expire(invitation)
    client.post(path_of(link_in(mailoutbox[0])))
    assert mailoutbox[1].to == [settings.CCAS_CONTACT_EMAIL]


def test_expired_invitation_is_listed_and_sent_again(client, paul_client, association, mailoutbox):
    invite(paul_client, association)
    expire(Invitation.objects.get())
    client.post(path_of(link_in(mailoutbox[0])))
    page = paul_client.get(members_url(association)).content.decode()
    assert "lea@example.org" in page
    assert "Lien expiré le" in page
    assert "la personne demande une nouvelle invitation" in page

    invitation = Invitation.objects.get()
    paul_client.post(reverse("space:resend_invitation", args=[association.slug, invitation.pk]))
    fresh = mailoutbox[-1]
    assert fresh.to == ["lea@example.org"]
    paul_client.logout()
    assert join(client, link_in(fresh)).status_code == 302
    assert Membership.objects.filter(user__email="lea@example.org").exists()


def test_pending_invitations_are_listed_with_resend_and_cancel(
    paul_client, association, django_assert_max_num_queries
):
    invite(paul_client, association, "lea@example.org")
    invite(paul_client, association, "luc@example.org", "manager")
    with django_assert_max_num_queries(12):
        page = paul_client.get(members_url(association)).content.decode()
    assert "Invitations en attente" in page
    assert "lea@example.org – Bénévole" in page
    assert "luc@example.org – Responsable" in page
    for invitation in Invitation.objects.all():
        assert reverse("space:resend_invitation", args=[association.slug, invitation.pk]) in page
        assert reverse("space:cancel_invitation", args=[association.slug, invitation.pk]) in page


def test_resending_gives_a_new_link_and_the_old_one_stops_working(
    client, paul_client, association, mailoutbox
):
    invite(paul_client, association)
    invitation = Invitation.objects.get()
    response = paul_client.post(
        reverse("space:resend_invitation", args=[association.slug, invitation.pk]), follow=True
    )
    assert "le lien précédent ne fonctionne plus" in response.content.decode()
    old, new = link_in(mailoutbox[0]), link_in(mailoutbox[1])
    assert old != new
    paul_client.logout()
    assert join(client, old).status_code == 404
    assert not Membership.objects.filter(user__email="lea@example.org").exists()
    assert join(client, new).status_code == 302


def test_cancelled_invitation_link_stops_working(client, paul_client, association, mailoutbox):
    invite(paul_client, association)
    invitation = Invitation.objects.get()
    paul_client.post(reverse("space:cancel_invitation", args=[association.slug, invitation.pk]))
    assert not Invitation.objects.exists()
    paul_client.logout()
    assert join(client, link_in(mailoutbox[0])).status_code == 404
    assert not User.objects.filter(email="lea@example.org").exists()


def test_manager_cannot_cancel_another_associations_invitation(
    paul_client, make_association, agent, mailoutbox
):
    other = make_association("Deux")
    invitation = invitations.invite(other, "lea@example.org", "volunteer", invited_by=agent)
    own = Membership.objects.get().association
    url = reverse("space:cancel_invitation", args=[own.slug, invitation.pk])
    assert paul_client.post(url).status_code == 404
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_volunteer_cannot_invite_nor_manage_invitations(
    client, association, make_member, agent, mailoutbox
):
    invitation = invitations.invite(association, "lea@example.org", "volunteer", invited_by=agent)
    client.force_login(make_member(association, "marie"))
    assert invite(client, association, "luc@example.org").status_code == 403
    for name in ("resend_invitation", "cancel_invitation"):
        url = reverse(f"space:{name}", args=[association.slug, invitation.pk])
        assert client.post(url).status_code == 403
    assert Invitation.objects.get().secret_digest == invitation.secret_digest


def test_existing_account_is_attached_only_once_its_owner_accepts(
    client, paul_client, association, django_user_model, mailoutbox
):
    lea = django_user_model.objects.create_user("lea", "Lea@example.org", PASSWORD)
    response = invite(paul_client, association, "lea@example.org", "manager")
    assert (
        "Rien ne change avant que la personne l" in paul_client.get(response.url).content.decode()
    )
    assert not Membership.objects.filter(user=lea).exists()
    assert "Vous avez déjà un compte (identifiant : lea)" in mailoutbox[0].body
    paul_client.logout()

    link = path_of(link_in(mailoutbox[0]))
    page = client.get(link).content.decode()
    assert "Connectez-vous avec ce compte" in page
    assert "new_password1" not in page
    join(client, link, "un-autre-mot-de-passe")
    lea.refresh_from_db()
    assert lea.check_password(PASSWORD)
    assert not Membership.objects.filter(user=lea).exists()

    client.post(reverse("accounts:login"), {"username": "lea", "password": PASSWORD})
    dashboard = client.get(reverse("space:dashboard")).content.decode()
    assert "Invitation : « Les Paniers du Pile »" in dashboard
    invitation = Invitation.objects.get()
    client.post(reverse("accounts:accept_invitation", args=[invitation.pk]))
    assert Membership.objects.get(user=lea).role == "manager"
    assert not Invitation.objects.exists()


def test_owner_declines_an_invitation(client, paul_client, association, django_user_model):
    lea = django_user_model.objects.create_user("lea", "lea@example.org", PASSWORD)
    invite(paul_client, association)
    client.force_login(lea)
    client.post(reverse("accounts:decline_invitation", args=[Invitation.objects.get().pk]))
    assert not Invitation.objects.exists()
    assert not Membership.objects.filter(user=lea).exists()


def test_another_account_cannot_accept_the_invitation(
    client, paul_client, association, django_user_model
):
    django_user_model.objects.create_user("lea", "lea@example.org", PASSWORD)
    luc = django_user_model.objects.create_user("luc", "luc@example.org", PASSWORD)
    invite(paul_client, association)
    client.force_login(luc)
    url = reverse("accounts:accept_invitation", args=[Invitation.objects.get().pk])
    assert client.post(url).status_code == 404
    assert not Membership.objects.filter(user=luc).exists()


def test_address_used_as_another_accounts_username_gets_a_clear_message(
    paul_client, association, django_user_model
):
    django_user_model.objects.create_user("lea@example.org", "lea.autre@example.org", PASSWORD)
    response = invite(paul_client, association, "LEA@example.org")
    assert response.status_code == 200
    assert "est l&#x27;identifiant d&#x27;un autre compte" in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_member_is_not_invited_again(paul_client, association, make_member):
    make_member(association, "marie")
    response = invite(paul_client, association, "Marie@example.org")
    assert "est déjà membre de l&#x27;association" in response.content.decode()
    assert not Invitation.objects.exists()


def test_members_invited_before_invitations_waited_become_invitations(association, agent):
    """The data migration 0005: a member who never chose a password is an invitation now."""
    waiting = User.objects.create_user("lea@example.org", email="Lea@example.org")
    active = User.objects.create_user("marie", "marie@example.org", PASSWORD)
    Membership.objects.create(user=waiting, association=association, role="manager")
    Membership.objects.create(user=active, association=association)
    waiting_members.to_invitations(apps, None)
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.association) == (
        "lea@example.org",
        "manager",
        association,
    )
    assert list(Membership.objects.values_list("user__username", flat=True)) == ["marie"]


def test_whole_path_from_invitation_to_new_hours(client, agent_client, association, mailoutbox):
    """Invitation → choose a password → log in → edit hours → the public page shows them."""
    agent_client.post(
        reverse("admin:accounts_membership_invite", args=[association.pk]),
        {"email": "lea@example.org", "role": "volunteer"},
    )
    agent_client.logout()
    assert join(client, link_in(mailoutbox[0])).url == reverse("space:dashboard")
    client.logout()
    response = client.post(
        reverse("accounts:login"), {"username": "Lea@Example.org", "password": PASSWORD}
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
