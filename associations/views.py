"""The public directory: where to get food today, near me, on what conditions."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from .caching import cache_public_page
from .filters import AssociationFilter, When
from .liaison import LiaisonSheet
from .listing import ListedAssociation
from .models import Association

PAGE_SIZE = 20
MAP_LIMIT = 500


def _filtered(request, now):
    return AssociationFilter(
        request.GET or None,
        queryset=Association.objects.published().order_by("name"),
        request=request,
        now=now,
    )


def _page(request, filterset, now):
    cards = filterset.qs.with_card_details()
    page = Paginator(cards, PAGE_SIZE).get_page(request.GET.get("page"))
    associations = list(page.object_list)
    page.object_list = ListedAssociation.wrap(
        associations, now, filterset.matching_services(associations)
    )
    return page


@require_GET
@cache_public_page
def home(request):
    now = timezone.now()
    filterset = _filtered(request, now)
    return render(
        request,
        "associations/home.html",
        {
            "filter": filterset,
            "page": _page(request, filterset, now),
            "aid_types": filterset.lists.aid_types.values(),
            "quartiers": sorted(
                filterset.lists.quartiers_with_places.values(), key=lambda quartier: quartier.name
            ),
            "today_filter": When.TODAY,
            "now_filter": When.NOW,
        },
    )


@require_GET
@cache_public_page
def association_list(request):
    now = timezone.now()
    filterset = _filtered(request, now)
    return render(
        request,
        "associations/association_list.html",
        {
            "filter": filterset,
            "page": _page(request, filterset, now),
            "query_string": _without_page(request),
        },
    )


@require_GET
@cache_public_page
def association_map(request):
    now = timezone.now()
    filterset = _filtered(request, now)
    cards = filterset.qs.with_card_details()
    associations = ListedAssociation.wrap(cards[:MAP_LIMIT], now)
    return render(
        request,
        "associations/association_map.html",
        {
            "filter": filterset,
            "associations": associations,
            "markers": [marker for a in associations for marker in a.markers()],
            "query_string": _without_page(request),
            "tile_url": settings.MAP_TILE_URL,
            "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        },
    )


@require_GET
@cache_public_page
def association_detail(request, slug):
    now = timezone.now()
    association = get_object_or_404(
        Association.objects.published().with_public_details(),
        slug=slug,
    )
    listed = ListedAssociation(association, now)
    return render(
        request,
        "associations/association_detail.html",
        {
            "association": association,
            "listed": listed,
            "markers": listed.markers(),
            "tile_url": settings.MAP_TILE_URL,
            "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
            "report_email": settings.CCAS_CONTACT_EMAIL,
            # The page of one association says that it is fictitious if it is, and only then.
            "demo_banner": association.is_demo,
        },
    )


@require_GET
def accessibility(request):
    """The accessibility statement (déclaration d'accessibilité, in the RGAA's format)."""
    return render(
        request,
        "associations/accessibility.html",
        {"contact_email": settings.CCAS_CONTACT_EMAIL},
    )


@require_GET
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


def _without_page(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
