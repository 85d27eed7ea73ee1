"""The Spark engine's settings and DDL, without starting Spark (tests/test_spark_parity.py
builds on Spark)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from touchline import settings
from touchline.landing.schema import AUDIT_TABLES, RAW_TABLES, create_all
from touchline.spark.lake_tables import create_table_sql, lake_tables
from touchline.spark.session import session_config


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("TOUCHLINE_SPARK_MASTER", "yarn"),
        ("TOUCHLINE_SPARK_DRIVER_MEMORY", "lots"),
        ("TOUCHLINE_SPARK_SHUFFLE_PARTITIONS", "0"),
    ],
)
def test_bad_spark_settings_name_themselves(monkeypatch, tmp_path: Path, name: str, value: str):
    monkeypatch.setenv(name, value)
    with pytest.raises(settings.ConfigError, match=name):
        session_config(tmp_path / "touchline.duckdb")


def test_session_defaults_are_small_and_local(monkeypatch, tmp_path: Path):
    for name in ("TOUCHLINE_SPARK_MASTER", "TOUCHLINE_SPARK_DRIVER_MEMORY", "TOUCHLINE_SPARK_SHUFFLE_PARTITIONS"):
        monkeypatch.delenv(name, raising=False)
    config = session_config(tmp_path / "touchline.duckdb")
    assert config["spark.master"] == "local[2]"
    assert config["spark.sql.shuffle.partitions"] == "4"
    assert config["spark.sql.session.timeZone"] == "UTC"
    assert config["spark.sql.warehouse.dir"] == str((tmp_path / "spark" / "warehouse").resolve())
    assert not any("jars.packages" in key for key in config)  # nothing downloaded at start-up


def test_lake_tables_have_every_loader_column_with_spark_types():
    tables = lake_tables()
    assert set(tables) == {f"raw.{t}" for t in RAW_TABLES} | {f"audit.{t}" for t in AUDIT_TABLES}
    con = duckdb.connect()
    create_all(con)  # the loader's own tables: the Spark DDL has the same columns in order
    for table, columns in tables.items():
        schema, name = table.split(".")
        expected = [
            c
            for (c,) in con.execute(
                "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
                "order by ordinal_position",
                [schema, name],
            ).fetchall()
        ]
        assert [column for column, _ in columns] == expected, table
        assert all(sql_type != "varchar" for _, sql_type in columns)
    pixel = dict(tables["raw.pixel_events"])
    assert pixel["ts"] == "timestamp" and pixel["revenue"] == "decimal(18, 4)" and pixel["is_bot"] == "boolean"
    sql = create_table_sql("raw.fx", tables["raw.fx"], "/lake/raw/fx")
    assert sql.endswith("load_id bigint) using parquet partitioned by (load_id) location '/lake/raw/fx'")
    assert "`rate` decimal(18, 10)" in sql
