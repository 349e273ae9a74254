"""The public filter form's choice widgets, their options written in Python.

Django renders a select, or a list of checkboxes, through a template per widget and two or
three included templates per option. The filter form shows some sixty options on every list
page: through templates they took a fifth of the page's time, some twenty times what writing
the same HTML here costs. The options are Django's own (`get_context()`: values, labels, the
chosen ones, ids); only their writing changes.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


def _options(context):
    return (option for _group, options, _index in context["optgroups"] for option in options)


def _checked(option, word):
    return f" {word}" if option["selected"] else ""


class Select(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>',
            (
                (str(option["value"]), _checked(option, "selected"), option["label"])
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
            '<div><label for="{0}"><input type="checkbox" name="{1}" value="{2}" id="{0}"{3}>'
            " {4}</label></div>",
            (
                (
                    option["attrs"]["id"],
                    option["name"],
                    str(option["value"]),
                    _checked(option, "checked"),
                    option["label"],
                )
                for option in _options(context)
            ),
        )
        return format_html("<div{}>{}</div>", flatatt({"id": context["attrs"].get("id")}), boxes)
