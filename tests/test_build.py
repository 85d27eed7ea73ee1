"""The foundation end to end: generated and broken landing folders built through the Dagster
job (loader + dbt), asserting on the real tables."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from tests.warehouse_snapshot import EMAIL_PATTERN, query, table_fingerprints, varchar_values_matching
from touchline.commands.build import run_build
from touchline.generator import generate


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    root = tmp_path_factory.mktemp("generated")
    landing = root / "landing"
    generate(landing, days=21, visitors=600, seed=7, truth_dir=root / "truth")
    warehouse = root / "warehouse" / "touchline.duckdb"
    lines: list[str] = []
    run_build(landing, warehouse, echo=lines.append)
    return landing, warehouse, root


def test_every_landed_file_is_accounted_for(generated):
    landing, warehouse, _ = generated
    landed = sorted(
        p.relative_to(landing).as_posix() for p in landing.rglob("*") if p.is_file() and not p.name.startswith(".")
    )
    audited = [row[0] for row in query(warehouse, "select file_path from audit.load_audit order by file_path")]
    assert audited == landed
    broken = query(
        warehouse,
        "select file_path from audit.load_audit where records_read <> records_loaded + records_quarantined",
    )
    assert broken == []


def test_loaded_records_reach_staging_and_duplicates_are_counted(generated):
    _, warehouse, _ = generated
    (raw_events,) = query(warehouse, "select count(*) from raw.pixel_events")[0]
    (distinct_events,) = query(warehouse, "select count(distinct event_id) from raw.pixel_events")[0]
    (staged_events,) = query(warehouse, "select count(*) from staging.stg_pixel_events")[0]
    assert staged_events == distinct_events > 0
    dropped = dict(query(warehouse, "select reason, records from audit.dropped_records where kind = 'pixel'"))
    assert dropped["duplicate event_id (retried send)"] == raw_events - distinct_events > 0
    assert dropped["bot user agent (kept in staging, excluded from attribution)"] > 0
    (raw_orders, distinct_orders) = query(warehouse, "select count(*), count(distinct order_id) from raw.orders")[0]
    (staged_orders,) = query(warehouse, "select count(*) from staging.stg_orders")[0]
    assert staged_orders == distinct_orders > 0
    assert raw_orders > distinct_orders, "the generator re-exports orders; staging must keep one state each"


def test_the_generator_malformed_records_are_quarantined_with_reasons(generated):
    _, warehouse, _ = generated
    rows = query(warehouse, "select kind, reason, line_number, raw_record from audit.quarantine")
    assert rows, "the generator plants malformed records"
    assert all(reason for _, reason, _, _ in rows)
    assert all(line is not None and line >= 1 for _, _, line, _ in rows)


def test_no_table_holds_a_plain_email(generated):
    _, warehouse, _ = generated
    assert varchar_values_matching(warehouse, EMAIL_PATTERN) == []


def test_a_build_with_nothing_new_says_so_and_runs_nothing(generated):
    landing, warehouse, _ = generated
    logs = sorted((warehouse.parent / "logs").glob("build-*.log"))
    lines: list[str] = []
    summary = run_build(landing, warehouse, echo=lines.append)
    assert lines[0].startswith("nothing new: the ") and "up to date" in lines[0]
    assert lines[1] == "this build  nothing new"
    assert summary.this_build is None and summary.files > 0
    assert sorted((warehouse.parent / "logs").glob("build-*.log")) == logs  # no dbt, no Dagster run


def test_the_build_prints_phases_and_keeps_the_details_in_its_log(generated):
    _, warehouse, _ = generated
    [log] = sorted((warehouse.parent / "logs").glob("build-*.log"))[:1]
    text = log.read_text()
    assert "\x1b[" not in text  # no colour codes in a file
    assert " of " in text and "START" in text and "load_landing_files - loaded " in text  # dbt's and the loader's lines


def test_a_second_build_with_no_new_files_changes_nothing(generated, monkeypatch):
    landing, warehouse, _ = generated
    # The default reporting currency spelled out: a changed setting, so the build runs in full
    # (its tables must not change); with nothing changed it would skip (test above).
    monkeypatch.setenv("TOUCHLINE_DBT_VARS", "{reporting_currency: USD}")
    before = table_fingerprints(warehouse)
    # An analyst keeps the published warehouse open during the build: the build writes its own
    # file and publishes by rename, so neither side is locked out.
    analyst = duckdb.connect(str(warehouse), read_only=True)
    try:
        lines: list[str] = []
        summary = run_build(landing, warehouse, echo=lines.append)
        assert analyst.execute("select count(*) from staging.stg_orders").fetchone()[0] > 0
        assert summary.this_build is not None and summary.this_build.files == 0
        assert (
            any(line.startswith("dbt ") for line in lines)
            and lines[-3] == "this build  0 files (0 rejected), 0 records loaded, 0 quarantined"
        )
    finally:
        analyst.close()
    assert table_fingerprints(warehouse) == before


@pytest.mark.parametrize("full_refresh", [False, True])
def test_a_nightly_checkpoints_when_dbt_ends_and_a_full_build_as_duckdb_does(
    generated, tmp_path: Path, monkeypatch, full_refresh: bool
):
    # A nightly's small batch keeps DuckDB's write-ahead log until dbt closes the file (one
    # checkpoint), which skips the row-group vacuum while the file has few deleted rows; a full
    # build, whose log would be gigabytes, keeps DuckDB's 16 MB, and vacuums.
    from touchline.commands import build as build_command
    from touchline.warehouse.build_state import record_published

    landing, warehouse, _ = generated
    copied_landing = tmp_path / "landing"
    shutil.copytree(landing, copied_landing)
    refunds = sorted((copied_landing / "refunds").iterdir())[0]
    shutil.copy(refunds, refunds.with_name("2099-01-01.csv"))  # one small new file
    copy = tmp_path / "warehouse" / "touchline.duckdb"
    copy.parent.mkdir()
    shutil.copy(warehouse, copy)
    # as if published by this code with these settings (other tests rebuild `generated` with
    # settings of their own, which would make this a nightly after a change, not a usual one)
    record_published(copy)
    asked: list[tuple] = []

    class Stopped(Exception):
        pass

    def execute(full_refresh: bool, dbt_threads: int = 0, checkpoint_threshold: str = "", skip_vacuum: bool = False):
        asked.append((full_refresh, dbt_threads, checkpoint_threshold, skip_vacuum))
        raise Stopped  # before Dagster: only the settings are under test

    monkeypatch.setattr(build_command, "_execute", execute)
    with pytest.raises(Stopped):
        run_build(copied_landing, copy, full_refresh=full_refresh, echo=lambda _line: None)
    expected = (True, 0, "", False) if full_refresh else (False, 2, "1GB", True)
    assert asked == [expected]


def test_full_refresh_rebuilds_the_same_warehouse(generated, tmp_path: Path):
    landing, warehouse, _ = generated
    copy = tmp_path / "copy.duckdb"
    shutil.copy(warehouse, copy)
    run_build(landing, copy, full_refresh=True, echo=lambda _line: None)
    assert table_fingerprints(copy, ignore_lineage=True) == table_fingerprints(warehouse, ignore_lineage=True)


def test_dbt_docs_describe_every_mart_and_column(generated, tmp_path: Path):
    import json

    from touchline.commands.docs import run_docs

    _, warehouse, _ = generated
    index = run_docs(warehouse, serve=False, port=0, echo=lambda _line: None, target_path=tmp_path / "docs")
    assert index.exists()
    catalog = json.loads((tmp_path / "docs" / "catalog.json").read_text())
    manifest = json.loads((tmp_path / "docs" / "manifest.json").read_text())
    marts = [
        node for node in manifest["nodes"].values() if node["resource_type"] == "model" and node["schema"] == "marts"
    ]
    assert {"visitor_payments", "sessions", "mer_daily", "cohort_ltv"} <= {node["name"] for node in marts}
    undocumented = [
        f"{node['name']}.{column}"
        for node in marts
        for column in catalog["nodes"][node["unique_id"]]["columns"]
        if not node["columns"].get(column, {}).get("description")
    ]
    assert not [node["name"] for node in marts if not node["description"]]
    assert undocumented == []


def test_every_model_carries_its_descriptions_as_comments(generated):
    # A build writes every model's comments once, at the end of the run (macros/docs/
    # persist_docs.sql), not in each model's step: the published file still carries them all.
    from tests.warehouse_snapshot import comment_mismatches

    _, warehouse, _ = generated
    wrong, described, commented = comment_mismatches(warehouse)
    assert wrong == [] and commented >= described * 0.9


def _merged_test_failures(warehouse: Path, tmp_path: Path, name: str, plant: list[tuple[str, list]]) -> list[tuple]:
    """Run one merged data test on a copy of the warehouse: it passes, then fails once the
    planted statements ran; the rows it stored (`--store-failures`), ordered."""
    import re

    from touchline.dbt.cli import DbtError, run_dbt

    copy = tmp_path / "copy.duckdb"
    shutil.copy(warehouse, copy)
    select = ["test", "--select", name, "--store-failures"]
    assert f"PASS {name}" in run_dbt(select, copy, target_path=tmp_path / "target")
    con = duckdb.connect(str(copy))
    for statement, parameters in plant:
        con.execute(statement, parameters)
    con.close()
    with pytest.raises(DbtError) as failed:
        run_dbt(select, copy, target_path=tmp_path / "target")
    assert re.search(rf"FAIL \d+ {name}", str(failed.value)), str(failed.value)[-2000:]
    con = duckdb.connect(str(copy), read_only=True)
    (schema,) = con.execute(
        "select table_schema from information_schema.tables where table_name = ?", [name]
    ).fetchone()
    failures = con.execute(f"select * from {schema}.{name} order by 1").fetchall()
    con.close()
    return failures


def test_a_build_reads_whether_its_batch_is_full_once(generated, tmp_path: Path):
    # int_incremental_batch's post-hook reads is_full and keeps it for the rest of the run
    # (remember_incremental_batch_full): int_page_views' batch filter, its replace_batch delete
    # and its data test's scope take that answer instead of each querying the table
    from touchline.dbt.cli import run_dbt

    _, warehouse, _ = generated
    copy = tmp_path / "copy.duckdb"
    shutil.copy(warehouse, copy)
    select = ["--select", "int_incremental_batch", "int_page_views", "--exclude-resource-type", "unit_test"]
    output = run_dbt(["build", "--debug", *select], copy, target_path=tmp_path / "target")
    assert "OK created sql incremental model intermediate.int_page_views" in output, output[-3000:]
    assert "PASS not_null_and_unique_int_page_views" in output, output[-3000:]
    reads = [line for line in output.splitlines() if "select is_full from" in line]
    assert len(reads) == 1, reads


def test_one_data_test_checks_a_models_nulls_and_its_key(generated, tmp_path: Path):
    # not_null_columns checks the model's keys too (its `unique` argument: one dbt node, not one
    # per key): a repeated key and a null each fail it, named in the rows it returns
    _, warehouse, _ = generated
    revenue = "intermediate.int_orders_revenue"
    failures = _merged_test_failures(
        warehouse,
        tmp_path,
        "not_null_and_unique_int_orders_revenue",
        [
            (f"insert into {revenue} select * from {revenue} order by order_id limit 2", []),
            (f"update {revenue} set net_revenue = null where order_id = (select max(order_id) from {revenue})", []),
        ],
    )
    assert failures == [("not null: net_revenue", 1), ("unique: order_id", 2)]


def test_a_composite_key_is_checked_by_its_columns(generated, tmp_path: Path):
    # a `unique` entry given as a list ([destination, order_id]) is one key of several columns:
    # a row written twice fails it, named by its columns, in a model the test reads whole
    _, warehouse, _ = generated
    events = "marts.conversion_events"
    failures = _merged_test_failures(
        warehouse,
        tmp_path,
        "not_null_and_unique_conversion_events",
        [(f"insert into {events} select * from {events} order by destination, order_id limit 1", [])],
    )
    assert failures == [("unique: destination, order_id", 1)]


def test_one_data_test_checks_a_models_accepted_values_and_relationships(generated, tmp_path: Path):
    # not_null_columns's `accepted_values` (column: [values]) and `relationships` ({column, to,
    # field}) arguments, dbt's accepted_values and relationships tests merged into the model's
    # one node: a value outside the list and a value its parent model lacks each fail it, named
    # with their rows; a null is neither (dbt's rules), only a failed not-null check
    _, warehouse, _ = generated
    matches = "intermediate.int_analytics_campaign_matches"
    con = duckdb.connect(str(warehouse), read_only=True)
    refs = con.execute(f"select touch_campaign_ref from {matches} order by 1").fetchall()
    con.close()
    assert len(refs) >= 3, refs
    first, second, last = refs[0][0], refs[1][0], refs[-1][0]
    failures = _merged_test_failures(
        warehouse,
        tmp_path,
        "not_null_and_unique_int_analytics_campaign_matches",
        [
            (f"update {matches} set match_status = 'guessed' where touch_campaign_ref = ?", [first]),
            (f"update {matches} set match_status = null where touch_campaign_ref = ?", [last]),
            (f"update {matches} set touch_campaign_ref = 'nowhere|1|x' where touch_campaign_ref = ?", [second]),
        ],
    )
    assert failures == [
        ("accepted values: match_status", 1),
        ("not null: match_status", 1),
        ("relationship: touch_campaign_ref to int_analytics_touch_campaigns.touch_campaign_ref", 1),
    ]


def test_one_data_test_reads_a_scoped_model_once_and_checks_it_all(generated, tmp_path: Path):
    # A nightly's scoped model (incremental_test_scope.sql) read by several checks is read once
    # (not_null_columns' model_rows): each check still sees its rows, and a planted null, a
    # repeated key and a value its parents lack are each named with their rows
    _, warehouse, _ = generated
    views = "intermediate.int_page_views"
    failures = _merged_test_failures(
        warehouse,
        tmp_path,
        "not_null_and_unique_int_page_views",
        [
            # the scope holds every row (a build that recomputed them all; a later build of
            # this module's warehouse may have taken in no load)
            ("update intermediate.int_incremental_batch set is_full = true", []),
            (f"insert into {views} select * from {views} order by event_id limit 2", []),
            (f"update {views} set visitor_id = null where event_id = (select max(event_id) from {views})", []),
            (f"update {views} set hit_key = 12345 where event_id = (select min(event_id) from {views})", []),
        ],
    )
    assert failures == [
        ("not null: visitor_id", 1),
        ("relationship: hit_key to int_hits_classified.hit_key", 2),
        ("unique: event_id", 2),
    ]


def test_a_nightlys_relationship_check_reads_its_parent_through_the_same_batch(generated, tmp_path: Path):
    # In a nightly (the batch not full, read when the test runs), int_page_views' test reads the
    # batch's events, and stg_pixel_events, scoped by the same batch on the same column, is read
    # through it too (incremental_test_parent): a batch event its parent lost is still found;
    # an event outside the batch, checked by the build that wrote it, is not read again
    _, warehouse, _ = generated
    views = "intermediate.int_page_views"
    batch = "intermediate.int_incremental_batch_events"
    failures = _merged_test_failures(
        warehouse,
        tmp_path,
        "not_null_and_unique_int_page_views",
        [
            ("update intermediate.int_incremental_batch set is_full = false", []),
            (f"delete from {batch}", []),
            (f"insert into {batch} (event_id) select event_id from {views} order by event_id limit 50", []),
            (f"delete from raw.pixel_events where event_id = (select min(event_id) from {views})", []),
            (f"delete from raw.pixel_events where event_id = (select max(event_id) from {views})", []),
        ],
    )
    assert failures == [("relationship: event_id to stg_pixel_events.event_id", 1)]


def test_identity_convergence_checks_the_edges_of_recomputed_components(generated, tmp_path: Path):
    # assert_identity_labels_converged checks the edges with an end whose component the build
    # recomputed (assigned_through_load_id after the batch's first load; every edge when the
    # batch is full): a component split there fails it, at either end of the edge, and one
    # that the build did not recompute (checked by the build that did) is not read again
    _, warehouse, _ = generated
    con = duckdb.connect(str(warehouse), read_only=True)
    (to_load_id,) = con.execute("select to_load_id from intermediate.int_incremental_batch").fetchone()
    # two nodes that are each only the second end of their edges, in different components
    ends = con.execute(
        """
        select node_b, min(component_key) from intermediate.int_identity_edges
        inner join intermediate.int_identity_components on node_key = node_b
        where node_b not in (select node_a from intermediate.int_identity_edges)
        group by node_b order by node_b limit 2
        """
    ).fetchall()
    con.close()
    assert len(ends) == 2, ends
    (recomputed, _), (left_alone, _) = ends
    components = "intermediate.int_identity_components"
    failures = _merged_test_failures(
        warehouse,
        tmp_path,
        "assert_identity_labels_converged",
        [
            # a nightly whose batch starts after every stored component: none recomputed ...
            ("update intermediate.int_incremental_batch set is_full = false, from_load_id = ?", [to_load_id]),
            # ... but this one, now split from its edges' other ends
            (
                f"update {components} set component_key = 'split', assigned_through_load_id = ? where node_key = ?",
                [to_load_id + 1, recomputed],
            ),
            # split too, but not recomputed by this build: not read again
            (f"update {components} set component_key = 'split too' where node_key = ?", [left_alone]),
        ],
    )
    assert failures and {row[1] for row in failures} == {recomputed}, failures
    assert all(row[3] == "split" and row[2] != "split" for row in failures), failures


def test_a_nightlys_identity_map_check_reads_the_recomputed_identifiers(generated, tmp_path: Path):
    # identity_map is a projection of int_identity_components: a nightly checks it for the
    # identifiers whose components the build recomputed, with every row they have (a repeat
    # of one is found), and not the others (checked by the build that wrote them)
    _, warehouse, _ = generated
    (to_load_id,) = query(warehouse, "select to_load_id from intermediate.int_incremental_batch")[0]
    components = "intermediate.int_identity_components"
    nodes = [row[0] for row in query(warehouse, f"select node_key from {components} order by node_key limit 2")]
    failures = _merged_test_failures(
        warehouse,
        tmp_path,
        "not_null_and_unique_identity_map",
        [
            ("update intermediate.int_incremental_batch set is_full = false, from_load_id = ?", [to_load_id]),
            # recomputed by this build, and written twice
            (f"update {components} set assigned_through_load_id = ? where node_key = ?", [to_load_id + 1, nodes[0]]),
            (f"insert into {components} select * from {components} where node_key = ?", [nodes[0]]),
            # written twice too, but by an earlier build: not read again
            (f"insert into {components} select * from {components} where node_key = ?", [nodes[1]]),
        ],
    )
    assert failures == [("unique: identifier_type, identifier", 1)]


def test_every_dbt_unit_test_passes(generated, tmp_path: Path):
    # The nightly build leaves unit tests out (they test the code, not the data): they run here,
    # on a copy of a built warehouse, since they need their parents' columns.
    import re

    from touchline.dbt.cli import run_dbt

    _, warehouse, _ = generated
    copy = tmp_path / "copy.duckdb"
    shutil.copy(warehouse, copy)
    output = run_dbt(["test", "--select", "test_type:unit"], copy, target_path=tmp_path / "target")
    passed = re.search(r"PASS=(\d+)", output)
    assert passed and int(passed.group(1)) >= 19 and "ERROR=0" in output, output[-2000:]


def test_the_loaders_tables_are_checked_as_asset_checks_not_observed(generated):
    # dbt's tests on its sources (the loader's raw.* and audit.* tables) run in the build and
    # are recorded as asset checks of the loader's assets, like every model's tests.
    from dagster import AssetCheckKey, AssetKey, DagsterInstance
    from dagster._core.storage.asset_check_execution_record import AssetCheckExecutionRecordStatus

    instance = DagsterInstance.get()  # the instance run_build ran in (DAGSTER_HOME)
    for asset, check in (
        (["raw", "pixel_events"], "not_null_pixel_events"),
        (["audit", "load_audit"], "not_null_and_unique_load_audit"),
    ):
        history = instance.event_log_storage.get_asset_check_execution_history(
            AssetCheckKey(AssetKey(asset), check), limit=1
        )
        assert history and history[0].status == AssetCheckExecutionRecordStatus.SUCCEEDED, (asset, check)
        assert not instance.fetch_observations(AssetKey(asset), limit=1).records


def test_a_warehouse_published_before_the_lake_gets_its_lake_on_the_next_build(generated, tmp_path: Path):
    from tests.warehouse_snapshot import lake_tables, loader_tables
    from touchline.landing.lake import lake_path
    from touchline.warehouse.build_state import state_path

    landing, warehouse, _ = generated
    older = tmp_path / "touchline.duckdb"  # as an earlier version published it: no lake beside it
    shutil.copy(warehouse, older)
    shutil.copy(state_path(warehouse), state_path(older))
    before = table_fingerprints(older)
    lines: list[str] = []
    summary = run_build(landing, older, echo=lines.append)
    assert not lines[0].startswith("nothing new")  # same files and code, but the lake is missing
    assert summary.this_build is not None and summary.this_build.files == 0
    assert lake_tables(lake_path(older)) == loader_tables(older)
    assert table_fingerprints(older) == before
    # and now there is nothing left to do
    assert run_build(landing, older, echo=lambda _line: None).this_build is None
