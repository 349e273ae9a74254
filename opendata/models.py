"""Which directory rows came from which imported record, so that importing again updates them;
the imports under way or done."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .import_report import Report


class ImportedRecord(models.Model):
    """An association or a service created by an import, with its id in the imported file.

    ``source`` names the file's producer: ``csv`` for the CCAS spreadsheet, ``data-inclusion:<source>``
    for data·inclusion records (``data-inclusion:roubaix-aide`` for our own exports).
    """

    source = models.CharField(_("source"), max_length=100)
    source_id = models.CharField(_("identifiant dans la source"), max_length=200)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("type de fiche"), on_delete=models.CASCADE
    )
    object_id = models.PositiveBigIntegerField(_("fiche"))
    target = GenericForeignKey("content_type", "object_id")
    imported_at = models.DateTimeField(_("importée le"), auto_now_add=True)

    class Meta:
        ordering = ["source", "source_id"]
        verbose_name = _("fiche importée")
        verbose_name_plural = _("fiches importées")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "content_type", "source_id"],
                name="imported_record_unique_source_id",
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.source} {self.source_id}"


class ImportJob(models.Model):
    """A file a CCAS agent imports, checked then written in short batches (import_jobs.py).

    The file's text is kept here until the job ends, so that any app server, or the cron's
    ``run_imports``, can take the next batch; ``position`` counts the associations of the file
    done in the current phase.
    """

    class Format(models.TextChoices):
        CSV = "csv", _("Tableur CSV du CCAS (modèle fixtures/import-template.csv)")
        DATA_INCLUSION = "data-inclusion", _("data·inclusion (JSON : structures et services)")

    class Phase(models.TextChoices):
        CHECK = "check", _("vérification")
        WRITE = "write", _("enregistrement")

    format = models.CharField(_("format"), max_length=20, choices=Format)
    file_names = models.JSONField(_("fichiers"), default=list)
    texts = models.JSONField(_("contenu des fichiers"), default=list)
    dry_run = models.BooleanField(_("essai seulement"), default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("importé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("commencé le"), auto_now_add=True)
    phase = models.CharField(_("étape"), max_length=10, choices=Phase, default=Phase.CHECK)
    position = models.PositiveIntegerField(_("associations traitées"), default=0)
    total = models.PositiveIntegerField(_("associations dans le fichier"), null=True, blank=True)
    counts = models.JSONField(_("décompte"), default=dict)
    problems = models.JSONField(_("problèmes"), default=list)
    busy_until = models.DateTimeField(_("occupé jusqu'à"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return (
            f"{', '.join(self.file_names)} ({timezone.localtime(self.created_at):%d/%m/%Y %H:%M})"
        )

    @property
    def finished(self):
        return self.finished_at is not None

    @property
    def report(self):
        return Report.from_lists(self.dry_run, self.counts, self.problems)

    @report.setter
    def report(self, report):
        self.counts, self.problems = report.counts(), report.problem_list()

    @property
    def percent(self):
        """How far the job is, both phases counted: the writing follows a full check."""
        if self.finished:
            return 100
        if not self.total:
            return 0
        phases = 1 if self.dry_run else 2
        done = self.position + (self.total if self.phase == self.Phase.WRITE else 0)
        return min(99, done * 100 // (self.total * phases))

    @property
    def stopped_while_writing(self):
        """Problems met while writing: the batches written before them stay written."""
        return self.finished and self.phase == self.Phase.WRITE and bool(self.problems)
