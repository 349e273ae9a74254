"""The imported records, and the pages where CCAS agents import a spreadsheet or data·inclusion
and follow the import's progress."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import import_jobs
from .imports import FORMATS, NOT_CARRIED, Unreadable, file_text
from .models import ImportedRecord, ImportJob

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
RECENT_JOBS = 10
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
    format = forms.ChoiceField(label=_("format"), choices=ImportJob.Format.choices)
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
        read = []
        for upload in files:
            if not upload.name.lower().endswith(EXTENSIONS.get(format, ())):
                raise forms.ValidationError(
                    _("« %(name)s » n'a pas l'extension d'un fichier %(format)s.")
                    % {"name": upload.name, "format": FORMATS.get(format, "")}
                )
            if upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError(_("« %(name)s » dépasse 5 Mo.") % {"name": upload.name})
            try:
                read.append((upload.name, file_text(upload.name, upload.read())))
            except Unreadable as error:
                raise forms.ValidationError(str(error)) from None
        cleaned["read"] = read
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
            path(
                "importer/<int:pk>/",
                self.admin_site.admin_view(self.job_view),
                name="opendata_importedrecord_import_job",
            ),
            *super().get_urls(),
        ]

    def _context(self, request):
        """What both import pages show around their content; a 403 for whoever cannot import."""
        if not request.user.has_perms(IMPORT_PERMISSIONS):
            raise PermissionDenied
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Importer des associations"),
        }

    def import_view(self, request):
        """The file's form; a valid file starts a job, whose page shows its progress."""
        context = self._context(request)
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            job = import_jobs.start(
                form.cleaned_data["format"],
                form.cleaned_data["read"],
                form.cleaned_data["dry_run"],
                user=request.user,
            )
            return redirect("admin:opendata_importedrecord_import_job", job.pk)
        jobs = ImportJob.objects.defer("texts").select_related("user")[:RECENT_JOBS]
        return render(
            request, "admin/opendata/import.html", {**context, "form": form, "jobs": jobs}
        )

    def job_view(self, request, pk):
        """An import's progress: each visit works on it for a few seconds, then shows where it
        is; the page reloads itself until the job ends (manage.py run_imports ends it too)."""
        context = self._context(request)
        job = get_object_or_404(ImportJob.objects.defer("texts"), pk=pk)
        import_jobs.advance(job)
        return render(
            request,
            "admin/opendata/import_job.html",
            {
                **context,
                "job": job,
                "report": job.report,
                "not_carried": NOT_CARRIED[job.format],
            },
        )
