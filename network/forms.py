from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from space.forms import DATE

from . import people_sketch
from .models import BoardAnswer, BoardPost, YearlyFigures


class BoardPostForm(forms.ModelForm):
    """A new post on the board, for one of the associations the user belongs to."""

    class Meta:
        model = BoardPost
        fields = ["association", "kind", "category", "title", "body", "ends_on"]
        widgets = {"ends_on": DATE, "kind": forms.RadioSelect}

    def __init__(self, *args, associations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["association"].queryset = associations
        self.fields["association"].empty_label = None

    def clean_ends_on(self):
        ends_on = self.cleaned_data["ends_on"]
        if ends_on < timezone.localdate():
            raise forms.ValidationError(_("La date de fin est déjà passée."))
        return ends_on


class BoardAnswerForm(forms.ModelForm):
    class Meta:
        model = BoardAnswer
        fields = ["association", "body"]
        labels = {"association": _("Vous répondez au nom de")}

    def __init__(self, *args, associations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["association"].queryset = associations
        self.fields["association"].empty_label = None


class YearlyFiguresForm(forms.ModelForm):
    # Filled by static/js/people-sketch.js with the sketch of the association's list; the list
    # itself never leaves the browser. Empty: the sketch already sent, if any, is kept.
    people_sketch = forms.CharField(required=False, widget=forms.HiddenInput, strip=True)

    class Meta:
        model = YearlyFigures
        fields = ["year", "registrations", "households", "people", "volunteers", "tonnage_kg"]
        widgets = {
            name: forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"})
            for name in ["registrations", "households", "people", "volunteers", "tonnage_kg"]
        }

    def __init__(self, *args, association, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.association = association
        self.fields["year"].widget.attrs.update({"min": 2000, "inputmode": "numeric"})

    def clean_year(self):
        year = self.cleaned_data["year"]
        others = YearlyFigures.objects.filter(association=self.instance.association, year=year)
        if others.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("Les chiffres de %(year)s sont déjà saisis : modifiez-les plutôt."),
                params={"year": year},
            )
        return year

    def clean(self):
        cleaned = super().clean()
        sent = cleaned.get("people_sketch")
        year = cleaned.get("year")
        if sent and year is not None:
            try:
                self.instance.people_sketch = people_sketch.decode(sent, year)
            except forms.ValidationError as error:
                self.add_error(None, error)
                # Shown again, the form must not send the refused sketch a second time.
                self.data = self.data.copy()
                self.data["people_sketch"] = ""
        return cleaned


class DiagnosticYearForm(forms.Form):
    """The year the diagnostic shows, among the years with figures."""

    annee = forms.TypedChoiceField(coerce=int, label=_("Année"))

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["annee"].choices = [(year, year) for year in years]


class OrientationYearForm(forms.Form):
    """The year whose orientations the network's figures count."""

    annee = forms.IntegerField(label=_("Année"), min_value=2000, max_value=2100)
