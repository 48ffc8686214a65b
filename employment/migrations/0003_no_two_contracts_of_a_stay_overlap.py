"""PostgreSQL refuses two contracts of one stay sharing a day, even under concurrent writes.

daterange(start, end, '[]') holds the days of a contract (both ends are days of the contract). On SQLite, which has no
exclusion constraints, the services check it (they lock the stay row first, and SQLite serialises writers).
"""

from django.db import migrations

FORWARD = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE employment_contract ADD CONSTRAINT contract_no_two_of_a_stay_overlap
  EXCLUDE USING gist (stay_id WITH =, daterange(start_date, end_date, '[]') WITH &&);
"""
BACKWARD = "ALTER TABLE employment_contract DROP CONSTRAINT IF EXISTS contract_no_two_of_a_stay_overlap;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("employment", "0002_contracts_hours_activity_cohorts_tig_soa")]
    operations = [migrations.RunPython(forward, backward)]
