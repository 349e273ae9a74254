from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import invitations
from .forms import JoinForm
from .models import Invitation


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The link of a forgotten password: choose a password, then you're in."""

    template_name = "accounts/set_password.html"
    post_reset_login = True
    post_reset_login_backend = "accounts.backends.EmailOrUsernameBackend"
    success_url = reverse_lazy("space:dashboard")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Votre mot de passe est enregistré. Bienvenue !"))
        return response


class LogoutView(auth_views.LogoutView):
    """Logging out is a POST; opened from an address bar or a bookmark, the page asks first."""

    http_method_names = ["get", "head", "post", "options"]
    template_name = "accounts/logout.html"


def invitation(request, token):
    """The link of an invitation: choose a password to join, or log in to answer, or, expired,
    ask for a new invitation. (The URL parameter's name, `token`, keeps it out of the logs.)"""
    invitation = invitations.find(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    if invitation.is_expired:
        return expired_invitation(request, invitation)
    if not invitations.may_join_with_a_password(invitation):
        if request.user.is_authenticated and invitation in Invitation.objects.for_account(
            request.user
        ):
            return redirect("space:dashboard")
        return render(request, "accounts/invitation_login.html", {"invitation": invitation})
    form = JoinForm(invitation, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        invitations.accept(invitation, user)
        login(request, user, backend="accounts.backends.EmailOrUsernameBackend")
        messages.success(
            request,
            _("Bienvenue ! Vous pouvez modifier la fiche de « %(name)s ».")
            % {"name": invitation.association.name},
        )
        return redirect("space:dashboard")
    return render(
        request, "accounts/invitation_join.html", {"invitation": invitation, "form": form}
    )


def expired_invitation(request, invitation):
    asked = None
    if request.method == "POST":
        asked = invitations.ask_for_renewal(invitation)
    return render(
        request,
        "accounts/invitation_expired.html",
        {"invitation": invitation, "asked": asked},
    )


def pending_invitation(request, pk):
    return get_object_or_404(
        Invitation.objects.valid().for_account(request.user).select_related("association"), pk=pk
    )


@login_required
@require_POST
def accept_invitation(request, pk):
    invitation = pending_invitation(request, pk)
    invitations.accept(invitation, request.user)
    messages.success(
        request,
        _("Vous pouvez maintenant modifier la fiche de « %(name)s ».")
        % {"name": invitation.association.name},
    )
    return redirect("space:dashboard")


@login_required
@require_POST
def decline_invitation(request, pk):
    invitation = pending_invitation(request, pk)
    invitation.delete()
    messages.success(
        request,
        _("Invitation de « %(name)s » refusée.") % {"name": invitation.association.name},
    )
    return redirect("space:dashboard")
