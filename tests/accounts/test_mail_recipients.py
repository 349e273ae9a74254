"""Where a mail to an association goes, one rule for the reminders, the residents' alert, the
orientations and the requests to its managers (accounts.models)."""

from accounts.invitations import managers_addresses
from accounts.models import Membership, mail_recipients


def test_members_get_the_mail_once_each_without_inactive_or_empty_addresses(
    make_association, make_member, django_user_model
):
    association = make_association(email="contact@paniers.example.org")
    make_member(association, "marie")
    make_member(association, "paul")
    make_member(association, "sans-adresse")
    django_user_model.objects.filter(username="paul").update(is_active=False)
    django_user_model.objects.filter(username="sans-adresse").update(email="")

    assert mail_recipients(association) == ["marie@example.org"]


def test_an_association_without_members_gets_the_mail_at_its_own_address(make_association):
    association = make_association(email="contact@paniers.example.org")

    assert mail_recipients(association) == ["contact@paniers.example.org"]
    association.email = ""
    assert mail_recipients(association) == []


def test_requests_about_members_go_to_the_active_managers_else_the_ccas(
    make_association, make_member, settings
):
    association = make_association()
    make_member(association, "benevole")
    assert managers_addresses(association) == [settings.CCAS_CONTACT_EMAIL]

    make_member(association, "responsable", role=Membership.Role.MANAGER)
    assert managers_addresses(association) == ["responsable@example.org"]
