"""What an import found: rows created, updated or unchanged per kind, and every problem, in
French for the CCAS agent who imports. An import job keeps it between its batches as JSON."""

import re
from collections import Counter
from dataclasses import dataclass, field

KINDS = {"associations": "associations", "places": "lieux", "services": "services"}
STATUSES = ["created", "updated", "unchanged"]


@dataclass
class Problem:
    where: str
    field: str
    message: str

    def __str__(self):
        return f"{self.where}, {self.field} : {self.message}"

    @property
    def position(self):
        """(file, line or record) numbers, to list problems in the order of the file."""
        return tuple(int(number) for number in re.findall(r"\d+", self.where))


@dataclass
class Report:
    dry_run: bool
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    problems: list = field(default_factory=list)

    def count(self, kind, status):
        getattr(self, status)[kind] += 1

    @property
    def written(self):
        return not self.dry_run and not self.problems

    def summary(self):
        """What was (or would be) done, in French, one line per kind of row."""
        return [
            f"{label} : {self.created[kind]} créé(s), {self.updated[kind]} modifié(s), "
            f"{self.unchanged[kind]} inchangé(s)"
            for kind, label in KINDS.items()
        ]

    def add(self, other, counts=True):
        """Add the problems found by `other`, and its counts unless told not to."""
        self.problems += other.problems
        if counts:
            for status in STATUSES:
                getattr(self, status).update(getattr(other, status))

    def counts(self):
        return {status: dict(getattr(self, status)) for status in STATUSES}

    def problem_list(self):
        return [[problem.where, problem.field, problem.message] for problem in self.problems]

    @classmethod
    def from_lists(cls, dry_run, counts, problems):
        """The report kept as `counts()` and `problem_list()`."""
        return cls(
            dry_run,
            *(Counter(counts.get(status, {})) for status in STATUSES),
            [Problem(*problem) for problem in problems],
        )
