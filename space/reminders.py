"""Freshness reminders: ask associations whose information is old to check it."""

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from associations.freshness import months_before
from associations.models import Association


def associations_to_remind(months, today=None):
    """Stale for `months` months, and not reminded within the last month."""
    today = today or timezone.localdate()
    threshold = months_before(today, months)
    return (
        Association.objects.filter(
            Q(last_checked_on__isnull=True) | Q(last_checked_on__lt=threshold)
        )
        .filter(
            Q(last_reminder_sent_on__isnull=True)
            | Q(last_reminder_sent_on__lte=months_before(today, 1))
        )
        .prefetch_related("memberships__user")
    )


def send_reminder(association, today=None):
    """E-mail the members (or the association's address if it has none); False if nobody."""
    recipients = sorted(
        {m.user.email for m in association.memberships.all() if m.user.email and m.user.is_active}
    ) or ([association.email] if association.email else [])
    if not recipients:
        return False
    context = {
        "association": association,
        "space_url": settings.SITE_URL + reverse("space:dashboard"),
        "edit_url": settings.SITE_URL + reverse("space:services", args=[association.slug]),
    }
    send_mail(
        render_to_string("space/reminder_subject.txt", context).strip(),
        render_to_string("space/reminder_email.txt", context),
        None,
        recipients,
    )
    association.last_reminder_sent_on = today or timezone.localdate()
    Association.objects.filter(pk=association.pk).update(
        last_reminder_sent_on=association.last_reminder_sent_on
    )
    return True
