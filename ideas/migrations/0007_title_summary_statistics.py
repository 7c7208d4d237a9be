"""Finer statistics on the ideas' title and summary (PostgreSQL only).

A search's first two tiers (ideas.search: the word in the title, in the summary) ask for
the newest 20 matches. For a common word the fastest plan walks the library's order index
and stops at the 20th match (8 ms for 혁신 at 200,000 ideas); for a rare one, the n-gram
index. The planner chooses by its estimate of ``title ILIKE '%혁신%'``, which it takes from
the column's histogram: with the default 100 entries a word in 1 % of the titles is in
about one of them, and where the sample held none the planner expected 4 titles instead of
1,946, and read and sorted 117,000 n-gram matches (129 ms). With 300 entries it expected
1,807-2,712 in four ANALYZE runs. Not more: a longer histogram costs every search's plan
(1,000 entries: 59 ms for the whole page against 50 ms at 300) and ANALYZE time (1.7 s at
200,000 ideas by default, 5.6 s at 300, 10.4 s at 1,000).
"""

from django.db import migrations

TARGET = 300
COLUMNS = ("title", "summary")


def set_target(target):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for column in COLUMNS:
            schema_editor.execute(
                f"ALTER TABLE ideas_idea ALTER COLUMN {column} SET STATISTICS {target}"
            )
        schema_editor.execute("ANALYZE ideas_idea")

    return apply


class Migration(migrations.Migration):
    dependencies = [("ideas", "0006_idea_season_submitted_index")]

    operations = [migrations.RunPython(set_target(TARGET), set_target(-1))]
