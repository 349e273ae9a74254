"""The exchange: an agent sends an orientation, the association answers, the person comes or not.

Each step is one function, run in one transaction, which checks that the orientation may take it
(`Refused` otherwise: a page sent twice, or answered meanwhile by another member).
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ccas import territory

from .models import CLOSING, Opening, Orientation, Outcome


class Refused(Exception):
    """This step does not follow the orientation's current state."""


@transaction.atomic
def send(form, *, service, user):
    """Save the orientation `form` (an OrientationForm) holds to `service`, and tell the
    association's members that one waits for them, with no personal data in the mail."""
    orientation = form.save(commit=False)
    orientation.service = service
    orientation.association = service.association
    orientation.sent_by = user
    orientation.save()
    form.save_m2m()
    _notify_members(orientation)
    return orientation


def _notify_members(orientation):
    association = orientation.association
    recipients = association.memberships.email_addresses()
    if not recipients:
        return
    site = territory.current()
    context = {
        "territory": site,
        "association": association,
        "url": settings.SITE_URL + reverse("liaison_space:inbox", args=[association.slug]),
    }
    # A plain-text subject, without the person: a template would escape "l'Alma" into "l&#x27;Alma".
    subject = _("%(site)s : une orientation attend la réponse de « %(name)s »") % {
        "site": site.site_name,
        "name": association.name,
    }
    body = render_to_string("liaison/new_orientation_email.txt", context)
    # One mail each: the members do not see one another's addresses.
    for recipient in recipients:
        send_mail(subject, body, site.sender, [recipient])


def _locked(orientation):
    return Orientation.objects.select_for_update().get(pk=orientation.pk)


def _answer(orientation, user, allowed, **values):
    """Write `values` on the orientation if its state is in `allowed`; the orientation, updated."""
    with transaction.atomic():
        current = _locked(orientation)
        if current.status not in allowed:
            raise Refused
        now = timezone.now()
        for name, value in values.items():
            setattr(current, name, value)
        current.answered_by = user
        current.answered_at = now
        current.closed_at = now if current.status in CLOSING else None
        current.save()
    return current


def accept(orientation, *, user, appointment_at=None, appointment_place=""):
    """Accept, with an appointment if one is given; accepting again changes the appointment."""
    return _answer(
        orientation,
        user,
        {Outcome.SENT, Outcome.ACCEPTED},
        status=Outcome.ACCEPTED,
        appointment_at=appointment_at,
        appointment_place=appointment_place,
    )


def refuse(orientation, *, user, reason, details=""):
    return _answer(
        orientation,
        user,
        {Outcome.SENT, Outcome.ACCEPTED},
        status=Outcome.REFUSED,
        refusal_reason=reason,
        refusal_details=details,
        appointment_at=None,
        appointment_place="",
    )


def record_attendance(orientation, *, user, came):
    """The person came, or did not; a wrong tap may be corrected."""
    return _answer(
        orientation,
        user,
        {Outcome.ACCEPTED, Outcome.CAME, Outcome.NOT_CAME},
        status=Outcome.CAME if came else Outcome.NOT_CAME,
    )


def record_opening(orientation, user):
    Opening.objects.create(orientation=orientation, user=user)
