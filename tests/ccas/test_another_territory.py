"""The whole site run for another territory, the fictional CIAS of docs/territoire-exemple.toml
(two towns, other quartiers, another colour): no page, export or mail says "Roubaix".

The crawl follows every link of the public site, as a visitor and as a volunteer, and of the back
office and the staff pages, as a superuser; then every pattern of the URLconf must have been
reached, but those listed in NOT_REACHED_BY_A_LINK with the reason.
"""

import datetime
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils import timezone

from accounts import invitations
from accounts.models import Membership
from associations import edits
from associations.models import (
    AidType,
    Association,
    OpeningSlot,
    Place,
    Quartier,
    Referent,
    Service,
    Town,
)
from ccas.logo import SVG
from ccas.models import ReceptionDesk, ReceptionSlot, Territory
from network import figures as yearly_figures
from network import people_sketch
from network.models import BoardPost, Meeting, PeopleCountKey, YearlyFigures
from space import reminders

EXAMPLE = Path(settings.BASE_DIR) / "docs" / "territoire-exemple.toml"
TRACE = re.compile("roubaix", re.IGNORECASE)
# Traces the crawl finds that are not the town's name shown to people: the project's Python
# package in the names of Django's own form fields or CSS classes would match, but there is
# none; what is left is the producer id of the data·inclusion export, kept stable for the
# records' ids (opendata/exports/published.py), named in the report to the lead.
ALLOWED_TRACES = {"roubaix-aide"}

# Patterns a link does not lead to: they answer a form (POST), a signed or secret link sent by
# mail, or a file only a script asks for.
NOT_REACHED_BY_A_LINK = {
    "accounts:invitation",  # the secret link of an invitation mail (its mail is checked)
    "accounts:invitation_renewal",  # POST from the expired invitation page
    "accounts:password_reset_confirm",  # the signed link of the reset mail (mail checked)
    "accounts:password_reset_complete",
    "accounts:password_change_done",
    "accounts:logout",  # POST
    "space:confirm_by_link",  # the signed link of the reminder mail (mail checked)
    "network:calendar_feed",  # the secret address of a member's calendar
    # Buttons that POST, to the members' pages, invitations and the board.
    "accounts:accept_invitation",
    "accounts:decline_invitation",
    "space:cancel_invitation",
    "space:change_role",
    "space:remove_member",
    "space:resend_invitation",
    "network:attendance",
    "network:close_post",
    "network:relay_post",
    # The association's answers to an orientation (POST).
    "liaison_space:accept",
    "liaison_space:refuse",
    "liaison_space:attendance",
}


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "action") and value and tag != "form":
                self.found.append(value)


def links_of(body):
    parser = Links()
    parser.feed(body)
    return parser.found


@pytest.fixture
def val_fictif(db, django_user_model):
    call_command("setup_territory", str(EXAMPLE), stdout=io.StringIO())
    site = Territory.objects.get()
    site.set_logo(b'<svg xmlns="http://www.w3.org/2000/svg"><title>Val-Fictif</title></svg>', SVG)
    site.save()
    fictiville, imaginville = Town.objects.all()
    today = timezone.localdate()
    associations = []
    for number, (town, code) in enumerate([(fictiville, "59990"), (imaginville, "59992")], start=1):
        association = Association.objects.create(
            name=f"Épicerie solidaire {town.name}",
            slug=f"epicerie-{town.slug}",
            is_published=True,
            summary="Une épicerie où chacun choisit.",
            phone=f"03 27 00 00 0{number}",
            email=f"epicerie@{town.slug}.example.org",
        )
        place = Place.objects.create(
            association=association,
            name="Salle des fêtes",
            address=f"{number} rue de la Paix",
            postal_code=code,
            city=town.name,
            quartier=Quartier.objects.all()[number - 1],
            latitude="50.35",
            longitude=f"3.5{number}",
        )
        service = Service.objects.create(
            association=association, place=place, aid_type=AidType.objects.get(slug="colis")
        )
        OpeningSlot.objects.create(
            service=service,
            weekday=today.weekday(),
            opens_at=datetime.time(9),
            closes_at=datetime.time(12),
        )
        Referent.objects.create(association=association, name="Camille", is_public=True)
        # With a people sketch, the diagnostic links to the people estimates' CSV.
        sketch, _skipped = people_sketch.sketch_of(
            PeopleCountKey.objects.of_year(today.year), [(association.name, "Camille", "1/2/1970")]
        )
        YearlyFigures.objects.create(
            association=association,
            year=today.year,
            registrations=120,
            people_sketch=people_sketch.serialise(sketch),
        )
        associations.append(association)
    BoardPost.objects.create(
        association=associations[1],
        kind=BoardPost.Kind.OFFER,
        category=BoardPost.Category.PREMISES,
        title="Chambre froide à prêter",
        body="Pour un week-end.",
        ends_on=today + datetime.timedelta(days=30),
    )
    Meeting.objects.create(
        starts_at=timezone.now() + datetime.timedelta(days=10), host=associations[0]
    )
    desk = ReceptionDesk.objects.get()
    ReceptionSlot.objects.create(
        desk=desk, weekday=today.weekday(), opens_at=datetime.time(9), closes_at=datetime.time(17)
    )
    edits.bulk_written(Association.objects.all())
    manager = django_user_model.objects.create_user("lea", "lea@example.org", "pw-lea-fictiville")
    Membership.objects.create(
        user=manager, association=associations[0], role=Membership.Role.MANAGER
    )
    return associations


def crawl(client, starts, seen, visited_patterns, pages):
    queue = list(starts)
    while queue:
        url = queue.pop(0)
        path = urlsplit(url).path
        if path in seen or len(seen) > 1500:
            continue
        seen.add(path)
        try:
            match = resolve(path)
        except Resolver404:
            continue
        response = client.get(url)
        assert response.status_code in (200, 302, 304, 403), (url, response.status_code)
        visited_patterns.add(match.view_name)
        if response.status_code == 302:
            queue.append(urljoin(url, response["Location"]))
            continue
        if response.status_code != 200:
            continue
        body = b"".join(response) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        pages[url] = text
        if "html" in response["Content-Type"]:
            for link in links_of(text):
                target = urljoin(url, link)
                parts = urlsplit(target)
                if parts.netloc in ("", "testserver") and parts.scheme in ("", "http"):
                    queue.append(parts.path + ("?" + parts.query if parts.query else ""))


def traces(text):
    """The town's name in `text`, each with what surrounds it."""
    return [
        text[max(0, found.start() - 40) : found.end() + 40]
        for found in TRACE.finditer(text)
        if text[found.start() : found.start() + 12].lower() not in ALLOWED_TRACES
    ]


def url_names(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.app_name in ("admin", "djdt") or "nested_admin" in str(pattern.pattern):
                continue
            yield from url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name


def test_no_page_export_or_mail_of_another_territory_says_roubaix(
    val_fictif, client, django_user_model, settings
):
    settings.SITE_URL = "https://aide.val-fictif.example.org"
    seen, visited, pages = set(), set(), {}
    starts = ["/", "/en/", "/ar/", "/robots.txt", "/sitemap.xml", "/donnees/"]
    crawl(client, starts, seen, visited, pages)
    first, second = val_fictif
    admin = django_user_model.objects.create_superuser("chef", "chef@example.org", "pw-chef")
    client.force_login(admin)
    service = first.services.first()
    sent = client.post(
        reverse("liaison:send", args=[service.pk]), {"person": "Samia B.", "consent": "on"}
    )
    assert sent.status_code == 302
    client.force_login(django_user_model.objects.get(username="lea"))
    crawl(client, ["/espace/", "/reseau/"], seen, visited, pages)
    client.force_login(admin)
    # Pages reached by a form (GET) rather than a link, or by no link until a post is archived.
    by_forms = [
        reverse("opendata:hsds-organization", args=[first.slug]),
        reverse("network:board_archive"),
        reverse("accounts:password_reset_done"),
        reverse("orientation:person_sheet") + f"?a={first.slug}&a={second.slug}",
        reverse("reports:thanks", args=[first.slug]),  # after the report form's POST
    ]
    crawl(
        client,
        ["/" + settings.ADMIN_URL, "/reseau/diagnostic/", "/orientation/", "/espace/", *by_forms],
        seen,
        visited,
        pages,
    )

    # Every public and staff pattern was reached.
    expected = set(url_names()) - NOT_REACHED_BY_A_LINK
    assert ", ".join(sorted(expected - visited)) == ""
    # The back office too: the territory, the towns, an association.
    assert any("/ccas/territory/1/change/" in url for url in pages)
    assert any("/associations/town/" in url for url in pages)
    assert len(pages) > 150

    # The mails: orientation, invitation, password reset, freshness reminder, figures reminder,
    # residents finding the association closed.
    invitations.invite(first, "nouveau@example.org", Membership.Role.VOLUNTEER, invited_by=admin)
    reminders.send_reminder(first)
    year = timezone.localdate().year + 1
    yearly_figures.remind(
        yearly_figures.with_figures_of(Association.objects.filter(pk=first.pk), year).get(), year
    )
    client.logout()
    client.post("/compte/mot-de-passe/oublie/", {"email": "lea@example.org"})
    for _ in range(3):
        client.post(reverse("reports:new", args=[first.slug]), {"reason": "ferme"})
    assert len(mail.outbox) == 6
    for message in mail.outbox:
        assert message.from_email == (
            "Aide alimentaire du Val-Fictif <ne-pas-repondre@val-fictif.example.org>"
        )
        pages[f"mail: {message.subject}"] = message.subject + message.body
    assert all("CIAS du Val-Fictif" in message.body for message in mail.outbox[:2])

    found = {url: traces(text) for url, text in pages.items() if traces(text)}
    assert found == {}


def test_the_pages_show_the_territory(val_fictif, client):
    home = client.get("/").content.decode()
    assert (
        "<title>Où trouver de l'aide alimentaire à Val-Fictif – Aide alimentaire du Val-Fictif"
        in home
    )
    assert "Un service du CIAS du Val-Fictif" in home
    assert "/couleurs.css?v=5b2a86" in home
    css = client.get("/couleurs.css?v=5b2a86")
    assert css.content.decode().startswith(":root { --accent: #5b2a86; --accent-dark: #")
    assert "public" in css["Cache-Control"]
    map_page = client.get("/carte/").content.decode()
    assert 'data-centre="50.351200,3.523600"' in map_page
    assert 'data-zoom="12"' in map_page


def test_the_list_filters_by_town_when_there_are_several(val_fictif, client):
    page = client.get("/associations/").content.decode()
    assert '<option value="fictiville">Fictiville</option>' in page
    filtered = client.get("/associations/", {"ville": "imaginville"}).content.decode()
    assert "Épicerie solidaire Imaginville" in filtered
    assert "Épicerie solidaire Fictiville" not in filtered


def test_one_town_no_town_filter(client, make_association):
    make_association()
    assert 'name="ville"' not in client.get("/associations/").content.decode()


def test_the_diagnostic_counts_per_town(val_fictif, client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("chef", "c@example.org", "pw"))
    page = client.get("/reseau/diagnostic/").content.decode()
    assert "Par ville" in page
    assert "Imaginville" in page
    csv = client.get("/reseau/diagnostic.csv")
    assert "diagnostic-reseau-val-fictif.csv" in csv["Content-Disposition"]
    assert ";Épicerie solidaire Imaginville;Imaginville;120;" in csv.content.decode()


def test_a_place_outside_the_towns_is_refused(val_fictif):
    place = Place(
        association=val_fictif[0],
        name="Local",
        address="1 rue",
        postal_code="59100",
        city="Roubaix",
    )
    with pytest.raises(ValidationError) as error:
        place.full_clean()
    assert "Choisissez une ville du territoire : Fictiville, Imaginville." in str(error.value)
    place.city = "Imaginville"
    with pytest.raises(ValidationError) as error:
        place.full_clean()
    assert "Les codes postaux de Imaginville sont : 59991, 59992." in str(error.value)


def test_the_exports_give_each_town_its_insee_code(val_fictif, client):
    structures = client.get("/donnees/data-inclusion/structures.json")
    records = {record["commune"]: record for record in json.loads(b"".join(structures))}
    assert records["Fictiville"]["code_insee"] == "59991"
    assert records["Imaginville"]["code_insee"] == "59992"


def test_the_territory_codes_for_the_address_lookup(val_fictif):
    assert Town.objects.insee_codes() == ["59991", "59992"]
    assert Town.objects.postal_codes() == ["59990", "59991", "59992"]


def test_demo_data_stays_roubaix(db):
    territory = Territory.objects.get()
    assert (territory.site_name, territory.ccas_name) == ("Roubaix Aide", "CCAS de Roubaix")
    assert list(Town.objects.values_list("name", "insee_code", "postal_codes")) == [
        ("Roubaix", "59512", "59100")
    ]
