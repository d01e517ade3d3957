"""Full-text index over Document title and text, for sources.search.

PostgreSQL: a tsvector column ``search_vector`` (title weight A, text weight B,
config english) with a GIN index, kept current by BEFORE INSERT/UPDATE
triggers. The column is deliberately not a model field: Django never loads or
writes it (a tsvector is as large as the text), and the triggers own it.

SQLite: an FTS5 external-content table ``sources_document_fts`` over
sources_document(title, text), rowid = id, kept current by AFTER
INSERT/UPDATE/DELETE triggers.

Both are built here for existing rows. The operations run only on their own
vendor, so the migration state (and makemigrations) is the same on both.

Caution for later migrations on SQLite: when Django has to rebuild
sources_document (many AlterField/AddConstraint operations do: it copies the
table and drops the old one), the triggers go with the old table. Such a
migration must run SQLITE_TRIGGERS and SQLITE_REBUILD from here again;
tests/test_search.py fails if the triggers are missing.
"""

from django.db import migrations

# Text beyond this many characters is not indexed: a tsvector is limited to
# 1 MB, which a 1,000,000-character data dump of unique tokens would exceed and
# the INSERT would fail. 300,000 characters stay below the limit whatever the
# text, and hold any real article (passages are still cut from the whole text).
PG_INDEXED_CHARS = 300_000

PG_FORWARD = [
    "ALTER TABLE sources_document ADD COLUMN search_vector tsvector",
    f"""
    CREATE FUNCTION sources_document_search_vector(title text, body text)
    RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT setweight(to_tsvector('pg_catalog.english', coalesce(title, '')), 'A')
            || setweight(
                to_tsvector('pg_catalog.english', left(coalesce(body, ''), {PG_INDEXED_CHARS})),
                'B'
            )
    $$
    """,
    """
    CREATE FUNCTION sources_document_search_vector_trigger()
    RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_vector := sources_document_search_vector(NEW.title, NEW.text);
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER sources_document_search_vector_insert
    BEFORE INSERT ON sources_document
    FOR EACH ROW EXECUTE FUNCTION sources_document_search_vector_trigger()
    """,
    # Django's save() writes every column: only a changed title or text re-indexes.
    """
    CREATE TRIGGER sources_document_search_vector_update
    BEFORE UPDATE OF title, text ON sources_document
    FOR EACH ROW
    WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.text IS DISTINCT FROM NEW.text)
    EXECUTE FUNCTION sources_document_search_vector_trigger()
    """,
    "UPDATE sources_document SET search_vector = sources_document_search_vector(title, text)",
    "CREATE INDEX sources_document_search_idx ON sources_document USING gin (search_vector)",
]

PG_BACKWARD = [
    "DROP TRIGGER IF EXISTS sources_document_search_vector_update ON sources_document",
    "DROP TRIGGER IF EXISTS sources_document_search_vector_insert ON sources_document",
    "DROP FUNCTION IF EXISTS sources_document_search_vector_trigger()",
    "DROP INDEX IF EXISTS sources_document_search_idx",
    "ALTER TABLE sources_document DROP COLUMN IF EXISTS search_vector",
    "DROP FUNCTION IF EXISTS sources_document_search_vector(text, text)",
]

SQLITE_TABLE = """
    CREATE VIRTUAL TABLE IF NOT EXISTS sources_document_fts USING fts5(
        title, text,
        content='sources_document', content_rowid='id',
        tokenize='porter unicode61'
    )
"""

SQLITE_TRIGGERS = [
    """
    CREATE TRIGGER IF NOT EXISTS sources_document_fts_insert
    AFTER INSERT ON sources_document BEGIN
        INSERT INTO sources_document_fts(rowid, title, text)
        VALUES (new.id, new.title, new.text);
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS sources_document_fts_delete
    AFTER DELETE ON sources_document BEGIN
        INSERT INTO sources_document_fts(sources_document_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
    END
    """,
    # Django's save() writes every column: only a changed title or text re-indexes.
    """
    CREATE TRIGGER IF NOT EXISTS sources_document_fts_update
    AFTER UPDATE OF id, title, text ON sources_document
    WHEN old.id IS NOT new.id OR old.title IS NOT new.title OR old.text IS NOT new.text
    BEGIN
        INSERT INTO sources_document_fts(sources_document_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO sources_document_fts(rowid, title, text)
        VALUES (new.id, new.title, new.text);
    END
    """,
]

SQLITE_REBUILD = "INSERT INTO sources_document_fts(sources_document_fts) VALUES ('rebuild')"

SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS sources_document_fts_update",
    "DROP TRIGGER IF EXISTS sources_document_fts_delete",
    "DROP TRIGGER IF EXISTS sources_document_fts_insert",
    "DROP TABLE IF EXISTS sources_document_fts",
]


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement, params=None)


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, PG_FORWARD)
    elif vendor == "sqlite":
        _run(schema_editor, [SQLITE_TABLE, *SQLITE_TRIGGERS, SQLITE_REBUILD])


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, PG_BACKWARD)
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
