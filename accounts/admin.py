from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from simple_history.admin import SimpleHistoryAdmin

from associations.models import Association

from .forms import InvitationForm
from .invitations import invite
from .models import Invitation, Membership


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "association", "role", "created_at"]
    list_filter = ["role", ("association", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "association"]
    search_fields = ["user__username", "user__email", "association__name"]
    autocomplete_fields = ["association"]
    raw_id_fields = ["user"]

    def get_urls(self):
        return [
            path(
                "inviter/<int:association_id>/",
                self.admin_site.admin_view(self.invite_view),
                name="accounts_membership_invite",
            ),
            *super().get_urls(),
        ]

    def invite_view(self, request, association_id):
        """The association page's "Inviter un membre", for CCAS agents."""
        association = get_object_or_404(Association.objects, pk=association_id)
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = InvitationForm(association, request.POST or None)
        if form.is_valid():
            invitation = invite(
                association,
                form.cleaned_data["email"],
                form.cleaned_data["role"],
                invited_by=request.user,
            )
            self.message_user(
                request,
                _("Invitation envoyée à %(email)s.") % {"email": invitation.email},
                messages.SUCCESS,
            )
            return redirect("admin:associations_association_change", association.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": Association._meta,
            "association": association,
            "form": form,
            "title": _("Inviter un membre"),
        }
        return TemplateResponse(request, "admin/accounts/membership/invite.html", context)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Invitations waiting for an answer; deleting one cancels it (its link stops working)."""

    list_display = ["email", "association", "role", "sent_at", "expired"]
    list_filter = ["role"]
    list_select_related = ["association"]
    search_fields = ["email", "association__name"]
    fields = ["email", "association", "role", "invited_by", "sent_at", "renewal_requested_at"]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("expirée"), boolean=True)
    def expired(self, invitation):
        return invitation.is_expired

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class LoginLockoutAdmin(AccessAttemptAdmin):
    """Failed logins, per username and client address: a CCAS agent lifts a lockout here."""

    list_display = ["username", "ip_address", "failures_since_start", "attempt_time", "locked"]
    actions = ["unlock"]

    @admin.display(description=gettext_lazy("bloqué"), boolean=True)
    def locked(self, attempt):
        return attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT

    @admin.action(description=gettext_lazy("Débloquer"), permissions=["delete"])
    def unlock(self, request, queryset):
        _total, deleted = queryset.delete()
        count = deleted.get(AccessAttempt._meta.label, 0)
        self.message_user(
            request,
            ngettext(
                "%(count)d blocage levé : la connexion est de nouveau possible.",
                "%(count)d blocages levés : la connexion est de nouveau possible.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
