"""The association space: volunteers keep their own association's page up to date.

Every save goes through `save_edit`, which refuses it if someone else saved the association
since the page was displayed (see associations/edits.py).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.forms import InvitationForm
from accounts.invitations import invite_member
from accounts.models import Membership
from accounts.roles import (
    editable_associations,
    get_association_for_editor,
    get_association_for_manager,
    is_ccas_agent,
)
from associations import edits
from associations.models import (
    AssociationChange,
    Closure,
    Place,
    Referent,
    Service,
    ServicePublic,
)

from .checklist import things_to_do
from .forms import (
    AssociationForm,
    ClosureFormSet,
    PlaceFormSet,
    PublicFormSet,
    ReferentFormSet,
    ServiceForm,
    SlotFormSet,
    VersionForm,
)

Section = AssociationChange.Section


def save_edit(request, association, sections, save):
    """Run `save()` unless the association changed since the page was shown; say which happened."""
    version_form = VersionForm(request.POST)
    if not version_form.is_valid():
        return HttpResponseBadRequest()
    try:
        with edits.edit(
            association,
            user=request.user,
            source=AssociationChange.Source.SPACE,
            sections=sections,
            expected_version=version_form.expected_version(),
        ):
            save()
    except edits.EditConflict as conflict:
        messages.error(request, conflict.summary)
        return None
    messages.success(request, _("Vos changements sont enregistrés."))
    return redirect("space:dashboard")


def services_with_slots(association):
    return association.services.select_related("aid_type", "place").prefetch_related("slots")


@login_required
def dashboard(request):
    associations = editable_associations(request.user).prefetch_related(
        "places",
        Prefetch("services", queryset=Service.objects.select_related("aid_type")),
        "services__slots",
    )
    roles = dict(Membership.Role.choices)
    rows = [
        (association, roles.get(association.editor_role), things_to_do(association))
        for association in associations
    ]
    return render(
        request,
        "space/dashboard.html",
        {"rows": rows, "is_agent": is_ccas_agent(request.user)},
    )


@login_required
@require_POST
def mark_checked(request, slug):
    association = get_association_for_editor(request, slug)
    edits.mark_checked(association, user=request.user)
    messages.success(
        request,
        _("Merci ! Les informations de « %(name)s » sont marquées comme vérifiées aujourd'hui.")
        % {"name": association.name},
    )
    return redirect("space:dashboard")


@login_required
def edit_association(request, slug):
    association = get_association_for_editor(request, slug)
    form = AssociationForm(request.POST or None, instance=association)
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = {"association": form.instance, "services": services_with_slots(association)}
        else:
            sections = edits.sections_of(form.changed_data)
            response = save_edit(request, association, sections, form.save)
            if response:
                return response
    return render(
        request,
        "space/edit_association.html",
        {"association": association, "form": form, "preview": preview},
    )


def edit_objects(request, association, formset_class, queryset, section, template):
    """A page editing a list of the association's objects (places, closures, referents)."""
    formset = formset_class(
        request.POST or None, queryset=queryset, form_kwargs={"association": association}
    )
    if request.method == "POST" and formset.is_valid():
        sections = [section] if formset.has_changed() else []
        response = save_edit(request, association, sections, formset.save)
        if response:
            return response
    return render(request, template, {"association": association, "formset": formset})


@login_required
def edit_places(request, slug):
    association = get_association_for_editor(request, slug)
    places = Place.objects.filter(association=association).select_related("quartier")
    return edit_objects(
        request, association, PlaceFormSet, places, Section.PLACES, "space/edit_places.html"
    )


@login_required
def edit_closures(request, slug):
    association = get_association_for_editor(request, slug)
    closures = Closure.objects.filter(association=association).select_related("service")
    return edit_objects(
        request, association, ClosureFormSet, closures, Section.CLOSURES, "space/edit_closures.html"
    )


@login_required
def edit_referents(request, slug):
    association = get_association_for_editor(request, slug)
    referents = Referent.objects.filter(association=association)
    return edit_objects(
        request,
        association,
        ReferentFormSet,
        referents,
        Section.REFERENTS,
        "space/edit_referents.html",
    )


@login_required
def services(request, slug):
    association = get_association_for_editor(request, slug)
    return render(
        request,
        "space/services.html",
        {"association": association, "services": services_with_slots(association)},
    )


@login_required
def edit_service(request, slug, pk=None):
    association = get_association_for_editor(request, slug)
    service = (
        get_object_or_404(association.services.prefetch_related("languages"), pk=pk)
        if pk
        else Service(association=association)
    )
    form = ServiceForm(request.POST or None, instance=service, association=association)
    slots = SlotFormSet(request.POST or None, instance=service)
    publics = PublicFormSet(
        request.POST or None,
        instance=service,
        queryset=ServicePublic.objects.select_related("public"),
        prefix="publics",
    )
    preview = None
    if request.method == "POST" and all([form.is_valid(), slots.is_valid(), publics.is_valid()]):
        if "preview" in request.POST:
            preview = {
                "association": association,
                "service": form.instance,
                "slots": kept_instances(slots),
                "publics": [
                    link.public for link in kept_instances(publics) if link.is_shown_publicly
                ],
            }
        else:
            sections = [Section.SERVICES] if form.has_changed() or publics.has_changed() else []
            if slots.has_changed():
                sections.append(Section.HOURS)

            def save():
                slots.instance = publics.instance = form.save()
                slots.save()
                publics.save()

            response = save_edit(request, association, sections, save)
            if response:
                return response
    return render(
        request,
        "space/edit_service.html",
        {
            "association": association,
            "service": service,
            "form": form,
            "slots": slots,
            "publics": publics,
            "preview": preview,
        },
    )


def kept_instances(formset):
    """The unsaved objects of a valid formset, without the rows marked for deletion."""
    return [
        item.instance
        for item in formset.forms
        if item.cleaned_data and not item.cleaned_data.get("DELETE")
    ]


@login_required
def delete_service(request, slug, pk):
    association = get_association_for_editor(request, slug)
    service = get_object_or_404(association.services.select_related("aid_type", "place"), pk=pk)
    if request.method == "POST":
        response = save_edit(request, association, [Section.SERVICES], service.delete)
        if response:
            return response
    return render(
        request,
        "space/delete_service.html",
        {"association": association, "service": service},
    )


@login_required
def members(request, slug):
    association = get_association_for_manager(request, slug)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        membership = invite_member(
            association,
            form.cleaned_data["email"],
            form.cleaned_data["role"],
            invited_by=request.user,
        )
        messages.success(
            request, _("Invitation envoyée à %(email)s.") % {"email": membership.user.email}
        )
        return redirect("space:members", association.slug)
    memberships = association.memberships.select_related("user")
    return render(
        request,
        "space/members.html",
        {"association": association, "memberships": memberships, "form": form},
    )


@login_required
@require_POST
def remove_member(request, slug, pk):
    association = get_association_for_manager(request, slug)
    membership = get_object_or_404(association.memberships.select_related("user"), pk=pk)
    if membership.user == request.user:
        messages.error(request, _("Vous ne pouvez pas vous retirer vous-même."))
    else:
        membership.delete()
        messages.success(
            request,
            _("%(user)s ne peut plus modifier la fiche.") % {"user": membership.user},
        )
    return redirect("space:members", association.slug)
