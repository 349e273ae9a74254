"""The public site and the space in French (no prefix), English (/en/) and Arabic (/ar/)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

LIST = "/associations/"


def html(response):
    return response.content.decode()


def switcher_links(content):
    nav = re.search(r'<nav class="language-links".*?</nav>', content, re.S).group(0)
    return dict(re.findall(r'<a href="([^"]+)" lang="(\w+)"', nav)[i][::-1] for i in range(3))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "lang", "direction"), [("", "fr", "ltr"), ("/en", "en", "ltr"), ("/ar", "ar", "rtl")]
)
def test_each_language_has_its_prefix_lang_and_direction(client, prefix, lang, direction):
    content = html(client.get(prefix + "/"))
    assert f'<html lang="{lang}" dir="{direction}">' in content


@pytest.mark.django_db
def test_french_has_no_prefix_whatever_the_browser_asks(client):
    response = client.get("/", headers={"accept-language": "ar"})
    assert response.status_code == 200
    assert '<html lang="fr" dir="ltr">' in html(response)
    assert client.get("/fr/").status_code == 404


@pytest.mark.django_db
def test_the_switcher_keeps_the_page_and_its_filters(client, make_association):
    make_association()
    content = html(client.get("/en" + LIST, {"type": "colis", "quartier": "alma"}))
    links = switcher_links(content)
    assert links == {
        "fr": "/associations/?type=colis&amp;quartier=alma",
        "en": "/en/associations/?type=colis&amp;quartier=alma",
        "ar": "/ar/associations/?type=colis&amp;quartier=alma",
    }
    assert (
        'href="/en/associations/?type=colis&amp;quartier=alma" lang="en" hreflang="en" aria-current="true"'
        in content
    )


@pytest.mark.django_db
def test_the_switcher_on_a_detail_page(client, make_association):
    association = make_association()
    content = html(client.get(f"/ar/associations/{association.slug}/"))
    assert switcher_links(content)["en"] == "/en/associations/les-paniers-du-pile/"
    assert switcher_links(content)["fr"] == "/associations/les-paniers-du-pile/"


@pytest.mark.django_db
def test_every_language_is_announced_as_an_alternate(client):
    content = html(client.get("/en/associations/?gratuit=on"))
    alternates = dict(
        re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', content)
    )
    assert alternates == {
        "fr": "http://testserver/associations/?gratuit=on",
        "x-default": "http://testserver/associations/?gratuit=on",
        "en": "http://testserver/en/associations/?gratuit=on",
        "ar": "http://testserver/ar/associations/?gratuit=on",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en", "ar"])
def test_reversed_urls_follow_the_language(client, language):
    prefix = "" if language == "fr" else f"/{language}"
    with translation.override(language):
        assert reverse("associations:list") == f"{prefix}/associations/"
        assert reverse("accounts:login") == f"{prefix}/compte/connexion/"
        assert reverse("space:dashboard") == f"{prefix}/espace/"
        assert reverse("opendata:index") == f"{prefix}/donnees/"
        # Staff pages have one address.
        assert reverse("admin:index") == "/admin/"
    # The health check too, answered before the URLconf (operations/health.py).
    assert client.get("/sante/").status_code == 200
    if prefix:
        assert client.get(f"{prefix}/sante/").status_code == 404


@pytest.mark.django_db
def test_the_space_is_translated_too(client, make_association, make_member):
    association = make_association()
    client.force_login(make_member(association))
    response = client.get(f"/ar/espace/{association.slug}/fiche/")
    assert response.status_code == 200
    assert 'dir="rtl"' in html(response)


@pytest.mark.django_db
def test_cached_pages_are_kept_apart_per_language(client, settings, make_association):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    make_association()
    assert '<html lang="fr"' in html(client.get(LIST))
    assert '<html lang="en"' in html(client.get("/en" + LIST))
    assert '<html lang="ar"' in html(client.get("/ar" + LIST))
    assert '<html lang="fr"' in html(client.get(LIST))


@pytest.mark.django_db
def test_pages_are_translated(client, make_association):
    make_association()
    assert "Où trouver de" in html(client.get("/"))
    assert "Where to find food aid in Roubaix" in html(client.get("/en/"))
    # The territory's name is data (ccas.Territory), written as the CCAS writes it.
    assert "أين تجد مساعدة غذائية في Roubaix" in html(client.get("/ar/"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "hours"),
    [
        ("", "Mardi, de 9 h à 12 h"),
        ("/en", "Tuesday, from 9:00 to 12:00"),
        ("/ar", "الثلاثاء، من 9:00 إلى 12:00"),
    ],
)
def test_days_and_times_are_written_for_each_language(client, make_association, prefix, hours):
    association = make_association()
    assert hours in html(client.get(f"{prefix}/associations/{association.slug}/"))


@pytest.mark.django_db
def test_taxonomy_labels_are_translated_but_quartiers_keep_their_names(client, make_association):
    association = make_association()
    content = html(client.get(f"/ar/associations/{association.slug}/"))
    assert "طرد غذائي" in content
    assert "Colis alimentaire" not in content
    assert "Quartier Alma" not in content and 'حي <bdi lang="fr">Alma</bdi>' in content
    assert "Food parcel" in html(client.get(f"/en/associations/{association.slug}/"))
    assert "Colis alimentaire" in html(client.get(f"/associations/{association.slug}/"))


@pytest.mark.django_db
def test_an_untranslated_label_falls_back_to_french(client, make_association):
    from associations.models import AidType

    AidType.objects.filter(slug="colis").update(name_ar="")
    make_association()
    assert "Colis alimentaire" in html(client.get("/ar/associations/?type=colis"))
    assert "Food parcel" in html(client.get("/en/associations/?type=colis"))


@pytest.mark.django_db
def test_the_ccas_edits_translated_labels_in_the_admin(agent_client):
    from associations.models import AidType

    aid_type = AidType.objects.get(slug="colis")
    content = html(agent_client.get(f"/admin/associations/aidtype/{aid_type.pk}/change/"))
    assert 'name="name_en"' in content and 'name="name_ar"' in content


@pytest.mark.django_db
def test_a_text_without_translation_is_shown_in_french_with_a_note(client, make_association):
    make_association(description="Nous donnons un colis chaque mardi.")
    content = html(client.get("/ar/associations/les-paniers-du-pile/"))
    assert (
        '<div class="french-only" lang="fr" dir="ltr"><p>Nous donnons un colis chaque mardi.</p>'
        in content
    )
    assert "النص متوفر بالفرنسية فقط." in content
    assert "Texte disponible" not in html(client.get("/associations/les-paniers-du-pile/"))


@pytest.mark.django_db
def test_a_translated_text_is_shown_in_the_readers_language(client, make_association):
    association = make_association(
        description="Nous donnons un colis chaque mardi.",
        description_en="We give a food parcel every Tuesday.",
    )
    service = association.services.get()
    service.access_details = "Venir avec un justificatif."
    service.access_details_en = "Bring a proof of address."
    service.save()
    content = html(client.get("/en/associations/les-paniers-du-pile/"))
    assert "We give a food parcel every Tuesday." in content
    assert "Bring a proof of address." in content
    assert "<p>Nous donnons" not in content and "French only" not in content
    arabic = html(client.get("/ar/associations/les-paniers-du-pile/"))
    assert arabic.count('<div class="french-only" lang="fr" dir="ltr">') == 2


@pytest.mark.django_db
def test_volunteers_write_the_english_and_arabic_texts_in_the_space(
    client, make_association, make_member
):
    association = make_association()
    client.force_login(make_member(association))
    form = html(client.get(f"/ar/espace/{association.slug}/fiche/"))
    assert re.search(r'<textarea name="description"[^>]* lang="fr" dir="ltr"', form)
    assert re.search(r'<textarea name="description_en"[^>]* lang="en" dir="ltr"', form)
    assert re.search(r'<textarea name="description_ar"[^>]* lang="ar" dir="rtl"', form)
    assert "الوصف، بالفرنسية" in form


@pytest.mark.django_db
def test_the_sitemap_lists_every_language_with_alternates(client, make_association):
    make_association()
    content = html(client.get("/sitemap.xml"))
    for url in [
        "/associations/les-paniers-du-pile/",
        "/en/associations/les-paniers-du-pile/",
        "/ar/associations/les-paniers-du-pile/",
    ]:
        assert f"<loc>http://testserver{url}</loc>" in content
    assert 'hreflang="ar" href="http://testserver/ar/associations/les-paniers-du-pile/"' in content
    assert 'hreflang="x-default"' in content


@pytest.mark.django_db
def test_arabic_pages_cost_no_more_queries_than_french_ones(client, make_association):
    association = make_association(description="Texte.", description_ar="نص.")

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for url in ("/", "/associations/?type=colis", f"/associations/{association.slug}/"):
        queries(url)  # the short lists cached
        assert queries("/ar" + url) == queries(url), url


@pytest.mark.django_db
def test_the_detail_page_gives_where_when_and_what_to_bring_first(client, make_association):
    association = make_association(description="Une longue présentation de l'association.")
    service = association.services.get()
    service.documents = "Pièce d'identité"
    service.save()
    content = html(client.get(f"/associations/{association.slug}/"))
    order = [
        "<dt>Où</dt>",
        "<dt>Horaires</dt>",
        "<dt>À apporter</dt>",
        "<dt>Conditions</dt>",
        "Présentation",
    ]
    positions = [content.index(text) for text in order]
    assert positions == sorted(positions)
    assert 'class="pictogram"' in content and 'aria-hidden="true"' in content


@pytest.mark.django_db
def test_pages_with_one_address_offer_no_language_links(agent_client):
    content = html(agent_client.get(reverse("network:meetings")))
    assert 'class="language-links"' not in content
    assert "hreflang" not in content
