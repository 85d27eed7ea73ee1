"""A sensor that starts a build when new files land (off by default: the schedule is enough
for most stores, and a busy landing folder would otherwise rebuild all day)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from dagster import DefaultSensorStatus, RunRequest, SensorEvaluationContext, SkipReason, sensor

from orchestration.jobs import build_run_config, nightly_build
from touchline import settings
from touchline.landing.files import discover


def landing_fingerprint(landing: Path) -> str:
    """A cheap fingerprint of what has landed: paths, sizes and modification times of the
    files the loader would look at (the same discovery, so a partial upload under a hidden
    name does not start a build that loads nothing)."""
    digest = hashlib.sha256()
    for landed in discover(landing):
        stat = landed.path.stat()
        digest.update(f"{landed.rel_path}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


@sensor(
    name="new_files_sensor",
    job=nightly_build,
    minimum_interval_seconds=int(os.environ.get("TOUCHLINE_SENSOR_INTERVAL_SECONDS", "300")),
    default_status=DefaultSensorStatus.STOPPED,
    description="Starts nightly_build when the landing folder's files change.",
)
def new_files_sensor(context: SensorEvaluationContext):
    landing = settings.landing_dir()
    if not landing.is_dir():
        return SkipReason(f"landing folder {landing} does not exist")
    fingerprint = landing_fingerprint(landing)
    if fingerprint == context.cursor:
        return SkipReason("no new files")
    context.update_cursor(fingerprint)
    return RunRequest(run_key=fingerprint, run_config=build_run_config(False))
