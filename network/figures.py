"""The yearly figures: their one write path, and the reminder to the associations that owe them.

Figures are part of an association's record: each save or deletion is one edit
(associations/edits.py), in the association's change log, and django-simple-history keeps each
version of the row with its author, so the back office shows who changed which figure, when, from
what to what. A year the CCAS has closed (`DiagnosticYear`) is refused here, whatever the form.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Exists, OuterRef, Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership
from associations import edits
from ccas import territory

from .models import YearlyFigures


def save(figures, *, user, source):
    """Save `figures` (a YearlyFigures, new or changed) as one edit of its association."""
    with edits.edit(figures.association, user=user, source=source) as change:
        figures.check_open()
        figures.save()
        change.sections.append(edits.Section.FIGURES)


def delete(figures, *, user, source):
    with edits.edit(figures.association, user=user, source=source) as change:
        figures.check_open()
        figures.delete()
        change.sections.append(edits.Section.FIGURES)


def collected_year():
    """The year whose figures the CCAS is collecting: the current one."""
    return timezone.localdate().year


def sketch_years(closed_years):
    """The years whose people sketch a manager can make: the collected year and the one before
    (figures are often sent early the next year), unless the CCAS closed them."""
    year = collected_year()
    return [y for y in (year, year - 1) if y not in closed_years]


def with_figures_of(associations, year):
    """`associations` annotated with `has_figures` for `year`, with their managers."""
    managers = Membership.objects.filter(
        role=Membership.Role.MANAGER, user__is_active=True
    ).select_related("user")
    return associations.annotate(
        has_figures=Exists(YearlyFigures.objects.filter(association=OuterRef("pk"), year=year))
    ).prefetch_related(Prefetch("memberships", queryset=managers, to_attr="managers"))


def manager_addresses(association):
    """The e-mail addresses of the association's active managers (from `with_figures_of`)."""
    return sorted({m.user.email for m in association.managers if m.user.email})


def remind(association, year):
    """Queue an e-mail asking the association's managers for their figures of `year`; False if
    it has no manager with an address."""
    recipients = manager_addresses(association)
    if not recipients:
        return False
    site = territory.current()
    context = {
        "territory": site,
        "association": association,
        "year": year,
        "url": settings.SITE_URL + reverse("network:figures", args=[association.slug]),
    }
    # A subject is plain text: formatted, not rendered by the (HTML-escaping) template engine.
    subject = _("%(site)s : les chiffres %(year)s de « %(name)s »") % {
        "site": site.site_name,
        "year": year,
        "name": association.name,
    }
    send_mail(
        subject,
        render_to_string("network/figures_reminder_email.txt", context),
        site.sender,
        recipients,
    )
    return True
