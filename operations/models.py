"""The mail queue's tables (django-mailer's) as the back office names them, in French."""

from django.utils.translation import gettext_lazy as _
from mailer.models import Message, MessageLog


class QueuedMail(Message):
    class Meta:
        proxy = True
        verbose_name = _("courriel en attente")
        verbose_name_plural = _("courriels en attente")


class MailAttempt(MessageLog):
    class Meta:
        proxy = True
        verbose_name = _("envoi de courriel")
        verbose_name_plural = _("envois de courriels")
