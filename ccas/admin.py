"""The CCAS's reception desks in the back office, with their hours."""

from django.contrib import admin
from django.db import router, transaction
from django.utils.translation import gettext_lazy as _

from associations import edits
from associations.forms import OpeningSlotForm

from .models import ReceptionDesk, ReceptionSlot


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
