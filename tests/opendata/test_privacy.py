import pytest
from django.urls import reverse

from .conftest import SECRET

EXPORTS = [
    ("opendata:di-structures-json", []),
    ("opendata:di-services-json", []),
    ("opendata:di-structures-csv", []),
    ("opendata:di-services-csv", []),
    ("opendata:hsds-organizations", []),
    ("opendata:hsds-organization", ["restos-roubaix-centre"]),
    ("opendata:services-csv", []),
]


def _text(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


@pytest.mark.parametrize(("name", "args"), EXPORTS)
def test_exports_hold_no_ccas_only_data(client, directory, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    text = _text(response)
    assert "Claire Dupont" in text or "restos" in text
    assert SECRET not in text
    assert "06 99 99 99 99" not in text
    assert "marc@example.org" not in text


@pytest.mark.parametrize(("name", "args"), EXPORTS)
def test_a_ccas_only_public_is_not_exported(client, directory, name, args):
    # Sans-papiers is CCAS-only at the Restos, public at the épicerie (another association).
    text = _text(client.get(reverse(name, args=args)))
    for line in text.splitlines():
        if "restos-roubaix-centre" in line and "Colis" in line:
            assert "sans papiers" not in line.lower()


@pytest.mark.parametrize(("name", "args"), EXPORTS)
def test_exports_read_a_bounded_number_of_queries(
    client, directory, make_association, django_assert_max_num_queries, name, args
):
    for number in range(10):
        make_association(f"Association {number}")
    # The directory's generation; per export, the lists of terms (term_lists: read afresh in a
    # test's transaction); per chunk of associations, one query per relation.
    with django_assert_max_num_queries(19):
        _text(client.get(reverse(name, args=args)))


def test_the_open_data_page_explains_the_licence(client, db):
    response = client.get(reverse("opendata:index"))
    assert response.status_code == 200
    assert "Licence Ouverte 2.0" in response.content.decode()
    assert reverse("opendata:di-services-json") in response.content.decode()


def test_the_footer_links_to_the_open_data_page(client, db):
    response = client.get(reverse("associations:home"))
    assert reverse("opendata:index") in response.content.decode()
