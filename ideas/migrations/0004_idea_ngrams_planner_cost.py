"""Tell PostgreSQL's planner what ``idea_ngrams()`` costs (PostgreSQL only).

The function splits a text into words and bigrams (regexp_split_to_table and
generate_series): about 70 µs a row, not the default cost of a SQL function (100 ×
cpu_operator_cost, 0.25 µs). Believing it cheap, the planner answered the season-scoped
search (``season=…&q=혁신``) by evaluating it on every idea of the season through the
season index (400 ms at 10,000 ideas) instead of asking ``idea_text_ngrams_idx``
(40–55 ms, measured on the 10k demo).
"""

from django.db import migrations

COST = 1000
DEFAULT_COST = 100


def set_cost(cost):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT to_regprocedure('idea_ngrams(text)') IS NOT NULL")
            if cursor.fetchone()[0]:
                schema_editor.execute(f"ALTER FUNCTION idea_ngrams(text) COST {cost}")

    return apply


class Migration(migrations.Migration):
    dependencies = [("ideas", "0003_library_order_indexes")]

    operations = [migrations.RunPython(set_cost(COST), set_cost(DEFAULT_COST))]
