import pytest
from django.urls import reverse
from django.utils import translation


@pytest.fixture
def paniers(make_association):
    return make_association("Les Paniers de l'Alma", slug="paniers")


@pytest.fixture
def report(client):
    """Send the form about `association` as a resident, in `language` ("" for French)."""

    def send(association, language="", client=client, **data):
        data.setdefault("reason", "ferme")
        with translation.override(language or "fr"):
            url = reverse("reports:new", args=[association.slug])
        return client.post(url, data)

    return send
