from django import template
from django.utils.text import get_text_list

from associations.models import OpeningSlot

register = template.Library()


@register.filter
def weeks_of_month(slot):
    """ "1re et 3e", "dernière": the weeks of the month a slot applies to, in French."""
    labels = dict(OpeningSlot.Week.choices)
    return get_text_list(
        [str(labels[week]) for week in slot.weeks_of_month if week in labels], "et"
    )
