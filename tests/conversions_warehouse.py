"""A small built warehouse for the conversions tests: a generated month of store data, loaded,
the export ledger copied in as a build does, and `dbt build` of marts.conversion_events and
everything upstream (about 20 s)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from touchline.conversions.ledger import copy_into_build
from touchline.dbt.cli import run_dbt
from touchline.generator import generate
from touchline.landing.load import load_landing

GENERATED_END = dt.date(2026, 10, 31)


def generate_landing(root: Path) -> Path:
    landing = root / "landing"
    generate(landing, days=30, visitors=800, seed=11, truth_dir=root / "truth", end_date=GENERATED_END)
    return landing


def build(
    landing: Path,
    warehouse: Path,
    dbt_vars: dict | None = None,
    *,
    select: tuple[str, ...] = ("+conversion_events",),
    extra_args: tuple[str, ...] = (),
) -> str:
    """Load, copy the ledger in, build: what a nightly build does, for the conversion models
    only unless `select` names more."""
    con = duckdb.connect(str(warehouse))
    try:
        load_landing(landing, con)
        copy_into_build(con, warehouse)
    finally:
        con.close()
    return run_dbt(
        ["build", "--select", *select, "--indirect-selection", "cautious", *extra_args],
        warehouse,
        target_path=warehouse.parent / "target",
        dbt_vars=dbt_vars,
    )


def query(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()
