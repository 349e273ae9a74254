"""Who may orient people: CCAS agents (superusers are agents too)."""

from space.access import is_ccas_agent


def may_orient(user):
    return user.is_authenticated and is_ccas_agent(user)
