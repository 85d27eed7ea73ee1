"""The nightly schedule: on by default, 02:00 in a configurable time zone."""

from __future__ import annotations

import os
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dagster import DefaultScheduleStatus, ScheduleDefinition

from orchestration.jobs import nightly_build

SCHEDULE_TZ_ENV = "TOUCHLINE_SCHEDULE_TIMEZONE"
SCHEDULE_CRON_ENV = "TOUCHLINE_SCHEDULE_CRON"


def schedule_timezone() -> str:
    tz = os.environ.get(SCHEDULE_TZ_ENV, "UTC")
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"{SCHEDULE_TZ_ENV}={tz!r} is not an IANA time zone (e.g. Europe/Berlin)") from exc
    return tz


nightly_schedule = ScheduleDefinition(
    name="nightly_build_schedule",
    job=nightly_build,
    cron_schedule=os.environ.get(SCHEDULE_CRON_ENV, "0 2 * * *"),
    execution_timezone=schedule_timezone(),
    default_status=DefaultScheduleStatus.RUNNING,
    description="Runs the whole build every night at 02:00 (TOUCHLINE_SCHEDULE_TIMEZONE, default UTC).",
)
