"""The exchange's pages. The agents' side (`/orientation/envois/`, French only): send an
orientation to a service, follow the ones sent. The association's side (in its space, in the
space's languages): the orientations received, and the answer.

Who sees what: an agent the orientations they sent (all of them with the supervisor's
permission, `OrientationQuerySet.for_agent`); an association's members its own orientations
(`get_association_for_member`): editing every association does not open them to agents. Every
opening of an orientation's page is recorded.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import agent_required, get_association_for_member
from associations.models import Association, Service

from . import exchange
from .forms import AcceptForm, OrientationForm, RefuseForm
from .models import Orientation, Outcome

PAGE_SIZE = 25
CLOSED_SHOWN = 20


# The agents' side.


@agent_required
def send(request, pk):
    services = Service.objects.filter(association__in=Association.objects.published())
    service = get_object_or_404(services.select_related("association", "aid_type", "place"), pk=pk)
    form = OrientationForm(request.POST or None, service=service)
    if request.method == "POST" and form.is_valid():
        orientation = exchange.send(form, service=service, user=request.user)
        messages.success(
            request,
            _("Orientation envoyée à « %(name)s ». Ses membres sont prévenus par e-mail.")
            % {"name": service.association.name},
        )
        return redirect("liaison:detail", orientation.pk)
    return render(request, "liaison/send.html", {"service": service, "form": form})


@agent_required
def sent(request):
    orientations = Orientation.objects.for_agent(request.user).select_related(
        "association", "service__aid_type", "sent_by"
    )
    page = Paginator(orientations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "liaison/sent.html",
        {"page": page, "sees_all": request.user.has_perm("liaison.view_all_orientations")},
    )


@agent_required
def detail(request, pk):
    orientation = get_object_or_404(
        Orientation.objects.for_agent(request.user).with_details(), pk=pk
    )
    exchange.record_opening(orientation, request.user)
    return render(
        request,
        "liaison/detail.html",
        {
            "orientation": orientation,
            "openings": orientation.openings.select_related("user")[:50],
        },
    )


# The association's side.


@login_required
def inbox(request, slug):
    association = get_association_for_member(request, slug)
    orientations = Orientation.objects.for_association(association).select_related(
        "service__aid_type"
    )
    return render(
        request,
        "liaison/inbox.html",
        {
            "association": association,
            "waiting": orientations.filter(status=Outcome.SENT),
            "accepted": orientations.filter(status=Outcome.ACCEPTED),
            "closed": orientations.exclude(status__in=[Outcome.SENT, Outcome.ACCEPTED])[
                :CLOSED_SHOWN
            ],
        },
    )


def _received(request, slug, pk):
    association = get_association_for_member(request, slug)
    orientation = get_object_or_404(
        Orientation.objects.for_association(association).with_details(), pk=pk
    )
    return association, orientation


def _answer_page(request, association, orientation, *, accept_form=None, refuse_form=None):
    return render(
        request,
        "liaison/answer.html",
        {
            "association": association,
            "orientation": orientation,
            "accept_form": accept_form or AcceptForm(),
            "refuse_form": refuse_form or RefuseForm(),
        },
        status=400 if (accept_form or refuse_form) else 200,
    )


@login_required
def received(request, slug, pk):
    association, orientation = _received(request, slug, pk)
    exchange.record_opening(orientation, request.user)
    return _answer_page(request, association, orientation)


def _answered(request, orientation, step, message):
    """Run `step`; a page answered meanwhile (another member, a second tap) says so."""
    try:
        step()
    except exchange.Refused:
        messages.error(request, _("Cette orientation a déjà reçu une autre réponse."))
    else:
        messages.success(request, message)
    return redirect("liaison_space:received", orientation.association.slug, orientation.pk)


@login_required
@require_POST
def accept(request, slug, pk):
    association, orientation = _received(request, slug, pk)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        return _answer_page(request, association, orientation, accept_form=form)
    moment, place = form.appointment

    def step():
        exchange.accept(
            orientation, user=request.user, appointment_at=moment, appointment_place=place
        )

    return _answered(
        request, orientation, step, _("Orientation acceptée : le CCAS voit votre réponse.")
    )


@login_required
@require_POST
def refuse(request, slug, pk):
    association, orientation = _received(request, slug, pk)
    form = RefuseForm(request.POST)
    if not form.is_valid():
        return _answer_page(request, association, orientation, refuse_form=form)

    def step():
        exchange.refuse(
            orientation,
            user=request.user,
            reason=form.cleaned_data["reason"],
            details=form.cleaned_data["details"],
        )

    return _answered(
        request, orientation, step, _("Orientation refusée : le CCAS voit votre réponse.")
    )


@login_required
@require_POST
def attendance(request, slug, pk):
    _association, orientation = _received(request, slug, pk)
    came = request.POST.get("came")
    if came not in ("1", "0"):
        raise BadRequest

    def step():
        exchange.record_attendance(orientation, user=request.user, came=came == "1")

    return _answered(request, orientation, step, _("C'est noté, merci."))
