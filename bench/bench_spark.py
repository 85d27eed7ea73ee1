"""Spark `local[2]` against DuckDB on the same landed files (docs/scaling.md, "Benchmark").

    python bench/bench_spark.py --landing DIR --out /tmp/spark_bench

The landing folder (e.g. `touchline generate`) is copied and its last day's files (every
source, by the date in their path, as bench/run_bench.py holds them back) are set aside; the
loader writes the rest into a fresh DuckDB file and its lake; then, each timed:
1. a full `dbt build` of every model on DuckDB (dbt's data and unit tests excluded on both
   engines: a Spark build runs none, docs/scaling.md);
2. the Spark session's start (JVM, metastore), then a full build on Spark from the same lake
   (`touchline.spark.build.build_on_spark`: the export ledger's copy, dbt on the local
   session, the marketing-mix fit, its marts);
3. the last day landed and loaded, then a nightly (incremental) build on each engine.

Each phase reports wall seconds, CPU seconds (user + system of this process and every process
under it: the dbt subprocess of a DuckDB build, Spark's JVM), the 1-minute load average at its
start and end (the machine may be shared: the wall clock also measures the wait for a core),
and per dbt node seconds from dbt's run_results.json (the slowest nodes and the sum). The
results are written as JSON after every phase (bench/results/spark-<events>-events-<time>.json),
so a run stopped by a timeout (`timeout 2h python bench/bench_spark.py ...`) keeps what it
measured. Peak memory: the DuckDB dbt process's largest RSS and the JVM's high-water mark.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from run_bench import land, split_last_day  # bench/ is not a package: on sys.path above

from touchline import settings
from touchline.conversions.ledger import copy_into_build
from touchline.dbt.cli import run_dbt
from touchline.landing.lake import lake_path
from touchline.landing.load import load_landing

DBT_ARGS = ["--exclude", "test_type:data", "test_type:unit"]
_TICKS = os.sysconf("SC_CLK_TCK")


def _descendants_cpu_seconds() -> float:
    """CPU seconds of the live processes under this one (the JVM lives until the end, so it is
    not yet in RUSAGE_CHILDREN, which counts only children that exited)."""
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2 :].split()  # after "pid (comm) "
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        cpu[pid] = (int(fields[11]) + int(fields[12])) / _TICKS  # utime, stime
    me, total = os.getpid(), 0.0
    for pid in parents:
        ancestor = parents[pid]
        while ancestor > 1 and ancestor != me:
            ancestor = parents.get(ancestor, 0)
        if ancestor == me:
            total += cpu[pid]
    return total


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    exited = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + exited.ru_utime + exited.ru_stime + _descendants_cpu_seconds()


def _jvm_peak_mib() -> float | None:
    """The high-water mark of the RSS of Spark's JVM (over its life so far), if it runs."""
    from pyspark import SparkContext

    proc = getattr(SparkContext._gateway, "proc", None) if SparkContext._gateway else None
    if proc is None:
        return None
    for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return None


def _node_timings(run_results: list[Path]) -> dict:
    """Seconds per dbt node from run_results.json files: the sum, the count, the slowest."""
    nodes: dict[str, float] = {}
    for path in run_results:
        for result in json.loads(path.read_text())["results"]:
            nodes[result["unique_id"]] = round(result["execution_time"], 2)
    slowest = sorted(nodes.items(), key=lambda item: -item[1])[:10]
    return {"nodes": len(nodes), "node_seconds_summed": round(sum(nodes.values()), 1), "slowest": dict(slowest)}


class Bench:
    def __init__(self, results_file: Path, results: dict) -> None:
        self.results_file, self.results = results_file, results

    def phase(self, name: str, action: Callable[[], object], run_results: Callable[[], list[Path]] | None = None):
        load_start, cpu_start, start = os.getloadavg()[0], _cpu_seconds(), time.perf_counter()
        value = action()
        entry = {
            "seconds": round(time.perf_counter() - start, 1),
            "cpu_seconds": round(_cpu_seconds() - cpu_start, 1),
            "load_average": [round(load_start, 2), round(os.getloadavg()[0], 2)],
        }
        if run_results is not None:
            entry["dbt"] = _node_timings(run_results())
        self.results["phases"][name] = entry
        self.save()
        print(f"{name}: {entry['seconds']} s, CPU {entry['cpu_seconds']} s, load {entry['load_average']}", flush=True)
        return value

    def save(self) -> None:
        self.results_file.parent.mkdir(parents=True, exist_ok=True)
        self.results_file.write_text(json.dumps(self.results, indent=2))


def _load(landing: Path, warehouse: Path) -> int:
    con = duckdb.connect(str(warehouse), config=settings.duckdb_config())
    try:
        loaded = load_landing(landing, con, lake_root=lake_path(warehouse))
        copy_into_build(con, warehouse)
    finally:
        con.close()
    return loaded.records_loaded


def _pixel_events(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*.jsonl*") for _ in (gzip.open if p.suffix == ".gz" else open)(p, "rt"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--landing", type=Path, required=True, help="a generated landing folder (copied, not changed)")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "spark")
    parser.add_argument("--results", type=Path, default=REPO / "bench" / "results")
    args = parser.parse_args()
    os.environ["TZ"] = "UTC"
    time.tzset()
    from touchline.spark.build import build_on_spark
    from touchline.spark.session import get_session, session_config, stop_session

    out = args.out.resolve()
    if out.exists():
        shutil.rmtree(out)
    landing, holdout = out / "landing", out / "holdout"
    shutil.copytree(args.landing, landing)
    held = split_last_day(landing, holdout)
    warehouse = out / "warehouse" / "touchline.duckdb"
    warehouse.parent.mkdir(parents=True)
    events_full, events_last_day = _pixel_events(landing), _pixel_events(holdout)
    results: dict = {
        "landing": str(args.landing.resolve()),
        "pixel_events": events_full + events_last_day,
        "pixel_events_first_build": events_full,
        "pixel_events_last_day": events_last_day,
        "files_last_day": len(held),
        "spark": {
            k: v
            for k, v in session_config(warehouse).items()
            if k.startswith(("spark.master", "spark.driver.mem", "spark.sql.shuffle"))
        },
        "duckdb_threads": os.environ.get("TOUCHLINE_THREADS", "2"),
        "command": " ".join(sys.argv),
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "phases": {},
    }
    stamp = time.strftime("%Y%m%dT%H%M%S")
    bench = Bench(args.results / f"spark-{results['pixel_events']}-events-{stamp}.json", results)
    duck_target, spark_target = out / "target_duckdb", out / "target_spark"
    duck_results = lambda: [duck_target / "run_results.json"]  # noqa: E731

    # build_on_spark runs dbt twice (the models, then the marketing-mix marts after the fit) into
    # one target folder; keep each invocation's run_results.json so every node is counted.
    import touchline.spark.build as spark_build

    kept: list[Path] = []
    run_spark_dbt = spark_build.run_spark_dbt

    def keeping_run_results(*a, **kw):
        result = run_spark_dbt(*a, **kw)
        copy = spark_target / f"run_results-{len(kept)}.json"
        shutil.copy(spark_target / "run_results.json", copy)
        kept.append(copy)
        return result

    spark_build.run_spark_dbt = keeping_run_results

    def spark_results() -> list[Path]:
        taken = list(kept)
        kept.clear()
        return taken

    spark_args = {"dbt_args": DBT_ARGS, "target_path": spark_target, "echo": lambda _: None}
    results["records_full"] = bench.phase("load (full)", lambda: _load(landing, warehouse))
    bench.phase("duckdb full", lambda: run_dbt(["build", *DBT_ARGS], warehouse, target_path=duck_target), duck_results)
    results["duckdb_dbt_peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
    bench.phase("spark session start", lambda: get_session(warehouse))
    bench.phase("spark full", lambda: build_on_spark(warehouse, **spark_args), spark_results)
    results["spark_jvm_peak_rss_mib_after_full"] = _jvm_peak_mib()
    land(holdout, landing)
    results["records_nightly"] = bench.phase("load (last day)", lambda: _load(landing, warehouse))
    bench.phase(
        "duckdb nightly", lambda: run_dbt(["build", *DBT_ARGS], warehouse, target_path=duck_target), duck_results
    )
    bench.phase("spark nightly", lambda: build_on_spark(warehouse, **spark_args), spark_results)
    results["spark_jvm_peak_rss_mib"] = _jvm_peak_mib()
    results["duckdb_dbt_peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
    stop_session()
    results["finished_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    bench.save()
    print(f"{'phase':<22}{'seconds':>10}{'CPU s':>10}{'dbt nodes':>11}{'node s':>9}{'load avg':>14}")
    for name, p in results["phases"].items():
        dbt = p.get("dbt", {})
        load = f"{p['load_average'][0]:.1f}-{p['load_average'][1]:.1f}"
        print(
            f"{name:<22}{p['seconds']:>10.1f}{p['cpu_seconds']:>10.1f}"
            f"{dbt.get('nodes', ''):>11}{dbt.get('node_seconds_summed', ''):>9}{load:>14}"
        )
    print(f"pixel events {results['pixel_events']:,} (last day {events_last_day:,}); wrote {bench.results_file}")


if __name__ == "__main__":
    main()
