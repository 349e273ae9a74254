"""The mail queue (django-mailer, roubaix_aide/settings.py): how full it is.

Every e-mail is queued in the database and sent by `manage.py send_mail` from cron; a mail the
server refuses is deferred and `manage.py retry_deferred` puts it back in line.
"""

import datetime

from django.conf import settings
from django.db.models import Count, Min, Q
from mailer.models import PRIORITY_DEFERRED, Message

OK = "ok"


def queue_state(now):
    """(state, counts): "deferred" when the mail server refused or did not answer (the mails are
    retried), "stalled" when a mail has waited longer than MAIL_QUEUE_STALLED_MINUTES (the
    sending cron does not run), else "ok"."""
    deferred = Q(priority=PRIORITY_DEFERRED)
    counts = Message.objects.aggregate(
        waiting=Count("pk", filter=~deferred),
        deferred=Count("pk", filter=deferred),
        oldest=Min("when_added", filter=~deferred),
    )
    oldest = counts.pop("oldest")
    stalled_after = datetime.timedelta(minutes=settings.MAIL_QUEUE_STALLED_MINUTES)
    if oldest is not None and now - oldest > stalled_after:
        return "stalled", counts
    return ("deferred" if counts["deferred"] else OK), counts
