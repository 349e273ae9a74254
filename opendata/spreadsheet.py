"""The flat CSV of services, one row per service: the spreadsheet export writes it, the CSV import
reads it (template and documentation in fixtures/import-template.csv and fixtures/IMPORT.md).

Cells hold what an agent reads in the back office: names of types of aid, publics, languages,
quartiers and networks, French labels of choices, dates as 31/01/2026. Hours are in the
OpenStreetMap ``opening_hours`` syntax (``Tu 09:00-12:00; Th[1,3] 14:00-17:00``).
"""

# Every column the import reads, in the order of the template.
COLUMNS = [
    "id_association",
    "association",
    "association_resume",
    "association_description",
    "association_telephone",
    "association_courriel",
    "association_site_web",
    "reseau",
    "jours_feries",
    "verifiee_le",
    "publiee",
    "id_service",
    "type_aide",
    "service_intitule",
    "service_description",
    "acces",
    "acces_precisions",
    "gratuit",
    "participation",
    "justificatifs",
    "zone",
    "publics",
    "publics_ccas",
    "langues",
    "lieu_nom",
    "lieu_adresse",
    "lieu_code_postal",
    "lieu_ville",
    "lieu_quartier",
    "lieu_latitude",
    "lieu_longitude",
    "lieu_accessibilite",
    "lieu_acces",
    "horaires",
    # Written by the export for people to read; the import does not read it.
    "horaires_en_clair",
]
REQUIRED_COLUMNS = ["id_association", "association", "id_service", "type_aide"]
# Never exported: the export holds public data only.
CCAS_ONLY_COLUMNS = ["publics_ccas"]

YES = "oui"
NO = "non"
LIST_SEPARATOR = ", "
DATE_FORMAT = "%d/%m/%Y"
