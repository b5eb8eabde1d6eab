"""Bulk writes of an import: COPY on PostgreSQL, one driver-level executemany on SQLite, values converted by each
column's own bind processor. Core's executemany spends more on per-row parameter handling than the database does
on 100,000 rows."""

from __future__ import annotations

import json

from sqlalchemy import JSON
from sqlalchemy.orm import Session


def insert(session: Session, table, rows: list[dict]) -> None:
    """Write rows that all have the same keys."""
    if not rows:
        return
    conn = session.connection()
    dialect = conn.dialect
    keys = list(rows[0])
    quote = dialect.identifier_preparer.quote
    if dialect.name == "postgresql":
        json_keys = {k for k in keys if isinstance(table.c[k].type, JSON)}
        with conn.connection.dbapi_connection.cursor() as cursor:
            with cursor.copy(f"COPY {quote(table.name)} ({', '.join(quote(k) for k in keys)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([json.dumps(row[k], ensure_ascii=False) if k in json_keys else row[k] for k in keys])
        return
    processors = [table.c[k].type.dialect_impl(dialect).bind_processor(dialect) for k in keys]
    converting = [(i, p) for i, p in enumerate(processors) if p is not None]
    values = []
    for row in rows:
        cells = [row[k] for k in keys]
        for i, process in converting:
            if cells[i] is not None:
                cells[i] = process(cells[i])
        values.append(tuple(cells))
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(k) for k in keys)}) "
           f"VALUES ({', '.join(['?'] * len(keys))})")
    conn.exec_driver_sql(sql, values)


def set_column(session: Session, table, column: str, pairs: list[tuple[int, object]]) -> None:
    """UPDATE table SET column = value WHERE id = … for many (id, value) pairs in one executemany."""
    if not pairs:
        return
    conn = session.connection()
    quote = conn.dialect.identifier_preparer.quote
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    conn.exec_driver_sql(f"UPDATE {quote(table.name)} SET {quote(column)} = {mark} WHERE id = {mark}",
                         [(value, row_id) for row_id, value in pairs])
