"""Shared test setup: Dagster's and dbt's scratch folders. (The dbt manifest needs no setup: the
definitions parse the project on first use, once for all workers: orchestration/project.py.)"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest


def _scratch_folder(prefix: str) -> str:
    """A temporary folder removed when this test process exits (CI and developers run the
    suite many times a day: each run left three folders in /tmp per process)."""
    path = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


# Keep Dagster's instance and dbt's logs out of the user's home and the repository; one
# instance per test process (xdist workers import this module themselves).
os.environ["DAGSTER_HOME"] = _scratch_folder("touchline-dagster-home-")
os.environ["DBT_LOG_PATH"] = _scratch_folder("touchline-dbt-logs-")
# Nightly builds reuse dbt's own target folder (and its parse); two test processes building
# at once must not share one.
os.environ["TOUCHLINE_DBT_TARGET_PATH"] = _scratch_folder("touchline-dbt-target-")
# The manifest the Dagster definitions read: parsed on first use (once for all workers,
# orchestration/project.py) into a folder of the tests' own (kept between runs, so an
# unchanged project is not parsed again), never into dbt_project/target_build/, which the
# user's builds read.
os.environ["TOUCHLINE_DBT_PROJECT_TARGET"] = str(
    Path(__file__).resolve().parent.parent / "dbt_project" / "target_tests"
)


# The Spark parity module is the suite's longest (two engines, three builds: minutes on two
# cores) and runs on one worker; collected first, `--dist loadfile` hands it to a worker at
# the start, so the other worker runs the rest of the suite meanwhile instead of one worker
# running it alone at the end.
FIRST_MODULES = ("test_spark_parity.py",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.path.name not in FIRST_MODULES)  # stable: the rest keep their order


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`touchline demo`'s warehouse (same days, visitors and seed), built once per test process
    for the modules that ask about the demo store; TOUCHLINE_TEST_DEMO_WAREHOUSE names one
    already built to reuse it."""
    if os.environ.get("TOUCHLINE_TEST_DEMO_WAREHOUSE"):
        return Path(os.environ["TOUCHLINE_TEST_DEMO_WAREHOUSE"])
    from touchline.commands.demo import DEMO_DAYS, DEMO_SEED, DEMO_VISITORS, run_demo

    root = tmp_path_factory.mktemp("demo")
    run_demo(
        root, root / "touchline.duckdb", days=DEMO_DAYS, visitors=DEMO_VISITORS, seed=DEMO_SEED, echo=lambda _line: None
    )
    return root / "touchline.duckdb"
