"""`xiaoneng db upgrade` builds the whole schema on an empty database and is harmless when run again."""

from click.testing import CliRunner
from sqlalchemy import inspect

from xiaoneng.cli import main
from xiaoneng.config import get_settings
from xiaoneng.db import make_engine


def test_db_upgrade_from_empty(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    monkeypatch.setenv("XIAONENG_DATABASE_URL", url)
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        first = runner.invoke(main, ["db", "upgrade"])
        again = runner.invoke(main, ["db", "upgrade"])
    finally:
        get_settings.cache_clear()
    assert first.exit_code == 0, first.output
    assert again.exit_code == 0, again.output
    tables = set(inspect(make_engine(url)).get_table_names())
    assert {"center", "department", "window", "service_point", "staff", "service_item", "item_material",
            "calendar_day", "calendar_year", "calendar_override", "audit_record", "alembic_version"} <= tables
