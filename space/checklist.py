"""What an association's volunteers should complete or check, shown on their dashboard."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from associations.freshness import months_since


def things_to_do(association, today=None):
    """Plain-French reminders for `association` (places and services' slots prefetched)."""
    todo = []
    if association.check_requested_on is not None:
        todo.append(
            _(
                "Des habitants ont trouvé porte close à vos heures d'ouverture : vérifiez vos "
                "horaires et vos fermetures, puis confirmez qu'elles sont à jour."
            )
        )
    elif association.last_checked_on is None:
        todo.append(_("Vos informations n'ont jamais été vérifiées."))
    elif association.is_stale:
        months = months_since(association.last_checked_on, today)
        todo.append(
            ngettext(
                "Vos horaires n'ont pas été vérifiés depuis %(months)d mois.",
                "Vos horaires n'ont pas été vérifiés depuis %(months)d mois.",
                months,
            )
            % {"months": months}
        )
    if not association.summary and not association.description:
        todo.append(_("Décrivez en une phrase ce que fait l'association."))
    if not association.phone and not association.email:
        todo.append(_("Indiquez un téléphone ou une adresse e-mail."))
    if not association.places.all():
        todo.append(_("Ajoutez le lieu où vous accueillez le public."))
    services = association.services.all()
    if not services:
        todo.append(_("Ajoutez ce que vous proposez (colis, repas, épicerie…)."))
    for service in services:
        if not service.slots.all():
            todo.append(_("Indiquez les horaires de « %(service)s ».") % {"service": service.title})
    if not association.is_published:
        todo.append(_("L'association n'est pas affichée sur le site public."))
    return todo
