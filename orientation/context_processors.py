from .access import may_orient


def orientation(request):
    """`may_orient`: whether to link to the orientation pages (evaluated only where a page asks)."""
    return {"may_orient": lambda: may_orient(request.user)}
