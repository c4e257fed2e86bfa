"""PostgreSQL COPY in blocks, and the id bookkeeping rows written with explicit ids need."""

from collections.abc import Iterator

from django.db import connection


def text(value) -> str:
    """A value in COPY's text format. The generated text has no tabs, newlines or
    backslashes, so only NULL needs care."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value)


def columns_of(names: str) -> list[str]:
    """The column names of a COPY, written as one space-separated string."""
    return names.split()


def copy_rows(table: str, columns: list[str], rows: Iterator[tuple], progress=None) -> int:
    """COPY rows into `table` in blocks of 10,000; returns how many. `progress(n)` is told
    after each block."""
    written = 0
    with connection.cursor() as cursor:
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with cursor.connection.cursor().copy(sql) as copy:
            block = []
            for row in rows:
                block.append("\t".join(map(text, row)))
                if len(block) == 10_000:
                    copy.write("\n".join(block) + "\n")
                    written += len(block)
                    block = []
                    if progress:
                        progress(written)
            if block:
                copy.write("\n".join(block) + "\n")
                written += len(block)
    if progress and written % 10_000:
        progress(written)
    return written


def next_id(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {model._meta.db_table}")
        return cursor.fetchone()[0]


def reset_sequences(*models) -> None:
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 1))"
            )
