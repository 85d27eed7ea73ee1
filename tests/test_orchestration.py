"""The Dagster definitions: one entry point, the graph, the schedule and the sensor."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from dagster import AssetKey, DefaultScheduleStatus, DefaultSensorStatus, RunRequest, SkipReason, build_sensor_context

from orchestration.definitions import defs
from orchestration.sensors import new_files_sensor
from touchline import settings


def test_the_asset_graph_runs_from_landing_folders_through_the_loader_to_dbt():
    graph = defs().resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    assert {
        "landing/pixel",
        "raw/pixel_events",
        "audit/load_audit",
        "staging/stg_pixel_events",
        "audit/dropped_records",
    } <= keys
    staged = graph.get(AssetKey(["staging", "stg_pixel_events"]))
    assert AssetKey(["raw", "pixel_events"]) in staged.parent_keys
    loader = graph.get(AssetKey(["raw", "pixel_events"]))
    assert AssetKey(["landing", "pixel"]) in loader.parent_keys


def test_the_nightly_job_writes_the_report_after_publishing():
    report = defs().resolve_asset_graph().get(AssetKey(["warehouse", "report"]))
    assert report.parent_keys == {AssetKey(["warehouse", "published"])}
    job = defs().resolve_job_def("nightly_build")
    assert AssetKey(["warehouse", "report"]) in job.asset_layer.executable_asset_keys


def test_the_nightly_job_builds_every_dbt_asset_and_not_the_conversion_exports():
    definitions = defs()
    job = definitions.resolve_job_def("nightly_build")
    dbt_keys = {spec.key for spec in definitions.resolve_assets_def(AssetKey(["marts", "visitor_payments"])).specs}
    assert dbt_keys and dbt_keys <= job.asset_layer.executable_asset_keys
    assert AssetKey(["raw", "pixel_events"]) in job.asset_layer.executable_asset_keys
    assert AssetKey(["conversions", "exports"]) not in job.asset_layer.executable_asset_keys


def test_importing_the_definitions_does_no_work():
    # No dbt parse and no manifest read at import: Dagster (or a caller) builds them with defs().
    script = (
        "import orchestration.definitions, orchestration.project as project; "
        "print(project.touchline_project.cache_info().currsize)"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"


def test_dbt_tests_are_asset_checks():
    checks = defs().resolve_asset_graph().asset_check_keys
    # the reconciliation tests read several models: each is a check of the model it reconciles
    attached = {check.name: check.asset_key.to_user_string() for check in checks}
    assert attached["assert_visitor_payments_reconcile_to_exports"] == "marts/visitor_payments"
    assert attached["assert_attribution_credits_sum_to_net_revenue"] == "marts/attribution_credits"
    assert attached["assert_mer_daily_reconciles_to_visitor_payments"] == "marts/mer_daily"
    assert attached["assert_spend_reconciles_across_analytics_marts"] == "marts/campaign_performance_daily"
    assert attached["assert_identity_labels_converged"] == "intermediate/int_identity_components"
    assert attached["not_null_and_unique_stg_pixel_events"] == "staging/stg_pixel_events"
    # the tests on the loader's tables (dbt sources) are checks of the loader's assets
    assert attached["not_null_pixel_events"] == "raw/pixel_events"
    assert attached["not_null_and_unique_load_audit"] == "audit/load_audit"


def test_the_nightly_schedule_is_on_by_default_at_two():
    schedule = defs().resolve_schedule_def("nightly_build_schedule")
    assert schedule.cron_schedule == "0 2 * * *"
    assert schedule.default_status == DefaultScheduleStatus.RUNNING
    assert schedule.job_name == "nightly_build"


def test_the_new_files_sensor_is_off_by_default_and_fires_on_new_files(tmp_path: Path, monkeypatch):
    sensor = defs().resolve_sensor_def("new_files_sensor")
    assert sensor.default_status == DefaultSensorStatus.STOPPED
    landing = tmp_path / "landing"
    (landing / "orders").mkdir(parents=True)
    monkeypatch.setenv(settings.LANDING_ENV, str(landing))

    first = new_files_sensor(build_sensor_context())
    assert isinstance(first, RunRequest)
    (landing / "orders" / "new.csv").write_text("order_id\n")
    second = new_files_sensor(build_sensor_context(cursor=first.run_key))
    assert isinstance(second, RunRequest) and second.run_key != first.run_key
    unchanged = new_files_sensor(build_sensor_context(cursor=second.run_key))
    assert isinstance(unchanged, SkipReason)
    # a partial upload under a hidden name is not a landed file: the loader would skip it
    (landing / "orders" / ".upload-tmp").mkdir()
    (landing / "orders" / ".upload-tmp" / "part.csv").write_text("order_id\n")
    (landing / "orders" / ".partial.csv").write_text("order_id\n")
    hidden = new_files_sensor(build_sensor_context(cursor=second.run_key))
    assert isinstance(hidden, SkipReason)


def test_the_dbt_resource_works_without_the_venv_on_path(tmp_path: Path):
    # cron runs `.venv/bin/touchline build` with a bare PATH: the dbt beside the interpreter must
    # be found without it (dagster-dbt alone refuses to start when `dbt` is not on PATH).
    script = "from orchestration.definitions import defs; print(defs().resources['dbt'].dbt_executable)"
    env = {**os.environ, "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", script], env=env, cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    executable = Path(done.stdout.strip())
    # dbt's own command line, started so that it dies with the build (touchline.dbt.child)
    assert executable == Path(sys.executable).with_name("touchline-dbt")
    assert os.access(executable, os.X_OK)


def test_importing_the_definitions_leaves_out_what_only_a_model_fit_needs():
    # every build imports the definitions (the report asset reads touchline.mmm's adstock and
    # saturation); scipy.signal and scipy.optimize cost ~1.7 CPU s to import, and only an MMM
    # fit uses them (docs/benchmarks.md, issue 20 fifth round)
    code = "import sys, orchestration.definitions; print(sorted(m for m in ('scipy.signal', 'scipy.optimize') if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"


_ASSET_GRAPH = """
import json, sys
{prelude}
from orchestration.definitions import defs
graph = defs().resolve_asset_graph()
described = {{
    key.to_user_string(): {{
        "parents": sorted(parent.to_user_string() for parent in node.parent_keys),
        "group": node.group_name,
        "checks": sorted(str(check) for check in node.check_keys),
        "kinds": sorted(node.kinds),
        "tags": sorted(node.tags.items()),
        "metadata": sorted(node.metadata),
        "description": node.description,
    }}
    for key, node in ((key, graph.get(key)) for key in graph.get_all_asset_keys())
}}
import dbt.version  # still importable afterwards
print(json.dumps({{"graph": described, "dbt_core_loaded": "dbt.contracts.graph.nodes" in sys.modules}}, sort_keys=True))
"""


def test_the_build_loads_dagster_dbt_without_dbt_core_and_gets_the_same_assets_and_checks():
    # `touchline build` runs dbt in a child process; importing dagster-dbt without dbt-core
    # saves ~1.2 s of every build's start (touchline.commands.dbt_free_dagster), and must not
    # change one asset, dependency or check that Dagster sees.
    def describe(prelude: str) -> dict:
        code = _ASSET_GRAPH.format(prelude=prelude)
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        return json.loads(done.stdout.splitlines()[-1])

    without = describe(
        "from touchline.commands.dbt_free_dagster import import_dagster_dbt_without_dbt_core\n"
        "import_dagster_dbt_without_dbt_core()"
    )
    with_dbt_core = describe("import dbt.version")
    assert not without["dbt_core_loaded"]
    assert with_dbt_core["dbt_core_loaded"]
    assert len(without["graph"]) > 100
    assert sum(len(node["checks"]) for node in without["graph"].values()) >= 90
    assert without["graph"] == with_dbt_core["graph"]
