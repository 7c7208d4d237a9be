"""Library search over morphemes (PostgreSQL only; SQLite matches with LIKE ' term%').

A GIN index on the weighted tsvector (title A, summary B, problem and proposal C) of the
stored morphemes, with the 'simple' configuration: the morphemes are already the words,
so no stemming; a prefix query (복지:*) also uses it. ``similarity_terms_vector`` is the one
expression the index and the search share.
"""

from django.db import migrations

FORWARD = [
    """
    CREATE OR REPLACE FUNCTION similarity_terms_vector(title text, summary text, body text)
    RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A')
          || setweight(to_tsvector('simple'::regconfig, coalesce(summary, '')), 'B')
          || setweight(to_tsvector('simple'::regconfig, coalesce(body, '')), 'C')
    $$
    """,
    # Library search: WHERE similarity_terms_vector(…) @@ '관리:* & 시스템:*'::tsquery
    """
    CREATE INDEX IF NOT EXISTS idea_terms_vector_idx ON similarity_ideaterms
    USING gin (similarity_terms_vector(title_terms, summary_terms, body_terms))
    """,
]
BACKWARD = [
    "DROP INDEX IF EXISTS idea_terms_vector_idx",
    "DROP FUNCTION IF EXISTS similarity_terms_vector(text, text, text)",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("similarity", "0001_ideaterms_and_dismissed_pairs")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
