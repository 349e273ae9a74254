"""The network's demo data: meetings, board posts and yearly figures for the demo associations.

Loaded by `manage.py load_demo` after the demo directory (operations/demo.py), and deleted with
it. Dates are relative to the day of loading. The figures reproduce the CCAS's 2013 diagnostic
(15 associations, 26,184 registrations in all), then a plausible trend up to 2025.
"""

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from associations.models import Association

from . import people_sketch
from .models import (
    BoardAnswer,
    BoardPost,
    Meeting,
    MeetingAttendance,
    PeopleCountKey,
    YearlyFigures,
)

DIAGNOSTIC_2013_TOTAL = 26_184
# Each association's share of the 2013 registrations (relative weights), by slug.
SHARES_2013 = {
    "relais-du-coeur-epeule": 52,
    "solidarite-populaire-pile": 38,
    "epicerie-du-grand-place": 12,
    "paniers-de-l-alma": 17,
    "veilleurs-de-la-gare": 6,
    "resto-fraternel": 14,
    "frigo-partage-hommelet": 5,
    "escale-etudiante": 7,
    "main-tendue-potennerie": 11,
    "nid-du-moulin": 4,
    "jardin-des-hauts-champs": 3,
    "coup-de-pouce-trois-ponts": 15,
    "halte-du-sartel": 9,
    "entraide-anatolie": 8,
    "table-de-l-esperance": 6,
}
# The network's registrations relative to 2013: steady growth, the 2020 health crisis, inflation.
TREND = {
    2014: 1.03,
    2015: 1.05,
    2016: 1.08,
    2017: 1.10,
    2018: 1.12,
    2019: 1.14,
    2020: 1.31,
    2021: 1.27,
    2022: 1.36,
    2023: 1.48,
    2024: 1.52,
    2025: 1.55,
}
# Years from which the associations also counted households, volunteers and food distributed.
DETAILED_FROM = 2016
# The year whose registers the demo associations "sent" as people sketches: of its registrations,
# SEVERAL people are registered in several associations, one in THREE_SHARE of them in three.
SKETCH_YEAR = 2025
SEVERAL = 4_000
THREE_SHARE = 0.25
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèbvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Benali",
    "Haddad",
    "Yilmaz",
    "Diallo",
    "Nguyen",
    "Mendes",
    "Kowalski",
    "Boukhari",
    "Traoré",
    "Ferreira",
    "Caron",
    "Deschamps",
    "Vanhoutte",
    "Delattre",
    "Wauquier",
    "Desmet",
    "Lemaire",
    "Duhamel",
    "Carpentier",
]
FIRST_NAMES = [
    "Marie",
    "Nathalie",
    "Isabelle",
    "Sylvie",
    "Catherine",
    "Sandrine",
    "Céline",
    "Aurélie",
    "Fatima",
    "Aïcha",
    "Samira",
    "Leïla",
    "Jean",
    "Michel",
    "Philippe",
    "Alain",
    "Patrick",
    "Nicolas",
    "Christophe",
    "Stéphane",
    "Mohamed",
    "Karim",
    "Youssef",
    "Mehmet",
    "Mamadou",
    "Ibrahima",
    "José",
    "Ana",
    "Olivia",
    "Emma",
    "Jade",
    "Louise",
    "Lucas",
    "Hugo",
    "Noé",
    "Inès",
    "Yasmine",
    "Rayan",
    "Zoé",
    "Chloé",
]


def synthetic_registers(registrations, several=SEVERAL, three_share=THREE_SHARE, seed=SKETCH_YEAR):
    """Registers of made-up people for associations with `registrations` ({key: count}), exactly
    that long each, where `several` people are in two associations or more (`three_share` of them
    in three). Returns ({key: [(last name, first name, birth date)]}, [set of keys of each person]):
    the second is the truth the estimates are checked against. A person is written differently in
    each register (capitals, accents, date format), as registers do."""
    rng = random.Random(seed)
    left = dict(registrations)
    people = []
    for index in range(several):
        wanted = 3 if index < several * three_share else 2
        keys = set()
        while len(keys) < wanted:
            open_keys = [key for key in left if left[key] > 0 and key not in keys]
            keys.add(rng.choices(open_keys, weights=[left[key] for key in open_keys])[0])
        for key in keys:
            left[key] -= 1
        people.append(keys)
    for key, count in left.items():
        people.extend({key} for _ in range(count))
    identities = set()
    registers = {key: [] for key in registrations}
    for keys in people:
        identity = None
        while identity is None or identity in identities:
            born = date(1940, 1, 1) + timedelta(days=rng.randrange(65 * 365))
            identity = (rng.choice(LAST_NAMES), rng.choice(FIRST_NAMES), born)
        identities.add(identity)
        last, first, born = identity
        for key in sorted(keys):
            registers[key].append(_as_written(rng, last, first, born))
    return registers, people


def _as_written(rng, last, first, born):
    spelling = rng.randrange(3)
    if spelling == 0:
        return last.upper(), first, born.strftime("%d/%m/%Y")
    if spelling == 1:
        return last, first.lower(), born.isoformat()
    return f" {last} ", first.upper(), f"{born.day}.{born.month}.{born.year}"


def split(total, weights):
    """`total` split in proportion to `weights`, in whole numbers that add up to `total` exactly."""
    weight_sum = sum(weights.values())
    exact = {key: total * weight / weight_sum for key, weight in weights.items()}
    parts = {key: int(value) for key, value in exact.items()}
    left = total - sum(parts.values())
    for key in sorted(exact, key=lambda key: exact[key] - parts[key], reverse=True)[:left]:
        parts[key] += 1
    return parts


def demo_figures():
    """{year: {slug: registrations}} for 2013 to 2025."""
    years = {2013: split(DIAGNOSTIC_2013_TOTAL, SHARES_2013)}
    for year, factor in TREND.items():
        years[year] = split(round(DIAGNOSTIC_2013_TOTAL * factor), SHARES_2013)
    return years


MEETINGS = [
    # (days from today, host slug, agenda, minutes)
    (
        -180,
        "relais-du-coeur-epeule",
        "Bilan de l'été\nPréparation de la campagne d'hiver",
        "12 associations présentes.\nLes horaires d'hiver seront publiés sur le site avant le 15 novembre.",
    ),
    (
        -120,
        "resto-fraternel",
        "Locaux : la demande de Solidarité populaire\nCollecte nationale de la Banque alimentaire",
        "Le CCAS relaie la demande de locaux auprès de la Ville.\nBesoin de 40 bénévoles pour la collecte.",
    ),
    (
        -60,
        "epicerie-du-grand-place",
        "Chiffres de l'année pour le diagnostic\nAccueil des personnes sans papiers : qui oriente où",
        "Chaque association saisit ses chiffres dans son espace avant la fin du mois.",
    ),
    (
        25,
        "paniers-de-l-alma",
        "Tour de table\nPartage des surplus de fin d'année\nQuestions diverses",
        "",
    ),
    (85, "escale-etudiante", "Présentation du diagnostic annuel\nPlanning des permanences", ""),
]

TUESDAY = 1
PRESENT = ["relais-du-coeur-epeule", "paniers-de-l-alma", "resto-fraternel", "halte-du-sartel"]

POSTS = [
    # (slug, author, kind, category, title, body, ends in days, closed, relayed, answers)
    (
        "solidarite-populaire-pile",
        "benevole2",
        BoardPost.Kind.NEED,
        BoardPost.Category.PREMISES,
        "Local de stockage de 30 m² au Pile",
        "Notre réserve est trop petite depuis la rentrée. Nous cherchons un local sec, accessible en camionnette, même quelques mois.",
        45,
        False,
        True,
        [
            (
                "paniers-de-l-alma",
                "benevole",
                "Nous avons une pièce libre le lundi et le jeudi, rue de l'Alma. Appelez-nous !",
            )
        ],
    ),
    (
        "epicerie-du-grand-place",
        None,
        BoardPost.Kind.OFFER,
        BoardPost.Category.SURPLUS_FOOD,
        "Yaourts et fromages à date courte chaque vendredi",
        "Environ 20 kg chaque vendredi après-midi, à venir chercher avec une glacière.",
        30,
        False,
        False,
        [],
    ),
    (
        "paniers-de-l-alma",
        "benevole",
        BoardPost.Kind.NEED,
        BoardPost.Category.VOLUNTEERS,
        "Deux bénévoles pour la distribution du mardi matin",
        "De 8 h 30 à 12 h, pour installer, accueillir et distribuer. Pas besoin d'expérience.",
        60,
        False,
        False,
        [],
    ),
    (
        "relais-du-coeur-epeule",
        None,
        BoardPost.Kind.OFFER,
        BoardPost.Category.VEHICLE,
        "Camionnette frigorifique disponible le mercredi",
        "Prêt possible avec un de nos chauffeurs, pour un ramassage à la Banque alimentaire.",
        20,
        False,
        True,
        [],
    ),
    (
        "resto-fraternel",
        None,
        BoardPost.Kind.OFFER,
        BoardPost.Category.EQUIPMENT,
        "Armoire réfrigérée à donner",
        "Fonctionne, 600 litres. Déjà donnée.",
        10,
        True,
        False,
        [],
    ),
    (
        "halte-du-sartel",
        None,
        BoardPost.Kind.NEED,
        BoardPost.Category.EQUIPMENT,
        "Tables pliantes pour la collecte",
        "Pour la collecte nationale de novembre.",
        -15,
        False,
        False,
        [],
    ),
]


def delete_network_demo():
    """Delete the meetings hosted by demo associations (the rest goes with the associations)."""
    Meeting.objects.filter(host__is_demo=True).delete()


@transaction.atomic
def load_network_demo(today=None):
    """Build the network's demo data for the demo associations already loaded."""
    today = today or timezone.localdate()
    delete_network_demo()
    associations = {
        association.slug: association for association in Association.objects.filter(is_demo=True)
    }
    users = {user.get_username(): user for user in get_user_model().objects.all()}
    _load_meetings(associations, today)
    _load_posts(associations, users, today)
    _load_figures(associations)
    _load_people_sketches(associations)


def _at(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _load_meetings(associations, today):
    for days, host, agenda, minutes in MEETINGS:
        day = today + timedelta(days=days)
        day += timedelta(days=(TUESDAY - day.weekday()) % 7)
        meeting = Meeting.objects.create(
            starts_at=_at(day, 14),
            ends_at=_at(day, 16),
            host=associations[host],
            place=associations[host].places.first(),
            agenda=agenda,
            minutes=minutes,
        )
        present = PRESENT if days < 0 else PRESENT[1:2]
        MeetingAttendance.objects.bulk_create(
            MeetingAttendance(meeting=meeting, association=associations[slug]) for slug in present
        )


def _load_posts(associations, users, today):
    now = timezone.now()
    for slug, author, kind, category, title, body, ends_in, closed, relayed, answers in POSTS:
        post = BoardPost.objects.create(
            association=associations[slug],
            author=users.get(author),
            kind=kind,
            category=category,
            title=title,
            body=body,
            ends_on=today + timedelta(days=ends_in),
            closed_at=now if closed else None,
            relayed_at=now if relayed else None,
            relayed_by=users.get("agent") if relayed else None,
        )
        for answer_slug, answer_author, answer_body in answers:
            BoardAnswer.objects.create(
                post=post,
                association=associations[answer_slug],
                author=users.get(answer_author),
                body=answer_body,
            )


def _load_figures(associations):
    rows = []
    for year, registrations in demo_figures().items():
        for slug, count in registrations.items():
            detailed = year >= DETAILED_FROM
            rows.append(
                YearlyFigures(
                    association=associations[slug],
                    year=year,
                    registrations=count,
                    households=round(count * 0.42) if detailed else None,
                    people=round(count * 0.9) if detailed else None,
                    volunteers=max(3, count // 120) if detailed else None,
                    tonnage_kg=count * 38 if detailed else None,
                )
            )
    YearlyFigures.objects.bulk_create(rows)


def _load_people_sketches(associations):
    """Each demo association's sketch of SKETCH_YEAR, made from a synthetic register as long as
    its registrations that year, with the year's key: what its manager's browser would send."""
    key = PeopleCountKey.objects.of_year(SKETCH_YEAR)
    registers, _people = synthetic_registers(demo_figures()[SKETCH_YEAR])
    figures = list(
        YearlyFigures.objects.filter(
            year=SKETCH_YEAR, association__in=associations.values()
        ).select_related("association")
    )
    for row in figures:
        sketch, _skipped = people_sketch.sketch_of(key, registers[row.association.slug])
        row.people_sketch = people_sketch.serialise(sketch)
    YearlyFigures.objects.bulk_update(figures, ["people_sketch"])
