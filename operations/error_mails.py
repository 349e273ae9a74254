"""The handler that mails errors to ADMINS (settings.LOGGING), loaded before the apps."""

from django.db import DatabaseError
from django.utils import log


class AdminEmailHandler(log.AdminEmailHandler):
    """Error mails go through the queue like every mail. When the error is that the database
    does not answer, they cannot be queued: the error is in the log (the console handler), and
    the error page must still be made."""

    def send_mail(self, subject, message, *args, **kwargs):
        try:
            super().send_mail(subject, message, *args, **kwargs)
        except DatabaseError:
            return
