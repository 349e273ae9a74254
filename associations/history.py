"""The history of an association and of everything of it, read from django-simple-history.

Its description, places, services, opening slots, publics, closures, referents and members each
keep their saved versions (`HistoricalRecords`). `entries()` reads them as one list, latest first:
who, when, which object, each field's old and new value in French. `revert()` undoes one of them
as an edit of its own (associations/edits.py: locked, logged, version up).

A volunteer reads the history of their association in its space: without the CCAS's own fields
nor its members, and without agents' names (`author()`).
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from . import edits
from .agents import is_ccas_agent
from .field_display import NOTHING, display, field_choices
from .models import (
    AidType,
    Association,
    AssociationChange,
    Closure,
    Language,
    OpeningSlot,
    Place,
    Public,
    Referent,
    Service,
    ServicePublic,
    WeeklySlot,
)

Section = AssociationChange.Section


@dataclass(frozen=True)
class Tracked:
    """A model whose rows belong to an association: its section of the change log, how its
    history rows find their association, and whether the space shows it."""

    model: type
    section: str
    of_association: str
    in_space: bool = True


TRACKED = {
    "association": Tracked(Association, Section.DESCRIPTION, "id"),
    "place": Tracked(Place, Section.PLACES, "association_id"),
    "service": Tracked(Service, Section.SERVICES, "association_id"),
    "slot": Tracked(OpeningSlot, Section.HOURS, "service_id__in"),
    "public": Tracked(ServicePublic, Section.SERVICES, "service_id__in"),
    "closure": Tracked(Closure, Section.CLOSURES, "association_id"),
    "referent": Tracked(Referent, Section.REFERENTS, "association_id"),
}


def track(key, tracked):
    """Add the history of a model of an app built on this one (the members: accounts/apps.py)."""
    TRACKED[key] = tracked


# Bookkeeping, or the association every row points to: never shown.
NOT_SHOWN = {"id", "association", "created_at", "updated_at", "is_demo"}
# What only the CCAS reads.
CCAS_ONLY = {"internal_notes", "habilitation"}

ACTIONS = {
    "+": _("ajout"),
    "~": _("modification"),
    "-": _("suppression"),
}


class RevertRefused(Exception):
    """A change that cannot be undone as things are now; the message says why, in French."""


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    key: str
    record: object
    kind: str
    subject: str
    who: str
    when: str
    action: str
    changes: list = field(default_factory=list)


def author(user, viewer):
    """Who `user` is, told to `viewer`: agents read names; a volunteer reads "un agent du CCAS"
    or "un autre bénévole", never an agent's name nor another member's."""
    if user is None:
        return str(_("un import ou un script"))
    if is_ccas_agent(viewer):
        return user.get_full_name() or user.get_username()
    if user.pk == viewer.pk:
        return str(_("vous"))
    if is_ccas_agent(user):
        return str(_("un agent du CCAS"))
    return str(_("un autre bénévole"))


def when(moment):
    return date_format(
        timezone.localtime(moment), pgettext("date format of a change", "j F à H\\hi")
    )


def last_author(viewer):
    """`author(model, pk)` for associations/merging.py: who last changed that object, and when."""

    def describe(model, pk):
        record = (
            model.history.filter(id=pk)
            .select_related("history_user")
            .order_by("-history_date", "-history_id")
            .first()
        )
        if record is None:
            return str(_("quelqu'un"))
        return f"{author(record.history_user, viewer)} ({when(record.history_date)})"

    return describe


def records(association, key):
    """The history rows of `association`'s objects of kind `key`, oldest first."""
    tracked = TRACKED[key]
    value = association.pk
    if tracked.of_association == "service_id__in":
        value = Service.history.filter(association_id=association.pk).values("id")
    return tracked.model.history.filter(**{tracked.of_association: value}).order_by("history_id")


def shown_fields(key, *, ccas):
    """The fields of the model of `key` that its history shows (not its languages)."""
    return [
        f
        for f in TRACKED[key].model._meta.concrete_fields
        if f.editable and f.name not in NOT_SHOWN and (ccas or f.name not in CCAS_ONLY)
    ]


def entries(association, viewer, *, page=1, per_page=50):
    """A page (a `Page` of `Entry`) of the history of `association` and its objects, latest
    first, as `viewer` may read it; a save that changed nothing shown is left out."""
    ccas = is_ccas_agent(viewer)
    rows = []
    for key, tracked in TRACKED.items():
        if not (ccas or tracked.in_space):
            continue
        last = {}
        for record in records(association, key).select_related("history_user"):
            rows.append((key, record, last.get(record.id)))
            last[record.id] = record
    names = Names(rows)
    kept = []
    for key, record, previous in rows:
        changes = names.changes(key, record, previous, ccas=ccas)
        if changes or record.history_type != "~":
            kept.append((key, record, changes))
    kept.sort(key=lambda row: (row[1].history_date, row[1].history_id), reverse=True)
    shown = Paginator(kept, per_page).get_page(page)
    authors = {}
    shown.object_list = [
        Entry(
            key=key,
            record=record,
            kind=capfirst(TRACKED[key].model._meta.verbose_name),
            subject=names.subject(key, record),
            who=authors.setdefault(record.history_user, author(record.history_user, viewer)),
            when=when(record.history_date),
            action=ACTIONS[record.history_type],
            changes=[Change(*change) for change in changes],
        )
        for key, record, changes in shown.object_list
    ]
    return shown


def _label(model_field):
    return capfirst(model_field.verbose_name)


def _value(record, model_field):
    return getattr(record, model_field.attname)


class Names:
    """Reads history rows in French: the names of what they point to (types of aid, places,
    services, users…), each list read once; deleted places and services by their last name."""

    def __init__(self, rows):
        self.places, self.services, self.loaded = {}, {}, {}
        for key, record, _previous in rows:
            if key == "place":
                self.places[record.id] = record.name
            if key == "service":
                self.services[record.id] = record
        through = apps.get_model("associations", "HistoricalService_languages")
        self.languages = {}
        for history_id, language in through.objects.filter(
            history__in=[record for key, record, _previous in rows if key == "service"]
        ).values_list("history_id", "language_id"):
            self.languages.setdefault(history_id, []).append(language)

    def changes(self, key, record, previous, *, ccas):
        """[(label, old, new)] of what `record` changed since `previous`; for an addition, the
        values it was added with."""
        fields = shown_fields(key, ccas=ccas)
        languages = Service._meta.get_field("languages")
        if record.history_type == "-":
            return []
        if record.history_type == "+":
            rows = [
                (_label(f), NOTHING, self.show(f, _value(record, f)))
                for f in fields
                if _value(record, f) not in (None, "", [])
            ]
            if key == "service" and self.language_ids(record):
                rows.append((_label(languages), NOTHING, self.show_languages(record)))
            return rows
        if previous is None:
            return []
        by_name = {f.name: f for f in fields}
        delta = record.diff_against(previous, included_fields=list(by_name))
        rows = [
            (
                _label(by_name[c.field]),
                self.show(by_name[c.field], c.old),
                self.show(by_name[c.field], c.new),
            )
            for c in delta.changes
        ]
        if key == "service" and self.language_ids(previous) != self.language_ids(record):
            rows.append(
                (_label(languages), self.show_languages(previous), self.show_languages(record))
            )
        return rows

    def language_ids(self, record):
        return sorted(self.languages.get(record.history_id, []))

    def show_languages(self, record):
        return display([self._of(Language, pk) for pk in self.language_ids(record)])

    def _of(self, model, pk):
        if model not in self.loaded:
            self.loaded[model] = {obj.pk: str(obj) for obj in model._base_manager.all()}
        return self.loaded[model].get(pk) or f"#{pk}"

    def show(self, model_field, value):
        if model_field.is_relation and value is not None:
            return self.related(model_field.related_model, value)
        if model_field.name == "weeks_of_month" and issubclass(model_field.model, WeeklySlot):
            return display(value, OpeningSlot.Week.choices)
        return display(value, field_choices(model_field))

    def related(self, model, pk):
        if model is Place:
            return self.places.get(pk) or f"#{pk}"
        if model is Service:
            return self.service(pk)
        if model is get_user_model():
            return self.user(pk)
        return self._of(model, pk)

    def user(self, pk):
        users = self.loaded.setdefault("users", {})
        if pk not in users:
            user = get_user_model()._base_manager.filter(pk=pk).first()
            users[pk] = (
                (user.get_full_name() or user.email or user.get_username()) if user else f"#{pk}"
            )
        return users[pk]

    def service(self, pk):
        record = self.services.get(pk)
        if record is None:
            return f"#{pk}"
        return record.name or self._of(AidType, record.aid_type_id)

    def subject(self, key, record):
        """What the row is about: a name, or for a slot and a public, with its service's."""
        if key == "service":
            return self.service(record.id)
        if key == "slot":
            return f"{record.instance} – {self.service(record.service_id)}"
        if key == "public":
            return f"{self._of(Public, record.public_id)} – {self.service(record.service_id)}"
        if key == "member":
            return self.user(record.user_id)
        if key == "closure":
            return str(record.instance)
        return record.name


def revert(association, key, history_id, *, user):
    """Undo the change `history_id` of kind `key` of `association`, as an edit of its own: a
    creation by deleting, a deletion by recreating, a modification by setting back the fields
    it changed (the others keep what was saved since). Raises RevertRefused, or ObjectDoesNotExist
    for a change that is not of this association."""
    tracked = TRACKED[key]
    ordered = records(association, key).order_by("history_date", "history_id")
    record = ordered.filter(history_id=history_id).get()
    model = tracked.model
    with edits.edit(
        association, user=user, source=AssociationChange.Source.ADMIN, sections=[]
    ) as change:
        current = model._base_manager.filter(pk=record.id).first()
        if record.history_type == "+":
            if key == "association":
                raise RevertRefused(
                    _("La création d'une association ne s'annule pas : supprimez-la.")
                )
            if current is not None:
                current.delete()
            change.sections.append(tracked.section)
            return
        if record.history_type == "-":
            if current is not None:
                raise RevertRefused(_("Cet élément existe déjà : il a été rétabli."))
            restored = record.instance
            _check(restored)
            restored.save()
            if key == "service":
                restored.languages.set(_language_ids(record))
            change.sections.append(tracked.section)
            return
        previous = ordered.filter(history_id__lt=history_id, id=record.id).last()
        if previous is None:
            raise RevertRefused(_("Aucune version précédente n'est connue."))
        if current is None:
            raise RevertRefused(
                _("Cet élément a été supprimé depuis : annulez d'abord sa suppression.")
            )
        fields = [f for f in shown_fields(key, ccas=True) if not f.many_to_many]
        changed = record.diff_against(previous, included_fields=[f.name for f in fields])
        names = [f.name for f in fields if f.name in changed.changed_fields]
        for f in fields:
            if f.name in names:
                setattr(current, f.attname, _value(previous, f))
        _check(current)
        current.save()
        if key == "service" and _language_ids(previous) != _language_ids(record):
            current.languages.set(_language_ids(previous))
            names.append("languages")
        if key == "association":
            change.sections += edits.sections_of(names)
        elif names:
            change.sections.append(tracked.section)


def _language_ids(record):
    return sorted(record.languages.values_list("language_id", flat=True))


def _check(obj):
    """Refuse what the database would: a row pointing to a deleted object, a broken rule."""
    for model_field in obj._meta.concrete_fields:
        if model_field.is_relation and getattr(obj, model_field.attname) is not None:
            target = model_field.related_model._base_manager
            if not target.filter(pk=getattr(obj, model_field.attname)).exists():
                raise RevertRefused(
                    _("« %(field)s » n'existe plus : rétablissez-le d'abord.")
                    % {"field": capfirst(model_field.verbose_name)}
                )
    try:
        obj.validate_constraints()
    except ValidationError as error:
        raise RevertRefused(" ".join(error.messages)) from error
