"""Spark `local[2]` against DuckDB on the same landed files (docs/scaling.md, "Benchmark").

    python bench/bench_spark.py --landing /data/landing --out bench/out/spark

The landing folder (e.g. `touchline generate`) is copied without its last day; the loader
writes it into a fresh DuckDB file and its lake; then, each timed (wall clock; the machine
may be shared, so run it twice):
1. a full `dbt build` of the models on DuckDB (tests excluded on both engines);
2. a full build on Spark from the same lake (`touchline.spark.build.build_on_spark`: the
   export ledger's copy, dbt on a local session, the marketing-mix fit, its marts);
3. the last day landed and loaded, then a nightly (incremental) build on each engine.
The session's start (JVM, metastore) is timed on its own and counted in the first Spark build.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from touchline import settings
from touchline.conversions.ledger import copy_into_build
from touchline.dbt.cli import run_dbt
from touchline.landing.lake import lake_path
from touchline.landing.load import load_landing

DBT_ARGS = ["--exclude", "test_type:data", "test_type:unit"]


def _load(landing: Path, warehouse: Path) -> int:
    con = duckdb.connect(str(warehouse), config=settings.duckdb_config())
    try:
        loaded = load_landing(landing, con, lake_root=lake_path(warehouse))
        copy_into_build(con, warehouse)
    finally:
        con.close()
    return loaded.records_loaded


def _timed(what: str, results: dict, action) -> None:
    start = time.monotonic()
    action()
    results[what] = round(time.monotonic() - start, 1)
    print(f"{what}: {results[what]} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--landing", type=Path, required=True, help="a generated landing folder (copied, not changed)")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "spark")
    args = parser.parse_args()
    os.environ["TZ"] = "UTC"
    time.tzset()
    from touchline.spark.build import build_on_spark
    from touchline.spark.session import get_session, stop_session

    out = args.out.resolve()
    if out.exists():
        shutil.rmtree(out)
    landing, holdout = out / "landing", out / "holdout"
    shutil.copytree(args.landing, landing)
    last_day = sorted(p for p in (landing / "pixel").iterdir() if p.is_dir())[-1]
    holdout.mkdir()
    shutil.move(str(last_day), holdout / last_day.name)
    warehouse = out / "warehouse" / "touchline.duckdb"
    warehouse.parent.mkdir(parents=True)
    results: dict = {}
    results["records_full"] = _load(landing, warehouse)
    _timed("duckdb full", results, lambda: run_dbt(["build", *DBT_ARGS], warehouse, target_path=out / "target_duckdb"))
    _timed("spark session start", results, lambda: get_session(warehouse))
    spark_args = {"dbt_args": DBT_ARGS, "target_path": out / "target_spark", "echo": lambda _: None}
    _timed("spark full", results, lambda: build_on_spark(warehouse, **spark_args))
    shutil.move(str(holdout / last_day.name), landing / "pixel" / last_day.name)
    results["records_nightly"] = _load(landing, warehouse)
    _timed(
        "duckdb nightly", results, lambda: run_dbt(["build", *DBT_ARGS], warehouse, target_path=out / "target_duckdb")
    )
    _timed("spark nightly", results, lambda: build_on_spark(warehouse, **spark_args))
    stop_session()
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
