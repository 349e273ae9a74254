"""The CCAS back office: agents edit the whole directory here."""

import nested_admin
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models, router, transaction
from django.db.models import Count, Prefetch, Q
from django.forms.models import BaseModelFormSet
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from . import edits, history, map_tiles, merging, search
from .forms import AssociationAdminForm, OpeningSlotForm
from .models import (
    AidType,
    Association,
    AssociationChange,
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
    Synonym,
    Town,
)
from .rows_on_page import PageFormSet, PageRowsForm, RowOnPageChoiceField


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
        # A service's place and a closure's service: one of the association's, or one typed on
        # the same page and not saved yet (rows_on_page).
        if db_field.name == "place":
            kwargs["form_class"] = RowOnPageChoiceField
            kwargs["new_label"] = _("Lieu n°%(number)s de cette page (nouveau)")
            kwargs["queryset"] = Place.objects.filter(
                association_id=request.resolver_match.kwargs.get("object_id") or 0
            )
        if db_field.name == "service":
            kwargs["form_class"] = RowOnPageChoiceField
            kwargs["new_label"] = _("Service n°%(number)s de cette page (nouveau)")
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


class LabelledCells:
    """For a formset shown as a table, whose fields say what they are: the table shows each label
    once, in its column's header, which a screen reader does not read out for the field itself."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for field in form.fields.values():
            # The admin wraps a select of a listed model in links to add and change one.
            widget = getattr(field.widget, "widget", field.widget)
            # The boxes of a multiple choice are labelled one by one already.
            if not isinstance(widget, forms.CheckboxSelectMultiple):
                widget.attrs.setdefault("aria-label", capfirst(field.label))


class LabelledCellsFormSet(LabelledCells, PrefetchedInlineFormSet):
    """A tabular inline's formset with labelled cells."""


class LabelledCellsListFormSet(LabelledCells, BaseModelFormSet):
    """The formset of a list's editable columns, with labelled cells."""


class OpeningSlotInline(CachedChoicesMixin, nested_admin.NestedTabularInline):
    model = OpeningSlot
    form = OpeningSlotForm
    formset = LabelledCellsFormSet
    extra = 0
    verbose_name = _("créneau")
    verbose_name_plural = _("horaires d'ouverture")


class PageRowsMergingForm(merging.MergingFormMixin, PageRowsForm):
    """A row that may pick rows typed on the same page, merged with what was saved meanwhile."""


class ServicePublicInline(CachedChoicesMixin, nested_admin.NestedTabularInline):
    model = ServicePublic
    form = merging.MergingModelForm
    formset = LabelledCellsFormSet
    extra = 0


class ServiceInline(CachedChoicesMixin, nested_admin.NestedStackedInline):
    model = Service
    form = PageRowsMergingForm
    formset = PageFormSet
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
                    "intake",
                    ("is_free", "fee_details"),
                    "documents",
                    "zone",
                    "languages",
                ]
            },
        ),
        (
            _("En anglais et en arabe"),
            {
                "fields": [
                    ("description_en", "description_ar"),
                    ("access_details_en", "access_details_ar"),
                ],
                "classes": ["collapse"],
            },
        ),
    ]
    # A few languages: boxes to tick, narrower and more plainly labelled than a two-list picker.
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}

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
    form = merging.MergingModelForm
    formset = PageFormSet
    extra = 0
    fields = [
        "name",
        "address",
        ("postal_code", "city"),
        "quartier",
        "location",
        ("latitude", "longitude"),
        "accessibility",
        "directions",
    ]
    readonly_fields = ["location"]

    class Media:
        # Leaflet is served from this site; the map's tiles load once the agent asks for it.
        css = {"all": ["vendor/leaflet-1.9.4/leaflet.css"]}
        js = ["vendor/leaflet-1.9.4/leaflet.js", "admin-extra/place-map.js"]

    @admin.display(description=_("position"))
    def location(self, place):
        """Where the coordinates come from, "À localiser" when there are none, and a map whose
        pin the agent drags (or drops with a tap) to fill the latitude and longitude."""
        if place.needs_locating:
            status = format_html(
                '<strong class="to-locate">{}</strong> {}',
                _("À localiser"),
                _("L'adresse n'a pas été trouvée : corrigez-la, ou placez le lieu sur la carte."),
            )
        elif place.location_source == Place.LocationSource.ADDRESS_BASE:
            status = _("Trouvé par la Base adresse nationale (score %(score)s sur 1).") % {
                "score": number_format(place.location_score or 0, 2)
            }
        else:
            status = _("Placé à la main ou importé : gardé tant que l'adresse ne change pas.")
        return format_html(
            '<span class="place-location">{}</span> '
            '<button type="button" class="button place-map-button">{}</button>'
            '<span class="place-map" hidden></span>',
            status,
            _("Placer sur la carte"),
        )

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        Town.objects.start_address(formset.form.base_fields)
        return formset


# Closures and referents have too many fields for a table's row at 1,280 px: stacked, a few on a
# line.
class ClosureInline(CachedChoicesMixin, nested_admin.NestedStackedInline):
    model = Closure
    form = PageRowsMergingForm
    formset = PageFormSet
    extra = 0
    fieldsets = [
        (None, {"fields": [("starts_on", "ends_on"), "service", "message"]}),
        (
            _("En anglais et en arabe"),
            {"fields": ["message_en", "message_ar"], "classes": ["collapse"]},
        ),
    ]


class ReferentInline(nested_admin.NestedStackedInline):
    model = Referent
    form = merging.MergingModelForm
    extra = 0
    fields = [("name", "role"), ("phone", "email"), "is_public"]


class LocationFilter(admin.SimpleListFilter):
    title = _("localisation des lieux")
    parameter_name = "localisation"

    def lookups(self, request, model_admin):
        return [("a-localiser", _("Un lieu à localiser"))]

    def queryset(self, request, queryset):
        if self.value() == "a-localiser":
            return queryset.filter(pk__in=Place.objects.to_locate().values("association"))
        return queryset


class LastCheckedFilter(admin.SimpleListFilter):
    title = _("dernière vérification")
    parameter_name = "verification"

    def lookups(self, request, model_admin):
        return [
            ("a-jour", _("À jour")),
            ("ancienne", _("À vérifier (plus de 6 mois, jamais, ou signalée fermée)")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "a-jour":
            return queryset.exclude(pk__in=queryset.stale())
        if self.value() == "ancienne":
            return queryset.stale()
        return queryset


# Which part of an association each inline of the change form edits, for the change log.
INLINE_SECTIONS = {
    "places": AssociationChange.Section.PLACES,
    "services": AssociationChange.Section.SERVICES,
    "public_links": AssociationChange.Section.SERVICES,
    "slots": AssociationChange.Section.HOURS,
    "closures": AssociationChange.Section.CLOSURES,
    "referents": AssociationChange.Section.REFERENTS,
}


def changed_inline_sections(formsets):
    """The parts of an association changed by the (nested) inline formsets of the change form."""
    for formset in formsets:
        if any(form.has_changed() for form in formset.forms) or formset.deleted_forms:
            yield INLINE_SECTIONS[formset.fk.remote_field.related_name]
        for form in formset.forms:
            yield from changed_inline_sections(getattr(form, "nested_formsets", None) or [])


@admin.register(Association)
class AssociationAdmin(nested_admin.NestedModelAdmin):
    form = AssociationAdminForm

    class Media:
        css = {"all": ["admin-extra/directory.css"]}

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
        LocationFilter,
        "habilitation",
    ]
    list_select_related = ["network"]
    # Django's search reads the referents' names; `get_search_results` adds the directory's own.
    search_fields = ["referents__name"]
    search_help_text = _(
        "Nom, lieu, adresse, quartier, public ou téléphone de l'association ou d'un référent. "
        "Majuscules, accents, espaces et points ne comptent pas."
    )
    prepopulated_fields = {"slug": ["name"]}
    actions = ["publish", "unpublish", "mark_checked_today"]
    inlines = [PlaceInline, ServiceInline, ClosureInline, ReferentInline]
    readonly_fields = ["updated_at", "member_list", "check_requested_on"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary", "description", "network", "loaded_version"]}),
        (
            _("En anglais et en arabe"),
            {
                "fields": ["summary_en", "summary_ar", "description_en", "description_ar"],
                "classes": ["collapse"],
                "description": _(
                    "Facultatif. Sans traduction, le texte en français est affiché avec une note."
                ),
            },
        ),
        (_("Contact"), {"fields": ["phone", "email", "website"]}),
        (_("Membres (espace des associations)"), {"fields": ["member_list"]}),
        (
            _("Publication"),
            {
                "fields": [
                    "is_published",
                    "last_checked_on",
                    "check_requested_on",
                    "holiday_policy",
                    "updated_at",
                ]
            },
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
        # Deleted associations are archived: listed on their own page, not here.
        queryset = Association.objects.annotate(_service_count=Count("services"))
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    def get_search_results(self, request, queryset, search_term):
        if not search.words(search_term):
            return queryset, False
        directory = Association.objects.all()
        by_referent, _duplicates = super().get_search_results(request, directory, search_term)
        found = search.for_agents(directory, search_term)
        return (
            queryset.filter(Q(pk__in=by_referent.values("pk")) | Q(pk__in=found.values("pk"))),
            False,
        )

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if issubclass(inline.formset, PageFormSet):
            # The page's places, services and closures know one another (rows_on_page).
            kwargs["page"] = request.__dict__.setdefault("association_page", {})
        return kwargs

    def get_urls(self):
        return [
            path(
                "supprimees/",
                self.admin_site.admin_view(self.deleted_view),
                name="associations_association_deleted",
            ),
            path(
                "supprimees/<int:association_id>/retablir/",
                self.admin_site.admin_view(require_POST(self.restore_view)),
                name="associations_association_restore",
            ),
            path(
                "<path:object_id>/history/<str:key>/<int:history_id>/annuler/",
                self.admin_site.admin_view(require_POST(self.revert_view)),
                name="associations_association_revert",
            ),
            *super().get_urls(),
        ]

    def deleted_view(self, request):
        if not self.has_delete_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Associations supprimées"),
            "deleted": Association.all_objects.filter(archived_at__isnull=False)
            .select_related("archived_by")
            .order_by("-archived_at"),
        }
        return TemplateResponse(request, "admin/associations/association/deleted.html", context)

    def restore_view(self, request, association_id):
        if not self.has_delete_permission(request):
            raise PermissionDenied
        association = Association.all_objects.filter(
            pk=association_id, archived_at__isnull=False
        ).first()
        if association is None:
            self.message_user(
                request, _("Cette association n'est pas supprimée."), messages.WARNING
            )
            return redirect("admin:associations_association_deleted")
        edits.restore(association, user=request.user)
        self.message_user(
            request,
            _("« %(name)s » est rétablie avec ses lieux, services, horaires et référents.")
            % {"name": association.name},
            messages.SUCCESS,
        )
        return redirect("admin:associations_association_change", association.pk)

    def get_deleted_objects(self, objs, request):
        # A deletion archives the association alone: nothing else is deleted, and a restore
        # brings it back whole.
        associations = list(objs)
        count = {self.model._meta.verbose_name_plural: len(associations)}
        return [str(association) for association in associations], count, set(), []

    def delete_model(self, request, obj):
        edits.archive(obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for association in queryset:
            edits.archive(association, user=request.user)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The places' map (admin-extra/place-map.js) reads its tiles from the page.
        extra_context = {**map_tiles.context(), **(extra_context or {})}
        if request.method != "POST" or object_id is None or "_saveasnew" in request.POST:
            return super().changeform_view(request, object_id, form_url, extra_context)
        with transaction.atomic(using=router.db_for_write(self.model)):
            association = self.get_object(request, unquote(object_id))
            if association is not None and self.has_change_permission(request, association):
                self.merge_changes_made_meanwhile(request, association)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def merge_changes_made_meanwhile(self, request, association):
        """Lock the association (the edit saves in this transaction) and merge the submitted
        forms with what was saved since they were displayed (associations/merging.py): the
        change view then builds its forms from the merged data."""
        version = edits.lock(association)
        fields = flatten_fieldsets(self.get_fieldsets(request, association))
        form_class = self.get_form(request, association, change=True, fields=fields)
        form = form_class(request.POST, request.FILES, instance=association)
        # The admin's own way of building the (nested) inline formsets of a POST.
        formsets, _inlines = self._create_formsets(request, association, change=True)
        request.POST = merging.merge(
            request.POST,
            [form, *formsets],
            version_key="loaded_version",
            version=version,
            author=history.last_author(request.user),
        )

    def history_view(self, request, object_id, extra_context=None):
        association = self.get_object(request, unquote(object_id))
        if association is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, association):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": association,
            "title": _("Historique de « %(name)s »") % {"name": association.name},
            "page": history.entries(association, request.user, page=request.GET.get("page")),
            "can_revert": self.has_change_permission(request, association),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/associations/association/history.html", context)

    def revert_view(self, request, object_id, key, history_id):
        association = self.get_object(request, unquote(object_id))
        if association is None or key not in history.TRACKED:
            raise Http404
        if not self.has_change_permission(request, association):
            raise PermissionDenied
        try:
            history.revert(association, key, history_id, user=request.user)
        except ObjectDoesNotExist as missing:
            raise Http404 from missing
        except history.RevertRefused as refused:
            self.message_user(request, str(refused), messages.ERROR)
        else:
            self.message_user(
                request,
                _("La modification est annulée ; l'annulation figure dans l'historique."),
                messages.SUCCESS,
            )
        return redirect("admin:associations_association_history", association.pk)

    def save_model(self, request, obj, form, change):
        # The form's displayed values are the current ones (merging.merge): what it changed is
        # what this save writes.
        changed = [name for name in form.changed_data if name != "loaded_version"]
        super().save_model(request, obj, form, change)
        # The edit began in the change view, which locked the row; save_related ends it.
        request.association_change = edits.start(
            obj,
            form.locked_version,
            user=request.user,
            sections=edits.sections_of(changed),
            source=AssociationChange.Source.ADMIN,
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        association_change = request.__dict__.pop("association_change")
        association_change.sections += changed_inline_sections(formsets)
        edits.finish(association_change)

    @admin.display(description=_("membres"))
    def member_list(self, obj):
        if obj.pk is None:
            return _("Enregistrez l'association avant d'inviter des membres.")
        members = format_html_join(
            "",
            "<li>{} – {}</li>",
            (
                (m.user.email or m.user.get_username(), m.get_role_display())
                for m in obj.memberships.select_related("user")
            ),
        )
        return format_html(
            '<ul class="member-list">{}</ul><a class="button" href="{}">{}</a>',
            members,
            reverse("admin:accounts_membership_invite", args=[obj.pk]),
            _("Inviter un membre par e-mail"),
        )

    @admin.display(description=_("statut"), ordering="is_published")
    def publication_status(self, obj):
        if obj.is_published:
            return format_html('<span class="status-published">● {}</span>', _("Publiée"))
        return format_html('<span class="status-unpublished">○ {}</span>', _("Non publiée"))

    @admin.display(description=_("services"), ordering="_service_count")
    def service_count(self, obj):
        return obj._service_count

    @admin.display(description=_("vérifiée le"), ordering="last_checked_on")
    def last_checked(self, obj):
        if obj.check_requested_on is not None:
            return format_html(
                '<strong class="check-stale" title="{}">⚠ {}</strong>',
                _("Signalée fermée à ses heures d'ouverture par des habitants : à vérifier"),
                _("à vérifier"),
            )
        if obj.last_checked_on is None:
            return format_html('<strong class="check-stale">⚠ {}</strong>', _("jamais"))
        label = obj.last_checked_on.strftime("%d/%m/%Y")
        if obj.is_stale:
            return format_html(
                '<strong class="check-stale" title="{}">⚠ {}</strong>',
                _("Plus de 6 mois : à vérifier"),
                label,
            )
        return label

    def _edit_each(self, request, queryset, section, **values):
        """Apply `values` to each selected association as a recorded, versioned edit."""
        for association in queryset:
            edits.set_fields(
                association,
                user=request.user,
                source=AssociationChange.Source.ADMIN,
                section=section,
                **values,
            )
        return len(queryset)

    @admin.action(description=_("Publier les associations sélectionnées"))
    def publish(self, request, queryset):
        count = self._edit_each(
            request, queryset, AssociationChange.Section.PUBLICATION, is_published=True
        )
        self.message_user(
            request,
            ngettext("%d association publiée.", "%d associations publiées.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Retirer du site public les associations sélectionnées"))
    def unpublish(self, request, queryset):
        count = self._edit_each(
            request, queryset, AssociationChange.Section.PUBLICATION, is_published=False
        )
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
        count = self._edit_each(
            request,
            queryset,
            AssociationChange.Section.CHECK,
            last_checked_on=timezone.localdate(),
        )
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


class SeenFilter(admin.SimpleListFilter):
    title = _("vu")
    parameter_name = "vu"

    def lookups(self, request, model_admin):
        return [("non", _("À voir")), ("oui", _("Vu"))]

    def queryset(self, request, queryset):
        if self.value() == "non":
            return queryset.filter(seen_at__isnull=True)
        if self.value() == "oui":
            return queryset.filter(seen_at__isnull=False)
        return queryset


@admin.register(AssociationChange)
class AssociationChangeAdmin(admin.ModelAdmin):
    """ "Dernières modifications": what associations changed themselves, for the CCAS to review."""

    list_display = ["created_at", "association_link", "user", "changed_parts", "seen"]
    list_filter = [SeenFilter, ("association", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["association", "user", "seen_by"]
    search_fields = ["association__name", "user__username", "user__email"]
    date_hierarchy = "created_at"
    actions = ["mark_seen"]
    fields = ["association", "version", "user", "created_at", "changed_parts", "seen_at", "seen_by"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).filter(source=AssociationChange.Source.SPACE)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("association"), ordering="association__name")
    def association_link(self, obj):
        return format_html(
            '{} (<a href="{}">{}</a> · <a href="{}">{}</a>)',
            obj.association,
            reverse("admin:associations_association_change", args=[obj.association_id]),
            _("fiche"),
            reverse("admin:associations_association_history", args=[obj.association_id]),
            _("historique"),
        )

    @admin.display(description=_("parties modifiées"))
    def changed_parts(self, obj):
        return ", ".join(obj.section_labels)

    @admin.display(description=_("vu"), boolean=True, ordering="seen_at")
    def seen(self, obj):
        return obj.seen_at is not None

    @admin.action(description=_("Marquer comme vu"), permissions=["change"])
    def mark_seen(self, request, queryset):
        count = queryset.filter(seen_at__isnull=True).update(
            seen_at=timezone.now(), seen_by=request.user
        )
        self.message_user(
            request,
            ngettext(
                "%d modification marquée comme vue.", "%d modifications marquées comme vues.", count
            )
            % count,
            messages.SUCCESS,
        )


class TermAdmin(admin.ModelAdmin):
    """A shared list: every public page shows it, so its changes are edits too."""

    prepopulated_fields = {"slug": ["name"]}

    def get_changelist_formset(self, request, **kwargs):
        return super().get_changelist_formset(request, formset=LabelledCellsListFormSet, **kwargs)

    def save_model(self, request, obj, form, change):
        edits.save_term(obj)

    def delete_model(self, request, obj):
        edits.delete_terms(type(obj).objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        edits.delete_terms(queryset)


@admin.register(AidType)
class AidTypeAdmin(TermAdmin):
    list_display = ["name", "name_en", "name_ar", "di_type", "position"]
    list_editable = ["position"]


@admin.register(Public)
class PublicAdmin(TermAdmin):
    list_display = [
        "name",
        "name_en",
        "name_ar",
        "di_code",
        "is_everyone",
        "is_sensitive",
        "position",
    ]
    list_editable = ["position"]
    list_filter = ["is_sensitive"]


@admin.register(Quartier)
class QuartierAdmin(TermAdmin):
    list_display = ["name", "is_qpv"]
    list_filter = ["is_qpv"]


@admin.register(Town)
class TownAdmin(TermAdmin):
    list_display = ["name", "postal_codes", "insee_code", "position"]
    list_editable = ["position"]


@admin.register(Language)
class LanguageAdmin(TermAdmin):
    list_display = ["name", "name_en", "name_ar", "code", "position"]
    list_editable = ["position"]


@admin.register(Network)
class NetworkAdmin(TermAdmin):
    list_display = ["name", "name_en", "name_ar", "di_code"]


@admin.register(Synonym)
class SynonymAdmin(TermAdmin):
    """The words the search reads as a type of aid, a public, a language or a condition."""

    prepopulated_fields = {}
    list_display = ["text", "meaning"]
    list_filter = ["condition", "aid_type", "public", "language"]
    list_select_related = ["aid_type", "public", "language"]
    search_fields = ["text"]
    fieldsets = [
        (None, {"fields": ["text"]}),
        (
            _("Ce que la recherche comprend"),
            {
                "fields": ["aid_type", "public", "language", "condition"],
                "description": _(
                    "Une seule chose : un type d'aide, un public, une langue ou une condition. "
                    "Les noms des listes, en français, en anglais et en arabe, sont déjà compris."
                ),
            },
        ),
    ]

    @admin.display(description=_("se lit comme"))
    def meaning(self, obj):
        return obj.meaning


admin.site.index_title = _("Annuaire de l'aide alimentaire")
