"""The lake (docs/architecture.md): what writing it costs the loader, and whether dbt-duckdb
should read the raw layer from the DuckDB file (the loader's tables, "copy in") or straight
from the lake's Parquet files (sources over Parquet).

    python bench/bench_lake.py --landing /data/landing-2m --out bench/out/lake

Steps, each timed (wall clock; the machine may be shared, so run it twice):
1. load the landing folder, less its last day, into a fresh file without a lake; write that
   file's whole lake at once (what the first build after an upgrade does); load the folder
   into another fresh file with the lake (the loader as `touchline build` runs it);
2. copy the whole lake into a third fresh file's loader tables (what a DuckDB engine would pay
   to read the lake in, were the loader not writing the file itself);
3. a full `dbt build` on the file with the lake (raw tables), and on a file whose loader
   tables are views over the lake's Parquet files;
4. the last day loaded (into the file and the lake), then a nightly (incremental) `dbt build`
   on each.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from touchline import settings
from touchline.conversions.ledger import copy_into_build
from touchline.landing import lake, schema
from touchline.landing.lake import LAKE_TABLES, committed_loads, lake_path, table_path
from touchline.landing.load import load_landing


def _split_last_day(landing: Path, holdout: Path) -> None:
    """Move the last day's pixel folder out of `landing` (the nightly batch)."""
    days = sorted(p for p in (landing / "pixel").iterdir() if p.is_dir())
    holdout.mkdir(parents=True, exist_ok=True)
    shutil.move(str(days[-1]), holdout / days[-1].name)


def _timed(what: str, results: dict, action) -> None:
    start = time.monotonic()
    action()
    results[what] = round(time.monotonic() - start, 1)
    print(f"{what}: {results[what]} s", flush=True)


def _load(landing: Path, warehouse: Path, lake_root: Path | None) -> None:
    con = duckdb.connect(str(warehouse), config=settings.duckdb_config())
    try:
        load_landing(landing, con, lake_root=lake_root)
        copy_into_build(con, warehouse)
    finally:
        con.close()


def _backfill(warehouse: Path) -> None:
    """The lake of a file loaded without it (a warehouse from before the lake), written whole."""
    con = duckdb.connect(str(warehouse), config=settings.duckdb_config())
    try:
        lake.sync(con, lake_path(warehouse))
    finally:
        con.close()


def _copy_in(warehouse: Path, lake_root: Path) -> None:
    con = duckdb.connect(str(warehouse), config=settings.duckdb_config())
    try:
        schema.create_all(con)
        con.execute("begin transaction")
        lake.import_loads(con, lake_root, committed_loads(lake_root))
        con.execute("commit")
    finally:
        con.close()


def _views_over_lake(warehouse: Path, like: Path, lake_root: Path) -> None:
    """A file whose loader tables are views over the lake (dbt's sources read Parquet)."""
    con = duckdb.connect(str(warehouse), config=settings.duckdb_config())
    try:
        schema.create_all(con)
        copy_into_build(con, warehouse)
        for table in LAKE_TABLES:
            columns = con.execute(
                "select column_name, data_type from information_schema.columns where table_schema = ? "
                "and table_name = ? order by ordinal_position",
                table.split("."),
            ).fetchall()
            if not any(table_path(lake_root, table).glob("*/*.parquet")):
                continue  # no rows anywhere (audit.dropped_lines): keep the empty table
            select = ", ".join(
                f"timezone('UTC', {name}) as {name}" if data_type == "TIMESTAMP" else name
                for name, data_type in columns
            )
            con.execute(f"drop table {table}")
            con.execute(
                f"create view {table} as select {select} from read_parquet('{table_path(lake_root, table)}/*/*.parquet', "
                "hive_partitioning = true, hive_types = {'load_id': bigint}, union_by_name = true)"
            )
    finally:
        con.close()


def _dbt(warehouse: Path, out: Path, name: str) -> None:
    env = {
        **os.environ,
        "TOUCHLINE_BUILD_WAREHOUSE": str(warehouse),
        "TOUCHLINE_WAREHOUSE": str(warehouse),
        "DBT_USE_COLORS": "false",
    }
    project = REPO / "dbt_project"
    command = [
        str(Path(sys.executable).with_name("touchline-dbt")),
        "build",
        "--exclude-resource-type",
        "unit_test",
        "--project-dir",
        str(project),
        "--profiles-dir",
        str(project),
        "--target-path",
        str(out / f"target_{name}"),
        "--log-path",
        str(out / f"logs_{name}"),
    ]
    with open(out / f"dbt_{name}.log", "w") as log:
        subprocess.run(command, env=env, cwd=project, stdout=log, stderr=subprocess.STDOUT, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--landing", type=Path, required=True, help="a generated landing folder (copied, not changed)")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "lake")
    args = parser.parse_args()
    out = args.out.resolve()
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    landing, holdout = out / "landing", out / "holdout"
    shutil.copytree(args.landing, landing)
    _split_last_day(landing, holdout)
    tables, no_lake, copied, views = (out / f"{n}.duckdb" for n in ("tables", "no_lake", "copied", "views"))
    results: dict = {}
    _timed("load without the lake", results, lambda: _load(landing, no_lake, None))
    _timed("write the lake of a file loaded without it", results, lambda: _backfill(no_lake))
    _timed("load with the lake", results, lambda: _load(landing, tables, lake_path(tables)))
    _timed("copy the lake into a file", results, lambda: _copy_in(copied, lake_path(tables)))
    _timed("views over the lake", results, lambda: _views_over_lake(views, tables, lake_path(tables)))
    _timed("dbt full build, raw tables", results, lambda: _dbt(tables, out, "tables_full"))
    _timed("dbt full build, Parquet views", results, lambda: _dbt(views, out, "views_full"))
    for day in holdout.iterdir():
        shutil.move(str(day), landing / "pixel" / day.name)
    _timed("nightly load with the lake", results, lambda: _load(landing, tables, lake_path(tables)))
    _timed("dbt nightly build, raw tables", results, lambda: _dbt(tables, out, "tables_nightly"))
    _timed("dbt nightly build, Parquet views", results, lambda: _dbt(views, out, "views_nightly"))
    con = duckdb.connect(str(tables), read_only=True)
    results["events"] = con.execute("select count(*) from raw.pixel_events").fetchone()[0]
    results["loads"] = con.execute("select count(*) from audit.load_audit").fetchone()[0]
    con.close()
    results["lake_mib"] = round(sum(p.stat().st_size for p in lake_path(tables).rglob("*") if p.is_file()) / 2**20, 1)
    results["file_mib_no_lake"] = round(no_lake.stat().st_size / 2**20, 1)
    (out / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
