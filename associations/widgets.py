"""The public filter form's widgets, written in Python.

Django renders a select, or a list of checkboxes, through a template per widget and two or
three included templates per option. The filter form shows some sixty options on every list
page: through templates they took a fifth of the page's time, some twenty times what writing
the same HTML here costs. Its six other fields (search, date, time, three checkboxes) took
another 2 ms through input.html and attrs.html. What is written is Django's own context
(`get_context()`: values, labels, the chosen ones, ids); only its writing changes.
"""

import datetime
import re

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


def _options(context):
    return (option for _group, options, _index in context["optgroups"] for option in options)


def _selected(option):
    return " selected" if option["selected"] else ""


class Select(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>',
            (
                (str(option["value"]), _selected(option), option["label"])
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
            '<div><label for="{}"><input{}> {}</label></div>',
            (
                (
                    option["attrs"]["id"],
                    flatatt(
                        {
                            "type": "checkbox",
                            "name": option["name"],
                            "value": str(option["value"]),
                            # The id, "checked", and "aria-invalid" after a wrong choice.
                            **option["attrs"],
                        }
                    ),
                    option["label"],
                )
                for option in _options(context)
            ),
        )
        return format_html("<div{}>{}</div>", flatatt({"id": context["attrs"].get("id")}), boxes)


class _Input:
    """An <input> as django/forms/widgets/input.html writes it."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        value_attr = {} if widget["value"] is None else {"value": str(widget["value"])}
        return format_html(
            "<input{}>",
            flatatt({"type": widget["type"], "name": name, **value_attr, **widget["attrs"]}),
        )


class TextInput(_Input, forms.TextInput):
    pass


class _BrowserValueInput(_Input):
    """A date or time input, whose value the browser reads in one format only (2026-12-01,
    10:30): a value typed otherwise in the address, or a wrong one (2026-02-31), is not
    written back, which would be invalid HTML; the field's error says what was wrong."""

    pattern = None
    parse = None

    def format_value(self, value):
        if isinstance(value, str):
            if not re.fullmatch(self.pattern, value):
                return None
            try:
                self.parse(value)
            except ValueError:
                return None
        return super().format_value(value)


class DateInput(_BrowserValueInput, forms.DateInput):
    pattern = r"\d{4}-\d{2}-\d{2}"
    parse = datetime.date.fromisoformat


class TimeInput(_BrowserValueInput, forms.TimeInput):
    pattern = r"\d{2}:\d{2}(:\d{2})?"
    parse = datetime.time.fromisoformat


class CheckboxInput(_Input, forms.CheckboxInput):
    pass
