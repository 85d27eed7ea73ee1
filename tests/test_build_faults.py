"""One build at a time, whole builds; a build killed with kill -9 (while loading, while dbt
runs) leaves the published warehouse as it was, takes its dbt with it, and the next build
finishes the work: the result equals a clean build of the same files.

The builds are real `touchline build` processes (tests/build_shim.py adds the points where a
build stops so the test can act while it is loading or in dbt). Nothing here measures time:
the test waits for conditions, with generous limits for a busy machine.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.warehouse_snapshot import data_fingerprints, lake_tables, loader_tables, query, without_lineage
from touchline.commands.build import run_build
from touchline.generator import generate
from touchline.landing.lake import committed_loads, lake_path
from touchline.settings import REPO_ROOT
from touchline.warehouse.publish import build_path

pytestmark = pytest.mark.slow

_PATIENCE = 900.0  # seconds: a condition not met by then is a failure, not a slow machine


def _wait_for(condition, what: str, limit: float = _PATIENCE):
    deadline = time.monotonic() + limit
    while not (result := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.2)
    return result


class Builds:
    """`touchline build` processes on one warehouse, and the events they report."""

    def __init__(self, root: Path, warehouse: Path, landing: Path) -> None:
        self.root, self.warehouse, self.landing = root, warehouse, landing
        self.events = root / "events.txt"
        self.events.touch()

    def start(self, name: str, pause: str = "", go: Path | None = None) -> subprocess.Popen:
        env = {
            **os.environ,
            "SHIM_EVENTS": str(self.events),
            "SHIM_NAME": name,
            "SHIM_PAUSE": pause,
            # each build its own Dagster instance: two at once do not share a SQLite file
            "DAGSTER_HOME": tempfile.mkdtemp(prefix=f"dagster-{name}-", dir=self.root),
        }
        if go is not None:
            env["SHIM_GO"] = str(go)
        log = open(self.root / f"{name}.log", "wb")  # noqa: SIM115 (the build process writes it after this returns)
        command = [
            sys.executable,
            "-m",
            "tests.build_shim",
            "build",
            "--landing",
            str(self.landing),
            "--warehouse",
            str(self.warehouse),
        ]
        return subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)

    def log(self, name: str) -> str:
        return (self.root / f"{name}.log").read_text(errors="replace")

    def lines(self) -> list[str]:
        return self.events.read_text().splitlines()

    def reached(self, line: str) -> bool:
        return any(seen.startswith(line) for seen in self.lines())

    def finish(self, process: subprocess.Popen, name: str) -> None:
        _wait_for(lambda: process.poll() is not None, f"{name} to finish")
        assert process.returncode == 0, self.log(name)[-3000:]


def _batches(source: Path) -> list[list[Path]]:
    """The files without a day and the first day's events; the second day's; the last day's
    events with the orders (two files, so a loader can stop between them)."""
    files = sorted(p.relative_to(source) for p in source.rglob("*") if p.is_file())
    days = sorted({p.parent.name for p in files if p.parts[0] == "pixel"})
    second = [p for p in files if p.parts[0] == "pixel" and p.parent.name == days[1]]
    last = [p for p in files if (p.parts[0] == "pixel" and p.parent.name == days[2]) or p.parts[0] == "orders"]
    return [[p for p in files if p not in second and p not in last], second, last]


def _land(source: Path, landing: Path, files: list[Path]) -> None:
    for rel in files:
        (landing / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / rel, landing / rel)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _gone(pid: int) -> bool:
    """True when the process has exited (a zombie whose parent died holds no file either)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")


def _kill(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait()


@pytest.fixture(scope="module")
def faults(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("faults")
    source, landing, warehouse = root / "source", root / "landing", root / "warehouse" / "touchline.duckdb"
    generate(source, days=3, visitors=40, seed=11, truth_dir=root / "truth")
    first, second, last = _batches(source)
    builds = Builds(root, warehouse, landing)
    seen: dict = {"builds": builds, "warehouse": warehouse}

    # Two builds at once: the first stops where its loader is done and its dbt has not begun.
    _land(source, landing, first)
    go = root / "go"
    one = builds.start("one", pause="dbt-step", go=go)
    _wait_for(lambda: builds.reached("one paused-dbt-step"), "the first build to finish loading")
    _land(source, landing, second)
    two = builds.start("two")
    _wait_for(
        lambda: "another build to release" in builds.log("two") or builds.reached("two load-start"),
        "the second build to wait or to load",
    )
    go.touch()
    builds.finish(one, "one")
    builds.finish(two, "two")
    seen["published"] = _digest(warehouse)
    seen["history"] = query(warehouse, "select load_id, file_path from audit.load_audit order by 1")

    # Killed while loading: stopped after the first new file's rows were written, uncommitted.
    _land(source, landing, last)
    loading = builds.start("loading", pause="load")
    _wait_for(lambda: builds.reached("loading paused-load") or loading.poll() is not None, "the loader to stop")
    _kill(loading)
    seen["published_after_loading_kill"] = _digest(warehouse)
    seen["lake_after_loading_kill"] = committed_loads(lake_path(warehouse))

    # Killed while the lake takes the loads the build file has just committed: their raw
    # partitions are in place, their commit marks (audit.load_audit partitions) are not.
    in_lake = builds.start("in_lake", pause="lake")
    _wait_for(lambda: builds.reached("in_lake paused-lake") or in_lake.poll() is not None, "the lake to be written")
    seen["uncommitted_partitions"] = sorted(
        p.name
        for p in (lake_path(warehouse) / "raw" / "pixel_events").iterdir()
        if int(p.name.split("=")[1]) not in committed_loads(lake_path(warehouse))
    )
    _kill(in_lake)
    seen["lake_after_lake_kill"] = committed_loads(lake_path(warehouse))

    # Killed while dbt runs; the next build starts at once, while dbt may still be going down.
    in_dbt = builds.start("in_dbt", pause="dbt")
    _wait_for(lambda: builds.reached("in_dbt paused-dbt") or in_dbt.poll() is not None, "dbt to run")
    [dbt_pid] = [int(line.split()[-1]) for line in builds.lines() if line.startswith("in_dbt dbt-pid")]
    _kill(in_dbt)
    seen["published_after_dbt_kill"] = _digest(warehouse)
    after = builds.start("after")
    seen["dbt_died"] = _wait_for(lambda: _gone(dbt_pid), "the killed build's dbt to end", limit=120)
    builds.finish(after, "after")

    clean = root / "clean" / "touchline.duckdb"
    run_build(landing, clean, echo=lambda _line: None)
    seen["clean"] = clean
    return seen


def test_a_second_build_waits_for_the_whole_first_build(faults):
    builds = faults["builds"]
    assert "another build to release" in builds.log("two")
    events = builds.lines()
    # nothing of the second build's work before the first build published
    assert events.index("two load-start") > events.index("one published")
    assert events.index("one load-end") < events.index("one resumed-dbt-step") < events.index("one published")
    assert [line for line in events if line.startswith(("one exit", "two exit"))] == ["one exit 0", "two exit 0"]


def test_a_killed_build_leaves_the_published_warehouse_as_it_was(faults):
    assert faults["builds"].reached("loading paused-load")
    assert faults["builds"].reached("in_dbt paused-dbt")
    assert faults["published_after_loading_kill"] == faults["published"]
    assert faults["published_after_dbt_kill"] == faults["published"]


def test_a_killed_loader_commits_nothing_to_the_lake(faults):
    published_loads = {load_id for (load_id, _) in faults["history"]}
    assert faults["lake_after_loading_kill"] == published_loads
    assert faults["builds"].reached("in_lake paused-lake")
    assert faults["uncommitted_partitions"]  # visible, but with no commit mark
    assert faults["lake_after_lake_kill"] == published_loads


def test_dbt_dies_with_its_build_and_the_next_build_neither_fails_nor_conflicts(faults):
    assert faults["dbt_died"]
    assert "Conflicting lock" not in faults["builds"].log("after")
    assert not Path(f"{build_path(faults['warehouse'])}.wal").exists()


def test_the_build_after_the_kills_equals_a_clean_build(faults):
    warehouse, clean = faults["warehouse"], faults["clean"]
    history = query(warehouse, "select load_id, file_path from audit.load_audit order by 1")
    assert history[: len(faults["history"])] == faults["history"]  # earlier loads kept as they were
    assert sorted(path for _, path in history) == sorted(
        path for _, path in query(clean, "select load_id, file_path from audit.load_audit")
    )
    # (load ids, and which loads a build took in, follow the batches, not the data)
    built, reference = data_fingerprints(warehouse), data_fingerprints(clean)
    assert sorted(name for name in built if built[name] != reference.get(name)) == []
    assert built == reference


def test_the_lake_after_the_kills_holds_what_the_warehouse_holds(faults):
    warehouse, clean = faults["warehouse"], faults["clean"]
    root = lake_path(warehouse)
    assert not any(p.name.startswith("_loading-") for p in root.iterdir())
    assert lake_tables(root) == loader_tables(warehouse)
    # the same rows as the clean build's lake, whatever load they came with
    assert without_lineage(lake_tables(root)) == without_lineage(lake_tables(lake_path(clean)))
