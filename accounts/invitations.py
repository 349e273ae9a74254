"""Inviting someone to an association's space, and their answer.

An invitation attaches nothing by itself. The person accepts it: from the mailed link, choosing
a password if they have no account yet; or, when an account has their address already, once
logged in to it (a manager cannot attach someone's account without them). Managers see the
invitations waiting, send them again (a new link; the old one stops working) or cancel them
(the link stops working). A link that expired leads to a page where the person asks the
association's managers for a new one.

The link holds a random secret; only its SHA-256 digest is stored, so the database alone opens
no invitation.
"""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from ccas import territory

from .models import Invitation, Membership, invitation_lifetime


def normalize_email(email):
    return email.strip().lower()


def digest(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


def account_for(email):
    """The account an invitation to `email` is for: the one with this address, if any."""
    return get_user_model().objects.filter(email__iexact=email.strip()).order_by("pk").first()


def username_taken(email):
    """True when no account has the address `email` but one has it as its username: a new
    account could not take it."""
    User = get_user_model()
    return account_for(email) is None and User.objects.filter(username__iexact=email).exists()


def may_join_with_a_password(invitation):
    """The link alone lets the person in when no account has their address, or when that
    account never had a password (invited before invitations waited for an answer)."""
    account = account_for(invitation.email)
    return account is None or not (account.has_usable_password() or account.last_login)


def find(secret):
    """The invitation whose link holds `secret`, or None (cancelled, sent again, accepted)."""
    return (
        Invitation.objects.select_related("association")
        .filter(secret_digest=digest(secret))
        .first()
    )


def invite(association, email, role, *, invited_by):
    """Invite `email` to `association` with `role`, or send its invitation again with a new link."""
    email = normalize_email(email)
    secret = secrets.token_urlsafe(32)
    invitation, _ = Invitation.objects.update_or_create(
        association=association,
        email=email,
        defaults={
            "role": role,
            "invited_by": invited_by,
            "secret_digest": digest(secret),
            "sent_at": timezone.now(),
            "renewal_requested_at": None,
        },
    )
    account = account_for(email)
    site = territory.current()
    context = {
        "territory": site,
        "association": association,
        "invitation": invitation,
        "invited_by": invited_by.get_full_name() or invited_by.get_username(),
        "account": account if account and not may_join_with_a_password(invitation) else None,
        "invitation_url": settings.SITE_URL + reverse("accounts:invitation", args=[secret]),
        "timeout_days": invitation_lifetime().days,
    }
    send_mail(
        render_to_string("accounts/invitation_subject.txt", context).strip(),
        render_to_string("accounts/invitation_email.txt", context),
        site.sender,
        [email],
    )
    return invitation


def send_again(invitation, *, by):
    return invite(invitation.association, invitation.email, invitation.role, invited_by=by)


@transaction.atomic
def accept(invitation, user):
    """Attach `user` to the invitation's association. A member already keeps their role."""
    membership, _ = Membership.objects.get_or_create(
        user=user, association=invitation.association, defaults={"role": invitation.role}
    )
    invitation.delete()
    return membership


def managers_addresses(association):
    """Where a request about the association's members goes: its managers, else the CCAS."""
    managers = association.memberships.filter(role=Membership.Role.MANAGER)
    return managers.email_addresses() or [settings.CCAS_CONTACT_EMAIL]


def ask_for_renewal(invitation):
    """The invitee of an expired invitation asks for a new one. The managers hear of it once per
    invitation: the page cannot be used to flood their inboxes. Returns whether it was sent."""
    asked = Invitation.objects.filter(pk=invitation.pk, renewal_requested_at__isnull=True).update(
        renewal_requested_at=timezone.now()
    )
    if not asked:
        return False
    association = invitation.association
    site = territory.current()
    context = {
        "territory": site,
        "association": association,
        "invitation": invitation,
        "members_url": settings.SITE_URL + reverse("space:members", args=[association.slug]),
    }
    # The managers read French, whatever the language of the page the invitee asked from.
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("accounts/renewal_request_subject.txt", context).strip()
        body = render_to_string("accounts/renewal_request_email.txt", context)
    for address in managers_addresses(association):
        send_mail(subject, body, site.sender, [address])
    return True
