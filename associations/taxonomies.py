"""Lists the CCAS edits in the admin: types of aid, publics, quartiers, languages, networks.

Each carries the code of the national standard (data·inclusion) where one exists, so that the
local vocabulary can be kept while exports speak the national one.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TermManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Term(models.Model):
    name = models.CharField(_("nom"), max_length=100)
    slug = models.SlugField(_("identifiant"), max_length=100)
    position = models.PositiveSmallIntegerField(
        _("ordre d'affichage"), default=0, help_text=_("Les plus petits d'abord.")
    )

    objects = TermManager()

    class Meta:
        abstract = True
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="%(class)s_unique_slug"),
            models.UniqueConstraint(fields=["name"], name="%(class)s_unique_name"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class TranslatedTerm(Term):
    """A term shown to residents in their language: English and Arabic names beside the French one.

    Where a translation is missing the French name is shown. Quartiers are proper names and are
    never translated.
    """

    name_en = models.CharField(_("nom en anglais"), max_length=100, blank=True)
    name_ar = models.CharField(_("nom en arabe"), max_length=100, blank=True)

    class Meta(Term.Meta):
        abstract = True

    def __str__(self):
        return self.label

    @property
    def label(self):
        """The name in the active language, or in French."""
        return getattr(self, f"name_{get_language()}", "") or self.name


class AidType(TranslatedTerm):
    class ServiceType(models.TextChoices):
        MATERIAL = "aide-materielle", _("Aide matérielle")
        FINANCIAL = "aide-financiere", _("Aide financière")
        SUPPORT = "accompagnement", _("Accompagnement")

    description = models.CharField(_("explication"), max_length=300, blank=True)
    di_type = models.CharField(
        _("type data·inclusion"),
        max_length=30,
        choices=ServiceType,
        default=ServiceType.MATERIAL,
    )

    class Meta(Term.Meta):
        verbose_name = _("type d'aide")
        verbose_name_plural = _("types d'aide")


class Public(TranslatedTerm):
    di_code = models.CharField(
        _("code data·inclusion"),
        max_length=60,
        blank=True,
        help_text=_("Public du référentiel national correspondant, s'il existe."),
    )
    is_everyone = models.BooleanField(
        _("ouvert à tous"),
        default=False,
        help_text=_(
            "Cocher pour « Tout public » : un service ouvert à tous est proposé à une personne "
            "qui cherche n'importe quel public."
        ),
    )

    class Meta(Term.Meta):
        verbose_name = _("public")
        verbose_name_plural = _("publics")


class Quartier(Term):
    is_qpv = models.BooleanField(_("quartier prioritaire (QPV)"), default=False)

    class Meta(Term.Meta):
        verbose_name = _("quartier")
        verbose_name_plural = _("quartiers")


class Language(TranslatedTerm):
    code = models.CharField(
        _("code ISO 639"), max_length=3, help_text=_("Par exemple « fr », « ar », « en ».")
    )

    class Meta(Term.Meta):
        verbose_name = _("langue")
        verbose_name_plural = _("langues")


class Network(TranslatedTerm):
    di_code = models.CharField(
        _("code data·inclusion"),
        max_length=60,
        blank=True,
        help_text=_("Réseau porteur du référentiel national, s'il existe."),
    )

    class Meta(Term.Meta):
        verbose_name = _("réseau")
        verbose_name_plural = _("réseaux")
