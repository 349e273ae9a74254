"""The forgotten-password form: one answer, in the same time, whoever asks; throttled.

Whether an address has an account must not show: the answer is the same redirect, made before
anything is read about the address, and the mail (looking the account up, making the link,
queueing it) is made once the answer has left, when the WSGI server closes the response.
Requests are throttled (django-ratelimit, in the shared cache): a client address asking too
often gets a 429 page; an e-mail address asked for too often gets the same answer, and no more
mail (no mail bombing of a volunteer's inbox).
"""

import logging

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse_lazy
from django_ratelimit.core import is_ratelimited

from ccas import territory

logger = logging.getLogger(__name__)


class RedirectThen(HttpResponseRedirect):
    """A redirect that runs `then` after it has been sent: the WSGI server calls close() once
    the last byte is out (and Django's test client does too)."""

    def __init__(self, url, then):
        super().__init__(url)
        self.then = then

    def close(self):
        try:
            if self.then is not None:
                self.then()
        except Exception:
            logger.exception("The work left for after the response failed")
        finally:
            super().close()


def address_key(group, request):
    """The e-mail address as the form reads it (any case, spaces around)."""
    return request.POST.get("email", "").strip().lower()


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"

    def post(self, request, *args, **kwargs):
        if is_ratelimited(
            request,
            group="password-reset-client",
            key="ip",
            rate=settings.PASSWORD_RESET_RATE_PER_CLIENT,
            method="POST",
            increment=True,
        ):
            return render(request, "accounts/password_reset_throttled.html", status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        flooded = is_ratelimited(
            self.request,
            group="password-reset-address",
            key=address_key,
            rate=settings.PASSWORD_RESET_RATE_PER_ADDRESS,
            method="POST",
            increment=True,
        )
        return RedirectThen(
            self.get_success_url(), then=None if flooded else lambda: self.mail(form)
        )

    def mail(self, form):
        """Queue the mail, from the territory's sender and signed with its name."""
        site = territory.of_request(self.request)
        self.from_email = site.sender
        self.extra_email_context = {"territory": site}
        super().form_valid(form)
