"""The CCAS back office for the network: agents plan meetings and follow the board and figures."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from associations.models import Place

from .models import (
    BoardAnswer,
    BoardPost,
    CalendarToken,
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
class YearlyFiguresAdmin(admin.ModelAdmin):
    list_display = [
        "association",
        "year",
        "registrations",
        "households",
        "people",
        "volunteers",
        "tonnage_kg",
    ]
    list_filter = ["year"]
    list_select_related = ["association"]
    search_fields = ["association__name"]
    autocomplete_fields = ["association"]


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
