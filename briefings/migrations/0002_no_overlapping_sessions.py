"""No two briefing sessions overlap (the governor chairs every one): an exclusion
constraint on PostgreSQL. SQLite, the embedded single-user default, relies on the
services' locked check (briefings.services._ensure_free).

Deferrable, initially deferred: swapping two sessions passes through a moment where they
overlap; the services check it at the end of their work (SET CONSTRAINTS … IMMEDIATE).
"""

from django.db import migrations

FORWARD = [
    """
    ALTER TABLE briefings_briefingsession
    ADD CONSTRAINT briefing_session_no_overlap
    EXCLUDE USING gist (tsrange(date + start_time, date + end_time) WITH &&)
    DEFERRABLE INITIALLY DEFERRED
    """,
]
BACKWARD = [
    "ALTER TABLE briefings_briefingsession DROP CONSTRAINT IF EXISTS briefing_session_no_overlap",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("briefings", "0001_initial")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
