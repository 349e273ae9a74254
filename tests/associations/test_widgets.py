"""The public filter form's widgets (associations/widgets.py) write what Django's templates write."""

import functools

import pytest
from django.http import QueryDict
from django.test.html import parse_html

from associations.filters import AssociationFilter

WRONG_CHOICES = "type=zzz&quartier=zzz&ouvert=zzz&public=zzz&langue=zzz"
EVERY_FIELD_FILLED = (
    "q=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E&type=colis&type=repas&quartier=alma"
    "&ouvert=aujourdhui&jour=2026-12-03&heure=10%3A30&public=familles&langue=ar"
    "&sans_orientation=on&gratuit=on&accessible=on"
)


def djangos_own(bound_field):
    """The field as Django's template-rendered widget writes it."""
    widget = bound_field.field.widget
    template_widget = next(
        cls for cls in type(widget).__mro__ if cls.__module__ == "django.forms.widgets"
    )
    widget.render = functools.partial(template_widget.render, widget)
    try:
        return str(bound_field)
    finally:
        del widget.render


def form_of(query):
    form = AssociationFilter(QueryDict(query) or None).form
    form.is_valid()
    return form


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", EVERY_FIELD_FILLED, WRONG_CHOICES])
def test_each_field_is_written_as_djangos_template_writes_it(query):
    for bound_field in form_of(query):
        assert parse_html(str(bound_field)) == parse_html(djangos_own(bound_field)), (
            bound_field.name
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["jour=2026-02-31&heure=25%3A00", "jour=31%2F02%2F2026&heure=10h30"]
)
def test_a_date_or_time_the_form_cannot_read_is_not_written_back(query):
    # Django writes the value as typed: value="2026-02-31" is invalid HTML for a date input,
    # and the browser shows none of these anyway.
    form = form_of(query)
    assert "jour" in form.errors and "heure" in form.errors
    assert 'type="date"' in str(form["jour"])
    assert 'type="time"' in str(form["heure"])
    assert "value=" not in str(form["jour"]) + str(form["heure"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "day", "time"),
    [
        ("jour=2026-12-03&heure=10%3A30", "2026-12-03", "10:30"),
        # Read by the form, as a person types them where the browser has no date picker.
        ("jour=03%2F12%2F2026&heure=9%3A30", "2026-12-03", "09:30"),
        ("jour=2026-12-3&heure=10%3A30%3A15", "2026-12-03", "10:30:15"),
    ],
)
def test_a_date_and_time_the_form_reads_are_written_back_as_the_browser_reads_them(
    query, day, time
):
    form = form_of(query)
    assert not form.errors
    assert f'value="{day}"' in str(form["jour"])
    assert f'value="{time}"' in str(form["heure"])


@pytest.mark.django_db
def test_the_search_text_is_escaped():
    form = AssociationFilter(QueryDict(EVERY_FIELD_FILLED)).form
    assert "<script>" not in str(form["q"])
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in str(form["q"])
