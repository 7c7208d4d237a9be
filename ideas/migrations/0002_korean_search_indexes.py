"""Indexes for searching ideas in Korean (PostgreSQL only; SQLite falls back to LIKE).

- ``idea_ngrams(text)``: the character bigrams of every word, as a tsvector. A GIN index
  on it finds any part of a word of two or more syllables (혁신, 복지), which a trigram
  index cannot: a two-syllable string holds no full trigram.
- A trigram index on the title with spaces removed, for similar-idea look-ups: Korean
  spacing varies (기업유치 관리시스템 / 기업 유치 관리 시스템), so it is ignored.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    CREATE OR REPLACE FUNCTION idea_ngrams(t text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT coalesce(array_to_tsvector(array_agg(DISTINCT g)), ''::tsvector) FROM (
        SELECT substr(w, i, 2) AS g
        FROM regexp_split_to_table(lower(coalesce(t, '')), '[^[:alnum:]]+') AS w,
             generate_series(1, greatest(char_length(w) - 1, 1)) AS i
        WHERE w <> ''
      ) s
    $$
    """,
    # Library search: WHERE idea_ngrams(title || ' ' || summary) @@ '혁신'::tsquery
    """
    CREATE INDEX IF NOT EXISTS idea_text_ngrams_idx ON ideas_idea
    USING gin (idea_ngrams(title || ' ' || summary))
    """,
    # Similar ideas: WHERE replace(title, ' ', '') % 'typed title'
    """
    CREATE INDEX IF NOT EXISTS idea_compact_title_trgm_idx ON ideas_idea
    USING gin (replace(title, ' ', '') gin_trgm_ops)
    """,
]
BACKWARD = [
    "DROP INDEX IF EXISTS idea_compact_title_trgm_idx",
    "DROP INDEX IF EXISTS idea_text_ngrams_idx",
    "DROP FUNCTION IF EXISTS idea_ngrams(text)",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("ideas", "0001_initial")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
