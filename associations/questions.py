"""Three quick questions that lead to the list with the matching criteria.

Optional answers, read from a GET form and turned into the list's own criteria: nothing is
stored, and the list's address says what was asked, like any filtered list.
"""

from django import forms
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _

YES = "oui"
NO = "non"
ANSWERS = [
    (YES, _("Oui")),
    (NO, _("Non")),
    ("", _("Je préfère ne pas répondre")),
]

# The publics of the list (seeded by associations/migrations/0002_seed_taxonomies.py), by slug.
WITHOUT_PAPERS = "sans-papiers"
FAMILIES = "familles"


def _question(label, help_text=""):
    return forms.ChoiceField(
        label=label,
        help_text=help_text,
        choices=ANSWERS,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choisissez une des réponses proposées.")},
    )


class QuickQuestionsForm(forms.Form):
    papiers = _question(
        _("Avez-vous des papiers ?"),
        _("Une carte d'identité française ou européenne, ou un titre de séjour."),
    )
    # Its label names the territory's towns (`__init__`).
    habitant = _question("")
    enfants = _question(_("Vivez-vous avec des enfants ?"))

    def __init__(self, *args, towns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["habitant"].label = _("Habitez-vous à %(towns)s ?") % {
            "towns": get_text_list([town.name for town in towns], _("ou"))
        }

    @classmethod
    def answered(cls, data):
        """Whether `data` (a request's GET) holds answers, rather than being the empty form."""
        return any(name in data for name in cls.base_fields)

    def list_criteria(self, publics):
        """The list's query parameters for the answers, as (name, value) pairs; `publics` are the
        list of publics (term_lists), where a public the CCAS has deleted is missing: its answer
        then sets nothing."""
        data = self.cleaned_data
        by_slug = {public.slug: public for public in publics}
        wanted = []
        if data.get("papiers") == NO:
            wanted.append(WITHOUT_PAPERS)
        if data.get("enfants") == YES:
            wanted.append(FAMILIES)
        criteria = [("public", slug) for slug in wanted if slug in by_slug]
        if data.get("habitant") == NO:
            # Services open to people living anywhere: no "zone desservie".
            criteria.append(("sans_zone", "on"))
        return criteria
