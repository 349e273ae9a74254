"""The public filter form's widgets: Django's, two of them written in Python.

The select and the list of checkboxes write Django's own context (`get_context()`: values,
labels, the chosen ones, ids, `aria-invalid` after a wrong choice) in Python rather than through
a template per option: a list page shows some fifty options, which through templates made every
list page measurably slower (make bench-ab; commit eb221f5 gives the figures).

The date and time inputs write back a value the browser reads: it reads `<input type="date">`
and `<input type="time">` in one format only (2026-12-01, 10:30). A value the form reads in
another (01/12/2026, 9:30, typed in the address or in a browser without a date picker) is
written back in the browser's format; one it cannot read (2026-02-31, 10h30) is not written
back, which would be invalid HTML: the field's error says what was wrong.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


def _options(context):
    return (option for _group, options, _index in context["optgroups"] for option in options)


class Select(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>',
            (
                (option["value"], " selected" if option["selected"] else "", option["label"])
                for option in _options(context)
            ),
        )
        return format_html(
            '<select name="{}"{}>{}\n</select>', name, flatatt(context["attrs"]), options
        )


class CheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)["widget"]
        boxes = format_html_join(
            "",
            '<div><label for="{}"><input type="checkbox" name="{}" value="{}"{}> {}</label></div>',
            (
                (
                    option["attrs"]["id"],
                    option["name"],
                    option["value"],
                    flatatt(option["attrs"]),
                    option["label"],
                )
                for option in _options(context)
            ),
        )
        return format_html("<div{}>{}</div>", flatatt({"id": context["attrs"].get("id")}), boxes)


class _BrowserValueInput:
    field_class = None

    def format_value(self, value):
        if isinstance(value, str):
            try:
                value = self.field_class().to_python(value)
            except ValidationError:
                return None
        return None if value is None else self.browser_format(value)


class DateInput(_BrowserValueInput, forms.DateInput):
    field_class = forms.DateField

    def browser_format(self, value):
        return value.isoformat()


class TimeInput(_BrowserValueInput, forms.TimeInput):
    field_class = forms.TimeField

    def browser_format(self, value):
        return value.isoformat(timespec="seconds" if value.second else "minutes")
