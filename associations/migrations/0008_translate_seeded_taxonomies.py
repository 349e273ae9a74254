"""English and Arabic names for the seeded lists; the CCAS edits them in the admin afterwards."""

from django.db import migrations

NAMES = {
    "AidType": {
        "colis": ("Food parcel", "طرد غذائي"),
        "epicerie": ("Social grocery", "بقالة تضامنية"),
        "repas": ("Meals", "وجبات"),
        "maraude": ("Street team", "فريق الشارع"),
        "bons": ("Food vouchers", "قسائم غذائية"),
        "frigo": ("Community fridge", "ثلاجة تضامنية"),
        "fruits-legumes": ("Fruit and vegetables", "فواكه وخضر"),
        "bebes": ("Baby supplies", "مساعدة للرضع"),
    },
    "Public": {
        "tous": ("Everyone", "الجميع"),
        "familles": ("Families", "العائلات"),
        "personnes-seules": ("People living alone", "الأشخاص الذين يعيشون وحدهم"),
        "etudiants": ("Students", "الطلاب"),
        "seniors": ("Older people", "كبار السن"),
        "sans-abri": ("Homeless people", "الأشخاص دون مأوى"),
        "sans-papiers": ("Undocumented people", "الأشخاص دون أوراق"),
        "demandeurs-asile": ("Asylum seekers", "طالبو اللجوء"),
        "handicap": ("People with disabilities", "الأشخاص ذوو الإعاقة"),
        "femmes": ("Women", "النساء"),
        "jeunes": ("Young people (16–25)", "الشباب (16-25 سنة)"),
    },
    "Language": {
        "francais": ("French", "الفرنسية"),
        "arabe": ("Arabic", "العربية"),
        "anglais": ("English", "الإنجليزية"),
        "berbere": ("Berber (Tamazight)", "الأمازيغية"),
        "turc": ("Turkish", "التركية"),
        "portugais": ("Portuguese", "البرتغالية"),
        "roumain": ("Romanian", "الرومانية"),
        "espagnol": ("Spanish", "الإسبانية"),
        "russe": ("Russian", "الروسية"),
    },
    "Network": {
        "croix-rouge": ("French Red Cross", "الصليب الأحمر الفرنسي"),
        "andes": ("ANDES network (social groceries)", "شبكة ANDES (بقالات تضامنية)"),
        "banque-alimentaire": ("Nord Food Bank", "بنك الطعام في الشمال"),
    },
}


def translate(apps, schema_editor):
    for model_name, names in NAMES.items():
        model = apps.get_model("associations", model_name)
        for slug, (english, arabic) in names.items():
            model.objects.filter(slug=slug, name_en="", name_ar="").update(
                name_en=english, name_ar=arabic
            )


class Migration(migrations.Migration):
    dependencies = [("associations", "0007_taxonomy_names_in_english_and_arabic")]

    operations = [migrations.RunPython(translate, migrations.RunPython.noop)]
