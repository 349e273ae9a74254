from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from associations.models import Association

from .forms import InvitationForm
from .invitations import invite_member
from .models import Membership


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
        form = InvitationForm(request.POST or None)
        if form.is_valid():
            membership = invite_member(
                association,
                form.cleaned_data["email"],
                form.cleaned_data["role"],
                invited_by=request.user,
            )
            self.message_user(
                request,
                _("Invitation envoyée à %(email)s.") % {"email": membership.user.email},
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
