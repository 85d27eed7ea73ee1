"""Settings a user gets wrong fail fast, with the setting's name, before anything is written."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from touchline import settings
from touchline.commands.build import run_build


def test_the_loader_gets_the_same_duckdb_limits_as_dbt(monkeypatch):
    monkeypatch.delenv(settings.THREADS_ENV, raising=False)
    monkeypatch.setenv(settings.MEMORY_LIMIT_ENV, "1GB")
    con = duckdb.connect(config=settings.duckdb_config())
    try:
        threads, memory_limit = con.execute(
            "select current_setting('threads'), current_setting('memory_limit')"
        ).fetchone()
    finally:
        con.close()
    assert int(threads) == 2  # profiles.yml's default
    assert memory_limit in ("953.6 MiB", "1.0 GiB", "1000.0 MiB")  # DuckDB prints 1GB in its own units


@pytest.mark.parametrize(
    ("variable", "value"),
    [(settings.THREADS_ENV, "two"), (settings.THREADS_ENV, "0"), (settings.MEMORY_LIMIT_ENV, "lots")],
)
def test_a_bad_duckdb_setting_fails_the_build_before_it_starts(tmp_path: Path, monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    landing = tmp_path / "landing"
    landing.mkdir()
    warehouse = tmp_path / "warehouse" / "touchline.duckdb"
    with pytest.raises(settings.ConfigError, match=variable):
        run_build(landing, warehouse, echo=lambda _line: None)
    assert not warehouse.parent.exists()
