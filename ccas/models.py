"""What the CCAS itself is and offers the public: its territory (the site's name, its own name,
the map, the colour: ccas/territory.py) and its reception desks, shown in every page's help box.

Agents keep them in the back office (ccas/admin.py), or `manage.py setup_territory` writes them
from a file (ccas/territory_file.py). The desks' hours are the directory's hours model
(`WeeklySlot`), read and described by associations/opening_hours.py like the associations'.
"""

from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from associations import opening_hours
from associations.models import (
    Association,
    WeeklySlot,
    validate_town,
    weekly_slot_constraints,
)

from . import logo as logo_file
from .colours import validate_colour_behind_white_text


class Territory(models.Model):
    """The one row saying whom the site belongs to and where: every page, mail and export names
    the site, the CCAS (or CIAS) and the territory from it, never from the code. The towns are
    the list `associations.Town`, the quartiers `associations.Quartier`."""

    SINGLE_ROW = 1

    site_name = models.CharField(
        _("nom du site"),
        max_length=60,
        help_text=_("Affiché en haut de chaque page et dans les courriels."),
    )
    name = models.CharField(
        _("nom du territoire"),
        max_length=100,
        help_text=_(
            "La ville, ou le nom de l'intercommunalité, lu après « à » : « L'aide alimentaire "
            "à … »."
        ),
    )
    ccas_name = models.CharField(
        _("nom du CCAS ou du CIAS"),
        max_length=150,
        help_text=_("Tel que le public le connaît, par exemple « CCAS de … » ou « CIAS du … »."),
    )
    map_latitude = models.DecimalField(
        _("latitude du centre de la carte"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    map_longitude = models.DecimalField(
        _("longitude du centre de la carte"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    map_zoom = models.PositiveSmallIntegerField(
        _("zoom de la carte"),
        default=13,
        validators=[MinValueValidator(1), MaxValueValidator(18)],
        help_text=_("De 1 (le monde) à 18 (une rue) ; 13 montre une ville."),
    )
    sender_email = models.EmailField(
        _("adresse d'envoi des courriels"),
        blank=True,
        help_text=_(
            "Les courriels partent de cette adresse, au nom du site. Vide : l'adresse "
            "DEFAULT_FROM_EMAIL des réglages du serveur."
        ),
    )
    colour = models.CharField(
        _("couleur principale"),
        max_length=7,
        default="#0b6e4f",
        validators=[validate_colour_behind_white_text],
        help_text=_(
            "Au format #rrvvbb. Le texte blanc y est écrit (en-tête, boutons) : elle doit être "
            "assez foncée pour qu'il reste lisible."
        ),
    )
    # Given through the back office's form (ccas/admin.py), read by ccas/logo.py.
    logo = models.BinaryField(_("logo"), blank=True, default=b"")
    logo_type = models.CharField(_("type du logo"), max_length=20, blank=True, editable=False)
    logo_digest = models.CharField(max_length=16, blank=True, editable=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("territoire")
        verbose_name_plural = _("territoire")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="territory_single_row"),
        ]

    def __str__(self):
        return self.site_name

    def set_logo(self, content, content_type):
        """Keep `content` as the logo (b"" and "": no logo)."""
        self.logo, self.logo_type = content, content_type
        self.logo_digest = logo_file.digest(content) if content else ""

    @property
    def sender(self):
        """The From of every mail: the site's name and the territory's address, or the
        server's (DEFAULT_FROM_EMAIL)."""
        address = self.sender_email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
        return formataddr((self.site_name, address))


class ReceptionDeskQuerySet(models.QuerySet):
    def with_slots(self):
        """Each desk with its slots in `slot_list`, in the order the help box lists them."""
        slots = ReceptionSlot.objects.order_by("weekday", "opens_at", "pk")
        return self.prefetch_related(Prefetch("slots", queryset=slots, to_attr="slot_list"))


class ReceptionDesk(models.Model):
    name = models.CharField(
        _("nom"), max_length=200, help_text=_("Par exemple « Accueil du CCAS, hôtel de ville ».")
    )
    address = models.CharField(_("adresse"), max_length=255)
    postal_code = models.CharField(_("code postal"), max_length=5)
    city = models.CharField(
        _("ville"), max_length=100, help_text=_("Une des villes du territoire.")
    )
    phone = models.CharField(_("téléphone"), max_length=30)
    email = models.EmailField(_("adresse e-mail"), blank=True)
    note = models.CharField(
        _("à savoir"),
        max_length=300,
        blank=True,
        help_text=_("Affiché au public. Par exemple « Sans rendez-vous le matin »."),
    )
    note_en = models.CharField(_("à savoir, en anglais"), max_length=300, blank=True)
    note_ar = models.CharField(_("à savoir, en arabe"), max_length=300, blank=True)
    holiday_policy = models.CharField(
        _("jours fériés"),
        max_length=20,
        choices=Association.HolidayPolicy,
        default=Association.HolidayPolicy.UNKNOWN,
    )
    position = models.PositiveSmallIntegerField(
        _("ordre d'affichage"), default=0, help_text=_("Les plus petits nombres d'abord.")
    )
    is_demo = models.BooleanField(
        _("donnée de démonstration"),
        default=False,
        editable=False,
        help_text=_("Accueil fictif chargé avec les données de démonstration."),
    )

    objects = ReceptionDeskQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name", "pk"]
        verbose_name = _("accueil du CCAS")
        verbose_name_plural = _("accueils du CCAS")

    def __str__(self):
        return self.name

    @property
    def full_address(self):
        return f"{self.address}, {self.postal_code} {self.city}"

    def clean(self):
        validate_town(self.city, self.postal_code)

    def schedule(self):
        """Its opening hours; reads `slot_list` (`with_slots()`)."""
        return opening_hours.Schedule(self.slot_list, holiday_policy=self.holiday_policy)


class ReceptionSlot(WeeklySlot):
    desk = models.ForeignKey(
        ReceptionDesk, verbose_name=_("accueil"), on_delete=models.CASCADE, related_name="slots"
    )

    class Meta:
        ordering = ["desk", "weekday", "opens_at"]
        verbose_name = _("créneau d'ouverture")
        verbose_name_plural = _("créneaux d'ouverture")
        constraints = weekly_slot_constraints("reception_slot")
