"""Benchmark: scan floor, full build, nightly build after one more day lands, peak memory.

    python bench/run_bench.py --visitors 200000 --days 180 --out bench/out

Generates data with the demo generator, holds the last day's files back, then on the same
files measures (a) the scan floor: DuckDB alone reading every landed file once; (b) a full
build; (c) a nightly (incremental) build after the held-back day lands; (d) the peak memory
(largest process RSS) of each. Prints a table and writes it as JSON (bench/results/).
Every phase runs in a fresh subprocess so its peak memory is its own.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Phase:
    name: str
    seconds: float
    peak_rss_mib: float


def run_phase(name: str, argv: list[str], env: dict[str, str], log: Path) -> Phase:
    start = time.perf_counter()
    with open(log, "w") as out:
        proc = subprocess.Popen(argv, env=env, cwd=REPO, stdout=out, stderr=subprocess.STDOUT)
        # wait4's ru_maxrss is the largest RSS in the child's process tree (dbt runs DuckDB
        # in a grandchild), so every phase reports its own peak.
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.stderr.write(log.read_text()[-5000:])
        raise SystemExit(f"{name} failed (exit {proc.returncode}); log in {log}")
    return Phase(name, round(seconds, 2), round(usage.ru_maxrss / 1024, 1))


def split_last_day(landing: Path, holdout: Path) -> list[Path]:
    """Move the files of the last landed day (by the date in their path) out of the landing folder."""
    dated = sorted({part for p in landing.rglob("*") if p.is_file() for part in p.parts if _is_date(part[:10])})
    last = max(part[:10] for part in dated)
    moved = []
    for path in sorted(landing.rglob("*")):
        if path.is_file() and last in path.relative_to(landing).as_posix():
            target = holdout / path.relative_to(landing)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(path, target)
            moved.append(target)
    return moved


def _is_date(text: str) -> bool:
    return len(text) == 10 and text[4] == "-" and text[7] == "-" and text.replace("-", "").isdigit()


def land(holdout: Path, landing: Path) -> None:
    for path in sorted(holdout.rglob("*")):
        if path.is_file():
            target = landing / path.relative_to(holdout)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(path, target)


SCAN_FLOOR = """
import sys, time, duckdb
landing = sys.argv[1]
con = duckdb.connect()
con.execute("set threads = 2")
n = 0
for pattern, reader in [("pixel/**/*.jsonl*", "read_json_auto"), ("orders/**/*.csv*", "read_csv_auto"),
                        ("refunds/**/*.csv*", "read_csv_auto"), ("spend/**/*.csv*", "read_csv_auto"),
                        ("fx/**/*.csv*", "read_csv_auto")]:
    try:
        n += con.execute(f"select count(*) from {reader}('{landing}/{pattern}', ignore_errors=true, union_by_name=true)").fetchone()[0]
    except duckdb.IOException:
        pass
print(n)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--visitors", type=int, default=20000)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    parser.add_argument("--results", type=Path, default=REPO / "bench" / "results")
    args = parser.parse_args()

    out = args.out.resolve()
    shutil.rmtree(out, ignore_errors=True)
    landing, holdout, warehouse = out / "landing", out / "holdout", out / "touchline.duckdb"
    env = dict(os.environ, DAGSTER_HOME=str(out / "dagster_home"))
    python = sys.executable

    t0 = time.perf_counter()
    subprocess.run([python, "-m", "touchline.cli", "generate", "--out", str(landing), "--days", str(args.days),
                    "--visitors", str(args.visitors), "--seed", str(args.seed)], check=True, env=env, cwd=REPO)
    generate_seconds = time.perf_counter() - t0
    events = sum(1 for p in landing.rglob("*.jsonl*") for _ in __import__("gzip").open(p, "rt"))
    split_last_day(landing, holdout)

    phases = [run_phase("scan floor", [python, "-c", SCAN_FLOOR, str(landing)], env, out / "scan.log")]
    phases.append(run_phase("full build", [python, "-m", "touchline.cli", "build", "--landing", str(landing),
                                           "--warehouse", str(warehouse), "--full-refresh"], env, out / "full.log"))
    land(holdout, landing)
    phases.append(run_phase("nightly build (+1 day)", [python, "-m", "touchline.cli", "build", "--landing", str(landing),
                                                       "--warehouse", str(warehouse)], env, out / "nightly.log"))

    scan, full, nightly = (p.seconds for p in phases)
    result = {
        "events": events,
        "days": args.days,
        "visitors": args.visitors,
        "generate_seconds": round(generate_seconds, 1),
        "phases": [asdict(p) for p in phases],
        "full_over_scan_floor": round(full / scan, 2),
        "nightly_over_full": round(nightly / full, 3),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
    }
    print(f"{'phase':<26}{'seconds':>10}{'peak MiB':>12}")
    for p in phases:
        print(f"{p.name:<26}{p.seconds:>10.2f}{p.peak_rss_mib:>12.1f}")
    print(f"events {events:,}; full/scan {result['full_over_scan_floor']}; nightly/full {result['nightly_over_full']}")
    args.results.mkdir(parents=True, exist_ok=True)
    path = args.results / f"bench-{events}-events.json"
    path.write_text(json.dumps(result, indent=2))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
