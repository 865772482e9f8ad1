"""Seed the default document types of DOMAIN.md (editors may change the list afterwards)."""

from django.db import migrations

TYPES = [
    ("regulamin", "regulamin"),
    ("zarzadzenie", "zarządzenie"),
    ("uchwala", "uchwała"),
    ("formularz", "formularz"),
    ("karta-oceny", "karta oceny"),
    ("kryteria", "kryteria"),
    ("zalacznik", "załącznik"),
    ("porozumienie", "porozumienie"),
    ("raport", "raport"),
    ("informacja", "informacja"),
    ("wzor", "wzór"),
]


def seed(apps, schema_editor):
    document_type = apps.get_model("documents", "DocumentType")
    for order, (slug, name) in enumerate(TYPES):
        document_type.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_registry_fields")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
