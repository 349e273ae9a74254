"""Logging in with one's e-mail address or username, in any letter case."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q


def account_named(login):
    """The account `login` designates: its username, exactly, else in another case, else its
    e-mail address; None when nothing, or several accounts, answer to it."""
    User = get_user_model()
    login = login.strip()
    candidates = list(
        User._default_manager.filter(Q(username__iexact=login) | Q(email__iexact=login))[:10]
    )
    for matches in (
        [user for user in candidates if user.get_username() == login],
        [user for user in candidates if user.get_username().lower() == login.lower()],
        [user for user in candidates if user.email.lower() == login.lower()],
    ):
        if len(matches) == 1:
            return matches[0]
        if matches:
            return None
    return None


class EmailOrUsernameBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = account_named(username)
        if user is None:
            # Hash anyway: the answer takes as long whether or not the account exists.
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
