import pytest

SECTIONS = [
    "État de conformité",
    "Résultats des tests",
    "Contenus non accessibles",
    "Établissement de cette déclaration",
    "Technologies utilisées",
    "Environnement de test",
    "Outils utilisés",
    "Pages vérifiées",
    "Retour d'information et contact",
    "Voies de recours",
]


@pytest.mark.django_db
def test_every_page_links_to_the_statement_with_its_conformity(client):
    content = client.get("/associations/").content.decode()
    assert '<a href="/accessibilite/">Accessibilité : non conforme</a>' in content


@pytest.mark.django_db
def test_the_statement_has_the_rgaa_sections_and_a_contact(client, settings):
    content = client.get("/accessibilite/").content.decode()
    for section in SECTIONS:
        assert f"<h2>{section}</h2>" in content or f"<h3>{section}</h3>" in content, section
    assert f'href="mailto:{settings.CCAS_CONTACT_EMAIL}"' in content


@pytest.mark.django_db
def test_the_statement_is_translated(client):
    assert "Accessibility statement" in client.get("/en/accessibilite/").content.decode()
    assert "بيان إمكانية الولوج" in client.get("/ar/accessibilite/").content.decode()
