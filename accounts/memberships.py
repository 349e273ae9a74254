"""A manager changes a member's role or removes them; an association always keeps a manager."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from associations.models import Association

from .models import Membership


class Refused(Exception):
    """The change would leave the association without a manager, or a manager without access."""


LAST_MANAGER = _("L'association doit garder au moins un responsable : nommez-en un autre d'abord.")


def _lock(membership):
    # Two managers stepping down at the same time must not both pass the last-manager check.
    Association.objects.select_for_update().filter(pk=membership.association_id).first()


def is_last_manager(membership):
    """Whether `membership` is, as stored (a form may have changed it in memory), the
    association's only manager."""
    managers = Membership.objects.filter(
        association_id=membership.association_id, role=Membership.Role.MANAGER
    )
    return list(managers.values_list("pk", flat=True)[:2]) == [membership.pk]


@transaction.atomic
def change_role(membership, role):
    _lock(membership)
    if role != Membership.Role.MANAGER and is_last_manager(membership):
        raise Refused(LAST_MANAGER)
    membership.role = role
    membership.save(update_fields=["role"])


@transaction.atomic
def remove(membership, *, by):
    _lock(membership)
    if membership.user_id == by.pk:
        raise Refused(_("Vous ne pouvez pas vous retirer vous-même."))
    if is_last_manager(membership):
        raise Refused(LAST_MANAGER)
    membership.delete()
