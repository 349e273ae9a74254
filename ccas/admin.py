"""The territory and the CCAS's reception desks in the back office, with their hours."""

from django import forms
from django.contrib import admin
from django.db import router, transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from associations import edits
from associations.forms import OpeningSlotForm
from associations.models import Town

from . import logo
from .models import ReceptionDesk, ReceptionSlot, Territory


class TerritoryForm(forms.ModelForm):
    """The territory, with its logo given as a file (ccas/logo.py)."""

    logo_file = forms.FileField(
        label=_("logo"),
        required=False,
        help_text=_(
            "Une image PNG ou SVG de 200 Ko au plus, affichée en haut de chaque page à côté du "
            "nom du site."
        ),
    )
    remove_logo = forms.BooleanField(label=_("retirer le logo"), required=False)

    class Meta:
        model = Territory
        fields = [
            "site_name",
            "name",
            "ccas_name",
            "sender_email",
            "colour",
            "map_latitude",
            "map_longitude",
            "map_zoom",
        ]

    def clean_logo_file(self):
        upload = self.cleaned_data["logo_file"]
        return logo.read(upload) if upload else None

    def save(self, commit=True):
        if self.cleaned_data["remove_logo"]:
            self.instance.set_logo(b"", "")
        elif self.cleaned_data["logo_file"]:
            self.instance.set_logo(*self.cleaned_data["logo_file"])
        return super().save(commit)


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    """The one territory, created by the migrations: changed, never added nor deleted. Every page
    shows it, cached under the directory's generation: a save advances it."""

    form = TerritoryForm
    fieldsets = [
        (None, {"fields": ["site_name", "name", "ccas_name", "sender_email", "colour"]}),
        (_("Logo"), {"fields": ["logo_file", "remove_logo"]}),
        (
            _("Carte"),
            {
                "fields": [("map_latitude", "map_longitude"), "map_zoom"],
                "description": _(
                    "Le centre et le zoom de la carte quand aucune adresse n'y est placée."
                ),
            },
        ),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        return redirect(
            reverse("admin:ccas_territory_change", args=[Territory.SINGLE_ROW]),
        )

    def save_model(self, request, obj, form, change):
        with transaction.atomic(using=router.db_for_write(self.model)):
            super().save_model(request, obj, form, change)
            edits.bulk_written()


class ReceptionSlotInline(admin.TabularInline):
    model = ReceptionSlot
    # The services' slot form: the same weeks of the month as checkboxes.
    form = OpeningSlotForm
    extra = 0
    verbose_name = _("créneau")
    verbose_name_plural = _("horaires d'ouverture")


@admin.register(ReceptionDesk)
class ReceptionDeskAdmin(admin.ModelAdmin):
    """Every public page shows the desks in its help box, cached under the directory's
    generation: each save or deletion advances it (`edits.bulk_written`), in its transaction."""

    list_display = ["name", "full_address", "phone", "position", "is_demo"]
    list_editable = ["position"]
    search_fields = ["name", "address"]
    inlines = [ReceptionSlotInline]
    fieldsets = [
        (None, {"fields": ["name", ("address", "postal_code", "city"), "phone", "email"]}),
        (
            _("Affiché au public"),
            {
                "fields": ["note", "note_en", "note_ar", "holiday_policy", "position"],
                "description": _(
                    "Le public voit cet accueil en bas de chaque page du site, avec le 115. "
                    "Sans traduction, la note en français est affichée."
                ),
            },
        ),
    ]

    @admin.display(description=_("adresse"))
    def full_address(self, obj):
        return obj.full_address

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        Town.objects.start_address(form.base_fields)
        return form

    def save_related(self, request, form, formsets, change):
        # After the desk and its slots (the change form and the list's positions both end here).
        super().save_related(request, form, formsets, change)
        edits.bulk_written()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        edits.bulk_written()

    def delete_queryset(self, request, queryset):
        with transaction.atomic(using=router.db_for_write(self.model)):
            super().delete_queryset(request, queryset)
            edits.bulk_written()
