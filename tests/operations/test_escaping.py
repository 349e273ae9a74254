"""No text typed by anyone is executed as HTML, on any page: every free-text field of every row
is filled with markup, then every page a visitor, a volunteer or a CCAS agent reaches is read."""

import datetime
import html
import re
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from associations.models import Closure, Public, Referent, ServicePublic
from network.models import BoardAnswer, BoardPost, Meeting

from .test_robustness import every_public_url

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
SHORTER = ["<script>alert(1)</script>", "<q>"]  # for fields too short for the first
EXECUTED = re.compile(r"<script>alert|<img src=x|<q>")
APPS = ["associations", "network", "orientation", "accounts"]


def free_text_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and field.editable
        and not field.choices
        and not isinstance(field, models.SlugField | models.EmailField | models.URLField)
    ]


def markup_for(field, instance):
    """The longest markup that fits the field, told apart by the row's key (for unique fields);
    None for a field too short for a tag (a language's code)."""
    for text in [XSS, *SHORTER]:
        text += str(instance.pk)
        if field.max_length is None or len(text) <= field.max_length:
            return text
    return None


def fill_every_free_text_field():
    """Every free-text field of every row of APPS' models (history copies aside) set to markup,
    saved through the models, as the admin and the space save them. Returns the fields."""
    filled = []
    for model in apps.get_models():
        if model._meta.app_label not in APPS or model.__name__.startswith("Historical"):
            continue
        fields = free_text_fields(model)
        for instance in model._default_manager.all():
            for field in fields:
                markup = markup_for(field, instance)
                if markup is not None:
                    setattr(instance, field.attname, markup)
                    filled.append(field)
            instance.save()
    return filled


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


@pytest.fixture
def everything(make_association, make_member, agent):
    """One association with a row of everything a page can show."""
    association = make_association("Les Paniers", website="https://x.org/", email="a@b.org")
    other = make_association("L'Alma", slug="alma")
    place = association.places.get()
    place.latitude, place.longitude = 50.69, 3.18
    place.save()
    service = association.services.get()
    service.is_free, service.fee_details = False, "2 €"
    service.save()
    ServicePublic.objects.create(service=service, public=Public.objects.first())
    ServicePublic.objects.create(service=service, public=Public.objects.last(), is_public=False)
    Referent.objects.create(association=association, name="R", is_public=True)
    Referent.objects.create(association=association, name="S", is_public=False)
    today = timezone.localdate()
    Closure.objects.create(
        association=association, starts_on=today, ends_on=today + datetime.timedelta(days=30)
    )
    member = make_member(association, role=Membership.Role.MANAGER)
    post = BoardPost.objects.create(
        association=association,
        author=member,
        kind=BoardPost.Kind.NEED,
        category=BoardPost.Category.PREMISES,
        title="T",
        body="B",
        ends_on=today + datetime.timedelta(days=30),
    )
    BoardAnswer.objects.create(post=post, association=other, body="A")
    Meeting.objects.create(starts_at=timezone.now() + datetime.timedelta(days=3), host=association)
    Meeting.objects.create(starts_at=timezone.now() - datetime.timedelta(days=3), host=other)
    return association, member, agent


def test_no_free_text_field_is_executed_as_html_on_any_page(everything):
    association, member, agent = everything
    filled = fill_every_free_text_field()
    # The fields the public cards and pages show are among those filled.
    names = {f"{field.model.__name__}.{field.name}" for field in filled}
    assert {"Association.name", "Service.fee_details", "Meeting.minutes", "AidType.name"} <= names
    volunteer, ccas = Client(), Client()
    volunteer.force_login(member)
    ccas.force_login(agent)
    reached = {
        "public": crawl(
            Client(), [*every_public_url(association), "/associations/?" + urlencode({"q": XSS})]
        ),
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
    # Not vacuous: the markup is shown, as text, where each reader sees the association.
    must_show = {
        "public": [
            "/",
            "/associations/",
            association.get_absolute_url(),
            "/en/associations/les-paniers/fiche/",
        ],
        "space": [reverse("space:dashboard"), reverse("space:services", args=[association.slug])],
        "ccas": [
            reverse("network:meetings"),
            reverse("admin:associations_association_change", args=[association.pk]),
        ],
    }
    for who, pages in reached.items():
        for path in must_show[who]:
            assert "&lt;script&gt;alert" in pages[path], (who, path)
        for path, content in pages.items():
            assert not EXECUTED.search(content), (who, path, EXECUTED.search(content))
