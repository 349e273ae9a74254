"""The public directory: where to get food today, near me, on what conditions."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from . import map_tiles, reasons, term_lists
from .caching import cache_public_page
from .filters import AssociationFilter, When
from .liaison import LiaisonSheet
from .listing import ListedAssociation
from .models import Association
from .questions import QuickQuestionsForm

PAGE_SIZE = 20
MAP_LIMIT = 500


def _filtered(request, now):
    return AssociationFilter(
        request.GET or None,
        queryset=Association.objects.published().order_by("name"),
        request=request,
        now=now,
    )


def _page(request, filterset):
    page = Paginator(filterset.ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = _cards(filterset, page.object_list)
    return page


def _cards(filterset, pks):
    """The cards of the associations `pks`, in that order, their statuses at the moment the
    criteria ask about (now by default)."""
    moment = filterset.status_moment
    associations = Association.objects.with_card_details(moment.date()).in_order(pks)
    matching = filterset.matching_services(associations)
    why = _search_reasons(filterset.search, associations, matching)
    return ListedAssociation.wrap(associations, moment, matching, why, filterset.distances)


def _search_reasons(search, associations, matching):
    """Why each association answers the search box, by pk (reasons.for_search); nothing
    without a search. The stored search text is read for the words found."""
    if not (search.applied or search.free_words):
        return {}
    documents = {}
    if search.free_words or search.named:
        documents = dict(
            Association.objects.filter(pk__in=[association.pk for association in associations])
            .order_by()
            .values_list("pk", "search_document")
        )
    return {
        association.pk: reasons.for_search(
            association, search, matching, documents.get(association.pk, "")
        )
        for association in associations
    }


def _results(request, filterset):
    """What a list page shows of its results: a page of cards and, when nothing matches, the
    next openings for the same criteria and the places open to everyone."""
    page = _page(request, filterset)
    context = {"filter": filterset, "page": page}
    if not page.object_list:
        soon, open_to_all = filterset.suggestions()
        soon = [pk for pk, _opening in soon]
        context["opening_soon"] = _cards(filterset, soon)
        # Each association once on the page.
        others = [pk for pk, _opening in open_to_all if pk not in soon]
        context["open_to_all"] = _cards(filterset, others)
    return context


@require_safe
@cache_public_page
def home(request):
    filterset = _filtered(request, timezone.now())
    return render(
        request,
        "associations/home.html",
        {
            **_results(request, filterset),
            "aid_types": filterset.lists.aid_types.values(),
            "quartiers": sorted(
                filterset.lists.quartiers_with_places.values(), key=lambda quartier: quartier.name
            ),
            "today_filter": When.TODAY,
            "now_filter": When.NOW,
        },
    )


@require_safe
@cache_public_page
def association_list(request):
    filterset = _filtered(request, timezone.now())
    return render(
        request,
        "associations/association_list.html",
        {
            **_results(request, filterset),
            "query_string": _without_page(request),
        },
    )


@require_safe
@cache_public_page
def association_map(request):
    filterset = _filtered(request, timezone.now())
    moment = filterset.status_moment
    cards = filterset.qs.with_card_details(moment.date())
    associations = ListedAssociation.wrap(cards[:MAP_LIMIT], moment)
    return render(
        request,
        "associations/association_map.html",
        {
            "filter": filterset,
            "associations": associations,
            "markers": [marker for a in associations for marker in a.markers()],
            "query_string": _without_page(request),
            **map_tiles.context(),
        },
    )


@require_safe
@cache_public_page
def association_detail(request, slug):
    now = timezone.now()
    association = get_object_or_404(
        Association.objects.published().with_public_details(),
        slug=slug,
    )
    listed = ListedAssociation(association, now)
    page_url = request.build_absolute_uri(association.get_absolute_url())
    return render(
        request,
        "associations/association_detail.html",
        {
            "association": association,
            "listed": listed,
            "markers": listed.markers(),
            "page_url": page_url,
            "sms_text": listed.sms_text(page_url),
            **map_tiles.context(),
            # The page of one association says that it is fictitious if it is, and only then.
            "demo_banner": association.is_demo,
        },
    )


@require_safe
def accessibility(request):
    """The accessibility statement (déclaration d'accessibilité, in the RGAA's format)."""
    return render(
        request,
        "associations/accessibility.html",
        {"contact_email": settings.CCAS_CONTACT_EMAIL},
    )


@require_safe
@cache_public_page
def liaison_sheet(request, slug):
    """The printable fiche de liaison, without anything CCAS-only (agents have their own)."""
    association = get_object_or_404(
        Association.objects.published().with_public_details(),
        slug=slug,
    )
    sheet = LiaisonSheet(association, timezone.now(), ccas=False)
    return render(
        request,
        "associations/liaison_sheet.html",
        {"sheet": sheet, "demo_banner": association.is_demo},
    )


@require_safe
@cache_public_page
def quick_questions(request):
    """Three optional questions; the answers lead to the list with the matching criteria."""
    # Read first, as every public page does: the banner then takes the demo's presence from them.
    lists = term_lists.of_request(request)
    form = QuickQuestionsForm(
        request.GET if QuickQuestionsForm.answered(request.GET) else None,
        towns=lists.towns.values(),
    )
    if form.is_valid():
        criteria = form.list_criteria(lists.offered_publics.values())
        url = reverse("associations:list")
        return redirect(f"{url}?{urlencode(criteria)}" if criteria else url)
    return render(request, "associations/questions.html", {"form": form})


def _without_page(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
