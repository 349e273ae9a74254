from . import help_box


def help_box_desks(request):
    """`help_desks`: the CCAS's reception desks for the help box, read only when a page shows it
    (templates/ccas/help_box.html)."""
    return {"help_desks": lambda: help_box.of_request(request)}
