"""Every SQL block of the README runs against a demo-sized warehouse and returns rows.

The warehouse is `touchline demo`'s (same days, visitors and seed: conftest.demo_warehouse);
set TOUCHLINE_TEST_DEMO_WAREHOUSE to a demo warehouse already built to reuse it."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from touchline.commands.demo import EXAMPLE_QUERIES
from touchline.settings import REPO_ROOT
from touchline.warehouse.publish import connect_published

pytestmark = pytest.mark.slow

_BLOCK = re.compile(r"```sql\n(.*?)```", re.S)


def readme_statements() -> list[str]:
    blocks = _BLOCK.findall((REPO_ROOT / "README.md").read_text())
    return [statement.query for block in blocks for statement in duckdb.extract_statements(block)]


@pytest.fixture(scope="module")
def warehouse(demo_warehouse: Path) -> Path:
    return demo_warehouse


def test_the_readme_has_sql_to_run() -> None:
    assert len(readme_statements()) >= 8


@pytest.mark.parametrize(
    "sql",
    readme_statements()
    + [q for _t, block in EXAMPLE_QUERIES for q in (s.query for s in duckdb.extract_statements(block))],
    ids=lambda sql: " ".join(sql.split())[:60],
)
def test_every_readme_and_demo_query_answers(warehouse: Path, sql: str) -> None:
    con = connect_published(warehouse)
    try:
        rows = con.execute(sql).fetchall()
    finally:
        con.close()
    assert rows, "the query returned nothing"


def test_the_readme_queries_keep_paid_organic_and_unattributed_apart(warehouse: Path) -> None:
    [first_touch] = [q for q in readme_statements() if "first_touch_campaign, count(*)" in q]
    [pivot] = [q for q in readme_statements() if q.lstrip().startswith("-- (orders without any touch") or "pivot" in q]
    [cohorts] = [q for q in readme_statements() if "from marts.cohort_ltv" in q and "ltv_per_customer" in q]
    con = connect_published(warehouse)
    try:
        rows = con.execute(first_touch).fetchall()
        # google appears once per channel it brought orders through (organic and paid apart)
        google_channels = {r[0] for r in rows if r[1] == "google"}
        assert {"Organic Search", "Paid Search"} <= google_channels
        assert "Unattributed" in {r[0] for r in con.execute(pivot).fetchall()}
        keys = con.execute(
            f"select cohort_month, acquisition_channel, acquisition_platform, acquisition_campaign, "
            f"window_days, count(*) from ({cohorts.rstrip().rstrip(';')}) group by all having count(*) > 1"
        ).fetchall()
        assert keys == []  # one row per cohort, channel, platform, campaign and window
    finally:
        con.close()


def test_the_readme_shows_the_next_steps_the_demo_prints(monkeypatch, tmp_path: Path) -> None:
    import touchline.commands.build as build
    import touchline.generator as generator
    from touchline.commands.demo import run_demo

    class Stats:
        events = orders = refunds = spend_rows = 0

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(generator, "generate", lambda *a, **k: Stats())
    monkeypatch.setattr(build, "run_build", lambda *a, **k: None)
    lines: list[str] = []
    run_demo(tmp_path / "demo", tmp_path / "demo" / "touchline.duckdb", days=1, visitors=1, seed=1, echo=lines.append)
    start = lines.index("Next steps:")
    printed = "\n".join(lines[start : start + 9])
    assert printed in (REPO_ROOT / "README.md").read_text()
