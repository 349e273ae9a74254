"""'Signaler une erreur': a resident tells the CCAS what is wrong on an association's page."""

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.core import is_ratelimited

from associations.models import Association

from . import closed_alert
from .forms import ReportForm


def _reported(slug):
    """Only a published association's page can be reported on (archived ones are not found)."""
    return get_object_or_404(Association.objects.published(), slug=slug)


@require_http_methods(["GET", "HEAD", "POST"])
@sensitive_post_parameters("message", "contact")
def new_report(request, slug):
    association = _reported(slug)
    form = ReportForm()
    if request.method == "POST":
        # Counted per client address, by the rule the forgotten-password form uses
        # (RATELIMIT_IP_META_KEY: accounts.throttling.client_ip).
        if is_ratelimited(
            request,
            group="report-client",
            key="ip",
            rate=settings.REPORT_RATE_PER_CLIENT,
            method="POST",
            increment=True,
        ):
            return render(
                request, "reports/throttled.html", {"association": association}, status=429
            )
        form = ReportForm(request.POST)
        if form.is_valid():
            # A robot that filled the hidden field gets the same answer, and nothing is kept.
            if not form.is_robot():
                report = form.save(commit=False)
                report.association = association
                report.language = translation.get_language()
                closed_alert.receive(report)
            return redirect("reports:thanks", association.slug)
    return render(
        request,
        "reports/report_form.html",
        {"association": association, "form": form},
        status=400 if form.errors else 200,
    )


@require_safe
def thanks(request, slug):
    return render(request, "reports/thanks.html", {"association": _reported(slug)})
