"""Orientation pages are for CCAS agents (and superusers): one place for the rule."""

import functools

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from space.access import is_ccas_agent


def may_orient(user):
    return user.is_authenticated and (user.is_superuser or is_ccas_agent(user))


def agent_required(view):
    """Anonymous users are sent to the login page; other users who are not agents get a 403."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not may_orient(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
