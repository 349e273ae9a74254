"""French content on English and Arabic pages: marked lang="fr" and isolated so that an Arabic page
keeps "27 rue …" and "59100 Roubaix" in their order; the punctuation of the page's language around
it (no space before a colon in English, the Arabic comma in Arabic)."""

import datetime
import re
import zoneinfo
from html.parser import HTMLParser

import pytest
from django.utils import translation

from associations import edits
from associations.models import (
    Association,
    Closure,
    Language,
    OpeningSlot,
    Place,
    Public,
    Quartier,
    Referent,
)

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
TUESDAY_MORNING = datetime.datetime(2026, 11, 24, 10, 0, tzinfo=PARIS)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
READ_ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")


@pytest.fixture
def clock(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: TUESDAY_MORNING)


class PageText(HTMLParser):
    """The text a reader meets in a page (its text and the attributes read aloud), leaving out
    what is marked as written in French."""

    def __init__(self):
        super().__init__()
        self.stack = []
        self.texts = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        # The whole page of a French page is French: what counts is French inside another language.
        french = (self.stack and self.stack[-1]) or (tag != "html" and attrs.get("lang") == "fr")
        hidden = tag in ("script", "style")
        if not french and not hidden:
            self.texts += [attrs[name] for name in READ_ATTRIBUTES if attrs.get(name)]
        if tag not in VOID:
            self.stack.append(french or hidden)

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.texts.append(data)


def page_text(response):
    assert response.status_code == 200
    reader = PageText()
    reader.feed(response.content.decode())
    return " ".join(" ".join(reader.texts).split())


@pytest.fixture
def association(make_association):
    association = make_association(
        "Les Paniers du Pile",
        phone="03 20 00 00 01",
        description="Distribution le mardi : appelez le 03 20 12 34 56.",
    )
    place = association.places.get()
    place.address = "27 rue Marie Buisine"
    place.directions = "Entrée par la cour : sonnez au 06 12 34 56 78."
    place.save()
    service = association.services.get()
    service.zone = "Roubaix : quartier de l'Alma"
    service.name = "Paniers du mardi"
    service.documents = "Pièce d'identité\nAttestation CAF"
    service.save()
    service.publics.set(Public.objects.filter(is_sensitive=False, is_everyone=False)[:2])
    service.languages.set(Language.objects.all()[:2])
    Referent.objects.create(
        association=association, name="Mme Public", role="Présidente", is_public=True
    )
    OpeningSlot.objects.create(
        service=service, weekday=3, opens_at=datetime.time(14), closes_at=datetime.time(17)
    )
    return association


def sheet_url(prefix, association):
    return f"{prefix}/associations/{association.slug}/fiche/"


@pytest.mark.parametrize("prefix", ["/en", "/ar"])
def test_the_printed_sheet_marks_french_names_and_addresses(client, association, clock, prefix):
    content = client.get(sheet_url(prefix, association)).content.decode()
    assert 'lang="fr" dir="ltr">Les Paniers du Pile</h1>' in content
    assert '<bdi lang="fr">27 rue Marie Buisine, 59100 Roubaix</bdi>' in content
    assert '<bdi lang="fr">Salle principale</bdi>' in content
    assert '<bdi lang="fr">Mme Public</bdi>' in content
    assert re.search(r'<span lang="fr" dir="ltr">Entrée par la cour : sonnez au <a href="tel:'
                     r'\+33612345678" dir="ltr">06 12 34 56 78</a>\.</span>', content)  # fmt: skip


def test_the_french_sheet_does_not_mark_its_own_language(client, association, clock):
    content = client.get(sheet_url("", association)).content.decode()
    assert "Les Paniers du Pile</h1>" in content
    assert 'lang="fr" dir="ltr"' not in content.split("<main", 1)[1]
    assert "<bdi" not in content


def test_the_arabic_sheet_joins_its_lists_with_the_arabic_comma(client, association, clock):
    content = client.get(sheet_url("/ar", association)).content.decode()
    assert (
        '<bdi lang="fr">Pièce d&#x27;identité</bdi>، <bdi lang="fr">Attestation CAF</bdi>'
        in content
    )
    assert '<bdi lang="fr">Salle principale</bdi>، <bdi lang="fr">27 rue' in content
    with translation.override("ar"):
        publics = [public.label for public in association.services.get().publics.all()]
    assert "، ".join(publics) in content
    assert ", " not in page_text(client.get(sheet_url("/ar", association))).replace(
        "Roubaix : quartier", ""
    )


@pytest.mark.parametrize("prefix", ["/en", "/ar"])
def test_the_map_marks_french_names_and_addresses(client, association, clock, prefix):
    content = client.get(f"{prefix}/carte/").content.decode()
    assert (
        '<bdi lang="fr">Les Paniers du Pile</bdi></a> – <bdi lang="fr">27 rue Marie Buisine, '
        in content
    )


@pytest.mark.parametrize("prefix", ["/en", "/ar"])
def test_the_help_box_marks_the_desks_name_and_address(client, make_desk, clock, prefix):
    make_desk("Accueil du CCAS", address="27 rue Marie Buisine")
    content = client.get(prefix + "/").content.decode()
    assert '<h3 lang="fr" dir="ltr">Accueil du CCAS</h3>' in content
    assert (
        '<p class="address" lang="fr" dir="ltr">27 rue Marie Buisine<br>59100 Roubaix</p>'
        in content
    )


def test_a_closure_says_when_the_association_reopens(client, association, clock):
    # Closed from Tuesday 1 to Sunday 6 December; its days are Tuesdays and Thursdays.
    Closure.objects.create(
        association=association,
        starts_on=datetime.date(2026, 12, 1),
        ends_on=datetime.date(2026, 12, 6),
        message="Inventaire",
    )
    french = page_text(client.get(sheet_url("", association)))
    assert "Fermé exceptionnellement du 1er décembre 2026 au 6 décembre 2026" in french
    assert "Réouverture le mardi 8 décembre 2026 à 9 h." in french
    english = page_text(client.get(sheet_url("/en", association)))
    assert "Reopens on Tuesday 8 December 2026 at 9:00." in english


@pytest.mark.parametrize(
    "url",
    ["/en/", "/en/associations/", "/en/associations/?q=colis", "/en/questions/",
     "/en/questions/?papiers=peut-etre&enfants=oui", "/en/carte/", "/en/accessibilite/",
     "/en/associations/les-paniers-du-pile/", "/en/associations/les-paniers-du-pile/fiche/"],
)  # fmt: skip
def test_english_pages_put_no_space_before_a_colon(client, association, make_desk, clock, url):
    make_desk("Accueil du CCAS", note="Le lundi : sans rendez-vous.")
    Closure.objects.create(
        association=association,
        starts_on=datetime.date(2026, 12, 1),
        ends_on=datetime.date(2026, 12, 6),
        message="Inventaire : fermé.",
    )
    text = page_text(client.get(url))
    assert re.findall(r".{0,30}\s[:;!?].{0,10}", text) == []


def detail_url(prefix, association):
    return f"{prefix}/associations/{association.slug}/"


@pytest.mark.parametrize("prefix", ["/en", "/ar"])
def test_the_detail_page_marks_french_content_and_keeps_numbers_left_to_right(
    client, association, clock, prefix
):
    content = client.get(detail_url(prefix, association)).content.decode()
    assert '<h1><bdi lang="fr">Les Paniers du Pile</bdi></h1>' in content
    # The street number before the street, the postal code before the town, as in French.
    assert (
        '<p class="address"><span lang="fr" dir="ltr">27 rue Marie Buisine</span><br>'
        '<span lang="fr" dir="ltr">59100 Roubaix</span>'
    ) in content
    assert '<dd lang="fr" dir="ltr">Roubaix : quartier de l&#x27;Alma</dd>' in content
    assert '<ul lang="fr" dir="ltr"><li>Pièce d&#x27;identité</li>' in content
    assert (
        '<p lang="fr" dir="ltr">Entrée par la cour : sonnez au '
        '<a href="tel:+33612345678" dir="ltr">06 12 34 56 78</a>.</p>'
    ) in content
    assert '<span dir="ltr">03 20 00 00 01</span></a>' in content
    assert '<strong><bdi lang="fr">Mme Public</bdi></strong>' in content
    assert '</svg>\n<bdi lang="fr">Paniers du mardi</bdi></h3>' in content
    assert 'href="tel:+33320123456" dir="ltr">03 20 12 34 56</a>' in content


def test_the_french_detail_page_does_not_mark_its_own_language(client, association, clock):
    content = client.get(detail_url("", association)).content.decode()
    main = content.split("<main", 1)[1]
    assert "<bdi" not in main and 'lang="fr" dir="ltr"' not in main
    assert "<h1>Les Paniers du Pile</h1>" in content
    assert '<p class="address">27 rue Marie Buisine<br>59100 Roubaix' in content.replace(
        "<span>", ""
    ).replace("</span>", "")


def test_the_arabic_detail_page_joins_its_lists_with_the_arabic_comma(client, association, clock):
    content = client.get(detail_url("/ar", association)).content.decode()
    service = association.services.get()
    with translation.override("ar"):
        publics = [public.label for public in service.publics.all()]
        languages = [language.label for language in service.languages.all()]
    assert "، ".join(publics) in content
    assert "، ".join(languages) in content
    assert '<bdi lang="fr">Salle principale</bdi></a>، <bdi lang="fr">27 rue' in content


def test_the_cards_mark_the_name_and_join_the_quartiers_in_arabic(client, make_association, clock):
    association = make_association("Deux quartiers")
    Place.objects.create(
        association=association,
        name="Annexe",
        address="3 rue de l'Épeule",
        postal_code="59100",
        city="Roubaix",
        quartier=Quartier.objects.get(slug="epeule"),
    )
    edits.bulk_written(Association.objects.filter(pk=association.pk))
    content = client.get("/ar/associations/").content.decode()
    assert '<bdi lang="fr">Deux quartiers</bdi></a>' in content
    assert '<bdi lang="fr">Épeule</bdi>، <bdi lang="fr">Alma</bdi>' in content
    french = client.get("/associations/").content.decode()
    assert ">Deux quartiers</a>" in french and "<dd>Épeule, Alma</dd>" in french


def test_the_detail_page_says_when_a_closed_association_reopens(client, association, clock):
    # Closed from Wednesday 25 November to Tuesday 1 December; it opens on Tuesday mornings and
    # Thursday afternoons: it reopens on Thursday 3, not on Wednesday 2.
    Closure.objects.create(
        association=association,
        starts_on=datetime.date(2026, 11, 25),
        ends_on=datetime.date(2026, 12, 1),
    )
    french = page_text(client.get(detail_url("", association)))
    assert "Fermé exceptionnellement du 25 novembre 2026 au 1er décembre 2026" in french
    assert "Réouverture le jeudi 3 décembre 2026 à 14 h." in french
    english = page_text(client.get(detail_url("/en", association)))
    assert "Reopens on Thursday 3 December 2026 at 14:00." in english
    arabic = client.get(detail_url("/ar", association)).content.decode()
    assert "يُعاد الفتح يوم" in arabic


def test_the_map_markers_mark_french_names_and_use_the_pages_colon(client, association, clock):
    association.places.update(latitude=50.6901, longitude=3.1817)
    english = client.get("/en/carte/").content.decode()
    parts = english[english.index('<template id="map-marker-parts">') :]
    assert (
        '<span lang="fr" dir="ltr" data-field="name"></span>: <span data-field="state_label">'
        in parts
    )
    assert '<a lang="fr" dir="ltr" data-field="name"></a>' in parts
    assert '<span lang="fr" dir="ltr" data-field="address"></span>' in parts
    french = client.get("/carte/").content.decode()
    assert '<span data-field="name"></span> : <span data-field="state_label">' in french


@pytest.mark.parametrize("prefix", ["/en", "/ar"])
def test_the_report_pages_mark_the_associations_name(client, association, clock, prefix):
    for path in ("signaler/", "signaler/merci/"):
        content = client.get(f"{prefix}/associations/{association.slug}/{path}").content.decode()
        main = content.split("<main", 1)[1]
        marked = main.count('<bdi lang="fr">Les Paniers du Pile</bdi>')
        assert marked >= 1
        assert main.count("Les Paniers du Pile") == marked


def test_the_first_screen_names_each_place_in_french_with_the_pages_comma(
    client, association, clock
):
    Place.objects.create(
        association=association,
        name="Annexe",
        address="3 rue de l'Épeule",
        postal_code="59100",
        city="Roubaix",
    )
    content = client.get(detail_url("/ar", association)).content.decode()
    first_screen = content[content.index('class="getting-there') : content.index('id="services"')]
    assert (
        '<strong><bdi lang="fr">Annexe</bdi></strong>، '
        '<span lang="fr" dir="ltr">3 rue de l&#x27;Épeule, 59100 Roubaix</span>'
    ) in first_screen
