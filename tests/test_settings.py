"""Settings a user gets wrong fail fast, with the setting's name, before anything is written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import yaml

from touchline import settings
from touchline.commands.build import run_build
from touchline.settings import DBT_PROJECT_DIR


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


def test_dbt_models_run_with_the_duckdb_limits_of_the_settings(tmp_path: Path):
    # profiles.yml gives them as the connection's config (set once when dbt opens the file),
    # not as per-query settings, which dbt-duckdb would SET again on every node's cursor; the
    # checkpoint threshold and vacuum tasks through touchline.dbt.duckdb_plugin, so that a
    # change of them (a full build, then a nightly) does not make dbt parse the project again
    def shown(checkpoint_threshold: str, vacuum_tasks: str = "") -> tuple[dict, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DBT_", "TOUCHLINE_"))}
        env |= {
            "TOUCHLINE_WAREHOUSE": str(tmp_path / "touchline.duckdb"),
            settings.THREADS_ENV: "1",
            settings.MEMORY_LIMIT_ENV: "1GB",
            settings.DBT_CHECKPOINT_THRESHOLD_ENV: checkpoint_threshold,
            settings.DBT_MAX_VACUUM_TASKS_ENV: vacuum_tasks,
            "DBT_LOG_PATH": str(tmp_path / "logs"),
        }
        query = (
            "select current_setting('threads') as threads, current_setting('memory_limit') as memory_limit, "
            "current_setting('preserve_insertion_order') as keeps_order, "
            "current_setting('checkpoint_threshold') as checkpoint_threshold, "
            "current_setting('max_vacuum_tasks') as vacuum_tasks"
        )
        dbt = str(Path(sys.executable).with_name("dbt"))
        done = subprocess.run(
            [
                dbt,
                "show",
                "--inline",
                query,
                "--output",
                "json",
                "--log-format",
                "json",
                "--target-path",
                str(tmp_path / "target"),
            ],
            cwd=DBT_PROJECT_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=True,
        )
        previews = [
            json.loads(event["data"]["preview"])
            for event in map(json.loads, done.stdout.splitlines())
            if event.get("info", {}).get("name") == "ShowNode"
        ]
        assert len(previews) == 1 and len(previews[0]) == 1, done.stdout[-2000:]
        return previews[0][0], done.stdout

    first, output = shown("64MB")
    assert "UnableToPartialParse" in output  # a new target folder: a full parse
    assert first == {
        "threads": 1,
        "memory_limit": "953.6 MiB",
        "keeps_order": False,
        "checkpoint_threshold": "61.0 MiB",
        "vacuum_tasks": 100,  # DuckDB's default
    }
    second, output = shown("1GB", "0")
    assert (second["checkpoint_threshold"], second["vacuum_tasks"]) == ("953.6 MiB", 0)
    assert "UnableToPartialParse" not in output  # the first run's parse was reused
    duckdb_output = yaml.safe_load((DBT_PROJECT_DIR / "profiles.yml").read_text())["touchline"]["outputs"]["duckdb"]
    assert "settings" not in duckdb_output
    assert set(duckdb_output["config_options"]) == {"threads", "memory_limit", "preserve_insertion_order"}


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
