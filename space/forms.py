"""The forms volunteers use: only the fields an association keeps up to date itself.

CCAS-only fields (internal notes, habilitation, check date, coordinates) are left out; choices
of places and services are limited to the association's own, so a forged id fails validation.
"""

from django import forms
from django.forms import inlineformset_factory, modelformset_factory
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from associations import search
from associations.forms import OpeningSlotForm
from associations.freshness import Freshness, having
from associations.merging import MergingFormMixin
from associations.models import (
    Association,
    Closure,
    OpeningSlot,
    Place,
    Public,
    Quartier,
    Referent,
    Service,
    ServicePublic,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WrittenLanguagesMixin:
    """Texts the association writes in French, English and Arabic, each field in its language.

    Every field of `written_in_french` has `_en` and `_ar` versions beside it; each input carries
    its language and direction, so that French stays left to right on an Arabic page and Arabic
    is typed right to left. On an English or Arabic page the French field says it is in French.
    """

    written_in_french = ()
    DIRECTIONS = {"fr": "ltr", "en": "ltr", "ar": "rtl"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.written_in_french:
            for suffix, language in (("", "fr"), ("_en", "en"), ("_ar", "ar")):
                attrs = self.fields[name + suffix].widget.attrs
                attrs.update(lang=language, dir=self.DIRECTIONS[language])
            if get_language() != "fr":
                field = self.fields[name]
                field.label = _("%(label)s, en français") % {"label": field.label}


class VersionForm(forms.Form):
    """The association's version when the page was displayed: if it moved, a form without its
    displayed values is merged with care (associations/merging.py)."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class OwnedForm(MergingFormMixin, forms.ModelForm):
    """A form for one of `association`'s objects; new objects are created in it."""

    def __init__(self, *args, association, **kwargs):
        super().__init__(*args, **kwargs)
        self.association = association
        self.instance.association = association

    def limit_choices(self, name, queryset):
        """Offer only `queryset` for the select `name`, evaluated once for all forms of a page."""
        field = self.fields[name]
        field.queryset = queryset
        cache = self.association.__dict__.setdefault("_form_choices", {})
        if name not in cache:
            cache[name] = list(field.choices)
        field.choices = cache[name]


class AssociationForm(WrittenLanguagesMixin, MergingFormMixin, forms.ModelForm):
    written_in_french = ("summary", "description")

    class Meta:
        model = Association
        fields = [
            "summary",
            "description",
            "summary_en",
            "description_en",
            "summary_ar",
            "description_ar",
            "phone",
            "email",
            "website",
            "holiday_policy",
            "is_published",
        ]
        widgets = {
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "description_ar": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "is_published": _(
                "Cochez si l'association souhaite apparaître sur le site public. "
                "Décochez pour la retirer du site."
            ),
        }


class PlaceForm(OwnedForm):
    class Meta:
        model = Place
        fields = [
            "name",
            "address",
            "postal_code",
            "city",
            "quartier",
            "accessibility",
            "directions",
        ]
        widgets = {"directions": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_choices("quartier", Quartier.objects.all())


PlaceFormSet = modelformset_factory(Place, form=PlaceForm, extra=1, can_delete=True)


class ServiceForm(WrittenLanguagesMixin, OwnedForm):
    written_in_french = ("description", "access_details")

    class Meta:
        model = Service
        fields = [
            "aid_type",
            "name",
            "place",
            "description",
            "access",
            "access_details",
            "intake",
            "description_en",
            "access_details_en",
            "description_ar",
            "access_details_ar",
            "is_free",
            "fee_details",
            "documents",
            "zone",
            "languages",
        ]
        widgets = {
            "languages": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
            "access_details": forms.Textarea(attrs={"rows": 2}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "access_details_en": forms.Textarea(attrs={"rows": 2}),
            "description_ar": forms.Textarea(attrs={"rows": 3}),
            "access_details_ar": forms.Textarea(attrs={"rows": 2}),
            "documents": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_choices("place", self.association.places.all())


class SlotForm(OpeningSlotForm):
    class Meta(OpeningSlotForm.Meta):
        help_texts = {"valid_from": _("Seulement pour des horaires saisonniers.")}


SlotFormSet = inlineformset_factory(Service, OpeningSlot, form=SlotForm, extra=2, can_delete=True)


class ServicePublicForm(MergingFormMixin, forms.ModelForm):
    class Meta:
        model = ServicePublic
        fields = ["public", "is_public"]
        help_texts = {
            "is_public": _(
                "Décochez pour que seuls les agents du CCAS le voient. Les publics sensibles "
                "(personnes sans papiers, demandeurs d'asile) ne sont montrés qu'aux agents, "
                "sauf si le CCAS en décide autrement."
            )
        }

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["public"].choices = choices


class BasePublicFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, **kwargs):
        # The choices of the publics select, evaluated once for all the forms of the page.
        choices = list(forms.ModelChoiceField(Public.objects.all()).choices)
        super().__init__(*args, form_kwargs={"choices": choices}, **kwargs)


PublicFormSet = inlineformset_factory(
    Service,
    ServicePublic,
    form=ServicePublicForm,
    formset=BasePublicFormSet,
    extra=1,
    can_delete=True,
)


class ClosureForm(WrittenLanguagesMixin, OwnedForm):
    written_in_french = ("message",)

    class Meta:
        model = Closure
        fields = ["starts_on", "ends_on", "service", "message", "message_en", "message_ar"]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].empty_label = _("Toute l'association")
        self.limit_choices("service", self.association.services.select_related("aid_type"))


ClosureFormSet = modelformset_factory(Closure, form=ClosureForm, extra=1, can_delete=True)


class ReferentForm(OwnedForm):
    class Meta:
        model = Referent
        fields = ["name", "role", "phone", "email", "is_public"]
        widgets = {"phone": forms.TextInput(attrs={"type": "tel"})}


ReferentFormSet = modelformset_factory(Referent, form=ReferentForm, extra=1, can_delete=True)


class AgentListForm(forms.Form):
    """The CCAS agent's list of associations: found by name, by how fresh their information is."""

    q = forms.CharField(
        label=_("Rechercher"),
        help_text=_("Le nom de l'association, ou un mot de sa fiche."),
        required=False,
        max_length=search.MAX_QUERY_LENGTH,
    )
    freshness = forms.ChoiceField(
        label=_("Informations"),
        choices=[("", _("Toutes")), *Freshness.choices],
        required=False,
    )

    def filter(self, associations):
        """Those of `associations` (a queryset) that the valid form asks for, by name."""
        if self.cleaned_data["q"]:
            associations = search.matching(associations, self.cleaned_data["q"])
        if self.cleaned_data["freshness"]:
            associations = associations.filter(having(self.cleaned_data["freshness"]))
        return associations.order_by("name", "pk")
