"""The association space: volunteers keep their own association's page up to date.

Every save goes through `save_edit`: one edit of the association (associations/edits.py), whose
forms are merged field by field with what others saved since the page was displayed
(associations/merging.py).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import invitations, memberships
from accounts.forms import InvitationForm, RoleForm
from accounts.models import Invitation, Membership
from accounts.roles import (
    editable_associations,
    get_association_for_editor,
    get_association_for_manager,
    is_ccas_agent,
)
from associations import edits, history, merging
from associations.models import (
    Association,
    AssociationChange,
    Closure,
    Place,
    Referent,
    Service,
    ServicePublic,
)
from liaison.models import waiting_count

from . import reminders
from .checklist import things_to_do
from .forms import (
    AgentListForm,
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


def save_edit(request, association, build, save):
    """Save a page's forms as one edit of `association`.

    `build(data)` gives the page's forms and formsets bound to `data`. Under the edit's lock, the
    POST is merged with what was saved since the page was displayed and the forms built from the
    merged data; if they are valid, `save(*forms)` writes them and returns the sections it
    changed. Returns (response, forms): a redirect once saved, or None and the forms to show
    again, with their errors or the conflicts to settle.
    """
    if not VersionForm(request.POST).is_valid():
        raise BadRequest
    with edits.edit(
        association, user=request.user, source=AssociationChange.Source.SPACE
    ) as change:
        # What the forms do not show stays as it is now, not as it was when the page was loaded.
        association.refresh_from_db()
        data = merging.merge(
            request.POST,
            build(request.POST),
            version_key="version",
            version=association.version,
            author=history.last_author(request.user),
        )
        editing = build(data)
        valid = [item.is_valid() for item in editing]
        if not all(valid):
            if merging.has_conflicts(data):
                messages.warning(
                    request,
                    _(
                        "Quelqu'un a enregistré des changements pendant que vous modifiiez. Ils "
                        "sont repris ci-dessous avec les vôtres. Là où vous avez tous deux changé "
                        "la même chose, choisissez la valeur à garder, puis enregistrez."
                    ),
                )
            return None, editing
        change.sections += save(*editing)
    messages.success(request, _("Vos changements sont enregistrés."))
    return redirect("space:dashboard"), editing


def services_with_slots(association):
    return association.services.select_related("aid_type", "place").prefetch_related("slots")


# What a card of the space reads of an association's places, services and slots (things_to_do).
CARD_DETAILS = [
    "places",
    Prefetch("services", queryset=Service.objects.select_related("aid_type")),
    "services__slots",
]
AGENT_PAGE_SIZE = 25


@login_required
def dashboard(request):
    """A member's associations, each on its card; for a CCAS agent, who may edit every one, the
    list of the directory's associations (`agent_dashboard`)."""
    if is_ccas_agent(request.user):
        return agent_dashboard(request)
    associations = (
        editable_associations(request.user)
        .annotate(waiting_orientations=waiting_count())
        .prefetch_related(*CARD_DETAILS)
    )
    roles = dict(Membership.Role.choices)
    rows = [
        (association, roles.get(association.editor_role), things_to_do(association))
        for association in associations
    ]
    pending = Invitation.objects.valid().for_account(request.user).select_related("association")
    return render(request, "space/dashboard.html", {"rows": rows, "invitations": pending})


def agent_dashboard(request):
    """The associations by name, 25 a page, found by name and by how fresh their information is."""
    form = AgentListForm(request.GET)
    if not form.is_valid():
        return render(request, "space/agent_dashboard.html", {"form": form}, status=400)
    associations = form.filter(
        editable_associations(request.user).only(
            "name",
            "slug",
            "is_published",
            "last_checked_on",
            "check_requested_on",
            "last_reminder_sent_on",
        )
    )
    page = Paginator(associations, AGENT_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = [(association, association.freshness) for association in page.object_list]
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "space/agent_dashboard.html",
        {"form": form, "page": page, "query_string": params.urlencode()},
    )


@login_required
def association_card(request, slug):
    """One association's card: what to complete or check, and its pages."""
    association = get_association_for_editor(request, slug)
    prefetch_related_objects([association], *CARD_DETAILS)
    if association.editor_role:
        association.waiting_orientations = association.orientations.waiting().count()
    role = dict(Membership.Role.choices).get(association.editor_role)
    return render(
        request,
        "space/association.html",
        {"association": association, "role": role, "todo": things_to_do(association)},
    )


def checked_information(association, *, all_referents):
    """What confirming `association`'s information confirms, for the confirmation pages: its
    services with their places and hours, closures to come, places and referents. Only the
    public referents unless `all_referents` (a member, who edits them all, is logged in)."""
    details = Association.objects.with_public_details().get(pk=association.pk)
    if all_referents:
        return {"details": details, "referents": list(association.referents.all())}
    return {
        "details": details,
        "referents": details.public_referents,
        "hidden_referents": association.referents.filter(is_public=False).exists(),
    }


@login_required
def mark_checked(request, slug):
    """ "Tout est à jour": the information being confirmed, then a button that confirms it (as it
    was shown: if someone changed it meanwhile, it is shown again)."""
    association = get_association_for_editor(request, slug)
    if request.method == "POST":
        version_form = VersionForm(request.POST)
        if not version_form.is_valid():
            raise BadRequest
        try:
            edits.mark_checked(
                association,
                user=request.user,
                shown_version=version_form.cleaned_data["version"],
            )
        except edits.ChangedMeanwhile:
            messages.error(
                request,
                _(
                    "La fiche a été modifiée pendant que vous la relisiez : relisez-la avant de confirmer."
                ),
            )
            return redirect("space:mark_checked", association.slug)
        messages.success(
            request,
            _("Merci ! Les informations de « %(name)s » sont marquées comme vérifiées aujourd'hui.")
            % {"name": association.name},
        )
        return redirect("space:dashboard")
    return render(
        request,
        "space/mark_checked.html",
        {"association": association, **checked_information(association, all_referents=True)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def confirm_by_link(request, slug, token):
    """The link of a reminder e-mail, without logging in: GET shows the association's current
    information, POST confirms it (see reminders.py)."""
    association = get_object_or_404(Association.objects.all(), slug=slug)
    try:
        reminders.check_link(association, token)
    except reminders.InvalidLink as invalid:
        return refused_link(request, invalid.reason)
    if request.method == "POST":
        try:
            edits.mark_checked(
                association,
                user=None,
                source=AssociationChange.Source.REMINDER,
                shown_version=association.version,
            )
        except edits.ChangedMeanwhile:
            return refused_link(request, reminders.InvalidLink.USED)
        return render(request, "space/confirm_by_link_done.html", {"association": association})
    return render(
        request,
        "space/confirm_by_link.html",
        {"association": association, **checked_information(association, all_referents=False)},
    )


def refused_link(request, reason):
    """A confirmation link that cannot confirm: why, and what to do instead; nothing of the
    association, since the link may be forged."""
    return render(request, "space/confirm_by_link_refused.html", {"reason": reason}, status=400)


@login_required
def edit_association(request, slug):
    association = get_association_for_editor(request, slug)
    form = AssociationForm(request.POST or None, instance=association)
    preview = None
    if request.method == "POST" and "preview" not in request.POST:

        def save(form):
            form.save()
            return edits.sections_of(form.changed_data)

        response, editing = save_edit(
            request, association, lambda data: [AssociationForm(data, instance=association)], save
        )
        if response:
            return response
        [form] = editing
    elif request.method == "POST" and form.is_valid():
        preview = {"association": form.instance, "services": services_with_slots(association)}
    return render(
        request,
        "space/edit_association.html",
        {"association": association, "form": form, "preview": preview},
    )


def edit_objects(request, association, formset_class, queryset, section, template):
    """A page editing a list of the association's objects (places, closures, referents)."""

    def build(data):
        return [
            formset_class(data, queryset=queryset.all(), form_kwargs={"association": association})
        ]

    def save(formset):
        formset.save()
        return [section] if formset.has_changed() else []

    [formset] = build(None)
    if request.method == "POST":
        response, editing = save_edit(request, association, build, save)
        if response:
            return response
        [formset] = editing or [formset]
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
    services = association.services.prefetch_related("languages")
    service = get_object_or_404(services, pk=pk) if pk else Service(association=association)

    def build(data):
        if service.pk and data is not None:
            # Read again, under the edit's lock on a save: what the form does not show stays
            # as it is now.
            service.refresh_from_db()
        return [
            ServiceForm(data, instance=service, association=association),
            SlotFormSet(data, instance=service),
            PublicFormSet(
                data,
                instance=service,
                queryset=ServicePublic.objects.select_related("public"),
                prefix="publics",
            ),
        ]

    def save(form, slots, publics):
        sections = [Section.SERVICES] if form.has_changed() or publics.has_changed() else []
        if slots.has_changed():
            sections.append(Section.HOURS)
        # An unchanged service is not saved again: its history holds its changes only.
        if form.has_changed() or service.pk is None:
            form.save()
        slots.instance = publics.instance = form.instance
        slots.save()
        publics.save()
        return sections

    form, slots, publics = build(request.POST or None)
    preview = None
    if request.method == "POST" and "preview" not in request.POST:
        response, editing = save_edit(request, association, build, save)
        if response:
            return response
        form, slots, publics = editing or (form, slots, publics)
    elif request.method == "POST" and all([form.is_valid(), slots.is_valid(), publics.is_valid()]):
        preview = {
            "association": association,
            "service": form.instance,
            "slots": kept_instances(slots),
            "publics": [link.public for link in kept_instances(publics) if link.is_shown_publicly],
        }
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
        with edits.edit(
            association,
            user=request.user,
            source=AssociationChange.Source.SPACE,
            sections=[Section.SERVICES],
        ):
            service.delete()
        messages.success(request, _("Vos changements sont enregistrés."))
        return redirect("space:dashboard")
    return render(
        request,
        "space/delete_service.html",
        {"association": association, "service": service},
    )


def members_page(request, association, form):
    rows = association.memberships.select_related("user").order_by("user__email")
    return render(
        request,
        "space/members.html",
        {
            "association": association,
            "memberships": [(m, RoleForm(instance=m, auto_id=f"id_%s_{m.pk}")) for m in rows],
            "invitations": association.invitations.select_related("invited_by"),
            "form": form,
        },
    )


@login_required
def association_history(request, slug):
    """The association's history, read-only: without the CCAS's own fields nor agents' names."""
    association = get_association_for_editor(request, slug)
    page = history.entries(association, request.user, page=request.GET.get("page"))
    return render(request, "space/history.html", {"association": association, "page": page})


@login_required
def members(request, slug):
    association = get_association_for_manager(request, slug)
    form = InvitationForm(association, request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitation = invitations.invite(
            association,
            form.cleaned_data["email"],
            form.cleaned_data["role"],
            invited_by=request.user,
        )
        messages.success(
            request,
            _("Invitation envoyée à %(email)s. Rien ne change avant que la personne l'accepte.")
            % {"email": invitation.email},
        )
        return redirect("space:members", association.slug)
    return members_page(request, association, form)


@login_required
@require_POST
def change_role(request, slug, pk):
    association = get_association_for_manager(request, slug)
    membership = get_object_or_404(association.memberships.select_related("user"), pk=pk)
    form = RoleForm(request.POST, instance=membership)
    if not form.is_valid():
        raise BadRequest
    try:
        memberships.change_role(membership, form.cleaned_data["role"])
    except memberships.Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("%(user)s est maintenant %(role)s.")
            % {"user": member_name(membership), "role": membership.get_role_display().lower()},
        )
    return redirect("space:members", association.slug)


def member_name(membership):
    return membership.user.email or membership.user.get_username()


@login_required
def remove_member(request, slug, pk):
    """Asks first, on a page of its own; removes on POST."""
    association = get_association_for_manager(request, slug)
    membership = get_object_or_404(association.memberships.select_related("user"), pk=pk)
    if request.method == "POST":
        try:
            memberships.remove(membership, by=request.user)
        except memberships.Refused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                _("%(user)s ne peut plus modifier la fiche.") % {"user": member_name(membership)},
            )
        return redirect("space:members", association.slug)
    return render(
        request,
        "space/remove_member.html",
        {"association": association, "membership": membership},
    )


@login_required
@require_POST
def resend_invitation(request, slug, pk):
    association = get_association_for_manager(request, slug)
    invitation = get_object_or_404(association.invitations, pk=pk)
    invitations.send_again(invitation, by=request.user)
    messages.success(
        request,
        _("Nouvelle invitation envoyée à %(email)s ; le lien précédent ne fonctionne plus.")
        % {"email": invitation.email},
    )
    return redirect("space:members", association.slug)


@login_required
@require_POST
def cancel_invitation(request, slug, pk):
    association = get_association_for_manager(request, slug)
    invitation = get_object_or_404(association.invitations, pk=pk)
    invitation.delete()
    messages.success(
        request,
        _("Invitation de %(email)s annulée : son lien ne fonctionne plus.")
        % {"email": invitation.email},
    )
    return redirect("space:members", association.slug)
