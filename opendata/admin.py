"""The imported records, and the page where CCAS agents import a spreadsheet or data·inclusion."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from .imports import FORMATS, import_texts
from .models import ImportedRecord

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
EXTENSIONS = {"csv": (".csv", ".txt"), "data-inclusion": (".json",)}
IMPORT_PERMISSIONS = [
    "associations.add_association",
    "associations.change_association",
    "associations.add_service",
    "associations.change_service",
]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class ImportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("format"),
        choices=[
            ("csv", _("Tableur CSV du CCAS (modèle fixtures/import-template.csv)")),
            ("data-inclusion", _("data·inclusion (JSON : structures et services)")),
        ],
    )
    files = MultipleFileField(
        label=_("fichier(s)"),
        widget=MultipleFileInput(attrs={"accept": ".csv,.txt,.json"}),
        help_text=_("Un fichier CSV, ou les fichiers JSON data·inclusion ; 5 Mo au plus chacun."),
    )
    dry_run = forms.BooleanField(
        label=_("essai seulement : montrer ce qui changerait, sans rien enregistrer"),
        required=False,
        initial=True,
    )

    def clean(self):
        cleaned = super().clean()
        files, format = cleaned.get("files") or [], cleaned.get("format")
        texts = []
        for upload in files:
            if not upload.name.lower().endswith(EXTENSIONS.get(format, ())):
                raise forms.ValidationError(
                    _("« %(name)s » n'a pas l'extension d'un fichier %(format)s.")
                    % {"name": upload.name, "format": FORMATS.get(format, "")}
                )
            if upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError(_("« %(name)s » dépasse 5 Mo.") % {"name": upload.name})
            try:
                texts.append(upload.read().decode("utf-8-sig"))
            except UnicodeDecodeError:
                raise forms.ValidationError(
                    _("« %(name)s » n'est pas en UTF-8 : enregistrez-le en « CSV UTF-8 ».")
                    % {"name": upload.name}
                ) from None
        cleaned["texts"] = texts
        return cleaned


@admin.register(ImportedRecord)
class ImportedRecordAdmin(admin.ModelAdmin):
    list_display = ["source_id", "source", "content_type", "target", "imported_at"]
    list_filter = ["source", "content_type"]
    search_fields = ["source_id"]
    list_select_related = ["content_type"]
    change_list_template = "admin/opendata/importedrecord/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "importer/",
                self.admin_site.admin_view(self.import_view),
                name="opendata_importedrecord_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not request.user.has_perms(IMPORT_PERMISSIONS):
            raise PermissionDenied
        report = None
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            report = import_texts(
                form.cleaned_data["format"],
                form.cleaned_data["texts"],
                form.cleaned_data["dry_run"],
                user=request.user,
            )
            if report.written:
                messages.success(request, _("L'import est enregistré."))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Importer des associations"),
            "form": form,
            "report": report,
        }
        return render(request, "admin/opendata/import.html", context)
