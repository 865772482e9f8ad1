"""A database that ran the first version of 0003 gets the guards of today's 0003 (a return only
with its audit entry, TRUNCATE, a fixed search path); on a new database this replaces them with
the same."""

import importlib

from django.db import migrations

from portal.integrity import refresh

GUARDS = importlib.import_module("evaluation.migrations.0003_record_guards").GUARDS


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0003_record_guards"), ("recruitment", "0005_refresh_record_guards")]

    operations = [migrations.RunPython(refresh(GUARDS), migrations.RunPython.noop)]
