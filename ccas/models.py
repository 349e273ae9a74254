"""What the CCAS itself offers the public: its reception desks, shown in every page's help box.

Agents keep them in the back office (ccas/admin.py); their hours are the directory's hours model
(`WeeklySlot`), read and described by associations/opening_hours.py like the associations'.
"""

from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from associations import opening_hours
from associations.models import Association, WeeklySlot, weekly_slot_constraints


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
    postal_code = models.CharField(_("code postal"), max_length=5, default="59100")
    city = models.CharField(_("ville"), max_length=100, default="Roubaix")
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
