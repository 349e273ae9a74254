"""Every e-mail is queued in the database and sent from cron: while the mail server is down
nothing is lost, and no request waits for it (roubaix_aide/settings.py, operations/mail.py)."""

import datetime
import socket

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from mailer.models import PRIORITY_DEFERRED, RESULT_FAILURE, Message, MessageLog

from roubaix_aide import settings as project_settings

from .test_database_loss import refuse


class Inbox:
    """What the mail server received."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


class MailServer:
    """A local SMTP server, stopped and started again on the same port."""

    def __init__(self):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.inbox = Inbox()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        self.controller.stop()
        self.controller = None


@pytest.fixture
def mail_server(settings):
    """The production wiring: mails queued in the database, then sent over SMTP to a local
    server by `send_mail`."""
    settings.EMAIL_BACKEND = project_settings.EMAIL_BACKEND
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    server = MailServer()
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, 5
    server.start()
    yield server
    if server.controller:
        server.stop()


@pytest.fixture
def marie(django_user_model):
    return django_user_model.objects.create_user(
        "marie", "marie@example.org", "pw-benevole-roubaix"
    )


def health(client):
    response = client.get("/sante/")
    assert response.status_code == 200
    return response.json()


def test_production_queues_every_mail_and_sends_it_with_the_configured_backend():
    assert project_settings.EMAIL_BACKEND == "mailer.backend.DbBackend"
    assert project_settings.MAILER_EMAIL_BACKEND.startswith("django.core.mail.backends.")
    assert project_settings.MAILER_EMAIL_LOG_MESSAGE_DATA is False


def test_a_password_reset_is_kept_while_the_mail_server_is_down_and_sent_once_it_is_back(
    db, client, marie, mail_server
):
    response = client.post(reverse("accounts:password_reset"), {"email": "marie@example.org"})
    assert response.status_code == 302
    # The request only queued it: the mail server has not been asked anything yet.
    assert mail_server.inbox.messages == []
    assert Message.objects.count() == 1

    mail_server.stop()
    call_command("send_mail")
    queued = Message.objects.get()
    assert queued.priority == PRIORITY_DEFERRED
    assert "/compte/mot-de-passe/nouveau/" in queued.email.body
    failure = MessageLog.objects.get()
    assert "Connection refused" in failure.log_message
    assert health(client)["mail"] == "deferred"
    assert health(client)["mail_queue"] == {"waiting": 0, "deferred": 1}

    call_command("send_mail")  # deferred: not tried again until retry_deferred
    assert MessageLog.objects.count() == 1

    mail_server.start()
    call_command("retry_deferred")
    call_command("send_mail")
    [delivered] = mail_server.inbox.messages
    assert delivered.rcpt_tos == ["marie@example.org"]
    assert "/compte/mot-de-passe/nouveau/" in delivered.content.decode()
    assert not Message.objects.exists()
    assert health(client)["mail"] == "ok"
    # The log of sent mails keeps no body: the reset link was for Marie only.
    assert all(attempt.message_data is None for attempt in MessageLog.objects.all())


def test_a_mail_that_cannot_be_built_is_deferred_and_the_others_leave(db, mail_server):
    # A subject with a line break, as a title once could hold: refused when the mail is built.
    mail.send_mail("Réponse à « Local\r\nBcc: x@example.org »", "Texte", None, ["a@example.org"])
    mail.send_mail("Réunion du réseau", "Texte", None, ["b@example.org"])
    call_command("send_mail")
    assert [message.rcpt_tos for message in mail_server.inbox.messages] == [["b@example.org"]]
    stuck = Message.objects.get()
    assert stuck.priority == PRIORITY_DEFERRED
    assert "BadHeaderError" in MessageLog.objects.get(result=RESULT_FAILURE).log_message


def test_health_says_the_queue_is_stalled_when_no_cron_sends_it(db, client, settings):
    settings.EMAIL_BACKEND = project_settings.EMAIL_BACKEND
    mail.send_mail("Sujet", "Texte", None, ["marie@example.org"])
    assert health(client)["mail"] == "ok"
    waited = timezone.now() - datetime.timedelta(minutes=settings.MAIL_QUEUE_STALLED_MINUTES + 1)
    Message.objects.update(when_added=waited)
    assert health(client)["status"] == "degraded"
    assert health(client)["mail"] == "stalled"


def test_error_mails_are_queued_and_a_database_down_still_gets_its_error_page(
    db, settings, monkeypatch
):
    settings.EMAIL_BACKEND = project_settings.EMAIL_BACKEND
    settings.ADMINS = [("CCAS", "informatique@ccas-roubaix.example")]
    settings.DEBUG = False
    client = Client(raise_request_exception=False)

    def broken(*args, **kwargs):
        raise RuntimeError("the directory is broken")

    with monkeypatch.context() as patch:
        patch.setattr("associations.views.render", broken)
        assert client.get("/associations/").status_code == 500
    [error_mail] = Message.objects.all()
    assert error_mail.to_addresses == ["informatique@ccas-roubaix.example"]
    assert "the directory is broken" in error_mail.email.body

    with connection.execute_wrapper(refuse):
        response = client.get("/associations/")
    # The error mail could not be queued (the database is down); the page was still made.
    assert response.status_code == 503
    assert 'href="tel:115"' in response.content.decode()


@pytest.fixture
def agent_with_group(agent):
    agent.groups.add(Group.objects.get(name="Agent CCAS"))
    return agent


def test_agents_see_what_waits_and_why_without_the_mails_text(
    db, client, marie, mail_server, agent_with_group
):
    client.post(reverse("accounts:password_reset"), {"email": "marie@example.org"})
    reset_mail = Message.objects.get()
    link = reset_mail.email.body.split("/compte/mot-de-passe/nouveau/")[1].split()[0]
    mail_server.stop()
    call_command("send_mail")

    client.force_login(agent_with_group)
    listing = client.get(reverse("admin:operations_queuedmail_changelist"))
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "marie@example.org" in page
    assert "différé" in page
    assert link not in page
    detail = client.get(reverse("admin:operations_queuedmail_change", args=[reset_mail.pk]))
    assert detail.status_code == 200
    assert "marie@example.org" in detail.content.decode()
    assert link not in detail.content.decode()
    attempts = client.get(reverse("admin:operations_mailattempt_changelist")).content.decode()
    assert "Connection refused" in attempts
    # django-mailer's own pages, which show the text, are not there.
    assert client.get("/admin/mailer/message/").status_code == 404

    response = client.post(
        reverse("admin:operations_queuedmail_changelist"),
        {"action": "send_again", "_selected_action": [reset_mail.pk]},
        follow=True,
    )
    assert "1 courriel différé repart au prochain envoi." in response.content.decode()
    mail_server.start()
    call_command("send_mail")
    assert [message.rcpt_tos for message in mail_server.inbox.messages] == [["marie@example.org"]]
