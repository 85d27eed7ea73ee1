"""Shared test setup: Dagster's and dbt's scratch folders. (The dbt manifest needs no setup: the
definitions parse the project on first use, once for all workers: orchestration/project.py.)"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


# Keep Dagster's instance and dbt's logs out of the user's home and the repository; one
# instance per test process (xdist workers import this module themselves).
os.environ["DAGSTER_HOME"] = tempfile.mkdtemp(prefix="touchline-dagster-home-")
os.environ["DBT_LOG_PATH"] = tempfile.mkdtemp(prefix="touchline-dbt-logs-")
# Nightly builds reuse dbt's own target folder (and its parse); two test processes building
# at once must not share one.
os.environ["TOUCHLINE_DBT_TARGET_PATH"] = tempfile.mkdtemp(prefix="touchline-dbt-target-")
# The manifest the Dagster definitions read: parsed on first use (once for all workers,
# orchestration/project.py) into a folder of the tests' own (kept between runs, so an
# unchanged project is not parsed again), never into dbt_project/target_build/, which the
# user's builds read.
os.environ["TOUCHLINE_DBT_PROJECT_TARGET"] = str(Path(__file__).resolve().parent.parent / "dbt_project" / "target_tests")
