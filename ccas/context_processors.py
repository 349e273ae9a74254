from . import help_box, territory


def help_box_desks(request):
    """`help_desks`: the CCAS's reception desks for the help box, read only when a page shows it
    (templates/ccas/help_box.html)."""
    return {"help_desks": lambda: help_box.of_request(request)}


def site_territory(request):
    """`territory`: the site's name, the CCAS's, the territory's, its towns, its map and colour
    (ccas/territory.py), read only when a page names one of them."""
    return {"territory": lambda: territory.of_request(request)}
