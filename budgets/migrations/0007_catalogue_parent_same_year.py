"""A 科目's parent belongs to the same year, in the database too: a trigger refuses any write that
would put a row under another year's parent (or move a parent away from its children's year),
whatever the path — ``bulk_create``, ``QuerySet.update``, raw SQL. ``FunctionalCategory.clean`` and
``save`` give the user the Chinese message first; a database CHECK cannot follow a foreign key and
Django 5.2 cannot declare the composite key (parent, year) that would, hence triggers.

SQLite drops a table's triggers when Django rebuilds the table for a later ``ALTER``: a migration that
alters this table must create them again (``tests/test_catalogue_years.py`` fails otherwise)."""

from django.db import migrations

# The table and the message are written out: the statements are fixed text, nothing is interpolated.
SQLITE = [
    """CREATE TRIGGER catalogue_parent_same_year_insert BEFORE INSERT ON budgets_functionalcategory
    WHEN NEW.parent_id IS NOT NULL
     AND (SELECT fiscal_year_id FROM budgets_functionalcategory WHERE id = NEW.parent_id) <> NEW.fiscal_year_id
    BEGIN SELECT RAISE(ABORT, 'catalogue_parent_same_year: 上级科目必须是同一年度的科目'); END""",
    """CREATE TRIGGER catalogue_parent_same_year_update BEFORE UPDATE OF parent_id, fiscal_year_id ON budgets_functionalcategory
    WHEN (NEW.parent_id IS NOT NULL
          AND (SELECT fiscal_year_id FROM budgets_functionalcategory WHERE id = NEW.parent_id) <> NEW.fiscal_year_id)
      OR EXISTS (SELECT 1 FROM budgets_functionalcategory WHERE parent_id = NEW.id AND fiscal_year_id <> NEW.fiscal_year_id)
    BEGIN SELECT RAISE(ABORT, 'catalogue_parent_same_year: 上级科目必须是同一年度的科目'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS catalogue_parent_same_year_insert",
    "DROP TRIGGER IF EXISTS catalogue_parent_same_year_update",
]
POSTGRESQL = [
    """CREATE FUNCTION catalogue_parent_same_year() RETURNS trigger AS $$
    BEGIN
      IF (NEW.parent_id IS NOT NULL
          AND (SELECT fiscal_year_id FROM budgets_functionalcategory WHERE id = NEW.parent_id) <> NEW.fiscal_year_id)
         OR (TG_OP = 'UPDATE'
             AND EXISTS (SELECT 1 FROM budgets_functionalcategory WHERE parent_id = NEW.id AND fiscal_year_id <> NEW.fiscal_year_id))
      THEN
        RAISE EXCEPTION 'catalogue_parent_same_year: 上级科目必须是同一年度的科目' USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER catalogue_parent_same_year BEFORE INSERT OR UPDATE OF parent_id, fiscal_year_id ON budgets_functionalcategory
    FOR EACH ROW EXECUTE FUNCTION catalogue_parent_same_year()""",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS catalogue_parent_same_year ON budgets_functionalcategory",
    "DROP FUNCTION IF EXISTS catalogue_parent_same_year()",
]


def _run(schema_editor, statements: dict) -> None:
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def create(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE, "postgresql": POSTGRESQL})


def drop(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP})


class Migration(migrations.Migration):
    dependencies = [("budgets", "0006_text_limits")]

    operations = [migrations.RunPython(create, drop)]
