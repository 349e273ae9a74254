"""Foreign keys to rows typed on the same admin page, before they are saved.

On the association's change page an agent types a new place, then a service held there, then a
closure of that service, and saves once. The service's place select offers the saved places and
"Lieu n°3 de cette page (nouveau)": the third place form of the page, by the number its header
shows. It is plain HTML: no script is needed to pick a row typed but not saved.

A choice of a new row resolves, when the form is cleaned, to that row's unsaved instance, which
its own inline saves first (the page's inlines save in the order they are shown: places, then
services, then closures); Django then writes its new id into the foreign key.
"""

import nested_admin
from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

NEW_ROW = "nouveau-"
# How many new rows of an inline the selects offer: rows added after the page was shown (by the
# inline's "add" link) exist only in the browser, so the choices are given in advance.
NEW_ROWS_OFFERED = 5


class PageFormSet(nested_admin.formsets.NestedInlineFormSet):
    """An inline formset of the page whose new rows the other inlines' selects may pick.

    `page` ({model: formset}) is shared by the page's formsets (`AssociationAdmin.get_formset_kwargs`),
    each registering itself, and handed to their forms that pick rows (`PageRowsForm`).
    """

    def __init__(self, *args, page=None, **kwargs):
        self.page = {} if page is None else page
        super().__init__(*args, **kwargs)
        self.page[self.model] = self

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if issubclass(self.form, PageRowsForm):
            kwargs["page"] = self.page
        return kwargs


class PageRowsForm(forms.ModelForm):
    """A form whose `RowOnPageChoiceField`s read the page's formsets."""

    def __init__(self, *args, page=None, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, RowOnPageChoiceField):
                field.page = page or {}


class NewRowsIterator(ModelChoiceIterator):
    """The saved rows, then `NEW_ROWS_OFFERED` new rows numbered after them."""

    def __iter__(self):
        saved = 0
        for choice in super().__iter__():
            saved += 1
            yield choice
        first = saved - (0 if self.field.empty_label is None else 1)
        for index in range(first, first + NEW_ROWS_OFFERED):
            yield f"{NEW_ROW}{index}", self.field.new_label % {"number": index + 1}

    def __len__(self):
        return super().__len__() + NEW_ROWS_OFFERED


class RowOnPageChoiceField(forms.ModelChoiceField):
    """A saved row of `queryset` (by its pk), or a new row of the page's formset of the same model
    (`NEW_ROW` and its form's index), labelled `new_label` % {"number": its header's number}.

    The saved rows are the formset's first forms: the first new row is the form after them.
    """

    iterator = NewRowsIterator

    def __init__(self, queryset, *, new_label, **kwargs):
        self.new_label = new_label
        self.page = {}
        super().__init__(queryset, **kwargs)

    def to_python(self, value):
        if isinstance(value, str) and value.startswith(NEW_ROW):
            return self.new_row(value.removeprefix(NEW_ROW))
        return super().to_python(value)

    def new_row(self, index):
        """The unsaved instance of the page's form number `index`, which must be a new row
        filled in and not removed."""
        formset = self.page.get(self.queryset.model)
        if formset is None or not index.isdigit():
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        index = int(index)
        if not formset.initial_form_count() <= index < formset.total_form_count():
            raise self.not_on_page(index)
        form = formset.forms[index]
        if not form.has_changed() or (form.is_valid() and form.cleaned_data.get("DELETE")):
            raise self.not_on_page(index)
        return form.instance

    def not_on_page(self, index):
        return ValidationError(
            _("Le n°%(number)s n'est pas rempli sur cette page : choisissez-en un autre."),
            code="not_on_page",
            params={"number": index + 1},
        )
