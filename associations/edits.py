"""Every change to the directory, whoever makes it, goes through this module.

An edit changes one association: its description, places, services, hours, closures,
referents or publication. The back office's change form and actions, the association space,
an import, a deletion or a restore, the demo loader: each wraps its writes in `edit()`:

    with edits.edit(association, user=user, source=Source.SPACE) as change:
        form.save()
        change.sections.append(Section.PLACES)

On entering, the association's row is locked until the end of the transaction: edits of one
association, and of everything of it, follow one another. A page's forms are merged field by field
with what was saved since they were displayed, under this lock (associations/merging.py). On
leaving, in the same transaction and once for the whole edit, if any section changed (an edit
that changed nothing does none of this):
- the places whose address changed, or that are new, are looked up in the address base
  (`geocoding.locate_places`): a failed lookup leaves them "à localiser", never stops the edit;
- the version goes up by one and the change is logged (`AssociationChange`): the CCAS's list of
  changes to review; a form whose version is behind knows that something changed meanwhile;
- a person's edit of the hours, closures or referents counts as a check (`last_checked_on`);
- any check ends the residents' request for one (`check_requested_on`, see `request_check()`);
- the association's search text is rewritten (`search.index`);
- the directory's generation advances (`DirectoryGeneration`), so that cached public pages and
  built exports follow at once, on every app server.
django-simple-history records each row saved, with the request's user.

The back office splits an edit between its change form's view, which calls `lock()` before the
forms are merged, and its save, which calls `finish()` once everything is saved.

The shared lists (types of aid, quartiers, publics, languages, networks) change through
`save_term()` and `delete_terms()`. A script that writes with `bulk_create` or
`QuerySet.update` calls `bulk_written()` afterwards.
"""

from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone

from . import geocoding, search
from .models import (
    AidType,
    Association,
    AssociationChange,
    DirectoryGeneration,
    Network,
    Place,
    Quartier,
)

Section = AssociationChange.Section
Source = AssociationChange.Source


# The part of an association each of its own fields belongs to, for the change log.
FIELD_SECTIONS = {
    "is_published": Section.PUBLICATION,
    "last_checked_on": Section.CHECK,
    "holiday_policy": Section.HOURS,
    "habilitation": Section.CCAS,
    "internal_notes": Section.CCAS,
}


# Someone editing these, in the space or the back office (not an import or a script), has just
# checked them: the association's information counts as checked today.
CHECKING_SECTIONS = {Section.HOURS, Section.CLOSURES, Section.REFERENTS}
CHECKING_SOURCES = {Source.SPACE, Source.ADMIN}


def sections_of(field_names):
    """The parts of an association that changing these of its fields changes."""
    return [FIELD_SECTIONS.get(name, Section.DESCRIPTION) for name in field_names]


def lock(association):
    """Lock the association's row until the end of the transaction; return its version.

    A new association, not saved yet, has nothing to lock: version 0.
    """
    if association.pk is None:
        return 0
    rows = Association.all_objects.select_for_update().filter(pk=association.pk)
    return rows.values_list("version", flat=True).get()


def start(association, locked_version, *, user, source, sections=()):
    """The change an edit records, to be given to `finish()` once the writes are done."""
    return AssociationChange(
        association=association,
        version=locked_version + 1,
        user=_account(user),
        source=source,
        sections=list(sections),
    )


def finish(change):
    """End the edit. If any section changed: the version goes up and the change is logged, the
    search text is rewritten and the generation advances. An edit that changed nothing leaves
    all three, and the cached pages and built exports with them."""
    change.sections = list(dict.fromkeys(change.sections))
    if not change.sections:
        return
    association = change.association
    if Section.PLACES in change.sections:
        geocoding.locate_places(Place.objects.filter(association=association))
    # Set, not raised with F(): a save of the association during the edit (or a revert from the
    # history) wrote the version it was loaded with.
    Association.all_objects.filter(pk=association.pk).update(version=change.version)
    association.version = change.version
    _record_check(change)
    change.save()
    search.index(Association.all_objects.filter(pk=association.pk))
    DirectoryGeneration.advance()


def _record_check(change):
    association = change.association
    checked = {}
    if change.source in CHECKING_SOURCES and CHECKING_SECTIONS.intersection(change.sections):
        checked["last_checked_on"] = timezone.localdate()
    answers_a_request = checked or Section.CHECK in change.sections
    if (
        association.check_requested_on is not None
        and answers_a_request
        and change.source != Source.RESIDENTS
    ):
        checked["check_requested_on"] = None
    if checked:
        for name, value in checked.items():
            setattr(association, name, value)
        Association.all_objects.filter(pk=association.pk).update(**checked)


def _account(user):
    """The user to record, or None for a script or an anonymous request."""
    return user if user is not None and user.is_authenticated else None


@contextmanager
def edit(association, *, user=None, source, sections=()):
    """Run the writes of the `with` block as one edit of `association`; see the module."""
    with transaction.atomic():
        version = lock(association)
        change = start(association, version, user=user, source=source, sections=sections)
        yield change
        finish(change)


class ChangedMeanwhile(Exception):
    """The information someone confirms changed since it was shown to them."""


def mark_checked(association, *, user, source=Source.SPACE, shown_version=None):
    """Record today as the day the association's information was last checked: the information
    of `shown_version` if given (ChangedMeanwhile, and nothing recorded, if it changed since)."""
    with edit(association, user=user, source=source, sections=[Section.CHECK]) as change:
        if shown_version is not None and change.version != shown_version + 1:
            raise ChangedMeanwhile
        association.last_checked_on = timezone.localdate()
        association.check_requested_on = None
        association.save(update_fields=["last_checked_on", "check_requested_on", "updated_at"])


def request_check(association):
    """Residents found the association closed at its opening hours, again and again: its
    information is "à vérifier" until the next check (`mark_checked`, a person's edit of the
    hours, closures or referents, or an agent's edit of the check date). False, and nothing
    written, if a check is already asked for."""
    with edit(association, source=Source.RESIDENTS) as change:
        association.refresh_from_db(fields=["check_requested_on"])
        if association.check_requested_on is not None:
            return False
        change.sections.append(Section.CHECK)
        association.check_requested_on = timezone.localdate()
        association.save(update_fields=["check_requested_on", "updated_at"])
    return True


def set_fields(association, *, user, source, section, **values):
    """Change a few of the association's own fields, as one edit."""
    with edit(association, user=user, source=source, sections=[section]):
        for name, value in values.items():
            setattr(association, name, value)
        association.save(update_fields=[*values, "updated_at"])


def archive(association, *, user, source=Source.ADMIN):
    """Take the association out of the directory, keeping everything of it for a restore.

    Archived, it is out of every page, export and count (`Association.objects` leaves it out)."""
    set_fields(
        association,
        user=user,
        source=source,
        section=Section.ARCHIVE,
        archived_at=timezone.now(),
        archived_by=_account(user),
    )


def restore(association, *, user, source=Source.ADMIN):
    """Bring an archived association back, as it was: places, services, members, figures."""
    set_fields(
        association,
        user=user,
        source=source,
        section=Section.ARCHIVE,
        archived_at=None,
        archived_by=None,
    )


# The lists whose names an association's search text holds, and how an association uses them.
SEARCHED_TERMS = {Network: "network", Quartier: "places__quartier", AidType: "services__aid_type"}


def save_term(term):
    """Save a term of a shared list; a rename rewrites the search text of the associations
    that use it. Every public page shows the lists: the generation advances."""
    with transaction.atomic():
        renamed = term.pk is not None and type(term) in SEARCHED_TERMS
        term.save()
        if renamed:
            lookup = SEARCHED_TERMS[type(term)]
            search.index(Association.all_objects.filter(**{lookup: term}).distinct())
        DirectoryGeneration.advance()


def delete_terms(terms):
    """Delete terms of a shared list (a queryset); none that is in use can be (PROTECT)."""
    with transaction.atomic():
        terms.delete()
        DirectoryGeneration.advance()


def bulk_written(associations=None):
    """After writes that bypassed `edit()` (bulk_create, QuerySet.update, a hard delete): the
    search text of `associations` (a queryset), if given, then the generation, once."""
    with transaction.atomic():
        if associations is not None:
            search.index(associations)
        DirectoryGeneration.advance()
