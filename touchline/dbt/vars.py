"""dbt vars the user sets without editing the project: TOUCHLINE_DBT_VARS holds a JSON or
YAML mapping (e.g. '{reporting_currency: EUR, reporting_timezone: Europe/Berlin}') that is
passed to every dbt invocation as --vars."""

from __future__ import annotations

import os
from typing import Any

import yaml

from touchline.settings import ConfigError

DBT_VARS_ENV = "TOUCHLINE_DBT_VARS"

_PROJECT_DEFAULTS = {"reporting_currency": "USD", "reporting_timezone": "UTC"}


def dbt_vars_from_env() -> dict[str, Any]:
    raw = os.environ.get(DBT_VARS_ENV, "").strip()
    if not raw:
        return {}
    try:
        parsed = yaml.safe_load(raw)
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: a date YAML cannot make (2026-13-01)
        raise ConfigError(f"{DBT_VARS_ENV} is not valid JSON/YAML: {exc}") from exc
    if not isinstance(parsed, dict):
        raise ConfigError(f"{DBT_VARS_ENV} must be a mapping of var names to values, got {raw!r}")
    from touchline.dbt.var_rules import validate

    validate(parsed, DBT_VARS_ENV)  # names, types and ranges, before anything is written
    return parsed


def reporting_currency() -> str:
    return str(dbt_vars_from_env().get("reporting_currency", _PROJECT_DEFAULTS["reporting_currency"]))
