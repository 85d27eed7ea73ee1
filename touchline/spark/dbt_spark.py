"""dbt on Spark in this process: the session Touchline starts is the one dbt-spark uses."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from touchline.dbt.cli import DbtError, dbt_env
from touchline.dbt.vars import dbt_vars_from_env
from touchline.landing.lake import lake_path
from touchline.settings import DBT_PROJECT_DIR, PROFILES_DIR
from touchline.spark.lake_tables import register_lake
from touchline.spark.session import get_session

SPARK_TARGET = "spark"


@contextlib.contextmanager
def _environment(values: Mapping[str, str]) -> Iterator[None]:
    saved = dict(os.environ)
    os.environ.update(values)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def run_spark_dbt(
    args: Sequence[str],
    warehouse: Path,
    *,
    lake: Path | None = None,
    dbt_vars: Mapping[str, Any] | None = None,
    target_path: Path | None = None,
    refresh_lake: bool = True,
) -> Any:
    """Run `dbt <args>` on the local Spark session of `warehouse`, its sources over `lake`
    (registered and refreshed first, unless `refresh_lake` is false: nothing landed since)."""
    from dbt.cli.main import dbtRunner

    spark = get_session(warehouse)
    if refresh_lake:
        register_lake(spark, lake or lake_path(warehouse))
    cmd = [*args, "--target", SPARK_TARGET, "--profiles-dir", str(PROFILES_DIR), "--project-dir", str(DBT_PROJECT_DIR)]
    merged_vars = {**dbt_vars_from_env(), **dict(dbt_vars or {})}
    if merged_vars:
        cmd += ["--vars", json.dumps(merged_vars)]
    with _environment(dbt_env(warehouse, target_path=target_path)):
        result = dbtRunner().invoke(cmd)
    if not result.success:
        raise DbtError(f"dbt {' '.join(args)} on Spark failed: {result.exception or 'see the log'}")
    return result
