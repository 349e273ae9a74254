"""The CCAS back office: agents edit the whole directory here."""

import nested_admin
from django.contrib import admin, messages
from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .forms import OpeningSlotForm
from .models import (
    AidType,
    Association,
    Closure,
    Language,
    Network,
    OpeningSlot,
    Place,
    Public,
    Quartier,
    Referent,
    Service,
    ServicePublic,
)


class CachedChoicesMixin:
    """Evaluate each select's choices once per request instead of once per inline form.

    Without this, every form of every inline runs its own query for each foreign key, so the
    change page's query count would grow with the number of services.
    """

    def _cache_choices(self, request, formfield, key):
        if formfield is None or request is None:
            return formfield
        cache = request.__dict__.setdefault("_admin_choices", {})
        if key not in cache:
            cache[key] = list(formfield.choices)
        formfield.choices = cache[key]
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "place":
            kwargs["queryset"] = Place.objects.filter(
                association_id=request.resolver_match.kwargs.get("object_id") or 0
            )
        if db_field.name == "service":
            kwargs["queryset"] = Service.objects.filter(
                association_id=request.resolver_match.kwargs.get("object_id") or 0
            ).select_related("aid_type")
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return self._cache_choices(request, formfield, db_field.name)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        return self._cache_choices(request, formfield, db_field.name)


class PrefetchedInlineFormSet(nested_admin.formsets.NestedInlineFormSet):
    """A nested formset that reads its rows from the parent's prefetched relation.

    Without it, each service on the change page would query its own publics and slots.
    """

    def get_queryset(self):
        accessor = self.fk.remote_field.get_accessor_name()
        prefetched = getattr(self.instance, "_prefetched_objects_cache", {}).get(accessor)
        if self.data or prefetched is None:
            return super().get_queryset()
        return list(prefetched)


class OpeningSlotInline(CachedChoicesMixin, nested_admin.NestedTabularInline):
    model = OpeningSlot
    form = OpeningSlotForm
    formset = PrefetchedInlineFormSet
    extra = 0
    verbose_name = _("créneau")
    verbose_name_plural = _("horaires d'ouverture")


class ServicePublicInline(CachedChoicesMixin, nested_admin.NestedTabularInline):
    model = ServicePublic
    formset = PrefetchedInlineFormSet
    extra = 0


class ServiceInline(CachedChoicesMixin, nested_admin.NestedStackedInline):
    model = Service
    extra = 0
    inlines = [ServicePublicInline, OpeningSlotInline]
    fieldsets = [
        (None, {"fields": ["aid_type", "name", "place", "description"]}),
        (
            _("Conditions"),
            {
                "fields": [
                    "access",
                    "access_details",
                    ("is_free", "fee_details"),
                    "documents",
                    "zone",
                    "languages",
                ]
            },
        ),
    ]
    filter_horizontal = ["languages"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("aid_type")
            .prefetch_related(
                "languages",
                "slots",
                Prefetch("public_links", queryset=ServicePublic.objects.select_related("public")),
            )
        )


class PlaceInline(CachedChoicesMixin, nested_admin.NestedStackedInline):
    model = Place
    extra = 0
    fields = [
        "name",
        "address",
        ("postal_code", "city"),
        "quartier",
        ("latitude", "longitude"),
        "accessibility",
        "directions",
    ]


class ClosureInline(CachedChoicesMixin, nested_admin.NestedTabularInline):
    model = Closure
    extra = 0
    fields = ["starts_on", "ends_on", "service", "message"]


class ReferentInline(nested_admin.NestedTabularInline):
    model = Referent
    extra = 0
    fields = ["name", "role", "phone", "email", "is_public"]


class LastCheckedFilter(admin.SimpleListFilter):
    title = _("dernière vérification")
    parameter_name = "verification"

    def lookups(self, request, model_admin):
        return [
            ("a-jour", _("À jour")),
            ("ancienne", _("À vérifier (plus de 6 mois ou jamais)")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "a-jour":
            return queryset.exclude(pk__in=queryset.stale())
        if self.value() == "ancienne":
            return queryset.stale()
        return queryset


@admin.register(Association)
class AssociationAdmin(nested_admin.NestedModelAdmin):
    list_display = [
        "name",
        "publication_status",
        "network",
        "service_count",
        "last_checked",
    ]
    list_filter = [
        "is_published",
        ("places__quartier", admin.RelatedOnlyFieldListFilter),
        ("services__aid_type", admin.RelatedOnlyFieldListFilter),
        "network",
        LastCheckedFilter,
        "habilitation",
    ]
    list_select_related = ["network"]
    search_fields = ["name", "summary", "places__address", "referents__name"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["publish", "unpublish", "mark_checked_today"]
    inlines = [PlaceInline, ServiceInline, ClosureInline, ReferentInline]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary", "description", "network"]}),
        (_("Contact"), {"fields": ["phone", "email", "website"]}),
        (
            _("Publication"),
            {"fields": ["is_published", "last_checked_on", "holiday_policy", "updated_at"]},
        ),
        (
            _("Réservé au CCAS"),
            {
                "fields": ["habilitation", "internal_notes"],
                "description": _("Ces informations ne sont jamais publiées."),
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_service_count=Count("services"))

    @admin.display(description=_("statut"), ordering="is_published")
    def publication_status(self, obj):
        if obj.is_published:
            return format_html('<span style="color:#1a7f37">● {}</span>', _("Publiée"))
        return format_html('<span style="color:#6e7781">○ {}</span>', _("Non publiée"))

    @admin.display(description=_("services"), ordering="_service_count")
    def service_count(self, obj):
        return obj._service_count

    @admin.display(description=_("vérifiée le"), ordering="last_checked_on")
    def last_checked(self, obj):
        if obj.last_checked_on is None:
            return format_html('<strong style="color:#b35900">⚠ {}</strong>', _("jamais"))
        label = obj.last_checked_on.strftime("%d/%m/%Y")
        if obj.is_stale:
            return format_html(
                '<strong style="color:#b35900" title="{}">⚠ {}</strong>',
                _("Plus de 6 mois : à vérifier"),
                label,
            )
        return label

    @admin.action(description=_("Publier les associations sélectionnées"))
    def publish(self, request, queryset):
        count = queryset.update(is_published=True)
        self.message_user(
            request,
            ngettext("%d association publiée.", "%d associations publiées.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Retirer du site public les associations sélectionnées"))
    def unpublish(self, request, queryset):
        count = queryset.update(is_published=False)
        self.message_user(
            request,
            ngettext(
                "%d association retirée du site public.",
                "%d associations retirées du site public.",
                count,
            )
            % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Marquer comme vérifiées aujourd'hui"))
    def mark_checked_today(self, request, queryset):
        count = queryset.update(last_checked_on=timezone.localdate())
        self.message_user(
            request,
            ngettext(
                "%d association marquée comme vérifiée aujourd'hui.",
                "%d associations marquées comme vérifiées aujourd'hui.",
                count,
            )
            % count,
            messages.SUCCESS,
        )


@admin.register(AidType)
class AidTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "di_type", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Public)
class PublicAdmin(admin.ModelAdmin):
    list_display = ["name", "di_code", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Quartier)
class QuartierAdmin(admin.ModelAdmin):
    list_display = ["name", "is_qpv"]
    list_filter = ["is_qpv"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "di_code"]
    prepopulated_fields = {"slug": ["name"]}


admin.site.site_header = _("Roubaix Aide – espace du CCAS")
admin.site.site_title = _("Roubaix Aide")
admin.site.index_title = _("Annuaire de l'aide alimentaire")
