"""The pages the operations tests read: every public URL, and the pages each reader reaches."""

import html
import re

from django.conf import settings
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import translation

from operations.health import HEALTH_PATH


def url_names(patterns=None, namespace=""):
    """(name, names of its parameters) of every named address of the URLconf whose parameters
    all have names (the admin's few others need an account)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern.url_patterns, inner)
        elif pattern.name:
            regex = pattern.pattern.regex
            if regex.groups == len(regex.groupindex):
                yield f"{namespace}{pattern.name}", set(regex.groupindex)


def every_public_url(association):
    """Every address that a visitor without an account can open (200), in every language, with
    `association` for the pages of one association: a new public page is tested here without
    an edit of this file."""
    values = {"slug": association.slug, "uidb64": "MQ", "token": "set-password"}
    urls = {HEALTH_PATH}  # answered before the URLconf
    for name, parameters in url_names():
        if not parameters <= values.keys():
            continue
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                urls.add(reverse(name, kwargs={key: values[key] for key in parameters}))
    client = Client(raise_request_exception=False)
    return sorted(url for url in urls if client.get(url).status_code == 200)


def crawl(client, starts, limit=250):
    """{path: HTML} of the web pages reached from `starts` by following the site's links (query
    strings and the admin aside; the public list's criteria are tested with every public URL).
    Files (exports, feeds) hold the texts as data, for programs, not as HTML."""
    pages, seen, queue = {}, set(), list(starts)
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.streaming or not response["Content-Type"].startswith("text/html"):
            continue
        pages[path] = response.content.decode()
        for href in re.findall(r'href="(/[^"#?]*)', pages[path]):
            href = html.unescape(href)
            if not href.startswith(("/admin/", "/static/", "/donnees/", "/compte/deconnexion")):
                queue.append(href)
    return pages


def reached(association, member, agent, public_extra=()):
    """{reader: {path: HTML}}: the pages a visitor reaches from every public URL (and
    `public_extra`), a volunteer (`member`) from the space's dashboard, and a CCAS agent from
    the orientation, the network's meetings and the association's page in the admin."""
    volunteer, ccas = Client(), Client()
    volunteer.force_login(member)
    ccas.force_login(agent)
    return {
        "public": crawl(Client(), [*every_public_url(association), *public_extra]),
        "space": crawl(volunteer, [reverse("space:dashboard")]),
        "ccas": crawl(
            ccas,
            [
                reverse("orientation:search"),
                reverse("network:meetings"),
                reverse("admin:associations_association_change", args=[association.pk]),
            ],
        ),
    }
