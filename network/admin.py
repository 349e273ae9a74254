"""The CCAS back office for the network: agents plan meetings and follow the board and figures."""

from django.contrib import admin, messages
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from associations.models import AssociationChange, Place

from . import figures as yearly_figures
from .models import (
    AssociationFigures,
    BoardAnswer,
    BoardPost,
    CalendarToken,
    DiagnosticYear,
    Meeting,
    MeetingAttendance,
    YearlyFigures,
    suggested_host,
)


class MeetingAttendanceInline(admin.TabularInline):
    model = MeetingAttendance
    extra = 0
    autocomplete_fields = ["association"]
    readonly_fields = ["confirmed_by", "confirmed_at"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["starts_at", "host", "location", "attendance_count"]
    list_select_related = ["host", "place"]
    date_hierarchy = "starts_at"
    search_fields = ["host__name", "agenda", "minutes", "address"]
    autocomplete_fields = ["host"]
    inlines = [MeetingAttendanceInline]
    fieldsets = [
        (None, {"fields": ["starts_at", "ends_at", "host", "place", "address"]}),
        (_("Contenu"), {"fields": ["agenda", "minutes"]}),
    ]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if "host" not in initial and (host := suggested_host()):
            initial["host"] = host.pk
        return initial

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("attendances")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "host":
            kwargs["help_text"] = _(
                "Proposée à la création : l'association qui a accueilli il y a le plus longtemps "
                "(ou jamais)."
            )
        if db_field.name == "place":
            kwargs["queryset"] = Place.objects.select_related("association").order_by(
                "association__name", "name"
            )
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "place":
            field.label_from_instance = lambda place: f"{place.association} – {place}"
        return field

    @admin.display(description=_("associations présentes"))
    def attendance_count(self, meeting):
        return len(meeting.attendances.all())

    @admin.display(description=_("lieu"))
    def location(self, meeting):
        return meeting.location


class BoardAnswerInline(admin.StackedInline):
    model = BoardAnswer
    extra = 0
    fields = ["association", "author", "body", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["association", "author"]


@admin.register(BoardPost)
class BoardPostAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "association",
        "kind",
        "category",
        "ends_on",
        "closed_at",
        "relayed_at",
    ]
    list_filter = ["kind", "category", "ends_on", "relayed_at"]
    list_select_related = ["association"]
    search_fields = ["title", "body", "association__name"]
    autocomplete_fields = ["association", "author", "relayed_by"]
    inlines = [BoardAnswerInline]
    actions = ["mark_relayed"]

    @admin.action(description=_("Marquer comme relayées par le CCAS"))
    def mark_relayed(self, request, queryset):
        count = queryset.filter(relayed_at__isnull=True).update(
            relayed_at=timezone.now(), relayed_by=request.user
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d annonce marquée comme relayée.",
                "%(count)d annonces marquées comme relayées.",
                count,
            )
            % {"count": count},
        )


@admin.register(YearlyFigures)
class YearlyFiguresAdmin(SimpleHistoryAdmin):
    """Each save is an edit of the association (network/figures.py); the history shows who
    changed which figure. A closed year's figures are read-only."""

    list_display = [
        "association",
        "year",
        "registrations",
        "households",
        "people",
        "volunteers",
        "tonnage_kg",
        "closed",
    ]
    list_filter = ["year"]
    list_select_related = ["association"]
    search_fields = ["association__name"]
    autocomplete_fields = ["association"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                year_closed=Exists(
                    DiagnosticYear.objects.filter(year=OuterRef("year"), is_closed=True)
                )
            )
        )

    @admin.display(description=_("année close"), boolean=True, ordering="year_closed")
    def closed(self, obj):
        return obj.year_closed

    def _is_open(self, obj):
        return obj is None or obj.year not in DiagnosticYear.objects.closed_years()

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._is_open(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._is_open(obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and not self._is_open(obj):
            self.message_user(
                request,
                _(
                    "Le diagnostic %(year)s est publié : ses chiffres sont clos et ne se "
                    "modifient plus. Pour corriger une erreur, rouvrez d'abord l'année dans "
                    "« Années du diagnostic »."
                )
                % {"year": obj.year},
                messages.WARNING,
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        yearly_figures.save(obj, user=request.user, source=AssociationChange.Source.ADMIN)

    def delete_model(self, request, obj):
        yearly_figures.delete(obj, user=request.user, source=AssociationChange.Source.ADMIN)

    def delete_queryset(self, request, queryset):
        for figures in queryset.select_related("association"):
            self.delete_model(request, figures)


@admin.register(DiagnosticYear)
class DiagnosticYearAdmin(admin.ModelAdmin):
    list_display = ["year", "is_closed", "updated_at"]
    list_editable = ["is_closed"]
    fields = ["year", "is_closed"]


class FiguresGivenFilter(admin.SimpleListFilter):
    parameter_name = "chiffres"

    def __init__(self, request, params, model, model_admin):
        self.title = _("chiffres de %(year)s") % {"year": yearly_figures.collected_year()}
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return [("manquants", _("Pas encore donnés")), ("donnes", _("Donnés"))]

    def queryset(self, request, queryset):
        if self.value() == "manquants":
            return queryset.filter(has_figures=False)
        if self.value() == "donnes":
            return queryset.filter(has_figures=True)
        return queryset


@admin.register(AssociationFigures)
class AssociationFiguresAdmin(admin.ModelAdmin):
    """Which associations have given the figures of the year, and a reminder to those that have
    not, e-mailed to their managers."""

    list_display = ["name", "figures_given", "managers", "record"]
    list_display_links = None
    list_filter = [FiguresGivenFilter]
    search_fields = ["name"]
    actions = ["remind"]

    def get_queryset(self, request):
        return yearly_figures.with_figures_of(
            AssociationFigures.objects.all(), yearly_figures.collected_year()
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("chiffres de l'année en cours"), boolean=True)
    def figures_given(self, obj):
        return obj.has_figures

    @admin.display(description=_("responsables"))
    def managers(self, obj):
        return ", ".join(yearly_figures.manager_addresses(obj)) or _("aucun")

    @admin.display(description=_("fiche"))
    def record(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:associations_association_change", args=[obj.pk]),
            _("ouvrir la fiche"),
        )

    @admin.action(
        description=_("Relancer par e-mail les responsables des associations sans chiffres")
    )
    def remind(self, request, queryset):
        year = yearly_figures.collected_year()
        if year in DiagnosticYear.objects.closed_years():
            self.message_user(
                request,
                _("Le diagnostic %(year)s est clos : aucune relance envoyée.") % {"year": year},
                messages.ERROR,
            )
            return
        missing = [association for association in queryset if not association.has_figures]
        reminded = [a for a in missing if yearly_figures.remind(a, year)]
        self.message_user(
            request,
            ngettext(
                "%(count)d association relancée pour ses chiffres de %(year)s.",
                "%(count)d associations relancées pour leurs chiffres de %(year)s.",
                len(reminded),
            )
            % {"count": len(reminded), "year": year},
            messages.SUCCESS,
        )
        if unreachable := [a.name for a in missing if a not in reminded]:
            self.message_user(
                request,
                _("Sans responsable avec une adresse e-mail, pas de relance : %(names)s.")
                % {"names": ", ".join(unreachable)},
                messages.WARNING,
            )


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "revoked_at"]
    list_select_related = ["user"]
    list_filter = ["revoked_at"]
    search_fields = ["user__username"]
    fields = ["user", "created_at", "revoked_at"]
    readonly_fields = ["user", "created_at"]

    def has_add_permission(self, request):
        return False
