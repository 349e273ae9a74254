"""No text typed by anyone is executed as HTML, on any page: every free-text field of every row
is filled with markup, then every page a visitor, a volunteer or a CCAS agent reaches is read."""

import re
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse

from .pages import reached

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
        and not any(_format(validator) for validator in field.validators)
    ]


def _format(validator):
    """A validator that allows a fixed format only (a postal code): no room for markup."""
    return isinstance(validator, RegexValidator) and not validator.inverse_match


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


def test_no_free_text_field_is_executed_as_html_on_any_page(everything):
    association, member, agent = everything
    filled = fill_every_free_text_field()
    # The fields the public cards and pages show are among those filled.
    names = {f"{field.model.__name__}.{field.name}" for field in filled}
    assert {"Association.name", "Service.fee_details", "Meeting.minutes", "AidType.name"} <= names
    pages_of = reached(association, member, agent, ["/associations/?" + urlencode({"q": XSS})])
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
    for who, pages in pages_of.items():
        for path in must_show[who]:
            assert "&lt;script&gt;alert" in pages[path], (who, path)
        for path, content in pages.items():
            assert not EXECUTED.search(content), (who, path, EXECUTED.search(content))
