"""The demo, loaded once per test session and replayed into each test that asks for it.

``load_demo`` takes about a second (catalogue, two reports, users, scores, summaries); hundreds of
tests start from it. Once per session the demo is loaded for real in a transaction
that is rolled back, recording table by table the rows it changed; a test that asks for the demo
gets exactly those rows written back (raw INSERTs inside the test's transaction, rolled back with
it). Replaying is only done when the tables it replaces are as they were before that load —
otherwise, and in transactional tests, the demo is loaded for real.
``tests/test_demo_rows.py`` checks that a replay leaves the database as a real load does.
"""

from dataclasses import dataclass

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection

Rows = tuple[tuple[str, ...], tuple[tuple, ...]]  # column names, rows (sorted)

SKIPPED_TABLES = {"django_migrations"}


def _select(table: str, columns: list[str]) -> str:
    """On PostgreSQL every column is read as text and written back as an untyped literal, which the
    column's type parses (json, timestamps, decimals alike); SQLite gives back what it stores."""
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        return ", ".join(f"{quote(column)}::text" for column in columns)
    return ", ".join(quote(column) for column in columns)


def table_rows(tables: dict[str, tuple[str, ...]] | None = None) -> dict[str, Rows]:
    """Every row of ``tables`` (name: columns; default: all tables but the migration log), sorted
    for comparison."""
    result = {}
    with connection.cursor() as cursor:
        if tables is None:
            names = sorted(set(connection.introspection.table_names(cursor)) - SKIPPED_TABLES)
            tables = {
                table: tuple(column.name for column in connection.introspection.get_table_description(cursor, table))
                for table in names
            }
        for table, columns in tables.items():
            cursor.execute(f"SELECT {_select(table, columns)} FROM {connection.ops.quote_name(table)}")
            result[table] = (tuple(columns), tuple(sorted(cursor.fetchall(), key=repr)))
    return result


@dataclass
class DemoRows:
    before: dict[str, Rows]  # the changed tables as they were before the demo
    after: dict[str, Rows]  # and as the demo left them

    @classmethod
    def record(cls, before: dict[str, Rows], after: dict[str, Rows]) -> "DemoRows":
        changed = [table for table in after if after[table] != before.get(table)]
        return cls({table: before[table] for table in changed}, {table: after[table] for table in changed})

    def applies(self) -> bool:
        """True when the tables the replay replaces hold what they held before the first load."""
        return table_rows({table: columns for table, (columns, _rows) in self.before.items()}) == self.before

    def replay(self) -> None:
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for table, (columns, rows) in self.after.items():
                cursor.execute(f"DELETE FROM {quote(table)}")
                if rows:
                    placeholders = ", ".join(["%s"] * len(columns))
                    names = ", ".join(quote(column) for column in columns)
                    cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({placeholders})", rows)
        # PostgreSQL's sequences move on only through nextval: set them past the written ids.
        tables = set(self.after)
        sequences_reset([model for model in apps.get_models(include_auto_created=True) if model._meta.db_table in tables])


def sequences_reset(models=None) -> None:
    """The id sequences of ``models`` (default: all) set to the largest id in use, after rows were
    written with their ids, and so that ids a load gives do not depend on earlier tests (PostgreSQL's
    sequences are not rolled back with a test's transaction; SQLite needs nothing)."""
    models = models if models is not None else apps.get_models(include_auto_created=True)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
