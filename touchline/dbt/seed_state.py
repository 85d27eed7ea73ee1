"""Seeds a build need not load again: the build file already holds them, tested.

Every `dbt build` records in the build file's `intermediate.seed_state` the CSV checksum and
the config of each seed it loaded whose data tests all passed (macros/incremental/
seed_state.sql). Before the next build on that file starts dbt, `unchanged_seeds` compares
that record with the current project's manifest: a seed with the same checksum and the same
table-shaping config, whose table is still there, is left out of the build together with its
data tests (dbt's `--exclude` leaves a node's tests out with it). Its table holds exactly the
rows a load would write again, and its tests read that table alone, so they would pass again.

A changed CSV or config, a missing table or record, a load or test that failed (no record is
written then), a full refresh, or a build file that cannot be read: every seed is loaded.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb

# The parts of a seed's config that decide what its table holds and where it is.
_SHAPING_CONFIG = ("column_types", "delimiter", "quote_columns", "database", "schema", "alias", "enabled")


def manifest_seeds(manifest: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """The project's seeds by name, as the parsed manifest has them."""
    return {node["name"]: node for node in manifest["nodes"].values() if node["resource_type"] == "seed"}


def unchanged_seeds(build_file: Path, manifest: Mapping[str, Any]) -> list[str]:
    """The names of the seeds the build file holds as the current project would load them."""
    seeds = manifest_seeds(manifest)
    if not seeds or not Path(build_file).is_file():
        return []
    try:
        con = duckdb.connect(str(build_file), read_only=True)
    except duckdb.Error:
        return []  # held by a writer or unreadable: load every seed
    try:
        if not con.execute(
            "select count(*) from information_schema.tables where table_schema = 'intermediate' "
            "and table_name = 'seed_state'"
        ).fetchone()[0]:
            return []
        recorded = {
            name: (checksum, config_json)
            for name, checksum, config_json in con.execute(
                "select seed_name, checksum, config_json from intermediate.seed_state"
            ).fetchall()
        }
        tables = set(con.execute("select table_schema, table_name from information_schema.tables").fetchall())
    except duckdb.Error:
        return []
    finally:
        con.close()
    unchanged = []
    shared = _seeds_tested_with_other_nodes(manifest)
    for name, node in sorted(seeds.items()):
        if name in shared or name not in recorded or (node["schema"], node.get("alias") or name) not in tables:
            continue
        checksum, config_json = recorded[name]
        if checksum == node["checksum"]["checksum"] and _shaping(json.loads(config_json)) == _shaping(node["config"]):
            unchanged.append(name)
    return unchanged


def _seeds_tested_with_other_nodes(manifest: Mapping[str, Any]) -> set[str]:
    # dbt's --exclude leaves out every test of an excluded node, also one that reads a model
    # beside the seed (a relationships test from a model to a seed's keys): such a test checks
    # this build's rows, so its seed is loaded and tested with it, never left out.
    nodes = manifest["nodes"]
    shared: set[str] = set()
    for node in nodes.values():
        if node["resource_type"] != "test":
            continue
        parents = node["depends_on"]["nodes"]
        seeds = [parent for parent in parents if parent.startswith("seed.")]
        if seeds and len(seeds) < len(parents):
            shared.update(nodes[seed]["name"] for seed in seeds if seed in nodes)
    return shared


def _shaping(config: Mapping[str, Any]) -> dict[str, Any]:
    return {key: config.get(key) for key in _SHAPING_CONFIG}
