from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

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


def invite_view(model_admin, request, object_id):
    """The association admin's "Inviter un membre" page, for CCAS agents."""
    association = get_object_or_404(model_admin.get_queryset(request), pk=object_id)
    if not request.user.has_perm("accounts.add_membership"):
        raise PermissionDenied
    form = InvitationForm(request.POST or None)
    if form.is_valid():
        membership = invite_member(
            association,
            form.cleaned_data["email"],
            form.cleaned_data["role"],
            invited_by=request.user,
        )
        model_admin.message_user(
            request,
            _("Invitation envoyée à %(email)s.") % {"email": membership.user.email},
            messages.SUCCESS,
        )
        return redirect("admin:associations_association_change", association.pk)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "association": association,
        "form": form,
        "title": _("Inviter un membre"),
    }
    return TemplateResponse(request, "admin/associations/association/invite.html", context)
