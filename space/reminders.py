"""Freshness reminders: ask associations whose information is old to check it.

The e-mail carries a link that shows the association's current information and confirms it
without logging in. The link is signed (django.core.signing), expires after
`CONFIRM_LINK_DAYS` days and holds the association and its version: confirming raises the
version, and so does any edit, so the link confirms once, and only what it would show.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import mail_recipients
from associations.freshness import months_before
from associations.models import Association
from ccas import territory

CONFIRM_LINK_DAYS = 14
_SALT = "space.reminders.confirm"


def associations_to_remind(months, today=None):
    """Stale for `months` months, and not reminded within the last month."""
    today = today or timezone.localdate()
    threshold = months_before(today, months)
    return Association.objects.filter(
        Q(last_checked_on__isnull=True) | Q(last_checked_on__lt=threshold)
    ).filter(
        Q(last_reminder_sent_on__isnull=True)
        | Q(last_reminder_sent_on__lte=months_before(today, 1))
    )


def confirm_url(association):
    """The address of the page confirming `association`'s information as it is now."""
    token = signing.TimestampSigner(salt=_SALT).sign_object(
        {"association": association.pk, "version": association.version}
    )
    return settings.SITE_URL + reverse("space:confirm_by_link", args=[association.slug, token])


class InvalidLink(Exception):
    """Why a confirmation link cannot confirm, in a sentence for its reader."""

    EXPIRED = gettext_lazy(
        "Ce lien a expiré : il n'est valable que %(days)d jours après l'envoi du message."
    )
    FORGED = gettext_lazy("Ce lien n'est pas valide : il a peut-être été mal copié.")
    USED = gettext_lazy(
        "Ce lien a déjà servi, ou la fiche a été modifiée depuis l'envoi du message : "
        "il ne peut plus la confirmer."
    )

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def check_link(association, token):
    """Raise InvalidLink unless `token` confirms `association` as it is now."""
    try:
        signed = signing.TimestampSigner(salt=_SALT).unsign_object(
            token, max_age=datetime.timedelta(days=CONFIRM_LINK_DAYS)
        )
    except signing.SignatureExpired:
        raise InvalidLink(InvalidLink.EXPIRED % {"days": CONFIRM_LINK_DAYS}) from None
    except signing.BadSignature:
        raise InvalidLink(InvalidLink.FORGED) from None
    if signed["association"] != association.pk:
        raise InvalidLink(InvalidLink.FORGED)
    if signed["version"] != association.version:
        raise InvalidLink(InvalidLink.USED)


def send_reminder(association, today=None):
    """E-mail the members (or the association's address if it has none); False if nobody."""
    recipients = mail_recipients(association)
    if not recipients:
        return False
    site = territory.current()
    context = {
        "territory": site,
        "association": association,
        "confirm_url": confirm_url(association),
        "confirm_days": CONFIRM_LINK_DAYS,
        "space_url": settings.SITE_URL + reverse("space:dashboard"),
        "edit_url": settings.SITE_URL + reverse("space:services", args=[association.slug]),
    }
    # A plain-text subject: a template would escape "l'Alma" into "l&#x27;Alma".
    subject = _("%(site)s : la fiche « %(name)s » est-elle à jour ?") % {
        "site": site.site_name,
        "name": association.name,
    }
    send_mail(
        subject, render_to_string("space/reminder_email.txt", context), site.sender, recipients
    )
    association.last_reminder_sent_on = today or timezone.localdate()
    Association.objects.filter(pk=association.pk).update(
        last_reminder_sent_on=association.last_reminder_sent_on
    )
    return True
