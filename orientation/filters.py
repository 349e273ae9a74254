"""The agents' search: the public filters, with the publics only the CCAS may see."""

from associations.filters import AssociationFilter
from associations.models import ServicePublic


class OrientationFilter(AssociationFilter):
    def public_links(self):
        return ServicePublic.objects.all()
