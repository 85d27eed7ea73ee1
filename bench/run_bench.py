"""Benchmark: scan floor, full build, nightly build after one more day lands, peak memory.

    python bench/run_bench.py --visitors 200000 --days 180 --out bench/out

Generates data with the demo generator, holds the last two days' files back, then on the
same files measures (a) the scan floor: DuckDB alone reading every landed file once; (b) a
full build; (c) a nightly (incremental) build after one more day lands, twice: the first
nightly after a full build, then the steady state (the nightly that catches the previous
published file up, see touchline/warehouse/publish.py), which is the one compared with the full
build; (d) the same build again with nothing new landed (it must stop before dbt and say so);
(e) the peak memory (largest process RSS) of each. Prints a table and writes it as JSON
(bench/results/), with the load average before and after (the machine is shared). Every phase
runs in a fresh subprocess so its peak memory is its own.

    python bench/run_bench.py --landing DIR --full-only    # scan floor and full build only
"""

from __future__ import annotations

import argparse
import calendar
import json
import os
import platform
import re
import shutil
import signal
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
    # CPU seconds (user + system) of the phase's process tree: on a shared machine the wall
    # clock also measures the wait for a core, the CPU time much less so.
    cpu_seconds: float = 0.0
    # the 1-minute load average when the phase started and when it ended
    load_average: tuple[float, float] = (0.0, 0.0)
    started_at: float = 0.0  # wall clock (time.time()) at the start


def run_phase(name: str, argv: list[str], env: dict[str, str], log: Path) -> Phase:
    load_at_start = os.getloadavg()[0]
    started_at = time.time()
    start = time.perf_counter()
    with open(log, "w") as out:
        proc = subprocess.Popen(argv, env=env, cwd=REPO, stdout=out, stderr=subprocess.STDOUT)
        # wait4's ru_maxrss is the largest RSS in the child's process tree (dbt runs DuckDB
        # in a grandchild), so every phase reports its own peak.
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            # interrupted (Ctrl-C, SIGTERM): the phase's build ends with the benchmark rather
            # than running on while the held-back days are put back under it
            proc.kill()
            proc.wait()
            raise
        proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.stderr.write(log.read_text()[-5000:])
        raise SystemExit(f"{name} failed (exit {proc.returncode}); log in {log}")
    return Phase(
        name,
        round(seconds, 2),
        round(usage.ru_maxrss / 1024, 1),
        round(usage.ru_utime + usage.ru_stime, 2),
        (round(load_at_start, 2), round(os.getloadavg()[0], 2)),
        round(started_at, 3),
    )


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


# The scan floor reads every column of every landed file once (hashing each row, so DuckDB
# cannot skip parsing columns as it may for a bare count(*)), with the build's thread count.
SCAN_FLOOR = """
import glob, sys, duckdb
landing, threads = sys.argv[1], sys.argv[2]
con = duckdb.connect()
con.execute(f"set threads = {threads}")
con.execute("set enable_progress_bar = false")
n = 0
for pattern, reader in [("pixel/**/*.jsonl*", "read_json_auto"), ("orders/**/*.csv*", "read_csv_auto"),
                        ("refunds/**/*.csv*", "read_csv_auto"), ("spend/**/*.csv*", "read_csv_auto"),
                        ("fx/**/*.csv*", "read_csv_auto")]:
    if not glob.glob(f"{landing}/{pattern}", recursive=True):
        continue
    rows, _ = con.execute(
        f"select count(*), bit_xor(hash(t)) from {reader}('{landing}/{pattern}', ignore_errors=true, union_by_name=true) t"
    ).fetchone()
    print(pattern, rows)
    n += rows
print("records", n)
"""


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# dbt's per-node result lines, e.g. "12 of 391 OK created sql table model intermediate.int_sessions .. [OK in 3.27s]"
_DBT_NODE = re.compile(r"^\d+ of \d+ (?:OK|PASS|WARN|ERROR|FAIL)\s+(?P<what>.*?)\s+\.*\s*\[.*? in (?P<secs>[\d.]+)s\]")
# any dbt node line: a build with nothing new must have none
_DBT_NODE_ANYWHERE = re.compile(r"^\d+ of \d+ (?:OK|PASS|START)", re.MULTILINE)
# Dagster's step lines, e.g. 'Finished execution of step "touchline_dbt" in 1m32s.'
_STEP = re.compile(r'Finished execution of step "(?P<step>[^"]+)" in (?P<dur>[\dhms.]+)\.')
_TIMESTAMP = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) \+0000 - dagster - ")
_LOADED = re.compile(r"files seen (\d+), loaded (\d+), rejected (\d+), records loaded (\d+)")


def _duration(text: str) -> float:
    """Dagster's '1m32s', '220ms', '3.41s', '1h2m3s' as seconds."""
    if text.endswith("ms") and not re.search(r"\d[hm]\d", text):
        return float(text[:-2]) / 1000
    seconds = 0.0
    for value, unit in re.findall(r"([\d.]+)(h|m(?!s)|s)", text):
        seconds += float(value) * {"h": 3600, "m": 60, "s": 1}[unit]
    return seconds


def build_profile(log: Path, wall_seconds: float, started_at: float | None = None) -> dict:
    """Where a build's time went, read from its log: Dagster steps, dbt nodes by kind, top models."""
    steps: dict[str, float] = {}
    nodes: list[tuple[str, str, float]] = []
    loaded = None
    # Dagster's DEBUG step events do not always reach the log; its INFO lines' timestamps
    # (1 s resolution) mark the same boundaries: run start, loader done, dbt done, published.
    marks: dict[str, float] = {}
    for line in _ANSI.sub("", log.read_text(errors="replace")).splitlines():
        if ts := _TIMESTAMP.match(line):
            at = calendar.timegm(time.strptime(ts[1], "%Y-%m-%d %H:%M:%S"))  # the log is UTC
            marks.setdefault("start", at)
            if "files seen" in line:
                marks["loaded"] = at
            elif "Finished dbt command" in line:
                marks["dbt"] = at
            elif " - published " in line:
                marks["published"] = at
            elif " - report written to " in line:
                marks["report"] = at
        if m := _STEP.search(line):
            steps[m["step"]] = round(_duration(m["dur"]), 2)
        elif m := _DBT_NODE.match(line):
            what = m["what"]
            kind = "model" if " model " in what else "seed" if "seed file" in what else "test"
            nodes.append((kind, what.split()[-1], float(m["secs"])))
        elif m := _LOADED.search(line):
            loaded = {"files_seen": int(m[1]), "files_loaded": int(m[2]), "records_loaded": int(m[4])}
    if not steps and {"start", "loaded", "dbt", "published"} <= marks.keys():
        steps = {
            "load_landing_files": marks["loaded"] - marks["start"],
            "touchline_dbt": marks["dbt"] - marks["loaded"],
            "warehouse__published": marks["published"] - marks["dbt"],
        }
        if "report" in marks:  # the morning report, written after publishing
            steps["warehouse__report"] = marks["report"] - marks["published"]
    by_kind = {k: round(sum(s for kind, _, s in nodes if kind == k), 2) for k in ("seed", "model", "test")}
    models = sorted(((s, name) for kind, name, s in nodes if kind == "model"), reverse=True)
    steps_total = sum(steps.values())
    profile = {
        "dagster_steps_seconds": steps,
        "outside_steps_seconds": round(wall_seconds - steps_total, 2),  # interpreter start, dbt parse, Dagster setup
        "dbt_node_seconds_by_kind": by_kind,  # summed over nodes; dbt runs them on `threads` threads
        "dbt_nodes": len(nodes),
        "top_models_seconds": {name: s for s, name in models[:12]},
        # every node's seconds, slowest first (a build writes no run_results.json: dbt runs
        # with --no-write-json, orchestration/assets/dbt.py), for the next round's profiling
        "node_seconds": {f"{kind} {name}": s for kind, name, s in sorted(nodes, key=lambda n: -n[2])},
    }
    if started_at is not None and "start" in marks:
        # the process start to the run's first logged line (1 s resolution): interpreter and
        # Dagster imports, the build-state check, the definitions (dbt manifest), the run's
        # creation and its planned-asset events
        profile["before_first_step_seconds"] = round(marks["start"] - started_at, 1)
    if loaded:
        profile["loader"] = loaded
        load_seconds = steps.get("load_landing_files")
        if load_seconds:
            profile["loader"]["records_per_second"] = round(loaded["records_loaded"] / load_seconds)
    return profile


def main() -> None:
    # `kill` (SIGTERM) ends the run through its `finally` blocks, as Ctrl-C does: a given
    # --landing folder gets its held-back days back instead of losing them with the out folder.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--visitors", type=int, default=20000)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    parser.add_argument("--results", type=Path, default=REPO / "bench" / "results")
    parser.add_argument(
        "--landing",
        type=Path,
        default=None,
        help="use this already generated landing folder instead of generating one "
        "(its last day's files are moved out and back in during the run)",
    )
    parser.add_argument(
        "--full-only",
        action="store_true",
        help="the scan floor and the full build only, no nightly builds; the full build publishes "
        "by swapping with an empty published file instead of copying the warehouse, so one "
        "warehouse-sized file is on disk (the 50-million-event run, docs/benchmarks.md)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=int(os.environ.get("TOUCHLINE_THREADS", "2")),
        help="DuckDB threads for the scan floor and the builds (default 2, as profiles.yml)",
    )
    args = parser.parse_args()

    out = args.out.resolve()
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    landing, holdout, warehouse = out / "landing", out / "holdout", out / "touchline.duckdb"
    env = dict(os.environ, DAGSTER_HOME=str(out / "dagster_home"), TOUCHLINE_THREADS=str(args.threads))
    # This checkout's code in every process, dbt's too: `touchline-dbt` is a console script of
    # the installed package, so without this a second checkout (a worktree benchmarked against
    # main) would run the editable install's dbt project and Python inside its dbt step.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    python = sys.executable

    load_before = os.getloadavg()
    t0 = time.perf_counter()
    if args.landing is not None:
        landing = args.landing.resolve()
    else:
        subprocess.run(
            [
                python,
                "-m",
                "touchline.cli",
                "generate",
                "--out",
                str(landing),
                "--days",
                str(args.days),
                "--visitors",
                str(args.visitors),
                "--seed",
                str(args.seed),
            ],
            check=True,
            env=env,
            cwd=REPO,
        )
    generate_seconds = time.perf_counter() - t0
    events = sum(1 for p in landing.rglob("*.jsonl*") for _ in __import__("gzip").open(p, "rt"))
    last_day, day_before = holdout / "last_day", holdout / "day_before"
    split_last_day(landing, last_day)
    split_last_day(landing, day_before)
    # --verbose: the phase log gets Dagster's and dbt's lines too (the profile reads them)
    nightly_build = [
        python,
        "-m",
        "touchline.cli",
        "build",
        "--landing",
        str(landing),
        "--warehouse",
        str(warehouse),
        "--verbose",
    ]
    if args.full_only:
        import duckdb

        duckdb.connect(str(warehouse)).close()  # an (empty) published file: publishing swaps, not copies
    try:
        phases = [
            run_phase("scan floor", [python, "-c", SCAN_FLOOR, str(landing), str(args.threads)], env, out / "scan.log")
        ]
        phases.append(run_phase("full build", [*nightly_build, "--full-refresh"], env, out / "full.log"))
        if not args.full_only:
            land(day_before, landing)
            phases.append(run_phase("first nightly (+1 day)", nightly_build, env, out / "first_nightly.log"))
    finally:
        # a given --landing folder is left as it was, even on failure
        land(day_before, landing)
        land(last_day, landing)
    if not args.full_only:
        phases.append(run_phase("nightly build (+1 day)", nightly_build, env, out / "nightly.log"))
        # the same command once more: no file landed, nothing changed; it must stop before dbt
        phases.append(run_phase("nothing new", nightly_build, env, out / "nothing_new.log"))
        nothing_new_log = (out / "nothing_new.log").read_text(errors="replace")
        if "nothing new:" not in nothing_new_log or _DBT_NODE_ANYWHERE.search(nothing_new_log):
            raise SystemExit(f"the build with nothing new ran dbt or did not say so; log in {out / 'nothing_new.log'}")

    seconds = {p.name: p.seconds for p in phases}
    scan, full = seconds["scan floor"], seconds["full build"]
    cpu = {p.name: p.cpu_seconds for p in phases}
    started = {p.name: p.started_at for p in phases}
    nightly_phases = [name for name in ("first nightly (+1 day)", "nightly build (+1 day)") if name in seconds]
    result = {
        "events": events,
        # a given --landing folder was generated elsewhere: its days and visitors are not these flags'
        "days": None if args.landing else args.days,
        "visitors": None if args.landing else args.visitors,
        "landing": str(args.landing) if args.landing else None,
        "generate_seconds": None if args.landing else round(generate_seconds, 1),
        "threads": args.threads,
        "phases": [asdict(p) for p in phases],
        "profile": {
            "full build": build_profile(out / "full.log", full, started["full build"]),
            **{name: build_profile(out / _LOGS[name], seconds[name], started[name]) for name in nightly_phases},
        },
        "full_over_scan_floor": round(full / scan, 2),
        "nightly_over_full": round(seconds["nightly build (+1 day)"] / full, 3) if nightly_phases else None,
        "nightly_over_full_cpu": (
            round(cpu["nightly build (+1 day)"] / cpu["full build"], 3) if nightly_phases else None
        ),
        "nothing_new_seconds": seconds.get("nothing new"),
        "load_average_before_after": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
        "memory_limit": os.environ.get("TOUCHLINE_MEMORY_LIMIT", "3GB"),
        "machine": {
            "cpus": os.cpu_count(),
            "memory_gib": _memory_gib(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "command": " ".join([Path(sys.argv[0]).as_posix(), *sys.argv[1:]]),
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    print(f"{'phase':<26}{'seconds':>10}{'CPU s':>10}{'peak MiB':>12}{'load avg':>14}")
    for p in phases:
        load = f"{p.load_average[0]:.1f}-{p.load_average[1]:.1f}"
        print(f"{p.name:<26}{p.seconds:>10.2f}{p.cpu_seconds:>10.2f}{p.peak_rss_mib:>12.1f}{load:>14}")
    print(
        f"events {events:,}; full/scan {result['full_over_scan_floor']}; nightly/full {result['nightly_over_full']} "
        f"(CPU {result['nightly_over_full_cpu']}); "
        f"nothing new {result['nothing_new_seconds']} s"
    )
    for phase, profile in result["profile"].items():
        print(
            f"{phase}: steps {profile['dagster_steps_seconds']}, outside steps {profile['outside_steps_seconds']}s "
            f"(before the first step {profile.get('before_first_step_seconds')}s), "
            f"dbt nodes {profile['dbt_node_seconds_by_kind']}, loader {profile.get('loader')}"
        )
        print("  top models: " + ", ".join(f"{name} {s}s" for name, s in profile["top_models_seconds"].items()))
    args.results.mkdir(parents=True, exist_ok=True)
    # One file per run (repeats on a shared machine are kept side by side).
    path = args.results / f"bench-{events}-events-{time.strftime('%Y%m%dT%H%M%S')}.json"
    path.write_text(json.dumps(result, indent=2))
    print(f"wrote {path}")


_LOGS = {"first nightly (+1 day)": "first_nightly.log", "nightly build (+1 day)": "nightly.log"}


def _memory_gib() -> float | None:
    try:
        return round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    except (ValueError, OSError):
        return None


if __name__ == "__main__":
    main()
