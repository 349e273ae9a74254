"""Lists the CCAS edits in the admin: types of aid, publics, quartiers, languages, networks, the
towns of its territory, and the synonyms the search reads them by.

Each carries the code of the national standard (data·inclusion) where one exists, so that the
local vocabulary can be kept while exports speak the national one.
"""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .validators import name_length


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

    # A service without a name is called by its type's name, in the exports too.
    name = models.CharField(_("nom"), max_length=100, validators=name_length)
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
    is_sensitive = models.BooleanField(
        _("public sensible"),
        default=False,
        help_text=_(
            "Cocher pour un public que l'affichage peut exposer (par exemple : personnes sans "
            "papiers, demandeurs d'asile). Il n'est alors montré qu'aux agents du CCAS, jamais "
            "sur le site public ni dans les exports, sauf pour un service où un agent l'a rendu "
            "public."
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


class Synonym(models.Model):
    """A word or phrase that residents type, which the search reads as one type of aid, public,
    language or condition (associations/vocabulary.py): « resto », « sans-papiers », « وجبة ».

    The names of the lists, in French, English and Arabic, are read already; a synonym adds the
    other ways of saying them. A type of aid, public or language deleted takes its synonyms with
    it: they meant nothing else.
    """

    class Condition(models.TextChoices):
        # The values are the names of the list's filters they stand for (associations/filters.py).
        FREE = "gratuit", _("Gratuit")
        WITHOUT_APPOINTMENT = "sans_rendez_vous", _("Sans rendez-vous")
        WITHOUT_REFERRAL = "sans_orientation", _("Sans orientation")

    text = models.CharField(
        _("mot ou expression"),
        max_length=100,
        help_text=_(
            "Tel que les personnes l'écrivent, dans n'importe quelle langue, par exemple "
            "« resto » ou « وجبة ». Majuscules et accents ne comptent pas."
        ),
    )
    aid_type = models.ForeignKey(
        AidType,
        verbose_name=_("type d'aide"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="synonyms",
    )
    public = models.ForeignKey(
        Public,
        verbose_name=_("public"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="synonyms",
    )
    language = models.ForeignKey(
        Language,
        verbose_name=_("langue"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="synonyms",
    )
    condition = models.CharField(_("condition"), max_length=20, choices=Condition, blank=True)

    class Meta:
        ordering = ["text"]
        verbose_name = _("synonyme de la recherche")
        verbose_name_plural = _("synonymes de la recherche")
        constraints = [
            models.UniqueConstraint(fields=["text"], name="synonym_unique_text"),
            models.CheckConstraint(
                condition=models.Q(
                    aid_type__isnull=False, public__isnull=True, language__isnull=True, condition=""
                )
                | models.Q(
                    aid_type__isnull=True, public__isnull=False, language__isnull=True, condition=""
                )
                | models.Q(
                    aid_type__isnull=True, public__isnull=True, language__isnull=False, condition=""
                )
                | (
                    models.Q(aid_type__isnull=True, public__isnull=True, language__isnull=True)
                    & ~models.Q(condition="")
                ),
                name="synonym_means_one_thing",
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def meaning(self):
        """What the synonym stands for: a type of aid, a public, a language or a condition."""
        if self.condition:
            return self.get_condition_display()
        return self.aid_type or self.public or self.language

    def clean(self):
        chosen = [self.aid_type_id, self.public_id, self.language_id, self.condition or None]
        if sum(value is not None for value in chosen) != 1:
            raise ValidationError(
                _(
                    "Choisissez une seule chose : un type d'aide, un public, une langue "
                    "ou une condition."
                )
            )


class TownQuerySet(models.QuerySet):
    """The towns of the territory: where places may be, what the address lookup may return."""

    def insee_codes(self):
        """The INSEE codes of the towns (the BAN's `citycode`), to keep an address lookup within
        the territory."""
        return [town.insee_code for town in self]

    def postal_codes(self):
        """Every postal code of the towns (the BAN's `postcode`), in the towns' order."""
        return [code for town in self for code in town.postal_code_list]

    def insee_codes_by_address(self):
        """{(town, postal code): INSEE code} for every postal code of the towns."""
        return {
            (town.name, code): town.insee_code for town in self for code in town.postal_code_list
        }

    def start_address(self, fields):
        """Start the "city" and "postal_code" form `fields` of a new address (a place, a
        reception desk) with the first town of the list and its first postal code."""
        town = self.first()
        if town is not None:
            fields["city"].initial = town.name
            fields["postal_code"].initial = town.postal_code_list[0]


class Town(Term):
    """A town the CCAS (or the intercommunal CIAS) serves: places must be in one of them."""

    insee_code = models.CharField(
        _("code INSEE"),
        max_length=5,
        validators=[RegexValidator(r"^(\d{5}|2[AB]\d{3})$", _("Cinq chiffres, comme 59512."))],
        help_text=_("Le code officiel géographique de la commune, par exemple 59512."),
    )
    postal_codes = models.CharField(
        _("codes postaux"),
        max_length=200,
        validators=[
            RegexValidator(
                r"^\d{5}(, \d{5})*$",
                _(
                    "Des codes de cinq chiffres séparés par une virgule et une espace : 59100, 59101."
                ),
            )
        ],
        help_text=_("Séparés par une virgule, par exemple « 59100 » ou « 59000, 59800 »."),
    )

    objects = TownQuerySet.as_manager()

    class Meta(Term.Meta):
        verbose_name = _("ville du territoire")
        verbose_name_plural = _("villes du territoire")
        constraints = [
            *Term.Meta.constraints,
            models.UniqueConstraint(fields=["insee_code"], name="town_unique_insee_code"),
        ]

    @property
    def postal_code_list(self):
        return self.postal_codes.split(", ") if self.postal_codes else []
