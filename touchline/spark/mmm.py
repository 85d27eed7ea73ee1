"""The marketing-mix fit on Spark: the same Python fit as the dbt Python models, on the rows
the Spark build wrote.

dbt-spark runs Python models only by submitting them to a Databricks cluster; a session-mode
or Thrift build has no way to run them. The fit is small (one row per day and campaign) and
deterministic, so Touchline runs it itself between two dbt invocations: it reads the two
inputs the dbt model reads (intermediate.int_analytics_daily, int_mmm_campaign_spend_daily)
from the Spark session, calls the same functions (touchline.mmm.nightly) with the settings dbt
rendered for the model, and writes int_mmm_fit as a Parquet table; dbt then builds the typed
marts on top of it, as on DuckDB.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pandas as pd

from touchline.mmm.nightly import NightlySettings, fit_table, nightly_fit

FIT_MODELS = ("int_mmm_fit",)
FIT_SCHEMA = "intermediate"
_SETTING_KEYS = ("mmm_min_days", "mmm_min_active_days", "mmm_min_r2", "mmm_max_mape")


def fit_settings(manifest_path: Path) -> NightlySettings:
    """The settings dbt rendered into the fit model's config (its `{{ var(...) }}`s)."""
    manifest = json.loads(Path(manifest_path).read_text())
    config = manifest["nodes"]["model.touchline.int_mmm_fit"]["config"]
    return NightlySettings.from_config({key: config.get(key) for key in _SETTING_KEYS})


def _frame(spark: Any, sql: str) -> pd.DataFrame:
    """A query's rows as pandas, built from Python values (pyspark's toPandas lags pandas)."""
    result = spark.sql(sql)
    rows = result.collect()
    frame = pd.DataFrame([tuple(row) for row in rows], columns=result.columns)
    # as the DuckDB models' relation.df() gives them: dates as datetime64, amounts as float64
    frame["date_day"] = pd.to_datetime(frame["date_day"])
    return frame


def _spark_type(series: pd.Series) -> str:
    kind = series.dtype.kind
    if kind == "f":
        return "double"
    if kind in "iu":
        return "bigint"
    if kind == "b":
        return "boolean"
    if kind == "M":
        return "timestamp"
    values = series.dropna()
    if len(values) and isinstance(values.iloc[0], dt.date):
        return "date"
    return "string"


def _python_value(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def write_table(spark: Any, frame: pd.DataFrame, table: str) -> None:
    """Replace `table` with the rows of `frame` (a Parquet table, like dbt's)."""
    schema = ", ".join(f"`{column}` {_spark_type(frame[column])}" for column in frame.columns)
    rows = [tuple(_python_value(v) for v in row) for row in frame.astype(object).itertuples(index=False, name=None)]
    spark.sql(f"drop table if exists {table}")
    spark.createDataFrame(rows, schema=schema).write.format("parquet").saveAsTable(table)


def run_fit(spark: Any, manifest_path: Path) -> None:
    """Fit the model on the Spark build's tables and write the fit table."""
    settings = fit_settings(manifest_path)
    revenue = _frame(
        spark,
        "select date_day, cast(net_revenue_reporting as double) as net_revenue from intermediate.int_analytics_daily",
    )
    spend = _frame(
        spark,
        "select date_day, ad_platform, campaign_id, campaign_name, cast(spend_reporting as double) as spend "
        "from intermediate.int_mmm_campaign_spend_daily",
    )
    write_table(spark, fit_table(nightly_fit(revenue, spend, settings), spend), f"{FIT_SCHEMA}.int_mmm_fit")
