"""The Spark engine's settings and DDL, without starting Spark (tests/test_spark_parity.py
builds on Spark)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from touchline import settings
from touchline.cli import main
from touchline.landing.schema import AUDIT_TABLES, RAW_TABLES, create_all
from touchline.spark.lake_tables import create_table_sql, lake_tables
from touchline.spark.session import session_config


def test_engine_defaults_to_duckdb(monkeypatch):
    monkeypatch.delenv(settings.ENGINE_ENV, raising=False)
    assert settings.engine() == "duckdb"
    monkeypatch.setenv(settings.ENGINE_ENV, " Spark ")
    assert settings.engine() == "spark"
    assert settings.engine("duckdb") == "duckdb"  # the flag wins over the variable


@pytest.mark.parametrize(
    "command", [["build"], ["sql", "select 1"], ["conversions", "export", "--destination", "meta", "--out", "out"]]
)
def test_a_bad_engine_fails_fast_naming_the_setting(monkeypatch, tmp_path: Path, capsys, command):
    monkeypatch.setenv(settings.ENGINE_ENV, "postgres")
    landing = tmp_path / "landing"
    landing.mkdir()
    split = 2 if command[0] == "conversions" else 1
    args = [*command[:split], "--warehouse", str(tmp_path / "w" / "touchline.duckdb"), *command[split:]]
    if command[0] == "build":
        args += ["--landing", str(landing)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "TOUCHLINE_ENGINE='postgres'" in err and "duckdb, spark" in err
    assert not (tmp_path / "w").exists()  # nothing written
    assert main([*args, "--engine", "oracle"]) == 2
    assert "--engine='oracle'" in capsys.readouterr().err


def test_spark_sql_without_a_spark_warehouse_says_so(tmp_path: Path, capsys):
    assert main(["sql", "--engine", "spark", "--warehouse", str(tmp_path / "touchline.duckdb"), "select 1"]) == 2
    assert "no Spark warehouse" in capsys.readouterr().err


def test_spark_export_without_a_spark_warehouse_says_so(monkeypatch, tmp_path: Path, capsys):
    monkeypatch.setenv("TOUCHLINE_TIKTOK_PIXEL_CODE", "C4TESTPIXEL")
    warehouse = tmp_path / "touchline.duckdb"
    args = ["conversions", "export", "--engine", "spark", "--destination", "tiktok", "--warehouse", str(warehouse)]
    assert main([*args, "--out", str(tmp_path / "out")]) == 2
    assert "no Spark warehouse" in capsys.readouterr().err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("TOUCHLINE_SPARK_MASTER", "yarn"),
        ("TOUCHLINE_SPARK_DRIVER_MEMORY", "lots"),
        ("TOUCHLINE_SPARK_SHUFFLE_PARTITIONS", "0"),
        ("TOUCHLINE_SPARK_CONF", "spark.sql.adaptive.enabled"),
        ("TOUCHLINE_SPARK_CONF", "sql.adaptive.enabled=false"),
        ("TOUCHLINE_SPARK_CONF", "spark.sql.session.timeZone=Europe/Paris"),
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


def test_more_spark_settings_add_to_the_session_or_replace_its_defaults(monkeypatch, tmp_path: Path):
    monkeypatch.setenv(
        "TOUCHLINE_SPARK_CONF", " spark.sql.codegen.wholeStage=false; spark.sql.adaptive.enabled = false;"
    )
    config = session_config(tmp_path / "touchline.duckdb")
    assert config["spark.sql.codegen.wholeStage"] == "false"
    assert config["spark.sql.adaptive.enabled"] == "false"  # the default was true
    assert config["spark.sql.session.timeZone"] == "UTC"
