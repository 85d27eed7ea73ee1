"""A sensor that starts a build when new files land (off by default: the schedule is enough
for most stores, and a busy landing folder would otherwise rebuild all day)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from dagster import DefaultSensorStatus, RunRequest, SensorEvaluationContext, SkipReason, sensor

from orchestration.jobs import build_run_config, nightly_build
from touchline import settings
from touchline.landing.schema import KIND_TABLES


def landing_fingerprint(landing: Path) -> str:
    """A cheap fingerprint of what has landed: paths, sizes and modification times."""
    digest = hashlib.sha256()
    for kind in sorted(KIND_TABLES):
        folder = landing / kind
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                stat = path.stat()
                digest.update(f"{path.relative_to(landing)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
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
