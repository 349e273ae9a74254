"""Members invited before invitations waited for an answer, who never chose a password, become
invitations waiting for them: their manager sees them, and sends them again when expired.

Their invitation is dated from their membership, so an old one shows as expired. The link they
were mailed (a forgotten-password link) keeps working until it expires; the new invitation's
link lets them choose their first password.
"""

import hashlib
import secrets

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import migrations


def waiting(Membership):
    return Membership.objects.filter(
        user__password__startswith=UNUSABLE_PASSWORD_PREFIX, user__last_login__isnull=True
    ).exclude(user__email="")


def to_invitations(apps, schema_editor):
    Membership = apps.get_model("accounts", "Membership")
    Invitation = apps.get_model("accounts", "Invitation")
    for membership in waiting(Membership).select_related("user"):
        Invitation.objects.update_or_create(
            association_id=membership.association_id,
            email=membership.user.email.strip().lower(),
            defaults={
                "role": membership.role,
                "secret_digest": hashlib.sha256(secrets.token_bytes(32)).hexdigest(),
                "sent_at": membership.created_at,
            },
        )
        membership.delete()


def to_memberships(apps, schema_editor):
    Invitation = apps.get_model("accounts", "Invitation")
    Membership = apps.get_model("accounts", "Membership")
    User = apps.get_model("auth", "User")
    for invitation in Invitation.objects.all():
        user = User.objects.filter(
            email__iexact=invitation.email,
            password__startswith=UNUSABLE_PASSWORD_PREFIX,
            last_login__isnull=True,
        ).first()
        if user is not None:
            Membership.objects.get_or_create(
                user=user,
                association_id=invitation.association_id,
                defaults={"role": invitation.role},
            )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_invitation")]

    operations = [migrations.RunPython(to_invitations, to_memberships)]
