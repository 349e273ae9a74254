"""The synonyms the search reads (associations.taxonomies.Synonym), seeded with the ways residents
and social workers say the lists' terms in French, English and Arabic; CCAS agents keep them in
the admin afterwards, like the other lists. The names of the lists themselves are read already."""

import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

GROUP_NAME = "Agent CCAS"

# What each synonym means: ("aid_type" | "public" | "language", slug) or ("condition", value),
# and the synonyms, separated by « | ».
SYNONYMS = {
    ("aid_type", "colis"): (
        "colis | colis alimentaire | parcel | food parcel | food bank | طرد | طرود"
    ),
    ("aid_type", "epicerie"): (
        "épicerie | épicerie sociale | épicerie solidaire | épiceries solidaires | "
        "grocery | groceries | social grocery | بقالة | بقالة اجتماعية"
    ),
    ("aid_type", "repas"): (
        "resto | restos | restaurant | restaurant social | repas chaud | manger | soupe | "
        "food | meal | meals | hot meal | eat | soup | وجبة | وجبات | وجبة ساخنة | طعام | "
        "أكل | مطعم"
    ),
    ("aid_type", "maraude"): ("maraudes | street team | outreach"),
    ("aid_type", "bons"): (
        "bon alimentaire | chèque alimentaire | chèques services | voucher | vouchers | "
        "قسيمة | قسائم"
    ),
    ("aid_type", "frigo"): ("frigo | réfrigérateur | fridge | ثلاجة"),
    ("aid_type", "fruits-legumes"): (
        "fruits | légumes | fruit | vegetables | فواكه | خضر | خضروات"
    ),
    ("aid_type", "bebes"): (
        "bébé | bébés | lait infantile | couches | baby | babies | nappies | diapers | "
        "رضيع | رضع | حليب الأطفال | حفاضات"
    ),
    ("public", "sans-papiers"): (
        "sans papiers | sans-papiers | sans papier | sans titre de séjour | undocumented | "
        "no papers | بدون أوراق | بلا أوراق | دون أوراق"
    ),
    ("public", "demandeurs-asile"): (
        "demandeurs d'asile | demandeur d'asile | demandeuse d'asile | asile | réfugiés | "
        "réfugié | réfugiée | exilés | asylum | asylum seeker | refugee | refugees | لجوء | "
        "لاجئ | لاجئين | لاجئون | طالب لجوء | طالبي اللجوء"
    ),
    ("public", "etudiants"): (
        "étudiant | étudiante | étudiantes | student | students | طالب | طلاب | طلبة"
    ),
    ("public", "sans-abri"): (
        "sans abri | sans-abri | sdf | sans domicile | à la rue | homeless | مشرد | "
        "مشردين | بلا مأوى"
    ),
    ("public", "seniors"): ("seniors | retraités | aînés | elderly | pensioners | مسنين"),
    ("public", "familles"): (
        "famille | enfants | family | families | children | عائلة | عائلات | أطفال"
    ),
    ("public", "femmes"): ("femme | woman | امرأة | نساء"),
    ("public", "jeunes"): ("jeunes | jeune | young | youth | شباب"),
    ("public", "handicap"): ("handicap | handicapés | disabled | disability | إعاقة"),
    ("language", "arabe"): ("arabophone | عربي | عربية | بالعربية"),
    ("language", "anglais"): ("anglophone"),
    ("language", "berbere"): ("kabyle | amazigh | أمازيغي"),
    ("language", "turc"): ("turkish | türkçe"),
    ("condition", "gratuit"): (
        "gratuit | gratuite | gratuits | gratuites | free | free of charge | مجاني | "
        "مجانا | مجانية | بالمجان"
    ),
    ("condition", "sans_rendez_vous"): (
        "sans rendez-vous | sans rendez vous | sans rdv | without appointment | "
        "no appointment | walk in | بدون موعد | دون موعد"
    ),
    ("condition", "sans_orientation"): (
        "sans orientation | sans travailleur social | without referral | no referral | "
        "بدون إحالة | دون إحالة"
    ),
}

MODELS = {"aid_type": "AidType", "public": "Public", "language": "Language"}


def seed(apps, schema_editor):
    Synonym = apps.get_model("associations", "Synonym")
    for (kind, target), texts in SYNONYMS.items():
        if kind == "condition":
            meaning = {"condition": target}
        else:
            # A term the CCAS deleted or gave another slug gets no synonym.
            term = apps.get_model("associations", MODELS[kind]).objects.filter(slug=target).first()
            if term is None:
                continue
            meaning = {kind: term}
        for text in texts.split("|"):
            text = text.strip()
            Synonym.objects.get_or_create(text=text, defaults=meaning)


def synonym_permissions(apps):
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="associations", content_type__model="synonym"
    )


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so the group gets them.
    app_config = apps.get_app_config("associations")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(*synonym_permissions(apps))


def revoke(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME):
        group.permissions.remove(*synonym_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("associations", "0018_search_reads_service_and_place_names"),
    ]

    operations = [
        migrations.CreateModel(
            name="Synonym",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "text",
                    models.CharField(
                        help_text="Tel que les personnes l'écrivent, dans n'importe quelle langue, par exemple « resto » ou « وجبة ». Majuscules et accents ne comptent pas.",
                        max_length=100,
                        verbose_name="mot ou expression",
                    ),
                ),
                (
                    "condition",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("gratuit", "Gratuit"),
                            ("sans_rendez_vous", "Sans rendez-vous"),
                            ("sans_orientation", "Sans orientation"),
                        ],
                        max_length=20,
                        verbose_name="condition",
                    ),
                ),
                (
                    "aid_type",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="synonyms",
                        to="associations.aidtype",
                        verbose_name="type d'aide",
                    ),
                ),
                (
                    "language",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="synonyms",
                        to="associations.language",
                        verbose_name="langue",
                    ),
                ),
                (
                    "public",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="synonyms",
                        to="associations.public",
                        verbose_name="public",
                    ),
                ),
            ],
            options={
                "verbose_name": "synonyme de la recherche",
                "verbose_name_plural": "synonymes de la recherche",
                "ordering": ["text"],
                "constraints": [
                    models.UniqueConstraint(fields=("text",), name="synonym_unique_text"),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("aid_type__isnull", False),
                                ("condition", ""),
                                ("language__isnull", True),
                                ("public__isnull", True),
                            ),
                            models.Q(
                                ("aid_type__isnull", True),
                                ("condition", ""),
                                ("language__isnull", True),
                                ("public__isnull", False),
                            ),
                            models.Q(
                                ("aid_type__isnull", True),
                                ("condition", ""),
                                ("language__isnull", False),
                                ("public__isnull", True),
                            ),
                            models.Q(
                                ("aid_type__isnull", True),
                                ("language__isnull", True),
                                ("public__isnull", True),
                                models.Q(("condition", ""), _negated=True),
                            ),
                            _connector="OR",
                        ),
                        name="synonym_means_one_thing",
                    ),
                ],
            },
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(grant, revoke),
    ]
