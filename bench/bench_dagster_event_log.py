"""Dagster's own SQLite event log, with and without `one_engine_per_event_file`.

    python bench/bench_dagster_event_log.py --assets 80 --checks 2 --repeat 3

Materializes a chain of `--assets` assets with `--checks` asset checks each (a nightly: ~85
dbt assets, 206 checks, ~925 events) in-process into a temporary Dagster instance, inside
`sqlite_without_sync_per_event` as `touchline build` runs, alternating runs with Dagster's
own pattern (a new engine and connection per event) and with one engine per file, and prints
each run's CPU seconds (this process) and wall seconds with the load average.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

from touchline.commands.dagster_sqlite import one_engine_per_event_file, sqlite_without_sync_per_event


def _assets(count: int, checks: int) -> list:
    from dagster import AssetCheckResult, AssetCheckSpec, AssetKey, AssetSpec, MaterializeResult, multi_asset

    specs = [AssetSpec(key=AssetKey(f"a{n}"), deps=[AssetKey(f"a{n - 1}")] if n else []) for n in range(count)]
    check_specs = [AssetCheckSpec(f"c{c}", asset=spec.key) for spec in specs for c in range(checks)]

    @multi_asset(specs=specs, check_specs=check_specs, name="chain")
    def chain():
        for spec in specs:
            yield MaterializeResult(asset_key=spec.key, metadata={"rows": 1})
            for c in range(checks):
                yield AssetCheckResult(asset_key=spec.key, check_name=f"c{c}", passed=True)

    return [chain]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--assets", type=int, default=80)
    parser.add_argument("--checks", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from dagster import DagsterInstance, materialize

    assets = _assets(args.assets, args.checks)
    with tempfile.TemporaryDirectory() as scratch:
        home = Path(scratch)
        (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
        os.environ["DAGSTER_HOME"] = str(home)
        with sqlite_without_sync_per_event(home), DagsterInstance.get() as instance:
            materialize(assets, instance=instance)  # the instance's files created, imports warm
            for _ in range(args.repeat):
                for kept in (False, True):
                    load = os.getloadavg()[0]
                    cpu, wall = time.process_time(), time.perf_counter()
                    with one_engine_per_event_file(instance) if kept else nullcontext():
                        result = materialize(assets, instance=instance)
                    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
                    events = len(instance.all_logs(result.run_id))
                    label = "one engine per file" if kept else "Dagster's own      "
                    print(f"{label} {events} events  {cpu:6.2f} CPU s  {wall:6.2f} s wall  load {load:.1f}")


if __name__ == "__main__":
    main()
