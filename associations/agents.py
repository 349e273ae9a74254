"""Who is a CCAS agent: staff who may change every association of the directory."""


def is_ccas_agent(user):
    return user.is_staff and user.has_perm("associations.change_association")
