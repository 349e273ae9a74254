"""The CCAS's yearly diagnostic: figures summed in the database, per year, association, town,
quartier, aid type.

An association with places in several towns or quartiers (or services of several aid types)
counts in full in each of them: its registrations cannot be split between its places, so the
totals per town, quartier or aid type add up to more than the network's total. The page says so.
"""

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Subquery, Sum
from django.db.models.functions import Coalesce

from associations.models import AidType, Association, Place, Quartier, Service, Town
from opendata.exports.streaming import csv_rows

from .models import YearlyFigures


def counted():
    """The figures of the associations in the directory: a deleted association's are kept for a
    restore, but no longer counted."""
    return YearlyFigures.objects.filter(association__in=Association.objects.all())


def available_years():
    return list(counted().order_by("-year").values_list("year", flat=True).distinct())


def per_year():
    return list(counted().per_year())


def per_association(year):
    return list(
        counted()
        .filter(year=year)
        .select_related("association")
        .defer("people_sketch")
        .order_by("-registrations", "association__name")
    )


def _linked_totals(terms, link_model, year, **link):
    """Each term with the associations linked to it through `link_model` (`link`: the link's
    field and the term's, as an outer reference) and their registrations."""
    linked = link_model.objects.filter(association=OuterRef("association"), **link)
    figures = counted().filter(year=year).filter(Exists(linked)).order_by()
    grouped = figures.values("year")
    return list(
        terms.annotate(
            associations=Coalesce(
                Subquery(grouped.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
                0,
            ),
            registrations=Subquery(
                grouped.annotate(n=Sum("registrations")).values("n"), output_field=IntegerField()
            ),
        )
        .filter(associations__gt=0)
        .order_by("-registrations", "name")
    )


def per_town(year):
    return _linked_totals(Town.objects.all(), Place, year, city=OuterRef(OuterRef("name")))


def per_quartier(year):
    return _linked_totals(Quartier.objects.all(), Place, year, quartier=OuterRef(OuterRef("pk")))


def per_aid_type(year):
    return _linked_totals(AidType.objects.all(), Service, year, aid_type=OuterRef(OuterRef("pk")))


CSV_HEADER = [
    "annee",
    "association",
    "villes",
    "inscriptions",
    "foyers",
    "personnes",
    "benevoles",
    "denrees_kg",
]


def figures_csv():
    """Every association's figures, for a French spreadsheet: UTF-8 with a BOM, `;` separators."""
    rows = (
        counted()
        .select_related("association")
        .defer("people_sketch")
        .prefetch_related(Prefetch("association__places", queryset=Place.objects.order_by("city")))
        .order_by("year", "association__name")
    )
    return "".join(
        csv_rows(
            CSV_HEADER,
            (
                [
                    figures.year,
                    figures.association.name,
                    ", ".join(dict.fromkeys(p.city for p in figures.association.places.all())),
                    figures.registrations,
                    figures.households,
                    figures.people,
                    figures.volunteers,
                    figures.tonnage_kg,
                ]
                for figures in rows
            ),
            delimiter=";",
            bom=True,
        )
    )
