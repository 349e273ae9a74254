"""Saving an association's information without losing anyone's changes.

Every save, from the back office or the association space, goes through `locked_edit`: it locks
the association's row, refuses the save if the association changed since the editor loaded it
(its version is no longer the one the form carried), then raises the version and logs who
changed which parts. Two people editing at once: the later save is refused, with what changed.
"""

from contextlib import contextmanager
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from .models import Association, AssociationChange


class EditConflict(Exception):
    """The association changed since the editor loaded it; `changes` are what happened meanwhile."""

    def __init__(self, changes):
        super().__init__("The association changed since the form was loaded.")
        self.changes = changes

    @property
    def summary(self):
        """What changed meanwhile, and that this save was refused."""
        return format_lazy(
            _(
                "Quelqu'un a modifié cette fiche pendant que vous la modifiiez : {changes}. "
                "Vos changements n'ont pas été enregistrés."
            ),
            changes="; ".join(describe(change) for change in self.changes)
            or _("modification inconnue"),
        )

    @property
    def message(self):
        """The summary, and what to do next in a form that cannot keep the typed changes."""
        return format_lazy(
            "{} {}",
            self.summary,
            _("Rechargez la page pour voir la version actuelle, puis refaites vos changements."),
        )


def describe(change):
    who = (change.user.get_full_name() or change.user.get_username()) if change.user else "?"
    when = date_format(
        timezone.localtime(change.created_at), pgettext("date format of a change", "j F à H\\hi")
    )
    return f"{', '.join(change.section_labels)} ({who}, {when})"


def lock_for_edit(association, expected_version):
    """Lock the association's row until the end of the transaction and return its version.

    Raises EditConflict if the version is no longer `expected_version` (None: no check).
    """
    current = Association.objects.select_for_update().values_list("version", flat=True)
    version = current.get(pk=association.pk)
    if expected_version is not None and version != expected_version:
        raise EditConflict(
            list(
                association.changes.filter(version__gt=expected_version)
                .select_related("user")
                .order_by("version")
            )
        )
    return version


def new_change(association, locked_version, *, user, sections, source):
    return AssociationChange(
        association=association,
        version=locked_version + 1,
        user=user if user and user.is_authenticated else None,
        source=source,
        sections=list(sections),
    )


def save_change(change):
    """Raise the association's version and log the change, unless nothing changed."""
    change.sections = list(dict.fromkeys(change.sections))
    if change.pk:
        change.save(update_fields=["sections"])
        return
    if not change.sections:
        return
    # Set explicitly, not with F(): a save of the association in the same transaction (or a
    # revert from the history) may have written an older version number.
    Association.objects.filter(pk=change.association_id).update(version=change.version)
    change.association.version = change.version
    change.save()


@contextmanager
def locked_edit(association, expected_version, *, user, sections=(), source):
    """Run the writes of the `with` block only if `association` is still at `expected_version`.

    Raises EditConflict before any write otherwise. The block may add to `change.sections`;
    after it, the version goes up by one and the change is logged.
    """
    with transaction.atomic():
        version = lock_for_edit(association, expected_version)
        change = new_change(association, version, user=user, sections=sections, source=source)
        yield change
        save_change(change)


def mark_checked(association, *, user, source=AssociationChange.Source.SPACE):
    """Record today as the day the association's information was last checked."""
    with locked_edit(
        association,
        None,
        user=user,
        sections=[AssociationChange.Section.CHECK],
        source=source,
    ):
        association.last_checked_on = timezone.localdate()
        association.save(update_fields=["last_checked_on", "updated_at"])


class NothingToRestore(Exception):
    """The association is not deleted, or its history is unknown."""


# Deleting an association deletes these with it (the order is the order to restore them).
CASCADE = [
    ("places", "association_id"),
    ("services", "association_id"),
    ("service_publics", "service_id"),
    ("slots", "service_id"),
    ("closures", "association_id"),
    ("referents", "association_id"),
    ("memberships", "association_id"),
]


def deleted_associations():
    """The last historical record of each association that is deleted now, newest first."""
    deletions = Association.history.filter(history_type="-").order_by("-history_date")
    existing = set(Association.objects.values_list("pk", flat=True))
    latest = {}
    for record in deletions:
        if record.id not in existing and record.id not in latest:
            latest[record.id] = record
    return list(latest.values())


def _cascade_models():
    from accounts.models import Membership

    from .models import Closure, OpeningSlot, Place, Referent, Service, ServicePublic

    return {
        "places": Place,
        "services": Service,
        "service_publics": ServicePublic,
        "slots": OpeningSlot,
        "closures": Closure,
        "referents": Referent,
        "memberships": Membership,
    }


def restore_association(association_id, *, user):
    """Bring back a deleted association with everything deleted along with it, from the history.

    Rows deleted in the same minute as the association come back with their ids; a service gets
    back the languages of its last recorded state. The restore is itself recorded.
    """
    last = Association.history.filter(id=association_id).order_by("-history_date").first()
    if (
        last is None
        or last.history_type != "-"
        or Association.objects.filter(pk=association_id).exists()
    ):
        raise NothingToRestore(association_id)
    window = (last.history_date - timedelta(minutes=1), last.history_date + timedelta(minutes=1))
    models = _cascade_models()
    with transaction.atomic():
        association = _save_as_recorded(last)
        service_ids = set()
        for name, key in CASCADE:
            model = models[name]
            owners = service_ids if key == "service_id" else {association_id}
            records = model.history.filter(
                **{f"{key}__in": owners},
                history_type="-",
                history_date__range=window,
            )
            for record in records:
                if model.objects.filter(pk=record.id).exists():
                    continue
                _save_as_recorded(record)
                if name == "services":
                    service_ids.add(record.id)
                    _restore_languages(record)
        with locked_edit(
            association,
            None,
            user=user,
            sections=[AssociationChange.Section.DESCRIPTION],
            source=AssociationChange.Source.ADMIN,
        ):
            pass
    return association


def _save_as_recorded(record):
    """Save a historical record's instance again, creation dates included."""
    instance = record.instance
    instance.save()
    model = type(instance)
    creation_dates = {
        field.name: getattr(record, field.name)
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now_add", False)
    }
    if creation_dates:
        model.objects.filter(pk=instance.pk).update(**creation_dates)
        for name, value in creation_dates.items():
            setattr(instance, name, value)
    return instance


def _restore_languages(deleted_record):
    before = (
        deleted_record.instance_type.history.filter(
            id=deleted_record.id, history_date__lt=deleted_record.history_date
        )
        .exclude(history_type="-")
        .order_by("-history_date")
        .first()
    )
    if before is not None:
        deleted_record.instance_type.objects.get(pk=deleted_record.id).languages.set(
            [row.language_id for row in before.languages.all()]
        )
