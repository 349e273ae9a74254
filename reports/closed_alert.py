"""Residents who found an association closed at its opening hours.

Every report is kept for the CCAS's agents. The CLOSED_THRESHOLD-th "c'était fermé" within
WINDOW_DAYS days makes the association "à vérifier" (`edits.request_check`) and e-mails its
members, once for the episode: while the check is asked for, further reports join the episode
without counting again; the check that ends it (associations/edits.py) also ends what they said,
and only reports made since can start another.
"""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import mail_recipients
from associations import edits
from ccas import territory

from .models import Report

CLOSED_THRESHOLD = 3
WINDOW_DAYS = 14


def receive(report):
    """Save `report` (built, not saved); True if it asked for a check of its association."""
    association = report.association
    with transaction.atomic():
        # The reports of one association are counted one after the other.
        edits.lock(association)
        association.refresh_from_db(fields=["check_requested_on", "last_checked_on"])
        report.counted_in_request = (
            report.reason == Report.Reason.CLOSED and association.check_requested_on is not None
        )
        report.save()
        if report.reason != Report.Reason.CLOSED or report.counted_in_request:
            return False
        episode = _uncounted_closed(association, report.created_at)
        if episode.count() < CLOSED_THRESHOLD:
            return False
        episode.update(counted_in_request=True)
        edits.request_check(association)
        _tell_members(association)
    return True


def _uncounted_closed(association, now):
    """The "closed" reports of the last WINDOW_DAYS days not counted yet, made since the
    association's information was last checked (the day of the check included)."""
    since = now - datetime.timedelta(days=WINDOW_DAYS)
    if association.last_checked_on is not None:
        checked = timezone.make_aware(
            datetime.datetime.combine(association.last_checked_on, datetime.time.min)
        )
        since = max(since, checked)
    return association.reports.filter(
        reason=Report.Reason.CLOSED, counted_in_request=False, created_at__gte=since
    )


def _tell_members(association):
    # The members read French, whatever the language of the resident's page.
    with translation.override(settings.LANGUAGE_CODE):
        site = territory.current()
        context = {
            "territory": site,
            "association": association,
            "threshold": CLOSED_THRESHOLD,
            "days": WINDOW_DAYS,
            "services_url": settings.SITE_URL + reverse("space:services", args=[association.slug]),
            "closures_url": settings.SITE_URL
            + reverse("space:edit_closures", args=[association.slug]),
            "checked_url": settings.SITE_URL
            + reverse("space:mark_checked", args=[association.slug]),
        }
        # A plain-text subject: a template would escape "l'Alma" into "l&#x27;Alma".
        subject = _("%(site)s : des habitants ont trouvé « %(name)s » fermée") % {
            "site": site.site_name,
            "name": association.name,
        }
        body = render_to_string("reports/closed_alert_email.txt", context)
    # One mail each: the members do not see one another's addresses.
    for recipient in mail_recipients(association):
        send_mail(subject, body, site.sender, [recipient])
