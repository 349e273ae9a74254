"""The models an association's record spans, for tests that compare it before and after."""

from accounts.models import Membership
from associations.models import (
    Association,
    Closure,
    OpeningSlot,
    Place,
    Referent,
    Service,
    ServicePublic,
)

# An association with its places, services (their publics and hours), closures, referents and
# the volunteers' memberships: what a deletion removes and a backup or a restore must keep.
ASSOCIATION_MODELS = (
    Association,
    Place,
    Service,
    ServicePublic,
    OpeningSlot,
    Closure,
    Referent,
    Membership,
)
