"""A synthetic directory of food-aid associations, the same on every run.

Association number `n` is drawn from its own `random.Random(n)`, so a directory of 1,000 is the
first 1,000 of a directory of 10,000: `build(size)` only adds the associations not yet there,
and the sizes of one run are built one on top of the other. Rows are written with bulk_create in
batches, which writes no history (the public pages never read it), then indexed for the search.
"""

import datetime
import random
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from associations import edits
from associations.models import (
    AidType,
    Association,
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
    Town,
)

BATCH = 1000

KINDS = [
    "Épicerie solidaire",
    "Restos du quartier",
    "Secours alimentaire",
    "Banque alimentaire",
    "Entraide",
    "Panier solidaire",
    "Frigo partagé",
    "Amicale",
    "Maison de quartier",
    "Soupe populaire",
]
NAMED_AFTER = [
    "Saint-Joseph",
    "Jean Jaurès",
    "des Familles",
    "Fraternité",
    "du Nord",
    "Solidarité",
    "de la Gare",
    "Espoir",
    "du Canal",
    "Arc-en-ciel",
    "Louise Michel",
    "Abbé Pierre",
]
STREETS = [
    "rue de l'Alma",
    "boulevard de Belfort",
    "rue Pierre Motte",
    "avenue Jean Lebas",
    "rue de Lannoy",
    "boulevard de Fourmies",
    "rue du Collège",
    "rue de Mouvaux",
    "rue de Tourcoing",
    "place de la Liberté",
    "rue Édouard Vaillant",
    "rue du Fontenoy",
]
SUMMARIES = [
    "Colis alimentaires chaque semaine pour les familles du quartier.",
    "Une épicerie où l'on paie une petite partie du prix, avec un accompagnement budgétaire.",
    "Repas chauds et café d'accueil, sans inscription.",
    "Distribution de fruits et légumes frais récupérés auprès des commerces.",
    "Maraude le soir auprès des personnes à la rue : soupe, boissons chaudes, écoute.",
]
DESCRIPTIONS = [
    "Accueil par des bénévoles. Pensez à apporter un sac.",
    "Inscription sur rendez-vous avec une assistante sociale du CCAS ou du département.",
    "Produits secs, conserves, produits frais et d'hygiène selon les arrivages.",
    "Un repas complet servi à table ; possibilité d'emporter.",
    "",
]


def build(size, today=None):
    """Add associations until the directory holds `size` of them (numbered from 0)."""
    today = today or timezone.localdate()
    terms = {
        "aid_types": list(AidType.objects.order_by("pk")),
        "publics": list(Public.objects.order_by("pk")),
        "quartiers": list(Quartier.objects.order_by("pk")),
        "town": Town.objects.first(),
        "languages": list(Language.objects.order_by("pk")),
        "networks": list(Network.objects.order_by("pk")),
    }
    start = Association.objects.count()
    for first in range(start, size, BATCH):
        with transaction.atomic():
            _build_batch(range(first, min(first + BATCH, size)), terms, today)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Autovacuum would do it soon after a real import: the planner needs the statistics,
        # and index-only scans the visibility map. (VACUUM cannot run in a transaction, such
        # as a test's.)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def _build_batch(numbers, terms, today):
    rngs = {n: random.Random(n) for n in numbers}
    associations = Association.objects.bulk_create(
        [_association(n, rngs[n], terms, today) for n in numbers], batch_size=BATCH
    )
    places, place_owner = [], []
    for association in associations:
        rng = rngs[association.number]
        for k in range(rng.randint(1, 3)):
            places.append(_place(association, k, rng, terms))
            place_owner.append(association)
    Place.objects.bulk_create(places, batch_size=BATCH)
    places_of = {}
    for place, association in zip(places, place_owner, strict=True):
        places_of.setdefault(association.pk, []).append(place)

    services = []
    for association in associations:
        rng = rngs[association.number]
        for _ in range(rng.randint(1, 4)):
            services.append(_service(association, places_of[association.pk], rng, terms))
    Service.objects.bulk_create(services, batch_size=BATCH)

    slots, links, languages, closures, referents = [], [], [], [], []
    Languages = Service.languages.through
    for service in services:
        rng = rngs[service.association.number]
        slots += [_slot(service, rng, today) for _ in range(rng.randint(1, 4))]
        for public in rng.sample(terms["publics"], rng.randint(1, 3)):
            links.append(
                ServicePublic(service=service, public=public, is_public=rng.random() > 0.1)
            )
        for language in rng.sample(terms["languages"], rng.randint(0, 3)):
            languages.append(Languages(service=service, language=language))
    for association in associations:
        rng = rngs[association.number]
        if rng.random() < 0.15:
            starts = today + datetime.timedelta(days=rng.randint(-20, 40))
            closures.append(
                Closure(
                    association=association,
                    starts_on=starts,
                    ends_on=starts + datetime.timedelta(days=rng.randint(0, 21)),
                    message="Fermeture pour inventaire, reprise ensuite aux horaires habituels.",
                )
            )
        for k in range(rng.randint(1, 2)):
            referents.append(
                Referent(
                    association=association,
                    name=f"Référent {k + 1} de l'association {association.number}",
                    role="Président·e" if k == 0 else "Bénévole",
                    phone="03 20 00 00 00",
                    email=f"referent{k}.{association.number}@example.org",
                    is_public=rng.random() < 0.5,
                )
            )
    OpeningSlot.objects.bulk_create(slots, batch_size=BATCH)
    ServicePublic.objects.bulk_create(links, batch_size=BATCH)
    Languages.objects.bulk_create(languages, batch_size=BATCH)
    Closure.objects.bulk_create(closures, batch_size=BATCH)
    Referent.objects.bulk_create(referents, batch_size=BATCH)
    # Written in bulk, around the edits: index the new associations and renew the cached pages.
    edits.bulk_written(Association.objects.filter(pk__in=[a.pk for a in associations]))


def _association(n, rng, terms, today):
    name = f"{rng.choice(KINDS)} {rng.choice(NAMED_AFTER)}"
    association = Association(
        name=name,
        slug=f"{slugify(name)}-{n}",
        summary=rng.choice(SUMMARIES),
        description=" ".join(rng.sample(DESCRIPTIONS, 3)).strip(),
        network=rng.choice(terms["networks"]) if rng.random() < 0.3 else None,
        phone=f"03 20 {rng.randint(0, 99):02d} {rng.randint(0, 99):02d} {n % 100:02d}",
        email=f"contact{n}@example.org",
        website=f"https://association-{n}.example.org" if rng.random() < 0.4 else "",
        # Association 0 is published: the detail page measured is always there.
        is_published=n == 0 or rng.random() < 0.93,
        last_checked_on=today - datetime.timedelta(days=rng.randint(0, 400)),
        internal_notes="Note du CCAS, jamais publiée.",
        habilitation=rng.choice(Association.Habilitation.values),
        holiday_policy=rng.choice(Association.HolidayPolicy.values),
    )
    association.number = n
    return association


def _place(association, k, rng, terms):
    return Place(
        association=association,
        name=f"Salle {k + 1}",
        address=f"{rng.randint(1, 250)} {rng.choice(STREETS)}",
        postal_code=terms["town"].postal_code_list[0],
        city=terms["town"].name,
        quartier=rng.choice(terms["quartiers"]),
        latitude=Decimal(f"{50.690 + rng.uniform(-0.02, 0.02):.6f}"),
        longitude=Decimal(f"{3.180 + rng.uniform(-0.03, 0.03):.6f}"),
        accessibility=rng.choice(Place.Accessibility.values),
        directions="Métro Eurotéléport, puis 5 minutes à pied." if rng.random() < 0.3 else "",
    )


def _service(association, places, rng, terms):
    aid_type = rng.choice(terms["aid_types"])
    is_free = rng.random() < 0.8
    return Service(
        association=association,
        place=None if aid_type.slug == "maraude" else rng.choice(places),
        aid_type=aid_type,
        name=rng.choice(["", "", "Distribution du mardi", "Accueil du matin"]),
        description=rng.choice(DESCRIPTIONS),
        access=rng.choice(Service.Access.values),
        is_free=is_free,
        fee_details="" if is_free else "10 % du prix en magasin",
        documents="Pièce d'identité\nAttestation CAF" if rng.random() < 0.5 else "",
    )


def _slot(service, rng, today):
    opens = rng.randint(8, 17)
    slot = OpeningSlot(
        service=service,
        weekday=rng.randint(0, 6),
        opens_at=datetime.time(opens, rng.choice([0, 30])),
        closes_at=datetime.time(min(opens + rng.randint(1, 4), 23), 0),
    )
    shape = rng.random()
    if shape < 0.15:
        slot.weeks_of_month = rng.choice([[1, 3], [2, 4], [-1], [1]])
    elif shape < 0.25:
        # Seasonal: the winter plan, from November to March.
        year = today.year if today.month >= 4 else today.year - 1
        slot.valid_from = datetime.date(year, 11, 1)
        slot.valid_until = datetime.date(year + 1, 3, 31)
    return slot
