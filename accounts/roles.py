"""Who may do what: CCAS agents, members of an association, its managers. One place for each rule.

- A CCAS agent (staff in the "Agent CCAS" group, or a superuser) edits every association, in the
  back office and in the space, orients people and sees the network's diagnostic.
- A member edits their own associations in the space and takes part in the network.
- A manager of an association also invites and removes its members.
- An association's orientations (liaison/) are for its members only: editing every association
  does not make a CCAS agent one of its members.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404

from associations.agents import is_ccas_agent
from associations.models import Association

from .models import Membership


def is_network_member(user):
    """Members of an association of the directory, and CCAS agents, take part in the network."""
    return (
        is_ccas_agent(user)
        or Membership.objects.filter(user=user, association__in=Association.objects.all()).exists()
    )


def _required(rule):
    """A view decorator: anonymous visitors go to the login page; users who fail `rule` get a
    403."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not rule(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


agent_required = _required(is_ccas_agent)
network_member_required = _required(is_network_member)


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


def member_associations(user):
    """The associations `user` belongs to; agents too only where they are members."""
    return Association.objects.filter(memberships__user=user).order_by("name")


def get_association_for_member(request, slug):
    """The association `slug` if the user is one of its members; 404 otherwise."""
    return get_object_or_404(member_associations(request.user), slug=slug)


def get_association_for_manager(request, slug):
    """The association `slug` if the user may also invite and remove its members."""
    association = get_association_for_editor(request, slug)
    if not association.can_manage_members:
        raise PermissionDenied
    return association
