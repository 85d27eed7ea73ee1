"""The one Dagster entry point: `touchline ui`, or `dagster dev` from the repository folder
(pyproject.toml names the module and the code location `touchline`).

`defs` is loaded lazily (`@definitions`): importing this module does no work; Dagster (or a
caller, `defs()`) builds the definitions, which parses the dbt project on first use
(orchestration/project.py).
"""

from __future__ import annotations

from dagster import Definitions, definitions, in_process_executor

from orchestration.assets.dbt import touchline_dbt
from orchestration.assets.landing import LANDING_FOLDERS, load_landing_files
from orchestration.assets.publish import publish_warehouse
from orchestration.assets.report import morning_report
from orchestration.conversions import (
    conversion_exports,
    conversions_export,
    conversions_export_schedule,
    conversions_send,
    conversions_send_schedule,
)
from orchestration.dbt_resource import touchline_dbt_cli
from orchestration.jobs import nightly_build
from orchestration.project import touchline_project
from orchestration.resources import TouchlinePaths
from orchestration.schedules import nightly_schedule
from orchestration.sensors import new_files_sensor


@definitions
def defs() -> Definitions:
    return Definitions(
        assets=[
            *LANDING_FOLDERS,
            load_landing_files,
            touchline_dbt(),
            publish_warehouse(),
            morning_report,
            conversion_exports,
        ],
        jobs=[nightly_build, conversions_export, conversions_send],
        schedules=[nightly_schedule, conversions_export_schedule, conversions_send_schedule],
        sensors=[new_files_sensor],
        # Materializations started from the UI run in one process too, holding the build lock
        # for the whole run (orchestration/resources.py).
        executor=in_process_executor,
        resources={
            "dbt": touchline_dbt_cli(touchline_project()),
            "paths": TouchlinePaths(),
        },
    )
