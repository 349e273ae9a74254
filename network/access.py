"""Who may use the network pages: association members and CCAS agents, one rule each."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from accounts.models import Membership
from space.access import is_ccas_agent


def is_network_member(user):
    """Members of any association, and CCAS agents, take part in the network."""
    return is_ccas_agent(user) or Membership.objects.filter(user=user).exists()


def network_member_required(view):
    """Anonymous visitors go to the login page; other users who are not members get a 403."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_network_member(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
