"""Public pages answer HEAD as they answer GET, without the body (RFC 9110)."""

from django.test import Client

from .pages import every_public_url


def test_every_public_page_answers_head_with_the_headers_of_get(db, make_association):
    association = make_association("Les Paniers du Pile", slug="paniers")
    client = Client()
    urls = every_public_url(association)
    assert len(urls) > 30
    for url in urls:
        head, get = client.head(url), client.get(url)
        assert head.status_code == 200, url
        assert head["Content-Type"] == get["Content-Type"], url
        body = b"".join(head.streaming_content) if head.streaming else head.content
        assert body == b"", url
