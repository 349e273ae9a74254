"""The public filter form's widgets, written in Python.

Django renders a select, or a list of checkboxes, through a template per widget and two or
three included templates per option. The filter form shows some sixty options on every list
page: through templates they took a fifth of the page's time, some twenty times what writing
the same HTML here costs. Its six other fields (search, date, time, three checkboxes) took
another 2 ms through input.html and attrs.html. What is written is Django's own context
(`get_context()`: values, labels, the chosen ones, ids); only its writing changes.
"""

from django import forms
from django.core.exceptions import ValidationError
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
    10:30). A value the form reads in another (01/12/2026, 9:30, typed in the address or in
    a browser without a date picker) is written back in the browser's format; one it cannot
    read (2026-02-31, 10h30) is not written back, which would be invalid HTML: the field's
    error says what was wrong."""

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


class CheckboxInput(_Input, forms.CheckboxInput):
    pass
