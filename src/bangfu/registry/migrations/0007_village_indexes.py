"""An index that leads with the village for the scoped household lists (issue 16, item 7).

``registry_household_village_code`` on ``(village_id, code)``: a county officer's or a village cadre's household
list reads its villages (through the division path's index) and, for each village in order, that village's
households already in code order, so a page of 25 stops after 25 rows. Before it, the list walked the
household-code index past every household of the counties that sort before the officer's (about 170,000 at
10^6 households) to find its first page. The village list and the village page use it as well (households of a
village, by code).

Raw SQL, as registry 0003: the models (owned by the register) stay as they are; nothing else depends on it.
"""

from django.db import migrations

FORWARD = [
    "CREATE INDEX IF NOT EXISTS registry_household_village_code ON registry_household (village_id, code)",
]
BACKWARD = ["DROP INDEX IF EXISTS registry_household_village_code"]


def forward(apps, schema_editor):
    for statement in FORWARD:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    for statement in BACKWARD:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("registry", "0006_i14_criteria_fields")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
