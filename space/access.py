"""Who may edit which association in the space, and who is a CCAS agent: one place for the rule."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404

from accounts.models import Membership
from associations.models import Association


def is_ccas_agent(user):
    """CCAS agents may use the space for any association (they edit everything in the admin)."""
    return user.is_staff and user.has_perm("associations.change_association")


def agent_required(view):
    """Anonymous visitors go to the login page; users who are not CCAS agents get a 403."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_ccas_agent(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def editable_associations(user):
    """The associations `user` may edit, each annotated with the user's role (None for agents)."""
    associations = Association.objects.annotate(
        editor_role=Subquery(
            Membership.objects.filter(association=OuterRef("pk"), user=user).values("role")[:1]
        )
    )
    if is_ccas_agent(user):
        return associations
    return associations.filter(memberships__user=user)


def get_association_for_editor(request, slug):
    """The association `slug` if the user may edit it; 404 otherwise, as if it did not exist."""
    association = get_object_or_404(editable_associations(request.user), slug=slug)
    association.can_manage_members = association.editor_role == Membership.Role.MANAGER or (
        is_ccas_agent(request.user)
    )
    return association


def get_association_for_manager(request, slug):
    """The association `slug` if the user may also invite and remove its members."""
    association = get_association_for_editor(request, slug)
    if not association.can_manage_members:
        raise PermissionDenied
    return association
