"""Parity: the same landed files built on DuckDB and on Spark give the same rows in every
marts and audit table, after each build: the first is a full build (no table exists yet: every
model builds from the raw layer, as `--full-refresh` does), the next incremental (the files are
shuffled into batches, so a later batch brings events of days an earlier one already covered).

Spark reads the lake the loader wrote beside the DuckDB warehouse (docs/architecture.md, "The
lake"), so both engines take in the same loads. Floats are compared to 9 significant digits
(the engines sum in different orders); money, keys, dates and times exactly.

CI runs a full build and one incremental build (BUILDS = 2) of three batches: a Spark build of
the project on `local[2]` costs minutes of fixed per-model cost however small the data
(docs/scaling.md), and the third build proves nothing the second does not.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import random
import shutil
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest

from touchline.conversions.export import export_conversions
from touchline.conversions.ledger import copy_into_build
from touchline.dbt.cli import run_dbt
from touchline.generator.generate import generate
from touchline.landing.lake import lake_path
from touchline.landing.load import load_landing

pytestmark = pytest.mark.slow

GENERATOR_ARGS = {"days": 40, "visitors": 250, "seed": 20261205}
BATCHES = 3
BUILDS = int(os.environ.get("TOUCHLINE_SPARK_PARITY_BUILDS", "2"))  # 3: every batch
# Models only: the data tests are the DuckDB suite's (tests/test_attribution.py and others).
DBT_ARGS = ["--exclude", "test_type:data", "test_type:unit"]
EXPORT_ENV = {"TOUCHLINE_TIKTOK_PIXEL_CODE": "C4TESTPIXEL"}
EXPORTED_AT = dt.datetime(2026, 11, 1, 6, 0, tzinfo=dt.UTC)
# What the loader writes, not dbt: the same files on both engines.
LOADER_TABLES = {"audit.load_audit", "audit.quarantine", "audit.dropped_lines"}


def _has_java() -> bool:
    return shutil.which("java") is not None or bool(os.environ.get("JAVA_HOME"))


def _land(source: Path, landing: Path, files: list[Path]) -> None:
    for rel in files:
        (landing / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / rel, landing / rel)


def _load(landing: Path, warehouse: Path) -> None:
    con = duckdb.connect(str(warehouse))
    try:
        load_landing(landing, con, lake_root=lake_path(warehouse))
        copy_into_build(con, warehouse)  # the export ledger, as a build's loader step copies it
    finally:
        con.close()


def _value(value: Any) -> Any:
    if isinstance(value, float):
        return value if not math.isfinite(value) else float(f"{value:.9g}")
    if isinstance(value, list | tuple):
        return tuple(_value(v) for v in value)
    return value


def _duckdb_tables(warehouse: Path) -> dict[str, list[str]]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute(
            "select table_schema || '.' || table_name, column_name from information_schema.columns "
            "where table_schema in ('marts', 'audit') order by table_schema, table_name, ordinal_position"
        ).fetchall()
    finally:
        con.close()
    tables: dict[str, list[str]] = {}
    for table, column in rows:
        if table not in LOADER_TABLES:
            tables.setdefault(table, []).append(column)
    return tables


def _duckdb_rows(warehouse: Path, table: str, columns: list[str]) -> Counter:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute(f"select {', '.join(columns)} from {table}").fetchall()
    finally:
        con.close()
    return Counter(tuple(_value(v) for v in row) for row in rows)


def _spark_rows(spark: Any, table: str, columns: list[str]) -> Counter:
    rows = spark.sql(f"select {', '.join(f'`{c}`' for c in columns)} from {table}").collect()
    return Counter(tuple(_value(v) for v in row) for row in rows)


def _differences(warehouse: Path, spark: Any) -> tuple[dict[str, str], dict[str, int]]:
    """({table: what differs}, {table: rows}) over every dbt table of marts and audit."""
    found: dict[str, str] = {}
    counts: dict[str, int] = {}
    for table, columns in _duckdb_tables(warehouse).items():
        duck, sparked = _duckdb_rows(warehouse, table, columns), _spark_rows(spark, table, columns)
        counts[table] = sum(duck.values())
        if duck != sparked:
            only_duck, only_spark = duck - sparked, sparked - duck
            example = next(iter(only_duck or only_spark))
            found[table] = (
                f"{sum(duck.values())} rows on DuckDB, {sum(sparked.values())} on Spark; "
                f"{sum(only_duck.values())} only on DuckDB, {sum(only_spark.values())} only on Spark, "
                f"e.g. {example} ({'DuckDB' if only_duck else 'Spark'})"
            )
    return found, counts


@pytest.fixture(scope="module")
def spark_built(tmp_path_factory: pytest.TempPathFactory):
    if not _has_java():
        pytest.skip("the Spark engine needs a Java 17 runtime (.ci/run installs openjdk-17-jre-headless)")
    # pyspark turns timestamps into Python datetimes in the process's time zone
    saved_tz = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    from touchline.spark.build import build_on_spark
    from touchline.spark.session import get_session, stop_session

    root = tmp_path_factory.mktemp("spark_parity")
    source = root / "generated"
    generate(source, truth_dir=root / "truth", **GENERATOR_ARGS)
    files = sorted(p.relative_to(source) for p in source.rglob("*") if p.is_file())
    random.Random(11).shuffle(files)
    batches = [files[i::BATCHES] for i in range(BATCHES)]
    landing, warehouse = root / "landing", root / "warehouse" / "touchline.duckdb"
    warehouse.parent.mkdir()
    duck_target, spark_target = root / "target_duckdb", root / "target_spark"
    timings: dict[str, float] = {}
    results: list[tuple[dict[str, str], dict[str, int]]] = []
    try:
        for i, batch in enumerate(batches[:BUILDS]):
            _land(source, landing, batch)
            _load(landing, warehouse)
            started = time.perf_counter()
            run_dbt(["build", *DBT_ARGS], warehouse, target_path=duck_target)
            timings[f"duckdb build {i + 1}"] = round(time.perf_counter() - started, 1)
            started = time.perf_counter()
            build_on_spark(warehouse, dbt_args=DBT_ARGS, target_path=spark_target, echo=lambda _: None)
            timings[f"spark build {i + 1}"] = round(time.perf_counter() - started, 1)
            results.append(_differences(warehouse, get_session(warehouse)))
            if i == 0:
                # an export after the first build: the next builds' conversion_events (DuckDB and
                # Spark) read the ledger, so exported orders are no longer ready to send
                exported = export_conversions(
                    warehouse, "tiktok", root / "exports", now=EXPORTED_AT, environ=EXPORT_ENV
                )
        print(f"\nspark parity build seconds: {timings}")
        spark = get_session(warehouse)
        [(spark_revenue,)] = spark.sql("select sum(net_revenue_reporting) from marts.visitor_payments").collect()
        yield {
            "results": results,
            "tables": sorted(_duckdb_tables(warehouse)),
            "warehouse": warehouse,
            "spark_revenue": spark_revenue,
            "batches": batches,
            "exported": exported,
            "spark_ledger_rows": spark.sql("select count(*) from audit.conversion_exports").collect()[0][0],
        }
    finally:
        stop_session()
        if saved_tz is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = saved_tz
        time.tzset()


def test_every_marts_and_audit_table_is_compared(spark_built):
    tables = spark_built["tables"]
    for expected in (
        "marts.visitor_payments",
        "marts.attribution_credits",
        "marts.sessions",
        "marts.person_first_touch",
        "marts.identity_map",
        "marts.mer_daily",
        "marts.conversion_events",
        "marts.mmm_channel_contributions",
        "audit.shared_identifiers",
    ):
        assert expected in tables
    _, counts = spark_built["results"][-1]
    assert counts["marts.visitor_payments"] > 20
    assert counts["marts.sessions"] > 100


def test_later_batches_land_late_events(spark_built):
    def days(batch: list[Path]) -> set[str]:
        return {p.parts[1][:10] for p in batch if p.parts[0] == "pixel"}

    first, *later = spark_built["batches"][:BUILDS]
    assert later and min(set().union(*(days(b) for b in later))) < max(days(first))


def test_full_build_agrees(spark_built):
    assert spark_built["results"][0][0] == {}


@pytest.mark.parametrize("build", range(2, BUILDS + 1))
def test_incremental_builds_agree(spark_built, build: int):
    assert spark_built["results"][build - 1][0] == {}


def test_money_is_exact_on_spark(spark_built):
    con = duckdb.connect(str(spark_built["warehouse"]), read_only=True)
    [(expected,)] = con.execute("select sum(net_revenue_reporting) from marts.visitor_payments").fetchall()
    con.close()
    assert isinstance(spark_built["spark_revenue"], Decimal) and spark_built["spark_revenue"] == expected


def test_the_export_ledger_reaches_spark(spark_built):
    """The second build's conversion_events (compared above) read a ledger with rows in it."""
    exported = spark_built["exported"]
    assert exported.files
    con = duckdb.connect(str(spark_built["warehouse"]), read_only=True)
    [(ledger_rows,)] = con.execute("select count(*) from audit.conversion_exports").fetchall()
    con.close()
    assert ledger_rows > 0 and spark_built["spark_ledger_rows"] == ledger_rows
