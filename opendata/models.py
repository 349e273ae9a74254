"""Which directory rows came from which imported record, so that importing again updates them."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


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
