"""How dbt nodes become Dagster assets: keys follow the warehouse's own schema.table names,
so the asset graph reads like the DuckDB file an analyst opens."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dagster import AssetKey
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings


class TouchlineTranslator(DagsterDbtTranslator):
    def __init__(self) -> None:
        # The tests on the loader's tables (sources: raw.*, audit.load_audit, e.g. "every
        # landed file's records add up") are asset checks of the loader's assets, as every
        # other dbt test is of its model, not bare observations (dagster-dbt's default).
        super().__init__(settings=DagsterDbtTranslatorSettings(enable_source_tests_as_checks=True))

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        # Sources (raw.*, audit.load_audit, audit.quarantine) are the loader's outputs, so
        # they must carry the same keys as the loader's asset specs.
        return AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return dbt_resource_props["schema"]
