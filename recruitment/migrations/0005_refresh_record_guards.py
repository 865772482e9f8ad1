"""A database that ran the first version of 0004 gets the guards of today's 0004 (the files of a
submitted version, TRUNCATE, a fixed search path); on a new database this replaces them with the
same."""

import importlib

from django.db import migrations

from portal.integrity import refresh

GUARDS = importlib.import_module("recruitment.migrations.0004_record_guards").GUARDS


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0004_record_guards")]

    operations = [migrations.RunPython(refresh(GUARDS), migrations.RunPython.noop)]
