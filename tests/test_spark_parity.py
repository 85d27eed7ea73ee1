"""Parity: the same landed files built on DuckDB and on Spark give the same rows in every
marts and audit table, after each build: the first is a full build (no table exists yet: every
model builds from the raw layer, as `--full-refresh` does), the next incremental (the files are
shuffled into three batches, so a later batch brings events of days an earlier one already
covered). CI runs all three builds: a full one, then two incremental ones with late data
(TOUCHLINE_SPARK_PARITY_BUILDS=1 runs only the CLI's full build, for a quicker run by hand).

Spark reads the lake the loader wrote beside the DuckDB warehouse (docs/architecture.md, "The
lake"), so both engines take in the same loads. Floats are compared to 9 significant digits
(the engines sum in different orders); money, keys, dates and times exactly.

The last Spark build is the user's: `touchline build --engine spark` through the CLI, which runs
dbt's data tests on Spark as the DuckDB build runs them (the earlier builds build the models
only: each test is a Spark query with seconds of fixed cost, and the tables they would test are
compared row for row anyway); then dbt's unit tests run on Spark, as tests/test_build.py runs
them on DuckDB, but for those of the classifier and of identity's label rounds
(ONE_STATEMENT_ON_SPARK): a unit test runs its model as one statement, and on Spark both are
built in stages (Parquet tables between statements) because Spark's analyser spends more than
ten minutes on either as one statement (docs/scaling.md); their rows are compared after every
build instead. Then `touchline sql --engine spark` and `touchline conversions export --engine
spark` read its marts through the CLI.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest

from touchline.conversions.export import export_conversions
from touchline.conversions.ledger import copy_into_build, ledger_path
from touchline.dbt.cli import run_dbt
from touchline.generator.generate import generate
from touchline.landing.lake import lake_path
from touchline.landing.load import load_landing

pytestmark = pytest.mark.slow

GENERATOR_ARGS = {"days": 40, "visitors": 250, "seed": 20261205}
BATCHES = 3
BUILDS = int(os.environ.get("TOUCHLINE_SPARK_PARITY_BUILDS", "3"))  # every batch; 1: the CLI's build only
# Spark settings for this test's tiny tables (a few thousand rows), in this process and the CLI's:
# every statement costs fixed CPU to plan, compile and commit, and the data next to nothing.
# Measured on this folder's first batch (docs/scaling.md, "Proof: parity"): a models-only full
# build 276 -> 121 CPU s, dbt's data tests 75 -> 52. Not the defaults: with a real store's rows,
# compiled code, C2 and parallel tasks win.
SMALL_DATA_ENV = {
    "TOUCHLINE_SPARK_SHUFFLE_PARTITIONS": "1",
    "TOUCHLINE_SPARK_CONF": ";".join(
        (
            "spark.sql.codegen.wholeStage=false",
            "spark.sql.codegen.factoryMode=NO_CODEGEN",
            "spark.sql.adaptive.enabled=false",
            # each JVM of the test lives minutes: half its CPU went to C2's compiling (jcmd
            # Thread.print), so the quick compiler only, with the code cache it has when both
            # compilers run (alone it gets 48 MB, which Spark fills: the sweeper then spent a
            # sixth of the JVM's CPU flushing and it recompiled), and the serial collector
            "spark.driver.defaultJavaOptions=-XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=240m -XX:+UseSerialGC",
        )
    ),
}
# Derby (the local metastore) without syncing its log to disk: a test's metastore is thrown
# away, a user's is not (a power cut could corrupt it), so only here. Derby reads the file from
# its system home, the Spark folder beside the warehouse (touchline/spark/session.py).
DERBY_PROPERTIES = "derby.system.durability=test\n"
# Models only, but for the last Spark build (the CLI's, with every test); the DuckDB builds'
# tests are the DuckDB suite's (tests/test_attribution.py and others).
MODELS_ONLY = ["--exclude", "test_type:data", "test_type:unit"]
# what `touchline sql` prints from both engines
SUMMARY_QUERY = (
    "select count(*) as orders, sum(net_revenue_reporting) as net_revenue, max(ordered_at) as last_order_at "
    "from marts.visitor_payments"
)
# their unit tests run on DuckDB only (the module docstring says why)
ONE_STATEMENT_ON_SPARK = ("int_hits_classified", "int_identity_components")
EXPORT_ENV = {"TOUCHLINE_TIKTOK_PIXEL_CODE": "C4TESTPIXEL"}
EXPORTED_AT = dt.datetime(2026, 11, 1, 6, 0, tzinfo=dt.UTC)
# What the loader writes, not dbt: the same files on both engines.
LOADER_TABLES = {"audit.load_audit", "audit.quarantine", "audit.dropped_lines"}


def _touchline(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The CLI as a user runs it: its own process (and its own JVM)."""
    return subprocess.run(
        [str(Path(sys.executable).with_name("touchline")), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )


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


def _duckdb_value(warehouse: Path, query: str) -> tuple:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(query).fetchone()
    finally:
        con.close()


def _exports(warehouse: Path, copy: Path, environ: dict[str, str], **kwargs: Any):
    """The same export from the Spark marts and (on a copy of the warehouse and its ledger)
    from the DuckDB ones: (Spark's result, DuckDB's result)."""
    copy.mkdir()
    for path in (warehouse, ledger_path(warehouse)):
        if path.exists():
            shutil.copy2(path, copy / path.name)
    duck = export_conversions(copy / warehouse.name, "tiktok", copy / "exports", environ=environ, **kwargs)
    sparked = export_conversions(
        warehouse, "tiktok", warehouse.parent / "exports", environ=environ, engine="spark", **kwargs
    )
    return sparked, duck


def _unit_tests_on_spark(warehouse: Path, target: Path) -> dict[str, str]:
    """{unit test: status} of every dbt unit test, run on the Spark tables (they read their
    parents' columns from the built tables)."""
    from touchline.dbt.cli import DbtError
    from touchline.spark.dbt_spark import run_spark_dbt

    try:
        result = run_spark_dbt(
            ["test", "--select", "test_type:unit", "--exclude", *ONE_STATEMENT_ON_SPARK],
            warehouse,
            target_path=target,
            refresh_lake=False,
        )
    except DbtError as exc:
        return {"dbt": str(exc)}
    return {
        r.node.unique_id: str(getattr(r.status, "value", r.status))
        for r in result.result.results
        if r.node.resource_type == "unit_test"
    }


@pytest.fixture(scope="module")
def spark_built(tmp_path_factory: pytest.TempPathFactory):
    if not _has_java():
        pytest.skip("the Spark engine needs a Java 17 runtime (.ci/run installs openjdk-17-jre-headless)")
    # pyspark turns timestamps into Python datetimes in the process's time zone
    saved_env = {name: os.environ.get(name) for name in ("TZ", *SMALL_DATA_ENV)}
    os.environ.update({"TZ": "UTC", **SMALL_DATA_ENV})
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
    (warehouse.parent / "spark").mkdir(parents=True)
    (warehouse.parent / "spark" / "derby.properties").write_text(DERBY_PROPERTIES)
    duck_target, spark_target = root / "target_duckdb", root / "target_spark"
    timings: dict[str, float] = {}
    results: list[tuple[dict[str, str], dict[str, int]]] = []
    cli: dict[str, Any] = {}
    try:
        for i, batch in enumerate(batches[:BUILDS]):
            _land(source, landing, batch)
            _load(landing, warehouse)
            started = time.perf_counter()
            run_dbt(["build", *MODELS_ONLY], warehouse, target_path=duck_target)
            timings[f"duckdb build {i + 1}"] = round(time.perf_counter() - started, 1)
            started = time.perf_counter()
            if i < BUILDS - 1:
                build_on_spark(warehouse, dbt_args=MODELS_ONLY, target_path=spark_target, echo=lambda _: None)
            else:
                # the user's build, tests included: its own process, so this one's session (and
                # its hold on the metastore, one process at a time) stops first
                stop_session()
                cli["build"] = _touchline(
                    "build", "--engine", "spark", "--landing", str(landing), "--warehouse", str(warehouse)
                )
            timings[f"spark build {i + 1}"] = round(time.perf_counter() - started, 1)
            if i == BUILDS - 1:
                # the CLI reads the Spark marts in a process outside UTC: timestamps stay UTC
                for key, engine, zone in (("sql", "spark", "America/New_York"), ("duckdb_sql", "duckdb", "UTC")):
                    cli[key] = _touchline(
                        "sql",
                        "--engine",
                        engine,
                        "--warehouse",
                        str(warehouse),
                        "--format",
                        "csv",
                        SUMMARY_QUERY,
                        env={"TZ": zone},
                    )
            results.append(_differences(warehouse, get_session(warehouse)))
            if i == BUILDS - 1:
                started = time.perf_counter()
                cli["unit_tests"] = _unit_tests_on_spark(warehouse, spark_target)
                timings["spark unit tests"] = round(time.perf_counter() - started, 1)
            if i == 0:
                # an export after the first build, from the Spark marts (and, to compare, from the
                # DuckDB ones on a copy of the warehouse and ledger): the next builds'
                # conversion_events (DuckDB and Spark) read the ledger, so exported orders are no
                # longer ready to send
                exported, duck_exported = _exports(warehouse, root / "duckdb_copy", EXPORT_ENV, now=EXPORTED_AT)
        print(f"\nspark parity build seconds: {timings}")
        spark = get_session(warehouse)
        [(spark_revenue,)] = spark.sql("select sum(net_revenue_reporting) from marts.visitor_payments").collect()
        spark_ledger_rows = spark.sql("select count(*) from audit.conversion_exports").collect()[0][0]
        stop_session()
        cli["export"] = _touchline(
            "conversions",
            "export",
            "--engine",
            "spark",
            "--destination",
            "tiktok",
            "--warehouse",
            str(warehouse),
            "--out",
            str(root / "exports_cli"),
            env=EXPORT_ENV,
        )
        yield {
            "results": results,
            "tables": sorted(_duckdb_tables(warehouse)),
            "warehouse": warehouse,
            "spark_revenue": spark_revenue,
            "batches": batches,
            "exported": exported,
            "spark_ledger_rows": spark_ledger_rows,
            "duck_exported": duck_exported,
            "cli": cli,
            "manifest": warehouse.parent / "spark" / "dbt_target" / "manifest.json",
        }
    finally:
        stop_session()
        for name, value in saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
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
    if BUILDS < 2:
        pytest.skip("TOUCHLINE_SPARK_PARITY_BUILDS=1: no later batch")

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
    if BUILDS < 2:
        pytest.skip("TOUCHLINE_SPARK_PARITY_BUILDS=1: no build after the export")
    exported = spark_built["exported"]
    assert exported.files
    con = duckdb.connect(str(spark_built["warehouse"]), read_only=True)
    [(ledger_rows,)] = con.execute("select count(*) from audit.conversion_exports").fetchall()
    con.close()
    assert ledger_rows > 0 and spark_built["spark_ledger_rows"] == ledger_rows


def test_the_cli_builds_on_spark_and_dbt_data_tests_pass_there(spark_built):
    """`touchline build --engine spark` runs the project's data tests on Spark, as the DuckDB
    build does, and they pass (a failing test fails the build)."""
    from touchline.spark.mmm import FIT_MODELS

    build = spark_built["cli"]["build"]
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    manifest = json.loads(spark_built["manifest"].read_text())
    # every data test but the two of the fit model itself: on Spark the fit is Python between
    # the two dbt invocations, and dbt's selection that leaves the model out leaves its tests out
    fit = {f"model.touchline.{name}" for name in FIT_MODELS}
    tests = [
        n["name"]
        for n in manifest["nodes"].values()
        if n["resource_type"] == "test" and not fit & set(n["depends_on"]["nodes"])
    ]
    # dbt shortens long names in its log lines: count them, and name one
    passed = re.findall(r"\d+ of \d+ PASS ", build.stdout)
    assert len(tests) > 80 and len(passed) == len(tests), build.stdout[-3000:]
    assert "PASS not_null_classification_junk_values " in build.stdout
    assert len(re.findall(r"Done\. PASS=\d+ WARN=0 ERROR=0 SKIP=0", build.stdout)) == 2
    orders, revenue = _duckdb_value(
        spark_built["warehouse"], "select count(*), sum(net_revenue_reporting) from marts.visitor_payments"
    )
    assert f"{orders:,} orders, net revenue {revenue:,.2f}" in build.stdout


def test_dbt_unit_tests_pass_on_spark(spark_built):
    statuses = spark_built["cli"]["unit_tests"]
    manifest = json.loads(spark_built["manifest"].read_text())
    expected = [key for key, test in manifest["unit_tests"].items() if test["model"] not in ONE_STATEMENT_ON_SPARK]
    assert len(expected) >= 19 and len(manifest["unit_tests"]) - len(expected) == 4
    assert statuses == dict.fromkeys(expected, "pass")


def test_the_cli_queries_the_spark_marts(spark_built):
    sparked, duck = spark_built["cli"]["sql"], spark_built["cli"]["duckdb_sql"]
    assert sparked.returncode == 0, sparked.stderr[-3000:]
    assert duck.returncode == 0, duck.stderr[-3000:]
    assert sparked.stdout.splitlines()[0] == "orders,net_revenue,last_order_at"
    # the same count, money and UTC timestamp as DuckDB gives, in a process outside UTC
    assert sparked.stdout == duck.stdout


def test_conversions_export_reads_the_spark_marts(spark_built):
    sparked, duck = spark_built["exported"], spark_built["duck_exported"]
    assert sparked.files and sparked.conversions == duck.conversions > 0
    assert (sparked.adjustments, sparked.too_old, sparked.not_yet) == (duck.adjustments, duck.too_old, duck.not_yet)
    for spark_file, duck_file in zip(sparked.files, duck.files, strict=True):
        assert spark_file.name == duck_file.name and spark_file.read_bytes() == duck_file.read_bytes()
    export = spark_built["cli"]["export"]
    assert export.returncode == 0, export.stderr[-3000:]
    assert export.stdout.startswith("tiktok: ")
