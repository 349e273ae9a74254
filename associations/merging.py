"""Two people editing one association at once: their saves merge field by field.

Every form of an edit carries, beside each field, the value it was displayed with (Django's
`show_hidden_initial`: an `initial-…` hidden input), and the association's version. On saving,
under the edit's lock (associations/edits.py), `merge()` compares, for each field of each form
and of each row of a formset (rows matched by their id):
- what this person changed: the submitted value against the displayed one;
- what changed meanwhile: the displayed value against the current one, in the database.

It returns the submitted data rewritten, from which the page builds its forms again:
- a field this person did not change takes the current value: a save never undoes a change made
  meanwhile by someone else;
- a field both changed, to different values, is a conflict: the data marks it, and the form
  (`MergingFormMixin`) refuses it with both values to choose from;
- every displayed value becomes the current one, so that the same page, sent again with the
  choices made, saves as any other;
- a row deleted meanwhile is dropped if this person did not change it, a conflict otherwise
  (recreate it or leave it deleted); a row this person deletes while someone changed it is a
  conflict too (delete it anyway or keep it).

Forms without the displayed values (a script, an old page) are compared with the database when
the version did not move, and otherwise every field they change is a conflict.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .field_display import display, field_choices

# Prefixes of the keys `merge()` adds to the data: a field or a row in conflict (the value says
# by whom), and the editor's choice sent back.
CONFLICT, DELETED_ROW, CHANGED_ROW, CHOICE = "conflict-", "deleted-", "changed-", "choose-"
DELETION = forms.formsets.DELETION_FIELD_NAME
MINE, THEIRS = "mine", "theirs"
RECREATE, DROP = "recreate", "drop"
DELETE, KEEP = "delete", "keep"


class MergingFormMixin:
    """For a ModelForm of an edit: each field carries its displayed value; the conflicts that
    `merge()` marked in the data are errors offering the choice."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.show_hidden_initial = not field.widget.is_hidden

    def clean(self):
        cleaned_data = super().clean()
        prefix = self.prefix or ""
        if who := self.data.get(DELETED_ROW + prefix):
            self.add_error(None, _row_choice(self, who, deleted=True))
        if who := self.data.get(CHANGED_ROW + prefix):
            self.add_error(None, _row_choice(self, who, deleted=False))
        for name in list(self.fields):
            bound = self[name]
            if who := self.data.get(CONFLICT + bound.html_name):
                self.add_error(name, _field_choice(bound, cleaned_data.get(name), who))
        return cleaned_data


class MergingModelForm(MergingFormMixin, forms.ModelForm):
    """A ModelForm of an edit, for the back office's inlines."""


def _radio(name, value, label, shown):
    return format_html(
        '<label><input type="radio" name="{}" value="{}" required> {} « {} »</label>',
        name,
        value,
        label,
        shown,
    )


def _field_choice(bound, mine, who):
    field = bound.field
    raw = field.hidden_widget().value_from_datadict(
        bound.form.data, bound.form.files, bound.html_initial_name
    )
    try:
        theirs = field.to_python(raw)
    except ValidationError:
        theirs = raw
    name = CHOICE + bound.html_name
    choices = field_choices(field)
    return ValidationError(
        format_html(
            '{} <span class="conflict-choice">{} {}</span>',
            _("Modifié aussi entre-temps par {who}. Choisissez la valeur à garder :").format(
                who=who
            ),
            _radio(name, MINE, _("votre valeur :"), display(mine, choices)),
            _radio(name, THEIRS, _("valeur enregistrée entre-temps :"), display(theirs, choices)),
        ),
        code="conflict",
    )


def _row_choice(form, who, *, deleted):
    name = CHOICE + form.prefix
    if deleted:
        text = _("Supprimé entre-temps par {who}, alors que vous l'avez modifié.")
        choices = [(RECREATE, _("le recréer avec vos valeurs")), (DROP, _("le laisser supprimé"))]
    else:
        text = _("Modifié entre-temps par {who}, alors que vous l'avez supprimé.")
        choices = [(DELETE, _("le supprimer quand même")), (KEEP, _("le garder, modifié"))]
    radios = [
        format_html(
            '<label><input type="radio" name="{}" value="{}" required> {}</label>', name, *choice
        )
        for choice in choices
    ]
    return ValidationError(
        format_html('{} <span class="conflict-choice">{} {}</span>', text.format(who=who), *radios),
        code="conflict",
    )


def has_conflicts(data):
    """Whether merged data holds a conflict for the editor to settle."""
    return any(key.startswith((CONFLICT, DELETED_ROW, CHANGED_ROW)) for key in data)


def merge(data, editing, *, version_key, version, author):
    """`data` (a request's POST) merged with the current database; see the module.

    `editing`: the page's forms and formsets, bound to `data`, built under the edit's lock.
    `data[version_key]`: the association's version when the page was displayed; `version`: its
    version now, which the merged data carries.
    `author(model, pk)`: who last changed that object (a text for the person saving).
    """
    version_moved = data.get(version_key) != str(version)
    merged = data.copy()
    merged[version_key] = str(version)
    for key in [key for key in merged if has_conflicts([key])]:
        del merged[key]
    for item in editing:
        if isinstance(item, forms.BaseFormSet):
            _merge_rows(merged, item, version_moved, author)
        elif item.instance.pk is not None:
            current = type(item.instance)._base_manager.filter(pk=item.instance.pk).first()
            if current is not None:
                _merge_fields(merged, item, current, version_moved, author)
    return merged


def _as_data(field, value):
    """`value` as a browser would send it for `field`: a list of strings."""
    widget = field.hidden_widget()
    value = field.prepare_value(value)
    if isinstance(widget, forms.MultipleHiddenInput):
        return [str(item) for item in value or ()]
    formatted = widget.format_value(value)
    return [] if formatted is None else [formatted]


def _fields(form, current):
    """{name: current value} of the form's fields of its model that carry their displayed value
    (not a formset's id nor its parent's key)."""
    shown = [name for name, field in form.fields.items() if field.show_hidden_initial]
    return model_to_dict(current, fields=shown)


def _changes(form, current, version_moved):
    """(touched, moved): the fields this person changed, and those that changed meanwhile."""
    touched, moved = [], []
    for name, theirs in _fields(form, current).items():
        bound = form[name]
        field = bound.field
        if form.data.get(CHOICE + bound.html_name) == THEIRS:
            continue
        if bound.html_initial_name in form.data:
            shown = field.hidden_widget().value_from_datadict(
                form.data, form.files, bound.html_initial_name
            )
            if name in form.changed_data:
                touched.append(name)
            if field.has_changed(theirs, shown):
                moved.append(name)
        elif field.has_changed(theirs, bound.data):
            touched.append(name)
            if version_moved:
                moved.append(name)
    return touched, moved


def _merge_fields(merged, form, current, version_moved, author):
    touched, moved = _changes(form, current, version_moved)
    for name, theirs in _fields(form, current).items():
        bound = form[name]
        field = bound.field
        if name in touched and name in moved and field.has_changed(theirs, bound.data):
            merged[CONFLICT + bound.html_name] = author(type(current), current.pk)
        if name not in touched:
            merged.setlist(bound.html_name, _as_data(field, theirs))
        merged.setlist(bound.html_initial_name, _as_data(field, theirs))
        merged.pop(CHOICE + bound.html_name, None)


def _merge_rows(merged, formset, version_moved, author):
    pk_name = formset.model._meta.pk.name
    pks = [_pk(form, pk_name) for form in formset.initial_forms]
    current = formset.model._base_manager.in_bulk([pk for pk in pks if pk is not None])
    for form in formset.initial_forms:
        choice = merged.get(CHOICE + form.prefix)
        merged.pop(CHOICE + form.prefix, None)
        obj = current.get(_pk(form, pk_name))
        delete_key = form.add_prefix(DELETION)
        deleting = formset.can_delete and (choice == DELETE or form[DELETION].data)
        if obj is None:
            _merge_deleted_row(merged, formset, form, choice, deleting, author)
            continue
        if deleting:
            moved = _changes(form, obj, version_moved)[1]
            if choice == KEEP or (moved and choice != DELETE):
                merged.pop(delete_key, None)
                if choice != KEEP:
                    merged[CHANGED_ROW + form.prefix] = author(formset.model, obj.pk)
            else:
                merged[delete_key] = "on"
        _merge_fields(merged, form, obj, version_moved, author)


def _pk(form, pk_name):
    try:
        return int(form.data.get(form.add_prefix(pk_name)))
    except (TypeError, ValueError):
        return None


def _merge_deleted_row(merged, formset, form, choice, deleting, author):
    """A row whose object no longer exists: deleted meanwhile (or never there)."""
    delete_key = form.add_prefix(DELETION)
    touched = [name for name in form.changed_data if form.fields[name].show_hidden_initial]
    if deleting or not touched or choice == DROP:
        merged[delete_key] = "on"
        return
    if choice == RECREATE:
        _copy_as_new_row(merged, formset, form)
        merged[delete_key] = "on"
        return
    # Shown again without its id, so that the page does not fail on a missing object.
    merged[form.add_prefix(formset.model._meta.pk.name)] = ""
    merged[DELETED_ROW + form.prefix] = author(
        formset.model, _pk(form, formset.model._meta.pk.name)
    )


def _copy_as_new_row(merged, formset, form):
    """Append the row's values as a new row (a new object), without its id nor displayed
    values: every field of it counts as typed."""
    total_key = formset.management_form.add_prefix(forms.formsets.TOTAL_FORM_COUNT)
    index = int(merged[total_key])
    old, new = form.prefix + "-", formset.add_prefix(index) + "-"
    for key in [key for key in merged if key.startswith(old)]:
        merged.setlist(new + key.removeprefix(old), merged.getlist(key))
    merged[new + formset.model._meta.pk.name] = ""
    merged.pop(new + DELETION, None)
    merged[total_key] = str(index + 1)
