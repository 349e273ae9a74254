"""Inviting someone to an association's space: an account, a membership and an e-mail.

The e-mail's link to set a password is a password-reset link (Django's token generator): it works
once, because it depends on the password hash, and expires after PASSWORD_RESET_TIMEOUT.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import Membership


def set_password_url(user):
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("accounts:password_reset_confirm", args=[uidb64, token])


def invite_member(association, email, role, *, invited_by):
    """Give `email` the `role` in `association`, creating the account if needed, and tell them."""
    User = get_user_model()
    email = User.objects.normalize_email(email).strip()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        # The e-mail address is the username: volunteers remember it better than a new name.
        user = User.objects.create_user(username=email, email=email)
    membership, _ = Membership.objects.update_or_create(
        user=user, association=association, defaults={"role": role}
    )
    context = {
        "association": association,
        "membership": membership,
        "invited_by": invited_by.get_full_name() or invited_by.get_username(),
        "username": user.get_username(),
        "set_password_url": None if user.has_usable_password() else set_password_url(user),
        "login_url": settings.SITE_URL + reverse("accounts:login"),
        "timeout_days": settings.PASSWORD_RESET_TIMEOUT // (60 * 60 * 24),
    }
    send_mail(
        render_to_string("accounts/invitation_subject.txt", context).strip(),
        render_to_string("accounts/invitation_email.txt", context),
        None,
        [email],
    )
    return membership
