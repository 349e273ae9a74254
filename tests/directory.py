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
from network.models import YearlyFigures

# An association with its places, services (their publics and hours), closures, referents, the
# volunteers' memberships and its yearly figures: what a deletion keeps aside and a restore
# brings back, and what a backup must keep.
ASSOCIATION_MODELS = (
    Association,
    Place,
    Service,
    ServicePublic,
    OpeningSlot,
    Closure,
    Referent,
    Membership,
    YearlyFigures,
)
