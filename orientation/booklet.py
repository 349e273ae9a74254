"""The booklet: every published liaison sheet in one printed document, with two tables of contents."""

from django.utils.translation import gettext as _

from associations.search import fold


def contents(sheets):
    """(by quartier, by type of aid): lists of (heading, [sheet, …]), sheets in booklet order.

    An association with places in several quartiers, or several types of aid, is listed under each.
    """
    by_quartier, by_aid_type = {}, {}
    for sheet in sheets:
        quartiers = sheet.quartiers or [None]
        for quartier in quartiers:
            by_quartier.setdefault(quartier, []).append(sheet)
        for aid_type in sheet.aid_types:
            by_aid_type.setdefault(aid_type, []).append(sheet)
    quartier_order = sorted(by_quartier, key=lambda q: (q is None, fold(q.name) if q else ""))
    aid_type_order = sorted(by_aid_type, key=lambda t: (t.position, t.name))
    return (
        [(q.name if q else _("Sans quartier précisé"), by_quartier[q]) for q in quartier_order],
        [(t.name, by_aid_type[t]) for t in aid_type_order],
    )
