"""The network's meetings as an iCalendar (RFC 5545) document, built with the icalendar library."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

DEFAULT_DURATION = timedelta(hours=2)
PAST_KEPT = timedelta(days=365)


def meetings_calendar(meetings, domain, territory):
    """Meetings of the last year and to come; times in Europe/Paris with their VTIMEZONE."""
    calendar = Calendar()
    calendar.add("prodid", f"-//{territory.ccas_name}//{territory.site_name}//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Réunions du réseau d’aide alimentaire"))
    calendar.add("x-wr-timezone", "Europe/Paris")
    since = timezone.now() - PAST_KEPT
    for meeting in meetings.filter(starts_at__gte=since).order_by("starts_at"):
        starts_at = timezone.localtime(meeting.starts_at)
        ends_at = timezone.localtime(meeting.ends_at) if meeting.ends_at else None
        event = Event()
        event.add("uid", f"reunion-{meeting.pk}@{domain}")
        event.add("dtstamp", meeting.updated_at)
        event.add("last-modified", meeting.updated_at)
        event.add("dtstart", starts_at)
        event.add("dtend", ends_at or starts_at + DEFAULT_DURATION)
        event.add("summary", _("Réunion du réseau chez %(host)s") % {"host": meeting.host_name})
        if meeting.location:
            event.add("location", meeting.location)
        if meeting.agenda:
            event.add("description", meeting.agenda)
        calendar.add_component(event)
    # The time zone's rules from the first meeting listed on, not since 1970: a lighter feed.
    calendar.add_missing_timezones(first_date=since.date())
    return calendar.to_ical()
