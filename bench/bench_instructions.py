"""Instructions a load costs, counted by valgrind's callgrind: the figure the shared machine's
load does not move (the CPU seconds of bench_sources.py swing by +-0.2 s between runs of the
same code on these machines; instruction counts repeat within ~0.1 %).

    python bench/bench_sources.py --rows 100000 --repeat 1 --cases pixel_ --out /tmp/src
    python bench/bench_instructions.py /tmp/src --cases pixel_ --threads 1

Each case folder of a bench_sources.py run is loaded once by `load_landing` into a fresh DuckDB
file, in a child process under callgrind with collection switched on only around the load
(not the interpreter's start, the imports, or a one-event warm-up load that makes the
loader's first-use imports), with DuckDB on `--threads` threads (1 makes the
count independent of how the work is split). Prints instructions and the ratio to the
canonical case of the same kind (`<kind>_touchline`). Needs valgrind (Debian's `valgrind`);
a load of 100k events takes about a minute under it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_COLLECTED = re.compile(r"Collected : (\d+)")


def _child(landing: Path, threads: int, handshake: Path) -> None:
    import duckdb

    from touchline.landing.load import load_landing

    with tempfile.TemporaryDirectory() as scratch:
        _warm_up(Path(scratch))
        con = duckdb.connect(str(Path(scratch) / "load.duckdb"))
        con.execute(f"pragma threads={threads}")
        (handshake / "ready").touch()
        while not (handshake / "go").exists():  # the parent switches collection on first
            time.sleep(0.05)
        summary = load_landing(landing, con)
        con.close()
    print(summary.records_loaded, summary.records_quarantined)


def _warm_up(scratch: Path) -> None:
    """One canonical event loaded first, uncounted: what a process does once, whatever it then
    loads (the modules the loader imports on first use: pandas through pyarrow's conversions,
    ~0.5 G instructions; a build's process has them already, Dagster imports pandas) is not
    a cost of the case's records. Without it every case carried the same ~0.5 G, which
    flattered each ratio (Segment 1.63x counted cold, 1.67x warm, at 97b8caf)."""
    import duckdb

    from touchline.landing.load import load_landing

    landing = scratch / "warm-up"
    (landing / "pixel").mkdir(parents=True)
    event = {
        "event_id": "warm-up",
        "event_type": "page_view",
        "ts": "2026-03-14T09:00:00Z",
        "visitor_id": "v",
        "url": "https://shop.example.com/",
    }
    (landing / "pixel" / "warm-up.jsonl").write_text(json.dumps(event) + "\n")
    con = duckdb.connect(str(scratch / "warm-up.duckdb"))
    load_landing(landing, con)
    con.close()


def _count(landing: Path, threads: int) -> tuple[int, str]:
    with tempfile.TemporaryDirectory() as handshake:
        done = Path(handshake)
        out = done / "callgrind.out"
        command = ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}"]
        command += [
            sys.executable,
            __file__,
            "--child",
            str(landing),
            "--threads",
            str(threads),
            "--handshake",
            handshake,
        ]
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        while not (done / "ready").exists():
            if child.poll() is not None:
                raise RuntimeError(f"{landing.name}: the child stopped: {child.stderr.read()[-2000:]}")
            time.sleep(0.1)
        subprocess.run(["callgrind_control", "-i", "on", str(child.pid)], check=True, capture_output=True)
        (done / "go").touch()
        stdout, stderr = child.communicate()
        match = _COLLECTED.search(stderr)
        if child.returncode != 0 or match is None:
            raise RuntimeError(f"{landing.name}: exit {child.returncode}: {stderr[-2000:]}")
        return int(match.group(1)), stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cases_dir", type=Path, nargs="?", help="a bench_sources.py --out folder")
    parser.add_argument("--cases", default="", help="comma-separated name prefixes: count only these")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--handshake", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        _child(args.child, args.threads, args.handshake)
        return 0
    # the cases' settings, inherited by each child (without them a spend report that names no
    # currency quarantines every row: a count of the quarantine path, not of the format's load)
    from bench_sources import use_bench_settings

    use_bench_settings()
    prefixes = [prefix for prefix in args.cases.split(",") if prefix]
    cases = sorted(
        path
        for path in args.cases_dir.iterdir()
        if path.is_dir() and (not prefixes or any(path.name.startswith(prefix) for prefix in prefixes))
    )
    counts: dict[str, int] = {}
    # (quarantined shown: a case whose records are quarantined counts another path than its load)
    print(f"{'case':34} {'records':>9} {'quarantined':>11} {'instructions':>16} {'x canonical':>12}", flush=True)
    # the canonical case of each kind first, so every other row can print its ratio at once
    for case in sorted(cases, key=lambda path: not path.name.endswith("_touchline")):
        counts[case.name], records = _count(case, args.threads)
        canonical = counts.get(f"{case.name.split('_', 1)[0]}_touchline")
        ratio = f"{counts[case.name] / canonical:.2f}" if canonical else ""
        loaded, quarantined = (int(number) for number in records.split())
        print(f"{case.name:34} {loaded:>9,} {quarantined:>11,} {counts[case.name]:>16,} {ratio:>12}", flush=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")  # the same dict and set orders every run
    raise SystemExit(main())
