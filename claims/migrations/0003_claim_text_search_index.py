"""Full-text index on claim text for the API's q= filter (PostgreSQL only).

SQLite has no such index type; there the filter matches substrings, which is
fine at quick-start sizes. The expression must stay identical to the one in
claims.api.filters.claims_matching, or PostgreSQL will not use the index.
"""

from django.db import migrations

_CREATE = (
    "CREATE INDEX IF NOT EXISTS claim_text_search_idx ON claims_claim "
    "USING gin (to_tsvector('english'::regconfig, text))"
)
_DROP = "DROP INDEX IF EXISTS claim_text_search_idx"


def _run(sql: str):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("claims", "0002_review_steps_and_external_reviews")]

    operations = [migrations.RunPython(_run(_CREATE), _run(_DROP))]
