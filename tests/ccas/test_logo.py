"""The territory's logo: given by an agent in the back office, shown at the top of every page,
served from the database; a file that is not a harmless PNG or SVG is refused (ccas/logo.py)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ccas import logo

pytestmark = pytest.mark.django_db

URL = "/admin/ccas/territory/1/change/"
PNG = logo.PNG_SIGNATURE + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle r="4"/></svg>'
FORM = {
    "site_name": "Roubaix Aide",
    "name": "Roubaix",
    "ccas_name": "CCAS de Roubaix",
    "sender_email": "",
    "colour": "#0b6e4f",
    "map_latitude": "50.69",
    "map_longitude": "3.18",
    "map_zoom": "13",
}


def post(client, content=None, name="logo.png", **extra):
    data = {**FORM, **extra}
    if content is not None:
        data["logo_file"] = SimpleUploadedFile(name, content)
    return client.post(URL, data)


def logo_src(client):
    page = client.get("/").content.decode()
    marker = 'class="site-logo" src="'
    return page.split(marker, 1)[1].split('"', 1)[0] if marker in page else None


def test_no_logo_is_shown_until_an_agent_gives_one(client):
    assert logo_src(client) is None
    assert client.get("/logo").status_code == 404


@pytest.mark.parametrize(
    "content, name, kind", [(PNG, "logo.png", "image/png"), (SVG, "logo.svg", "image/svg+xml")]
)
def test_an_agent_gives_a_logo_every_page_shows(agent_client, client, content, name, kind):
    assert post(agent_client, content, name).status_code == 302

    src = logo_src(client)
    assert src.startswith("/logo?v=")
    served = client.get(src)
    assert served["Content-Type"] == kind
    assert b"".join(served) == content


def test_a_new_logo_gets_a_new_address_and_removing_it_hides_it(agent_client, client):
    post(agent_client, PNG)
    first = logo_src(client)
    post(agent_client, SVG, "logo.svg")
    assert logo_src(client) not in (None, first)
    assert post(agent_client, remove_logo="on").status_code == 302
    assert logo_src(client) is None
    assert client.get("/logo").status_code == 404


@pytest.mark.parametrize(
    "content, name",
    [
        (b"GIF89a not a png", "logo.gif"),
        (b"<html><body>not an svg</body></html>", "logo.svg"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "logo.svg"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "logo.svg"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"/></svg>', "x.svg"),
        (logo.PNG_SIGNATURE + b"\x00" * logo.MAX_BYTES, "big.png"),
    ],
)
def test_a_file_that_cannot_be_a_harmless_logo_is_refused(agent_client, client, content, name):
    refused = post(agent_client, content, name)

    assert refused.status_code == 200
    content = refused.content.decode()
    assert "Le logo doit être une image PNG ou SVG" in content or "Le logo pèse" in content
    assert logo_src(client) is None
