from accounts.roles import is_ccas_agent


def orientation(request):
    """`may_orient`: whether to link to the orientation pages (evaluated only where a page asks)."""
    return {"may_orient": lambda: is_ccas_agent(request.user)}
