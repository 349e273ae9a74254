""" "Open today", "tomorrow", "on a day at a time": the list decides most openings from a few
columns of the slots and leaves the rest to the hours rules. Both ways together must find
exactly the associations the rules say are open, on ordinary days, public holidays and the
days the clocks change."""

import datetime

import pytest
from django.utils import timezone

from associations.models import Association, Closure, Service
from associations.opening_hours import Schedule
from bench.directory import build

# The last week of March and the first of April 2026: weeks of the month first to last, the
# spring clock change (Sunday 29), Easter Monday (6 April); the autumn change; Christmas.
DAYS = [datetime.date(2026, 3, 23) + datetime.timedelta(days=n) for n in range(17)] + [
    datetime.date(2026, 10, 25),
    datetime.date(2026, 12, 25),
]
TIMES = [datetime.time(2, 30), datetime.time(9, 0), datetime.time(11, 30), datetime.time(17, 0)]


@pytest.fixture
def directory(db, make_association):
    build(150, today=datetime.date(2026, 3, 20))
    # Every Sunday in the hour the spring change skips: no opening on 29 March.
    make_association("Nuit du dimanche", slots=[(6, "02:00", "02:45")])
    for service in Service.objects.order_by("pk")[::9]:
        Closure.objects.create(
            association_id=service.association_id,
            service=service,
            starts_on=datetime.date(2026, 3, 26),
            ends_on=datetime.date(2026, 4, 2),
            message="Fermeture d'un service",
        )
    return [
        (association.pk, _schedule(association))
        for association in Association.objects.prefetch_related("services__slots", "closures")
    ]


def _schedule(association):
    return Schedule(
        [slot for service in association.services.all() for slot in service.slots.all()],
        association.closures.all(),
        association.holiday_policy,
    )


def test_open_on_a_day_is_what_the_hours_rules_say(directory):
    for day in DAYS:
        expected = {pk for pk, schedule in directory if schedule.opens_on(day)}
        assert expected
        assert set(Association.objects.open_on(day).values_list("pk", flat=True)) == expected, day


def test_open_at_a_time_is_what_the_hours_rules_say(directory):
    for day in DAYS:
        for wall_time in TIMES:
            moment = timezone.make_aware(datetime.datetime.combine(day, wall_time))
            expected = {pk for pk, schedule in directory if schedule.is_open_at(moment)}
            found = set(Association.objects.open_at(moment).values_list("pk", flat=True))
            assert found == expected, (day, wall_time)


def test_openings_from_a_moment_are_the_next_openings_the_rules_give_that_day(directory):
    # "Ouvert aujourd'hui" at 12:40 and the order of the list: open now, or opening later the
    # same day, at the time the rules say.
    for day in DAYS:
        for wall_time in TIMES:
            moment = timezone.make_aware(datetime.datetime.combine(day, wall_time))
            expected = {}
            for pk, schedule in directory:
                opening = schedule.next_opening(moment, horizon_days=0)
                if opening is not None and timezone.localtime(opening).date() == day:
                    expected[pk] = timezone.localtime(opening).time()
            assert Association.objects.openings_from(moment) == expected, moment
            found = set(Association.objects.open_from(moment).values_list("pk", flat=True))
            assert found == set(expected), moment


@pytest.mark.parametrize("narrow", [True, False])
def test_a_part_of_the_directory_keeps_its_own_open_associations_however_the_slots_are_read(
    directory, narrow
):
    # A search or a quartier reads its associations' slots only (narrow); either way the
    # answer is the part's associations that the rules say are open, and none other.
    part = {pk for pk, _schedule in directory[::3]}
    associations = Association.objects.filter(pk__in=part)
    for day in DAYS:
        expected = {pk for pk, schedule in directory if pk in part and schedule.opens_on(day)}
        assert expected
        found = associations.open_on(day, narrow=narrow).values_list("pk", flat=True)
        assert set(found) == expected, day
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(11, 30)))
        expected = {pk for pk, schedule in directory if pk in part and schedule.is_open_at(moment)}
        found = associations.open_at(moment, narrow=narrow).values_list("pk", flat=True)
        assert set(found) == expected, moment
