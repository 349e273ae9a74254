"""The agents' search: the public filters, with the publics only the CCAS may see."""

from associations.filters import AssociationFilter
from associations.models import ServicePublic


class OrientationFilter(AssociationFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["public"].extra["terms"] = self.lists.publics

    def public_links(self):
        return ServicePublic.objects.all()
