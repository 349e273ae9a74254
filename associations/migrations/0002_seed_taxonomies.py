"""Seed the lists the CCAS edits: types of aid, publics, quartiers, languages and networks."""

from django.db import migrations

AID_TYPES = [
    # (slug, name, data·inclusion type, explanation)
    ("colis", "Colis alimentaire", "aide-materielle", "Un colis de nourriture, souvent gratuit."),
    (
        "epicerie",
        "Épicerie sociale et solidaire",
        "aide-materielle",
        "Un magasin où l'on choisit ses produits et paie une petite partie du prix.",
    ),
    ("repas", "Repas", "aide-materielle", "Un repas chaud sur place ou à emporter."),
    ("maraude", "Maraude", "aide-materielle", "Une équipe qui va vers les personnes à la rue."),
    ("bons", "Bons alimentaires", "aide-financiere", "Des bons à utiliser dans les magasins."),
    (
        "frigo",
        "Frigo solidaire",
        "aide-materielle",
        "Un frigo en libre-service : on prend, on donne.",
    ),
    (
        "fruits-legumes",
        "Fruits et légumes",
        "aide-materielle",
        "Une distribution de fruits et légumes frais.",
    ),
    ("bebes", "Aide aux bébés", "aide-materielle", "Lait, couches et petits pots."),
]

PUBLICS = [
    # (slug, name, data·inclusion code)
    ("tous", "Tout public", "tous-publics"),
    ("familles", "Familles", "familles"),
    ("personnes-seules", "Personnes seules", ""),
    ("etudiants", "Étudiants", "etudiants"),
    ("seniors", "Personnes âgées", "seniors"),
    ("sans-abri", "Personnes sans domicile", "personnes-en-situation-durgence"),
    ("sans-papiers", "Personnes sans papiers", "personnes-exilees"),
    ("demandeurs-asile", "Demandeurs d'asile", "personnes-exilees"),
    ("handicap", "Personnes en situation de handicap", "personnes-en-situation-de-handicap"),
    ("femmes", "Femmes", "femmes"),
    ("jeunes", "Jeunes (16-25 ans)", "jeunes"),
]

QUARTIERS = [
    # (slug, name, quartier prioritaire)
    ("centre", "Centre", False),
    ("alma", "Alma", True),
    ("epeule", "Épeule", True),
    ("trois-ponts", "Trois-Ponts", True),
    ("fresnoy-mackellerie", "Fresnoy-Mackellerie", True),
    ("cul-de-four", "Cul-de-Four", True),
    ("hommelet", "Hommelet", True),
    ("pile", "Pile", True),
    ("sainte-elisabeth", "Sainte-Élisabeth", True),
    ("moulin", "Moulin", True),
    ("nouveau-roubaix", "Nouveau Roubaix", True),
    ("hauts-champs", "Hauts-Champs", True),
    ("entrepont", "Entrepont", True),
    ("barbieux", "Barbieux", False),
    ("sartel-carihem", "Sartel-Carihem", True),
    ("potennerie", "Potennerie", False),
    ("justice", "Justice", False),
    ("vauban", "Vauban", False),
]

LANGUAGES = [
    ("francais", "Français", "fr"),
    ("arabe", "Arabe", "ar"),
    ("anglais", "Anglais", "en"),
    ("berbere", "Berbère (tamazight)", "ber"),
    ("turc", "Turc", "tr"),
    ("portugais", "Portugais", "pt"),
    ("roumain", "Roumain", "ro"),
    ("espagnol", "Espagnol", "es"),
    ("russe", "Russe", "ru"),
]

NETWORKS = [
    ("restos-du-coeur", "Restos du Cœur", "restos-du-coeur"),
    ("secours-populaire", "Secours populaire", "secours-populaire"),
    ("croix-rouge", "Croix-Rouge française", "croix-rouge"),
    ("secours-catholique", "Secours catholique", ""),
    ("andes", "Réseau ANDES (épiceries solidaires)", ""),
    ("banque-alimentaire", "Banque alimentaire du Nord", "banques-alimentaires"),
    ("emmaus", "Emmaüs", "emmaus"),
]


def seed(apps, schema_editor):
    AidType = apps.get_model("associations", "AidType")
    Public = apps.get_model("associations", "Public")
    Quartier = apps.get_model("associations", "Quartier")
    Language = apps.get_model("associations", "Language")
    Network = apps.get_model("associations", "Network")
    for position, (slug, name, di_type, description) in enumerate(AID_TYPES):
        AidType.objects.create(
            slug=slug, name=name, di_type=di_type, description=description, position=position
        )
    for position, (slug, name, di_code) in enumerate(PUBLICS):
        Public.objects.create(slug=slug, name=name, di_code=di_code, position=position)
    for slug, name, is_qpv in QUARTIERS:
        Quartier.objects.create(slug=slug, name=name, is_qpv=is_qpv)
    for position, (slug, name, code) in enumerate(LANGUAGES):
        Language.objects.create(slug=slug, name=name, code=code, position=position)
    for slug, name, di_code in NETWORKS:
        Network.objects.create(slug=slug, name=name, di_code=di_code)


class Migration(migrations.Migration):
    dependencies = [("associations", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
