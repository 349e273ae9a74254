"""The mail queue (django-mailer, roubaix_aide/settings.py): how full it is.

Every e-mail is queued in the database and sent by `manage.py send_mail` from cron; a mail the
server refuses is deferred and `manage.py retry_deferred` puts it back in line.
"""

import datetime
import logging

from django.conf import settings
from django.db.models import Count, Min, Q
from mailer.engine import handle_delivery_exception
from mailer.models import PRIORITY_DEFERRED, RESULT_FAILURE, Message, MessageLog

logger = logging.getLogger(__name__)

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


def defer_on_any_error(connection, message, error):
    """MAILER_ERROR_HANDLER: django-mailer defers a mail the server refused, but stops the run on
    any other error, so that one mail that cannot be built (a subject with a line break) would
    stop the whole queue at every run. Such a mail is deferred too, with its error in the log
    and in the back office, and the run goes on."""
    try:
        return handle_delivery_exception(connection, message, error)
    except Exception:
        logger.exception("A queued mail cannot be sent; it is deferred")
        message.defer()
        MessageLog.objects.log(message, RESULT_FAILURE, log_message=repr(error))
        return None, "deferred"
