"""What the open-data page says of the data: when it last changed and how many records it
holds, for people and, as a schema.org Dataset (JSON-LD), for machines."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from associations.models import Association, DirectoryGeneration
from ccas import territory

LICENCE = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
# (URL name, encoding format) of each full export; the page links them too.
DOWNLOADS = [
    ("opendata:di-structures-json", "application/json"),
    ("opendata:di-services-json", "application/json"),
    ("opendata:di-structures-csv", "text/csv"),
    ("opendata:di-services-csv", "text/csv"),
    ("opendata:hsds-organizations", "application/json"),
    ("opendata:services-csv", "text/csv"),
]


@dataclass(frozen=True)
class Summary:
    changed_at: datetime | None
    associations: int
    places: int
    services: int


def summary():
    """The date of the last change and the number of records every export holds: published
    associations, their places and their services."""
    counts = Association.objects.published().aggregate(
        associations=Count("pk", distinct=True),
        places=Count("places", distinct=True),
        services=Count("services", distinct=True),
    )
    return Summary(changed_at=DirectoryGeneration.last_write(), **counts)


def file_url(name):
    """A file's one address, the French one (without /en/ or /ar/), as reusers cite it."""
    with translation.override("fr"):
        return reverse(name)


def dataset(request, data):
    """The page's data as a schema.org Dataset; `data` is a `summary()`."""
    site = territory.of_request(request)
    document = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": _("Annuaire de l'aide alimentaire à %(place)s") % {"place": site.name},
        "description": _(
            "Les associations d'aide alimentaire de %(place)s, leurs lieux, services, horaires "
            "et conditions d'accès, aux formats data·inclusion, HSDS et tableur."
        )
        % {"place": site.name},
        "url": request.build_absolute_uri(),
        "license": LICENCE,
        "creator": {"@type": "GovernmentOrganization", "name": site.ccas_name},
        "inLanguage": "fr",
        "distribution": [
            {
                "@type": "DataDownload",
                "contentUrl": request.build_absolute_uri(file_url(name)),
                "encodingFormat": encoding,
            }
            for name, encoding in DOWNLOADS
        ],
    }
    if data.changed_at:
        document["dateModified"] = data.changed_at.isoformat()
    return document
