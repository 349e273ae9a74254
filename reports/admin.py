"""Residents' reports in the back office: per association, with their status; and the count of
new ones in the associations' list and change page.

The directory knows nothing of reports (the core app imports nothing from the apps built on
it): this app registers the associations' admin again with its column, as Django's
documentation extends UserAdmin.
"""

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from associations.admin import AssociationAdmin
from associations.models import Association

from .models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "association", "reason", "status", "has_contact"]
    list_filter = ["status", "reason", ("association", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["association"]
    search_fields = ["association__name", "message"]
    date_hierarchy = "created_at"
    actions = ["mark_handled", "mark_new"]
    fields = [
        "association",
        "reason",
        "message",
        "contact",
        "language",
        "created_at",
        "status",
        "handled_at",
        "handled_by",
        "counted_in_request",
    ]
    readonly_fields = [
        "association",
        "reason",
        "message",
        "contact",
        "language",
        "created_at",
        "handled_at",
        "handled_by",
        "counted_in_request",
    ]

    def has_add_permission(self, request):
        # Reports come from residents, through the public form.
        return False

    @admin.display(description=_("moyen de répondre"), boolean=True)
    def has_contact(self, obj):
        return bool(obj.contact)

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            for name, value in Report.status_values(obj.status, request.user).items():
                setattr(obj, name, value)
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Marquer comme traités"), permissions=["change"])
    def mark_handled(self, request, queryset):
        count = queryset.set_status(Report.Status.HANDLED, request.user)
        self.message_user(
            request,
            ngettext(
                "%d signalement marqué comme traité.",
                "%d signalements marqués comme traités.",
                count,
            )
            % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Remettre en « nouveau »"), permissions=["change"])
    def mark_new(self, request, queryset):
        count = queryset.set_status(Report.Status.NEW, request.user)
        self.message_user(
            request,
            ngettext(
                "%d signalement remis en « nouveau ».",
                "%d signalements remis en « nouveau ».",
                count,
            )
            % count,
            messages.SUCCESS,
        )


def new_report_count():
    """The number of new reports of the association (an OuterRef), as one subquery."""
    counted = (
        Report.objects.new()
        .filter(association=OuterRef("pk"))
        .order_by()
        .values("association")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


class AssociationWithReportsAdmin(AssociationAdmin):
    list_display = [*AssociationAdmin.list_display, "new_reports"]
    readonly_fields = [*AssociationAdmin.readonly_fields, "reports_summary"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_new_reports=new_report_count())

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        return [
            *fieldsets,
            (_("Signalements des habitants"), {"fields": ["reports_summary"]}),
        ]

    def _reports_url(self, obj, **filters):
        query = urlencode({"association__id__exact": obj.pk, **filters})
        return reverse("admin:reports_report_changelist") + "?" + query

    @admin.display(description=_("signalements nouveaux"), ordering="_new_reports")
    def new_reports(self, obj):
        if not obj._new_reports:
            return "0"
        return format_html(
            '<a href="{}"><strong>{}</strong></a>',
            self._reports_url(obj, status__exact=Report.Status.NEW),
            obj._new_reports,
        )

    @admin.display(description=_("signalements"))
    def reports_summary(self, obj):
        counts = Report.objects.filter(association=obj).aggregate(
            total=Count("pk"), new=Count("pk", filter=Q(status=Report.Status.NEW))
        )
        if not counts["total"]:
            return _("Aucun signalement.")
        return format_html(
            '{} ({}) – <a href="{}">{}</a>',
            ngettext("%d signalement", "%d signalements", counts["total"]) % counts["total"],
            ngettext("%d nouveau", "%d nouveaux", counts["new"]) % counts["new"],
            self._reports_url(obj),
            _("Voir les signalements"),
        )


admin.site.unregister(Association)
admin.site.register(Association, AssociationWithReportsAdmin)
