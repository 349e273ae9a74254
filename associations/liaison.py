"""The fiche de liaison: one association on one printable page, for CCAS agents or for everyone.

Wraps an association loaded with `with_agent_details()` (``ccas=True``) or `with_public_details()`
(``ccas=False``). The public sheet cannot show CCAS-only rows: they are not even loaded.
"""

from functools import cached_property

from .listing import ListedAssociation, ListedService


class SheetService(ListedService):
    def __init__(self, service, association, now, *, ccas):
        super().__init__(service, association, now)
        self.ccas = ccas

    @property
    def audience(self):
        """The service's ServicePublic links; CCAS-only ones (`is_public` False) for agents only."""
        return self.service.agent_publics if self.ccas else self.service.public_publics


class LiaisonSheet(ListedAssociation):
    def __init__(self, association, now, *, ccas):
        super().__init__(association, now)
        self.ccas = ccas

    @cached_property
    def services(self):
        return [
            SheetService(service, self.association, self.now, ccas=self.ccas)
            for service in self.association.service_list
        ]

    @property
    def referents(self):
        if self.ccas:
            return self.association.agent_referents
        return self.association.public_referents

    @property
    def internal_notes(self):
        return self.association.internal_notes if self.ccas else ""

    @property
    def anchor(self):
        return f"fiche-{self.association.slug}"
