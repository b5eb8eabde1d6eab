"""Bulk writes of generated rows: COPY on PostgreSQL, one driver-level executemany on SQLite.

The statement's per-row parameter handling costs more than the database itself at demo volume, so the values go
through each column type's own bind processor and straight to the driver. New ids are read back afterwards by each
table's natural key among the rows above the id seen before the write (RETURNING in parameter order runs one
statement per row on SQLite).
"""

from __future__ import annotations

import json

from sqlalchemy import JSON, func, select
from sqlalchemy.orm import Session


def insert(session: Session, table, rows: list[dict]) -> None:
    """Write rows that all have the same keys, values converted by the column types."""
    if not rows:
        return
    conn = session.connection()
    dialect = conn.dialect
    keys = list(rows[0])
    quote = dialect.identifier_preparer.quote
    if dialect.name == "postgresql":
        # COPY is an order of magnitude faster than any INSERT on PostgreSQL (STACK-NOTES).
        columns = [[row[k] for row in rows] for k in keys]
        for i, k in enumerate(keys):
            if isinstance(table.c[k].type, JSON):
                columns[i] = [json.dumps(v, ensure_ascii=False) for v in columns[i]]
        with conn.connection.dbapi_connection.cursor() as cursor:
            with cursor.copy(f"COPY {quote(table.name)} ({', '.join(quote(k) for k in keys)}) FROM STDIN") as copy:
                for values in zip(*columns):
                    copy.write_row(values)
        return
    processors = [_processor(table.c[k].type, dialect) for k in keys]
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(k) for k in keys)}) "
           f"VALUES ({', '.join([mark] * len(keys))})")
    # Column by column: most columns need no conversion, and those that do repeat their values (a year of punches
    # has 250 days and a few hundred times), so each distinct value is converted once.
    columns = [[row[k] for row in rows] for k in keys]
    for i, process in enumerate(processors):
        if process is not None:
            columns[i] = _converted(columns[i], process)
    conn.exec_driver_sql(sql, list(zip(*columns)))


def _processor(type_, dialect):
    """The column type's conversion of a value to the driver's, its own faster one if it has one (UTCDateTime)."""
    fast = getattr(type_, "bulk_processor", None)
    return (fast and fast(dialect)) or type_.dialect_impl(dialect).bind_processor(dialect)


def _converted(values: list, process) -> list:
    """`process` applied to every value but None, once per distinct value when the values are of one hashable type
    (so that 1 and True, or a date and a datetime, are never taken for each other)."""
    kinds = set(map(type, values))
    kinds.discard(type(None))
    if len(kinds) == 1:
        try:
            done = {v: process(v) for v in set(values) if v is not None}
        except TypeError:  # unhashable (a JSON value)
            pass
        else:
            done[None] = None
            return [done[v] for v in values]
    return [None if v is None else process(v) for v in values]


def last_id(session: Session, table) -> int:
    """The highest id of the table now: rows written afterwards are read back above it."""
    return session.scalar(select(func.max(table.c.id))) or 0


def set_column(session: Session, table, column: str, pairs: list[tuple[int, object]]) -> None:
    """UPDATE table SET column = value WHERE id = … for many (id, value) pairs in one executemany."""
    if not pairs:
        return
    conn = session.connection()
    quote = conn.dialect.identifier_preparer.quote
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    conn.exec_driver_sql(f"UPDATE {quote(table.name)} SET {quote(column)} = {mark} WHERE id = {mark}",
                         [(value, row_id) for row_id, value in pairs])
