"""The read replica (XIAONENG_READ_DATABASE_URL): what makes a database acceptable as the primary's replica.

Reports and dashboards read a PostgreSQL streaming replica when one is configured. A replica that is not what it
claims is refused when the platform starts, in Chinese, naming the setting: a server that is not PostgreSQL, one
that cannot be reached, one that is not a standby, a standby of another cluster, or one whose schema is not the
primary's. There is no fallback to the primary: figures read from the wrong database, or a replica that silently
stopped being used, would go unnoticed, so a configured replica that fails is an error the operator sees.
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, ProgrammingError

from xiaoneng.errors import XiaonengError

log = logging.getLogger(__name__)

SETTING = "XIAONENG_READ_DATABASE_URL"
CONNECT_TIMEOUT_SECONDS = 5


class ReadReplicaRefused(XiaonengError):
    """The configured read replica cannot be used: the platform does not start with it."""

    status_code = 503
    code = "read_replica_refused"

    def __init__(self, message: str):
        super().__init__(message, field="read_database_url")


def where(url: str | URL) -> str:
    """host:port/database of a URL, without its password, for messages."""
    parsed = make_url(url)
    return f"{parsed.host or 'localhost'}:{parsed.port or 5432}/{parsed.database or ''}"


def check_urls(read_url: str, primary_url: str) -> None:
    """What can be told from the two addresses alone."""
    try:
        read = make_url(read_url)
    except Exception:  # noqa: BLE001  (sqlalchemy raises ArgumentError or ValueError depending on the fault)
        raise ReadReplicaRefused(f"{SETTING} 不是有效的数据库地址，应形如 "
                                 "postgresql+psycopg://用户@主机:端口/库名") from None
    if read.get_backend_name() != "postgresql":
        raise ReadReplicaRefused(f"{SETTING} 须为 PostgreSQL 只读副本的地址（postgresql+psycopg://用户@主机:端口/库名），"
                                 f"不能是 {read.get_backend_name()} 数据库")
    primary = make_url(primary_url)
    if primary.get_backend_name() != "postgresql":
        raise ReadReplicaRefused(f"主库（XIAONENG_DATABASE_URL）是 {primary.get_backend_name()} 数据库；只读副本只能"
                                 f"配合 PostgreSQL 主库使用，请去掉 {SETTING}")
    if (read.host, read.port, read.database) == (primary.host, primary.port, primary.database):
        raise ReadReplicaRefused(f"{SETTING} 与主库是同一个数据库（{where(read)}），请填写副本的地址或去掉此项")


def _facts(engine: Engine) -> tuple[bool, int, str | None]:
    """(in recovery, cluster system identifier, schema revision or None) of a PostgreSQL database."""
    with engine.connect() as conn:
        recovering = bool(conn.execute(text("SELECT pg_is_in_recovery()")).scalar_one())
        system = int(conn.execute(text("SELECT system_identifier FROM pg_control_system()")).scalar_one())
        try:
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except ProgrammingError:
            revision = None
        conn.rollback()
    return recovering, system, revision


def check_engines(read: Engine, primary: Engine) -> None:
    """Connect to both and check that `read` is a streaming standby of `primary`'s cluster at its schema revision."""
    try:
        recovering, system, revision = _facts(read)
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else type(exc).__name__
        raise ReadReplicaRefused(f"无法连接只读副本 {where(read.url)}（{SETTING}）：{reason}") from None
    try:
        _, primary_system, primary_revision = _facts(primary)
    except DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else type(exc).__name__
        raise ReadReplicaRefused(f"无法连接主库 {where(primary.url)} 来核对只读副本：{reason}") from None
    if not recovering:
        raise ReadReplicaRefused(f"{where(read.url)} 不是只读副本（未处于恢复状态，pg_is_in_recovery() 为假）："
                                 f"{SETTING} 须指向主库的流复制备库")
    if system != primary_system:
        raise ReadReplicaRefused(f"{where(read.url)} 是另一个数据库集群的备库（系统标识 {system}，主库为 "
                                 f"{primary_system}），不是主库 {where(primary.url)} 的副本")
    if revision is None:
        raise ReadReplicaRefused(f"只读副本 {where(read.url)} 上没有本平台的数据库（缺少 alembic_version 表），"
                                 "请检查库名")
    if revision != primary_revision:
        raise ReadReplicaRefused(f"只读副本 {where(read.url)} 的数据库结构版本为 {revision}，主库为 "
                                 f"{primary_revision}：副本尚未追上主库，或不是同一个库")
    log.info("reports and dashboards read the replica %s", where(read.url))
