"""The mail queue in the back office: what waits, what the mail server refused, and why.

Read-only, and without the mails' text: a password reset or an invitation holds a one-time link
that only its addressee may see. django-mailer's own pages, which show it, are taken down.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from mailer.models import (
    PRIORITY_DEFERRED,
    PRIORITY_MEDIUM,
    RESULT_DONT_SEND,
    RESULT_FAILURE,
    RESULT_SUCCESS,
    DontSendEntry,
    Message,
    MessageLog,
)

from .models import MailAttempt, QueuedMail

for model in (Message, MessageLog, DontSendEntry):
    admin.site.unregister(model)


class ReadOnly:
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DeferredFilter(admin.SimpleListFilter):
    title = _("état")
    parameter_name = "etat"

    def lookups(self, request, model_admin):
        return [("differe", _("différé")), ("en-attente", _("en attente d'envoi"))]

    def queryset(self, request, queryset):
        if self.value() == "differe":
            return queryset.filter(priority=PRIORITY_DEFERRED)
        if self.value() == "en-attente":
            return queryset.exclude(priority=PRIORITY_DEFERRED)
        return queryset


@admin.register(QueuedMail)
class QueuedMailAdmin(ReadOnly, admin.ModelAdmin):
    """A mail waits here from the request that wrote it until `manage.py send_mail` has handed
    it to the mail server; one the server refused is "différé" until `retry_deferred`."""

    list_display = ["recipients", "subject", "added", "state", "retries"]
    list_filter = [DeferredFilter]
    fields = list_display
    readonly_fields = list_display
    ordering = ["-when_added"]
    actions = ["send_again"]

    @admin.display(description=_("destinataires"))
    def recipients(self, obj):
        return ", ".join(obj.to_addresses)

    @admin.display(description=_("objet"))
    def subject(self, obj):
        return obj.subject

    @admin.display(description=_("ajouté le"), ordering="when_added")
    def added(self, obj):
        return obj.when_added

    @admin.display(description=_("nouvelles tentatives"))
    def retries(self, obj):
        return obj.retry_count

    @admin.display(description=_("état"))
    def state(self, obj):
        if obj.priority == PRIORITY_DEFERRED:
            return _("différé")
        return _("en attente d'envoi")

    @admin.action(description=_("Renvoyer au prochain passage"), permissions=["view"])
    def send_again(self, request, queryset):
        count = queryset.filter(priority=PRIORITY_DEFERRED).update(priority=PRIORITY_MEDIUM)
        message = ngettext(
            "%(count)d courriel différé repart au prochain envoi.",
            "%(count)d courriels différés repartent au prochain envoi.",
            count,
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)


RESULTS = {
    RESULT_SUCCESS: _("envoyé"),
    RESULT_DONT_SEND: _("non envoyé (adresse exclue)"),
    RESULT_FAILURE: _("échec"),
}


class ResultFilter(admin.SimpleListFilter):
    title = _("résultat")
    parameter_name = "resultat"

    def lookups(self, request, model_admin):
        return list(RESULTS.items())

    def queryset(self, request, queryset):
        return queryset.filter(result=self.value()) if self.value() else queryset


@admin.register(MailAttempt)
class MailAttemptAdmin(ReadOnly, admin.ModelAdmin):
    """Each attempt of `send_mail` to hand a mail to the server, with the server's answer."""

    list_display = ["attempted", "outcome", "answer"]
    list_filter = [ResultFilter]
    fields = list_display
    readonly_fields = list_display
    ordering = ["-when_attempted"]

    @admin.display(description=_("tenté le"), ordering="when_attempted")
    def attempted(self, obj):
        return obj.when_attempted

    @admin.display(description=_("résultat"))
    def outcome(self, obj):
        return RESULTS[obj.result]

    @admin.display(description=_("réponse du serveur"))
    def answer(self, obj):
        return obj.log_message
