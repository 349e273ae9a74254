import datetime
import json
from pathlib import Path

import pytest
from django.utils import timezone

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
)

# Unmodified copies of the official schemas, with their origin and licence (schemas/README.md).
SCHEMAS = Path(__file__).resolve().parent / "schemas"
# Written into every CCAS-only field of the directory: no export may contain it.
SECRET = "SECRET-CCAS-7Q"


def load_schema(*parts):
    return json.loads(SCHEMAS.joinpath(*parts).read_text())


def _slot(service, weekday, opens, closes, **fields):
    return OpeningSlot.objects.create(
        service=service,
        weekday=weekday,
        opens_at=datetime.time.fromisoformat(opens),
        closes_at=datetime.time.fromisoformat(closes),
        **fields,
    )


def _service(association, aid_type, place=None, publics=(), ccas_publics=(), **fields):
    service = Service.objects.create(
        association=association,
        place=place,
        aid_type=AidType.objects.get(slug=aid_type),
        **fields,
    )
    # The `publics` are shown publicly: the sensitive ones made public by an agent.
    for slug in publics:
        ServicePublic.objects.create(
            service=service, public=Public.objects.get(slug=slug), sensitive_made_public=True
        )
    for slug in ccas_publics:
        ServicePublic.objects.create(
            service=service, public=Public.objects.get(slug=slug), is_public=False
        )
    return service


@pytest.fixture
def directory(db):
    """Three published associations covering the cases exports meet, and an unpublished one."""
    today = timezone.localdate()

    restos = Association.objects.create(
        name="Les Restos du Cœur – Roubaix Centre",
        slug="restos-roubaix-centre",
        summary="Colis alimentaires et repas chauds pendant la campagne d'hiver.",
        description="Inscription sur place avec un justificatif de ressources.",
        network=Network.objects.get(slug="restos-du-coeur"),
        phone="03 20 00 00 01",
        email="restos.roubaix@example.org",
        website="https://restos-roubaix.example.org/",
        is_published=True,
        last_checked_on=today - datetime.timedelta(days=20),
        holiday_policy=Association.HolidayPolicy.CLOSED,
        internal_notes=f"Président difficile à joindre {SECRET}",
    )
    centre = Place.objects.create(
        city="Roubaix",
        postal_code="59100",
        association=restos,
        name="Salle Watremez",
        address="12 rue de l'Alma",
        quartier=Quartier.objects.get(slug="alma"),
        latitude="50.694500",
        longitude="3.174300",
        accessibility=Place.Accessibility.YES,
        directions="Métro Eurotéléport, entrée par la cour.",
    )
    colis = _service(
        restos,
        "colis",
        centre,
        publics=["familles", "personnes-seules"],
        ccas_publics=["sans-papiers"],
        access=Service.Access.REGISTRATION,
        access_details="Inscriptions le lundi matin.",
        documents="Pièce d'identité\nJustificatif de ressources",
        zone="Habitants de Roubaix",
    )
    colis.languages.set(Language.objects.filter(slug__in=["francais", "arabe"]))
    _slot(colis, 1, "09:00", "12:00")
    _slot(colis, 3, "14:00", "17:00", weeks_of_month=[1, 3])
    _slot(
        colis,
        4,
        "09:00",
        "11:30",
        valid_from=today + datetime.timedelta(days=30),
        valid_until=today + datetime.timedelta(days=150),
    )
    repas = _service(restos, "repas", centre, publics=["tous", "familles"], name="Repas du midi")
    _slot(repas, 0, "11:30", "13:30")
    _slot(repas, 2, "11:30", "13:30")
    _slot(repas, 4, "11:30", "13:30")
    Closure.objects.create(
        association=restos,
        starts_on=today + datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=14),
        message="Inventaire annuel",
    )
    Closure.objects.create(
        association=restos,
        service=repas,
        starts_on=today + datetime.timedelta(days=40),
        ends_on=today + datetime.timedelta(days=41),
    )
    Referent.objects.create(
        association=restos,
        name="Claire Dupont",
        role="Présidente",
        phone="06 00 00 00 01",
        is_public=True,
    )
    Referent.objects.create(
        association=restos, name=f"Marc {SECRET}", phone="06 99 99 99 99", email="marc@example.org"
    )

    epicerie = Association.objects.create(
        name="Épicerie solidaire de l'Épeule",
        slug="epicerie-epeule",
        is_published=True,
        holiday_policy=Association.HolidayPolicy.OPEN,
    )
    shop = Place.objects.create(
        city="Roubaix",
        postal_code="59100",
        association=epicerie,
        name="Local de la rue de Lannoy",
        address="85 rue de Lannoy",
        quartier=Quartier.objects.get(slug="epeule"),
    )
    courses = _service(
        epicerie,
        "epicerie",
        shop,
        publics=["etudiants", "demandeurs-asile", "sans-papiers"],
        access=Service.Access.REFERRAL,
        access_details="Orientation par un travailleur social du CCAS ou du Département.",
        is_free=False,
        fee_details="10 % du prix des produits",
        description="Une épicerie où l'on choisit ses produits pendant trois mois renouvelables.",
    )
    _slot(courses, 1, "14:00", "18:00")
    _slot(courses, 5, "09:30", "12:00", weeks_of_month=[-1])

    maraude = Association.objects.create(
        name="Maraude du Nord",
        slug="maraude-du-nord",
        is_published=True,
        last_checked_on=today,
    )
    tournee = _service(maraude, "maraude", publics=["sans-abri"], name="Tournée du soir")
    _slot(tournee, 0, "19:00", "22:00")
    _slot(tournee, 3, "19:00", "22:00")

    hidden = Association.objects.create(
        name=f"Association pas encore publiée {SECRET}", slug="pas-publiee"
    )
    hidden_place = Place.objects.create(
        city="Roubaix",
        postal_code="59100",
        association=hidden,
        name=f"Lieu {SECRET}",
        address="1 rue Secrète",
    )
    _service(hidden, "colis", hidden_place, name=f"Service {SECRET}")
    return [restos, epicerie, maraude]
