"""The limits of the national standard the open data follows (associations/validators.py),
kept by the database too.

Existing rows that break them: a website that is not http(s) or an e-mail address no one can
write to is moved into the association's CCAS-only notes, where an agent sees it, and emptied.
A name, a description or a postal code cannot be set aside like that: if one breaks the limits,
the migration stops and lists them, to be corrected in the back office before migrating again
(README, "Mise à jour").
"""

import re
import time

import django.core.validators
import django.db.models.functions.text
import django.db.models.lookups
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import migrations, models
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone

import associations.validators


def _fails(validators, value):
    try:
        for validator in validators:
            validator(value)
    except ValidationError:
        return True
    return False


def set_aside_contacts(apps, schema_editor):
    Association = apps.get_model("associations", "Association")
    DirectoryGeneration = apps.get_model("associations", "DirectoryGeneration")
    checks = {
        "website": (
            "site web",
            [django.core.validators.URLValidator(), associations.validators.web_address],
        ),
        "email": (
            "adresse e-mail",
            [django.core.validators.validate_email, associations.validators.public_email],
        ),
    }
    today = timezone.localdate().strftime("%d/%m/%Y")
    changed = False
    for association in Association._default_manager.exclude(website="", email="").iterator():
        set_aside = []
        for name, (label, validators) in checks.items():
            value = getattr(association, name)
            if value and _fails(validators, value):
                set_aside.append(f"{label} « {value} »")
                setattr(association, name, "")
        if set_aside:
            note = (
                f"Retiré de la fiche le {today}, refusé par le format des données ouvertes : "
                f"{', '.join(set_aside)}."
            )
            association.internal_notes = "\n\n".join(
                text for text in (association.internal_notes, note) if text
            )
            association.save(update_fields=["website", "email", "internal_notes"])
            changed = True
    if changed:
        now = Value(time.time_ns() // 1000)
        DirectoryGeneration.objects.filter(pk=1).update(value=Greatest(F("value") + 1, now))


def refuse_what_breaks_the_limits(apps, schema_editor):
    validators = associations.validators
    names = validators.name_length
    longest = validators.description_length[1:]  # a short description has no constraint
    rows = [
        ("Association", "nom", "name", names, {}),
        ("Association", "description", "description", longest, {}),
        ("Service", "intitulé", "name", names, {"name": ""}),
        ("Service", "description", "description", longest, {}),
        ("Place", "code postal", "postal_code", [validators.french_postal_code], {}),
    ]
    problems = []
    for model_name, label, field, checks, skipped in rows:
        model = apps.get_model("associations", model_name)
        for pk, value in (
            model._default_manager.exclude(**skipped).values_list("pk", field).iterator()
        ):
            if _fails(checks, value):
                problems.append(f"{model_name} n° {pk} : {label} « {value[:60]} »")
    if problems:
        raise RuntimeError(
            "Ces informations dépassent les limites du format national des données ouvertes ; "
            "corrigez-les dans le back-office, puis relancez migrate :\n" + "\n".join(problems)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("associations", "0024_stable_open_data_identifiers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="aidtype",
            name="name",
            field=models.CharField(
                max_length=100,
                validators=[
                    associations.validators.StrippedMinLengthValidator(
                        3,
                        message="Écrivez au moins %(limit_value)d caractères (il y en a %(show_value)d).",
                    ),
                    django.core.validators.MaxLengthValidator(
                        150,
                        message="Écrivez au plus %(limit_value)d caractères (il y en a %(show_value)d).",
                    ),
                ],
                verbose_name="nom",
            ),
        ),
        migrations.AlterField(
            model_name="association",
            name="description",
            field=models.TextField(
                blank=True,
                validators=[
                    associations.validators.StrippedMinLengthValidator(
                        5,
                        message="Écrivez au moins %(limit_value)d caractères, ou laissez vide (il y en a %(show_value)d).",
                    ),
                    django.core.validators.MaxLengthValidator(
                        10000,
                        message="Écrivez au plus %(limit_value)d caractères (il y en a %(show_value)d) : gardez l'essentiel.",
                    ),
                ],
                verbose_name="description",
            ),
        ),
        migrations.AlterField(
            model_name="association",
            name="email",
            field=models.EmailField(
                blank=True,
                max_length=254,
                validators=[associations.validators.PublicEmailValidator()],
                verbose_name="adresse e-mail",
            ),
        ),
        migrations.AlterField(
            model_name="association",
            name="name",
            field=models.CharField(
                max_length=200,
                validators=[
                    django.core.validators.RegexValidator(
                        "[\\r\\n]",
                        code="line_break",
                        inverse_match=True,
                        message="Écrivez-le sur une seule ligne, sans retour à la ligne.",
                    ),
                    associations.validators.StrippedMinLengthValidator(
                        3,
                        message="Écrivez au moins %(limit_value)d caractères (il y en a %(show_value)d).",
                    ),
                    django.core.validators.MaxLengthValidator(
                        150,
                        message="Écrivez au plus %(limit_value)d caractères (il y en a %(show_value)d).",
                    ),
                ],
                verbose_name="nom",
            ),
        ),
        migrations.AlterField(
            model_name="association",
            name="website",
            field=models.URLField(
                blank=True,
                validators=[
                    django.core.validators.RegexValidator(
                        "^https?://",
                        code="web_scheme",
                        flags=re.RegexFlag["IGNORECASE"],
                        message="Écrivez l'adresse d'un site web, qui commence par http:// ou https://.",
                    )
                ],
                verbose_name="site web",
            ),
        ),
        migrations.AlterField(
            model_name="historicalassociation",
            name="description",
            field=models.TextField(
                blank=True,
                validators=[
                    associations.validators.StrippedMinLengthValidator(
                        5,
                        message="Écrivez au moins %(limit_value)d caractères, ou laissez vide (il y en a %(show_value)d).",
                    ),
                    django.core.validators.MaxLengthValidator(
                        10000,
                        message="Écrivez au plus %(limit_value)d caractères (il y en a %(show_value)d) : gardez l'essentiel.",
                    ),
                ],
                verbose_name="description",
            ),
        ),
        migrations.AlterField(
            model_name="historicalassociation",
            name="email",
            field=models.EmailField(
                blank=True,
                max_length=254,
                validators=[associations.validators.PublicEmailValidator()],
                verbose_name="adresse e-mail",
            ),
        ),
        migrations.AlterField(
            model_name="historicalassociation",
            name="name",
            field=models.CharField(
                max_length=200,
                validators=[
                    django.core.validators.RegexValidator(
                        "[\\r\\n]",
                        code="line_break",
                        inverse_match=True,
                        message="Écrivez-le sur une seule ligne, sans retour à la ligne.",
                    ),
                    associations.validators.StrippedMinLengthValidator(
                        3,
                        message="Écrivez au moins %(limit_value)d caractères (il y en a %(show_value)d).",
                    ),
                    django.core.validators.MaxLengthValidator(
                        150,
                        message="Écrivez au plus %(limit_value)d caractères (il y en a %(show_value)d).",
                    ),
                ],
                verbose_name="nom",
            ),
        ),
        migrations.AlterField(
            model_name="historicalassociation",
            name="website",
            field=models.URLField(
                blank=True,
                validators=[
                    django.core.validators.RegexValidator(
                        "^https?://",
                        code="web_scheme",
                        flags=re.RegexFlag["IGNORECASE"],
                        message="Écrivez l'adresse d'un site web, qui commence par http:// ou https://.",
                    )
                ],
                verbose_name="site web",
            ),
        ),
        migrations.AlterField(
            model_name="historicalplace",
            name="postal_code",
            field=models.CharField(
                default="59100",
                max_length=5,
                validators=[
                    django.core.validators.RegexValidator(
                        "^((0[1-9]|[1-8][0-9]|9[0-5])[0-9]{3}|97[1-8][0-9]{2}|98[6-8][0-9]{2})$",
                        code="postal_code",
                        message="Écrivez un code postal français de 5 chiffres, comme 59100 pour Roubaix (départements d'outre-mer compris).",
                    )
                ],
                verbose_name="code postal",
            ),
        ),
        migrations.AlterField(
            model_name="historicalreferent",
            name="email",
            field=models.EmailField(
                blank=True,
                max_length=254,
                validators=[associations.validators.PublicEmailValidator()],
                verbose_name="adresse e-mail",
            ),
        ),
        migrations.AlterField(
            model_name="historicalservice",
            name="description",
            field=models.TextField(
                blank=True,
                validators=[
                    associations.validators.StrippedMinLengthValidator(
                        5,
                        message="Écrivez au moins %(limit_value)d caractères, ou laissez vide (il y en a %(show_value)d).",
                    ),
                    django.core.validators.MaxLengthValidator(
                        10000,
                        message="Écrivez au plus %(limit_value)d caractères (il y en a %(show_value)d) : gardez l'essentiel.",
                    ),
                ],
                verbose_name="description",
            ),
        ),
        migrations.AlterField(
            model_name="historicalservice",
            name="name",
            field=models.CharField(
                blank=True,
                help_text="Facultatif, par exemple « Distribution du mardi ». Par défaut : le type d'aide.",
                max_length=200,
                validators=[
                    associations.validators.StrippedMinLengthValidator(
                        3,
                        message="Écrivez au moins %(limit_value)d caractères (il y en a %(show_value)d).",
                    ),
                    django.core.validators.MaxLengthValidator(
                        150,
                        message="Écrivez au plus %(limit_value)d caractères (il y en a %(show_value)d).",
                    ),
                ],
                verbose_name="intitulé",
            ),
        ),
        migrations.AlterField(
            model_name="place",
            name="postal_code",
            field=models.CharField(
                default="59100",
                max_length=5,
                validators=[
                    django.core.validators.RegexValidator(
                        "^((0[1-9]|[1-8][0-9]|9[0-5])[0-9]{3}|97[1-8][0-9]{2}|98[6-8][0-9]{2})$",
                        code="postal_code",
                        message="Écrivez un code postal français de 5 chiffres, comme 59100 pour Roubaix (départements d'outre-mer compris).",
                    )
                ],
                verbose_name="code postal",
            ),
        ),
        migrations.AlterField(
            model_name="referent",
            name="email",
            field=models.EmailField(
                blank=True,
                max_length=254,
                validators=[associations.validators.PublicEmailValidator()],
                verbose_name="adresse e-mail",
            ),
        ),
        migrations.AlterField(
            model_name="service",
            name="description",
            field=models.TextField(
                blank=True,
                validators=[
                    associations.validators.StrippedMinLengthValidator(
                        5,
                        message="Écrivez au moins %(limit_value)d caractères, ou laissez vide (il y en a %(show_value)d).",
                    ),
                    django.core.validators.MaxLengthValidator(
                        10000,
                        message="Écrivez au plus %(limit_value)d caractères (il y en a %(show_value)d) : gardez l'essentiel.",
                    ),
                ],
                verbose_name="description",
            ),
        ),
        migrations.AlterField(
            model_name="service",
            name="name",
            field=models.CharField(
                blank=True,
                help_text="Facultatif, par exemple « Distribution du mardi ». Par défaut : le type d'aide.",
                max_length=200,
                validators=[
                    associations.validators.StrippedMinLengthValidator(
                        3,
                        message="Écrivez au moins %(limit_value)d caractères (il y en a %(show_value)d).",
                    ),
                    django.core.validators.MaxLengthValidator(
                        150,
                        message="Écrivez au plus %(limit_value)d caractères (il y en a %(show_value)d).",
                    ),
                ],
                verbose_name="intitulé",
            ),
        ),
        migrations.RunPython(set_aside_contacts, migrations.RunPython.noop),
        migrations.RunPython(refuse_what_breaks_the_limits, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="association",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    django.db.models.lookups.GreaterThanOrEqual(
                        django.db.models.functions.text.Length(
                            django.db.models.functions.text.Trim("name")
                        ),
                        3,
                    ),
                    django.db.models.lookups.LessThanOrEqual(
                        django.db.models.functions.text.Length("name"), 150
                    ),
                ),
                name="association_name_length",
            ),
        ),
        migrations.AddConstraint(
            model_name="association",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    django.db.models.lookups.LessThanOrEqual(
                        django.db.models.functions.text.Length("description"), 10000
                    )
                ),
                name="association_description_length",
            ),
        ),
        migrations.AddConstraint(
            model_name="association",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("website", ""),
                    ("website__istartswith", "http://"),
                    ("website__istartswith", "https://"),
                    _connector="OR",
                ),
                name="association_website_http",
            ),
        ),
        migrations.AddConstraint(
            model_name="place",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "postal_code__regex",
                        "^((0[1-9]|[1-8][0-9]|9[0-5])[0-9]{3}|97[1-8][0-9]{2}|98[6-8][0-9]{2})$",
                    )
                ),
                name="place_french_postal_code",
            ),
        ),
        migrations.AddConstraint(
            model_name="service",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("name", ""),
                    models.Q(
                        django.db.models.lookups.GreaterThanOrEqual(
                            django.db.models.functions.text.Length(
                                django.db.models.functions.text.Trim("name")
                            ),
                            3,
                        ),
                        django.db.models.lookups.LessThanOrEqual(
                            django.db.models.functions.text.Length("name"), 150
                        ),
                    ),
                    _connector="OR",
                ),
                name="service_name_length",
            ),
        ),
        migrations.AddConstraint(
            model_name="service",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    django.db.models.lookups.LessThanOrEqual(
                        django.db.models.functions.text.Length("description"), 10000
                    )
                ),
                name="service_description_length",
            ),
        ),
    ]
