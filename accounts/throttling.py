"""Login throttling with django-axes: who a login attempt comes from, and when it is refused.

Failures are counted per (username, client address) pair: one person's typos never lock a
colleague out from the same office, and someone guessing an agent's password from elsewhere
never locks the agent out from their own desk (AXES_FAILURE_LIMIT). An address trying many
usernames is refused too, beyond a higher count (LOGIN_FAILURE_LIMIT_PER_CLIENT): axes has one
limit for all its lockout parameters, hence the handler below. CCAS agents lift a lockout in
the back office (accounts/admin.py) by deleting the attempts.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def client_ip(request):
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR")


def login_username(request, credentials):
    """The username as typed, in any case: Marie@… and marie@… are the same login."""
    username = (credentials or request.POST).get("username")
    return username.strip().lower() if username else username


class LoginFailuresHandler(AxesDatabaseHandler):
    def client_failures(self, request):
        """Failures from the request's client address, whatever the username, lately."""
        return (
            AccessAttempt.objects.filter(
                ip_address=request.axes_ip_address,
                attempt_time__gte=get_cool_off_threshold(request),
            ).aggregate(total=Sum("failures_since_start"))["total"]
            or 0
        )

    def client_locked(self, request):
        return self.client_failures(request) >= settings.LOGIN_FAILURE_LIMIT_PER_CLIENT

    def is_locked(self, request, credentials=None):
        return super().is_locked(request, credentials) or self.client_locked(request)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        # Axes flags the request for its lockout page when the pair reaches its limit; the
        # address reaching its own limit gets the same page.
        if request is not None and not request.axes_locked_out and self.client_locked(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials
