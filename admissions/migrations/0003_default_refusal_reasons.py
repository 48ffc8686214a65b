from django.db import migrations

REASONS = [
    "Absence de place adaptée",
    "Profil ne correspondant pas au public accueilli",
    "Besoins de soins incompatibles avec l'accueil",
    "Dossier incomplet",
    "Refus de la personne",
    "Autre motif (préciser en commentaire)",
]


def add_reasons(apps, schema_editor):
    RefusalReason = apps.get_model("admissions", "RefusalReason")
    for label in REASONS:
        RefusalReason.objects.get_or_create(label=label)


class Migration(migrations.Migration):
    dependencies = [("admissions", "0002_refusalreason_requestdocument_and_more")]
    operations = [migrations.RunPython(add_reasons, migrations.RunPython.noop)]
