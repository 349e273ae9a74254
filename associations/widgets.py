"""The public filter form's date and time inputs.

The browser reads the value of `<input type="date">` and `<input type="time">` in one format
only (2026-12-01, 10:30). A value the form reads in another (01/12/2026, 9:30, typed in the
address or in a browser without a date picker) is written back in the browser's format; one it
cannot read (2026-02-31, 10h30) is not written back, which would be invalid HTML: the field's
error says what was wrong.
"""

from django import forms
from django.core.exceptions import ValidationError


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
