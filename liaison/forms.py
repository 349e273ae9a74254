import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from associations.models import AidType, Public

from .models import Orientation


class OrientationForm(forms.ModelForm):
    """What an agent sends about a person: nothing else than these fields."""

    class Meta:
        model = Orientation
        fields = ["person", "contact", "aid_types", "publics", "message", "consent"]
        widgets = {
            "aid_types": forms.CheckboxSelectMultiple,
            "publics": forms.CheckboxSelectMultiple,
            "message": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "message": _(
                "Court : ce qui aide l'association à accueillir la personne. Rien sur sa santé, "
                "sa situation administrative ou sa vie privée."
            ),
            "aid_types": _("Ce dont la personne a besoin."),
            "publics": _("Seulement ceux qui comptent pour l'accueil."),
        }

    def __init__(self, *args, service, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aid_types"].queryset = AidType.objects.all()
        self.fields["publics"].queryset = Public.objects.all()
        self.fields["consent"].required = True
        self.fields["consent"].label = _(
            "La personne est d'accord pour que son prénom et son initiale (ou son pseudonyme), "
            "le moyen de la joindre, son besoin et ce message soient envoyés à « %(name)s », "
            "dont les membres verront l'orientation et y répondront. Elle sait que la réponse "
            "est conservée %(months)s mois après la fin de l'orientation."
        ) % {"name": service.association.name, "months": settings.ORIENTATION_RETENTION_MONTHS}
        self.fields["consent"].error_messages["required"] = _(
            "Demandez l'accord de la personne avant d'envoyer : sans lui, rien n'est envoyé."
        )
        if not self.is_bound:
            self.initial.setdefault("aid_types", [service.aid_type_id])


class AcceptForm(forms.Form):
    """An appointment is optional: "Accepter" alone accepts."""

    day = forms.DateField(
        label=_("Date du rendez-vous"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    time = forms.TimeField(
        label=_("Heure"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    place = forms.CharField(label=_("Lieu"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        day, time, place = data.get("day"), data.get("time"), data.get("place")
        if self.errors:
            return data
        if (time or place) and not day:
            self.add_error("day", _("Indiquez la date du rendez-vous, ou laissez tout vide."))
        elif day and not time:
            self.add_error("time", _("Indiquez l'heure du rendez-vous."))
        elif day and day < timezone.localdate():
            self.add_error("day", _("Cette date est passée."))
        return data

    @property
    def appointment(self):
        """(datetime or None, place) once valid."""
        day, time = self.cleaned_data["day"], self.cleaned_data["time"]
        moment = timezone.make_aware(datetime.datetime.combine(day, time)) if day else None
        return moment, self.cleaned_data["place"]


class RefuseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Motif"), choices=Orientation.RefusalReason.choices, widget=forms.RadioSelect
    )
    details = forms.CharField(
        label=_("Précisions"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Vues par l'agent du CCAS qui a orienté la personne."),
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == Orientation.RefusalReason.OTHER and not data.get("details"):
            self.add_error("details", _("Précisez la raison du refus."))
        return data
