"""How many people, not registrations: estimates from the associations' people sketches
(people_sketch.py), each with its margin of error at 95 %.

- people in the network, or in a quartier: the union of the sketches (register by register
  maximum), counted by datasketch's HyperLogLog++; margin: 1.96 standard errors, the linear
  counting error sqrt(m (e^t - t - 1)), t = n / m, below the library's threshold for linear
  counting, 1.04 n / sqrt(m) above;
- people in two associations or more: the people in the network minus those in one association
  only; the people only in association i are the union's people minus those of the union
  without i. Both are counted from the empty registers (linear counting), which keeps the
  difference steady; the margin comes from a simulation of the same counts (`_simulated_margin`);
- people in both of two associations: |A| + |B| - |A ∪ B|, with the three terms' margins added
  as if independent (they are not, so this margin is wider than the real error);
- an overlap estimated under SMALL is shown as "moins de 10".

The estimates take about half a second (the simulation): `of_year` keeps them in the cache for
each generation of the figures.

docs/comptage-des-personnes.md explains them to the CCAS and the associations.
"""

import functools
import math
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
from datasketch import HyperLogLogPlusPlus
from datasketch.hyperloglog_const import _thresholds
from django.core.cache import cache
from django.db.models import Count, Max
from django.utils.translation import gettext_lazy

from associations.models import Place
from opendata.exports.streaming import csv_rows

from . import people_sketch
from .diagnostic import counted

M = people_sketch.REGISTERS
LINEAR_COUNTING_LIMIT = _thresholds[people_sketch.PRECISION - 4]
Z_95 = 1.96
SMALL = 10
SIMULATIONS = 100
# What an estimate under SMALL shows, in a chart or a CSV (templates/network/includes/estimate.html
# in a table).
SMALL_TEXT = gettext_lazy("moins de 10")


@dataclass
class Estimate:
    value: int
    margin: int

    @property
    def is_small(self):
        return self.value < SMALL

    @property
    def chart_row(self):
        """What a bar chart shows for this estimate: its value, or SMALL_TEXT."""
        return (self.value, SMALL_TEXT) if self.is_small else (self.value,)

    @property
    def low(self):
        return max(0, self.value - self.margin)

    @property
    def high(self):
        return self.value + self.margin


@dataclass
class Pair:
    first: str
    second: str
    both: Estimate


@dataclass
class Row:
    name: str
    registrations: int
    people: Estimate


@dataclass
class PeopleCount:
    associations: int
    registrations: int
    people: Estimate
    several: Estimate | None
    by_association: list = field(default_factory=list)
    by_quartier: list = field(default_factory=list)
    pairs: list = field(default_factory=list)


def standard_error(n):
    """The standard error of a sketch's count `n` (datasketch's HyperLogLog++ with p = 16)."""
    if n <= LINEAR_COUNTING_LIMIT:
        t = n / M
        return math.sqrt(M * (math.exp(t) - t - 1))
    return 1.04 * n / math.sqrt(M)


def estimate(sketch):
    n = max(0.0, float(sketch.count()))
    return Estimate(round(n), max(1, math.ceil(Z_95 * standard_error(n))))


def union(sketches):
    registers = np.maximum.reduce([sketch.reg for sketch in sketches])
    return people_sketch.new_sketch(registers)


def empty_registers(registers):
    return int(M - np.count_nonzero(registers))


def _several_from_zeros(zeros_all, zeros_without):
    """People in two associations or more, by linear counting: all the people minus, for each
    association, those of the union minus those of the union without it."""
    total = M * math.log(M / zeros_all)
    only = sum(M * math.log(z / zeros_all) for z in zeros_without)
    return total - only


def _simulated_margin(total, only):
    """1.96 times the spread of the estimator over networks of the estimated shape: `only[i]`
    people in association i alone, the rest in several; each person lands in a register at
    random. Which associations the people in several belong to changes nothing: they fill a
    register of the union with or without any one association."""
    generator = np.random.default_rng(2013)
    several = max(0, round(total - sum(only)))
    singles = [max(0, round(n)) for n in only]
    labels = np.repeat(np.arange(len(singles)), singles)
    results = []
    for _round in range(SIMULATIONS):
        shared = np.zeros(M, dtype=bool)
        shared[generator.integers(0, M, several)] = True
        alone = np.zeros((len(singles), M), dtype=bool)
        alone[labels, generator.integers(0, M, len(labels))] = True
        hits = alone.sum(axis=0, dtype=np.int16)
        zeros_all = int(((hits == 0) & ~shared).sum())
        if zeros_all == 0:
            return None
        # A register empties without association i when i alone filled it.
        freed = (alone & (hits == 1) & ~shared).sum(axis=1)
        results.append(_several_from_zeros(zeros_all, [zeros_all + int(n) for n in freed]))
    return max(1, math.ceil(Z_95 * float(np.std(results))))


def people_in_several(sketches):
    """People in two associations or more (None when the sketches are too full to tell)."""
    if len(sketches) < 2:
        return None
    registers = [sketch.reg for sketch in sketches]
    zeros_all = empty_registers(np.maximum.reduce(registers))
    if zeros_all == 0:
        return None
    zeros_without = [
        empty_registers(np.maximum.reduce(registers[:i] + registers[i + 1 :]))
        for i in range(len(registers))
    ]
    value = _several_from_zeros(zeros_all, zeros_without)
    only = [M * math.log(z / zeros_all) for z in zeros_without]
    margin = _simulated_margin(M * math.log(M / zeros_all), only)
    if margin is None:
        return None
    return Estimate(max(0, round(value)), margin)


def in_both(first, second):
    a, b = first.count(), second.count()
    both = HyperLogLogPlusPlus.union(first, second).count()
    margin = Z_95 * math.sqrt(
        standard_error(a) ** 2 + standard_error(b) ** 2 + standard_error(both) ** 2
    )
    return Estimate(max(0, round(a + b - both)), max(1, math.ceil(margin)))


def for_year(year):
    """The year's estimates from the sketches sent, or None when no association sent one."""
    figures = list(
        counted()
        .filter(year=year, people_sketch__isnull=False)
        .select_related("association")
        .order_by("association__name")
    )
    if not figures:
        return None
    sketches = {row.association_id: people_sketch.load(bytes(row.people_sketch)) for row in figures}
    names = {row.association_id: row.association.name for row in figures}
    quartiers = {}
    for association_id, quartier in (
        Place.objects.filter(association__in=sketches, quartier__isnull=False)
        .values_list("association_id", "quartier__name")
        .order_by("quartier__name")
        .distinct()
    ):
        quartiers.setdefault(quartier, set()).add(association_id)
    by_quartier = [
        Row(
            name,
            sum(row.registrations for row in figures if row.association_id in members),
            estimate(union([sketches[pk] for pk in members])),
        )
        for name, members in quartiers.items()
    ]
    pairs = [
        Pair(names[a], names[b], in_both(sketches[a], sketches[b]))
        for a, b in combinations(sorted(sketches, key=names.get), 2)
    ]
    return PeopleCount(
        associations=len(figures),
        registrations=sum(row.registrations for row in figures),
        people=estimate(union(list(sketches.values()))),
        several=people_in_several(list(sketches.values())),
        by_association=[
            Row(row.association.name, row.registrations, estimate(sketches[row.association_id]))
            for row in figures
        ],
        by_quartier=sorted(by_quartier, key=lambda row: (-row.people.value, row.name)),
        pairs=sorted(pairs, key=lambda pair: (-pair.both.value, pair.first, pair.second)),
    )


def of_year(year, generation):
    """`for_year(year)`, computed once for each generation of its figures: the directory's
    `generation` (raised by every save of figures through network/figures.py and every edit of
    the associations' names and places) and the year's sketched rows' number, last row and last
    change, for a row added or removed outside those edits (the demo data, a script)."""
    sent = (
        counted()
        .filter(year=year, people_sketch__isnull=False)
        .aggregate(rows=Count("pk"), last=Max("pk"), changed=Max("updated_at"))
    )
    if not sent["rows"]:
        return None
    changed = sent["changed"].timestamp()
    key = f"people-count:{year}:{generation}:{sent['rows']}:{sent['last']}:{changed}"
    return cache.get_or_set(key, functools.partial(for_year, year))


CSV_HEADER = ["annee", "portee", "nom", "inscriptions", "personnes_estimees", "marge_95"]


def _cells(estimate):
    if estimate is None:
        return ["", ""]
    if estimate.is_small:
        return [str(SMALL_TEXT), ""]
    return [estimate.value, estimate.margin]


def people_csv(year, count):
    """The year's estimates (`count`, from `for_year`) for a French spreadsheet: the network, the
    people in several associations, each association, quartier and pair."""
    rows = [
        [year, "reseau", "", count.registrations, *_cells(count.people)],
        [year, "plusieurs_associations", "", "", *_cells(count.several)],
        *(
            [year, "association", row.name, row.registrations, *_cells(row.people)]
            for row in count.by_association
        ),
        *(
            [year, "quartier", row.name, row.registrations, *_cells(row.people)]
            for row in count.by_quartier
        ),
        *(
            [year, "paire", f"{pair.first} + {pair.second}", "", *_cells(pair.both)]
            for pair in count.pairs
        ),
    ]
    return "".join(csv_rows(CSV_HEADER, rows, delimiter=";", bom=True))
