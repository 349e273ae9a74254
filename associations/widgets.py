"""The public filter form's choice widgets, each option written by the widget's own template.

Django renders each option of a select, or of a list of checkboxes, through two or three
included templates. The filter form shows some sixty options on every list page, and rendering
them took a third of the page's time; these templates write the same HTML inline.
"""

from django import forms


class Select(forms.Select):
    template_name = "associations/widgets/select.html"


class CheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    template_name = "associations/widgets/checkbox_select.html"
