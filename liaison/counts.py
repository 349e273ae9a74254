"""How many orientations were sent, accepted, refused, and how many people came: the live
orientations and what is left of the reduced ones (`MonthlyCount`), together.

Reducing after the retention (`reduce`) keeps each orientation as one count of its month of
sending, service and outcome: the figures of a month do not change when its orientations go.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from associations.freshness import months_before
from associations.models import Service

from .models import MonthlyCount, Orientation, Outcome

ACCEPTED = {Outcome.ACCEPTED, Outcome.CAME, Outcome.NOT_CAME}


class Tally:
    """Sent, accepted (whether the person came or not), refused, came."""

    def __init__(self):
        self.sent = self.accepted = self.refused = self.came = 0

    def add(self, outcome, count):
        self.sent += count
        self.accepted += count if outcome in ACCEPTED else 0
        self.refused += count if outcome == Outcome.REFUSED else 0
        self.came += count if outcome == Outcome.CAME else 0


def _rows(year):
    """(month, service pk, outcome, count) of the live orientations sent in `year` and of the
    counts kept for it."""
    live = (
        Orientation.objects.filter(sent_at__year=year)
        .annotate(month=TruncMonth("sent_at"))
        .values("month", "service", "status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for row in live:
        month = row["month"]
        month = month.date() if isinstance(month, datetime.datetime) else month
        yield month, row["service"], row["status"], row["count"]
    kept = (
        MonthlyCount.objects.filter(month__year=year)
        .values("month", "service", "outcome")
        .annotate(total=Sum("count"))
        .order_by()
    )
    for row in kept:
        yield row["month"], row["service"], row["outcome"], row["total"]


def for_year(year):
    """(by month: [(first day of the month, Tally)], by service: [(service or None, Tally)], total
    Tally) for the orientations sent in `year`; a service deleted since is None."""
    months, services, total = defaultdict(Tally), defaultdict(Tally), Tally()
    for month, service, outcome, count in _rows(year):
        months[month].add(outcome, count)
        services[service].add(outcome, count)
        total.add(outcome, count)
    found = Service.objects.select_related("association", "aid_type").in_bulk(
        [pk for pk in services if pk is not None]
    )
    by_service = sorted(
        ((found.get(pk), tally) for pk, tally in services.items()),
        key=lambda row: (row[0] is None, str(row[0].association) if row[0] else "", str(row[0])),
    )
    return sorted(months.items()), by_service, total


def retention_cutoff(now=None):
    day = months_before(timezone.localdate(now), settings.ORIENTATION_RETENTION_MONTHS)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@transaction.atomic
def reduce(now=None):
    """Reduce to counts the orientations closed before the retention cutoff (and those never
    closed, sent before it): their person, message and openings are deleted. Returns how many."""
    ended = Orientation.objects.ended_before(retention_cutoff(now)).select_for_update()
    grouped = defaultdict(int)
    pks = []
    for orientation in ended.only("pk", "sent_at", "association", "service", "status"):
        month = timezone.localdate(orientation.sent_at).replace(day=1)
        key = (month, orientation.association_id, orientation.service_id, orientation.status)
        grouped[key] += 1
        pks.append(orientation.pk)
    for (month, association, service, outcome), count in grouped.items():
        kept, created = MonthlyCount.objects.get_or_create(
            month=month,
            association_id=association,
            service_id=service,
            outcome=outcome,
            defaults={"count": count},
        )
        if not created:
            MonthlyCount.objects.filter(pk=kept.pk).update(count=F("count") + count)
    Orientation.objects.filter(pk__in=pks).delete()
    return len(pks)
