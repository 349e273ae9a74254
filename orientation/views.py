"""Orientation for CCAS agents: search with CCAS-only information, liaison sheets, the person's
sheet and the booklet. Every page is for agents only (see access.py)."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.roles import agent_required
from associations.liaison import LiaisonSheet
from associations.listing import ListedAssociation
from associations.models import Association
from liaison.models import Orientation, Outcome

from . import booklet as booklet_contents
from .filters import OrientationFilter
from .forms import MAX_PICKS, PickForm
from .person_sheet import visits
from .reasons import reasons

PAGE_SIZE = 30


@require_safe
@agent_required
def search(request):
    now = timezone.now()
    filterset = OrientationFilter(
        request.GET or None,
        queryset=Association.objects.published().order_by("name"),
        request=request,
        now=now,
    )
    page = Paginator(filterset.ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    moment = filterset.status_moment
    associations = Association.objects.with_agent_details(moment.date()).in_order(page.object_list)
    matching = filterset.matching_services(associations)
    page.object_list = [
        (
            ListedAssociation(association, moment, matching),
            reasons(association, filterset.search, matching, now),
        )
        for association in associations
    ]
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "orientation/search.html",
        {
            "filter": filterset,
            "page": page,
            "query_string": params.urlencode(),
            "max_picks": MAX_PICKS,
        },
    )


@require_safe
@agent_required
def liaison_sheet(request, slug):
    association = get_object_or_404(Association.objects.with_agent_details(), slug=slug)
    sheet = LiaisonSheet(association, timezone.now(), ccas=True)
    return render(request, "associations/liaison_sheet.html", {"sheet": sheet})


@require_safe
@agent_required
def person_sheet(request):
    accepted = Orientation.objects.for_agent(request.user).filter(status=Outcome.ACCEPTED)
    form = PickForm(request.GET, orientations=accepted)
    if not form.is_valid():
        return render(request, "orientation/person_sheet.html", {"form": form}, status=400)
    now = timezone.now()
    today = timezone.localdate(now)
    associations = form.cleaned_data["a"].with_public_details(today)
    return render(
        request,
        "orientation/person_sheet.html",
        {
            "form": form,
            "visits": visits(
                associations, now, [form.cleaned_data["rdv"]] if form.cleaned_data["rdv"] else []
            ),
            "today": today,
        },
    )


@require_safe
@agent_required
def booklet(request):
    now = timezone.now()
    sheets = [
        LiaisonSheet(association, now, ccas=False)
        for association in Association.objects.published().with_public_details()
    ]
    by_quartier, by_aid_type = booklet_contents.contents(sheets)
    return render(
        request,
        "orientation/booklet.html",
        {"sheets": sheets, "by_quartier": by_quartier, "by_aid_type": by_aid_type, "now": now},
    )
