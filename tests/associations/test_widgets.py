"""The public filter form's date and time inputs (associations/widgets.py) write back a value the
browser reads, or none."""

import pytest
from django.http import QueryDict

from associations.filters import AssociationFilter

EVERY_FIELD_FILLED = (
    "q=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E&type=colis&type=repas&quartier=alma"
    "&ouvert=aujourdhui&jour=2026-12-03&heure=10%3A30&public=familles&langue=ar"
    "&sans_orientation=on&gratuit=on&accessible=on"
)


def form_of(query):
    form = AssociationFilter(QueryDict(query) or None).form
    form.is_valid()
    return form


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
