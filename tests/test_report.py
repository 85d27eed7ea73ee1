"""`touchline report`: built by the nightly job beside the warehouse, rendered in headless
Chromium with the network refused: every chart drawn, no console error, a screenshot kept."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.browser import ARTIFACTS_DIR, launch, refuse_network
from touchline.cli import main
from touchline.commands.build import run_build
from touchline.generator import generate
from touchline.report import default_report_path, write_report

pytestmark = pytest.mark.slow

# Every chart the report can draw; with 120 days of a generated store each has data.
CHARTS = [
    "weekly_trend",
    "campaign_roas",
    "channel_flows",
    "ltv_by_channel",
    "ltv_by_campaign",
    "ltv_cohorts",
    "mmm_contributions",
    "mmm_response",
    "files_by_kind",
    "quarantine_reasons",
]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("report")
    landing = root / "landing"
    # 120 days: the 90-day cohort window completes for the first month and the
    # marketing-mix model has the days it needs.
    generate(landing, days=120, visitors=4000, seed=5, truth_dir=root / "truth")
    path = root / "warehouse" / "touchline.duckdb"
    run_build(landing, path, echo=lambda _line: None)
    return path


def render(report: Path, screenshot: Path | None = None) -> dict:
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    attempted: list[str] = []
    with sync_playwright() as p:
        browser = launch(p)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            refuse_network(page, attempted)
            page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(report.as_uri(), wait_until="load")
            # plotly draws each chart into its div once the page has loaded.
            page.wait_for_function(
                "[...document.querySelectorAll('figure.chart')].every(f => f.querySelector('.main-svg'))",
                timeout=60_000,
            )
            drawn = page.evaluate(
                """() => [...document.querySelectorAll('figure.chart')].map(f => ({
                    name: f.dataset.chart,
                    plotted: !!f.querySelector('.js-plotly-plot') && !!f.querySelector('.js-plotly-plot')._fullLayout,
                    marks: f.querySelectorAll('.point, .bars path, .scatterlayer path.js-line, .sankey-node, .hm, image').length,
                    width: f.getBoundingClientRect().width, height: f.getBoundingClientRect().height,
                }))"""
            )
            empty = page.evaluate("() => [...document.querySelectorAll('[data-empty]')].map(e => e.dataset.empty)")
            if screenshot is not None:
                screenshot.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(screenshot), full_page=True)
        finally:
            browser.close()
    return {"errors": errors, "attempted": attempted, "drawn": drawn, "empty": empty}


def test_the_nightly_build_writes_the_report_beside_the_warehouse(warehouse: Path) -> None:
    report = default_report_path(warehouse)
    assert report.parent == warehouse.parent and report.name == "touchline.report.html"
    html = report.read_text()
    assert "<script src=" not in html and "<link" not in html  # everything inline
    for chart in CHARTS:
        assert f'data-chart="{chart}"' in html, chart


def test_the_response_curves_come_without_importing_scipy_signal(warehouse: Path) -> None:
    # the report is a build's last step: importing scipy.signal for a few series cost a 10 M
    # nightly 0.7 s (docs/benchmarks.md, issue 20 seventeenth round); the curves use the
    # fit's recursion one day at a time instead (tests/test_mmm_parts.py: the same doubles)
    code = (
        "import sys, duckdb\n"
        "from touchline.report import data\n"
        f"con = duckdb.connect({str(warehouse)!r}, read_only=True)\n"
        "curves = data.mmm_response_curves(con)\n"
        "print(len(curves), curves.ad_platform.nunique(), 'scipy.signal' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    rows, platforms, imported = done.stdout.split()
    assert int(rows) == int(platforms) * 42 and int(platforms) > 0
    assert imported == "False"


def test_every_chart_is_drawn_in_chromium_with_no_error_and_no_network(warehouse: Path) -> None:
    out = warehouse.parent / "morning.html"
    assert main(["report", "--warehouse", str(warehouse), "--out", str(out), "--days", "60"]) == 0
    result = render(out, ARTIFACTS_DIR / "report" / "report.png")
    assert result["errors"] == []
    assert result["attempted"] == []
    assert result["empty"] == []
    assert [c["name"] for c in result["drawn"]] == CHARTS
    for chart in result["drawn"]:
        assert chart["plotted"], chart
        assert chart["marks"] > 0, chart
        assert chart["width"] > 300 and chart["height"] > 200, chart
    assert (ARTIFACTS_DIR / "report" / "report.png").stat().st_size > 50_000


def test_the_period_follows_days_and_partial_weeks_are_marked(warehouse: Path, tmp_path: Path) -> None:
    from touchline.report import data

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        w = data.window(con, 30)
        weeks = data.weekly(con, w)
        first_day = con.execute("select min(date_day) from marts.mer_daily").fetchone()[0]
    finally:
        con.close()
    assert w.start.weekday() == 0 and (w.as_of - w.start).days < 37
    assert weeks.week_start.iloc[0].date() == w.start
    # The last week is partial unless the as-of date is a Sunday; every other is whole.
    assert bool(weeks.is_partial.iloc[-1]) == (w.as_of.weekday() != 6)
    assert not weeks.is_partial.iloc[:-1].any() or first_day > w.start
    assert weeks.revenue.sum() > 0


def test_a_warehouse_without_data_gets_a_report_that_says_so(warehouse: Path, tmp_path: Path) -> None:
    # The built warehouse's tables, without their rows: what a store sees before data lands.
    empty = tmp_path / "touchline.duckdb"
    con = duckdb.connect(str(empty))
    try:
        con.execute(f"attach '{warehouse}' as built (read_only)")
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_catalog = 'built' and table_schema in ('marts', 'audit', 'intermediate')"
        ).fetchall()
        for schema, table in tables:
            con.execute(f"create schema if not exists {schema}")
            con.execute(f"create table {schema}.{table} as select * from built.{schema}.{table} limit 0")
    finally:
        con.close()
    result = write_report(empty, tmp_path / "empty.html")
    assert result.charts == []
    assert {"files_by_kind", "quarantine_reasons", "ltv_cohorts", "mmm_response"} <= set(result.empty)
    assert "no data landed yet" in result.path.read_text()
    rendered = render(result.path)
    assert rendered["errors"] == [] and rendered["attempted"] == []


def test_report_names_what_is_missing(tmp_path: Path, capsys) -> None:
    assert main(["report", "--warehouse", str(tmp_path / "nope.duckdb")]) == 2
    assert "touchline build" in capsys.readouterr().err
    assert not (tmp_path / "nope.duckdb").exists()
    assert main(["report", "--warehouse", str(tmp_path / "nope.duckdb"), "--days", "0"]) == 2


@pytest.mark.parametrize(
    ("current", "previous", "higher_is_better", "expected"),
    [
        (99.7, 100.0, True, ("unchanged on the period before (within 0.5 %)", "")),
        (100.4, 100.0, False, ("unchanged on the period before (within 0.5 %)", "")),
        (99.0, 100.0, True, ("-1% on the period before", "down")),
        (99.0, 100.0, False, ("-1% on the period before", "up")),
        (112.0, 100.0, True, ("+12% on the period before", "up")),
        (5.0, 0.0, True, ("no earlier period to compare", "")),
    ],
)
def test_a_change_that_rounds_to_zero_has_no_sign_or_colour(current, previous, higher_is_better, expected) -> None:
    from touchline.report.build import _change

    assert _change(current, previous, higher_is_better=higher_is_better) == expected
