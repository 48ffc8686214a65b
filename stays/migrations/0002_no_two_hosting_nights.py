"""PostgreSQL refuses two hosting stays of one person sharing a night, even under concurrent writes.

daterange(start, end, '[)') holds the nights of a stay (the end date is the day the person left, so it
is excluded; an empty end means ongoing). On SQLite, which has no exclusion constraints, the services
check it (and SQLite serialises writers).
"""

from django.db import migrations

FORWARD = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE stays_stay ADD CONSTRAINT stay_no_two_hosting_nights
  EXCLUDE USING gist (person_id WITH =, daterange(start_date, end_date, '[)') WITH &&) WHERE (hosting);
"""
BACKWARD = "ALTER TABLE stays_stay DROP CONSTRAINT IF EXISTS stay_no_two_hosting_nights;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("stays", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
