"""`touchline report`: the morning report, one self-contained HTML file of charts.

Charts are drawn with Plotly (plotly.py builds the figures, plotly.js draws them, inlined
once in the file): a widely used, maintained library whose charts a marketer can hover,
zoom and save as PNG, with no server and no network at view time. The cost is size: plotly.js
is about 4.8 MB minified (about 1.4 MB gzipped), so a report is about 5 MB whatever the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from touchline.report.build import build_report

DEFAULT_DAYS = 90


def default_report_path(warehouse: Path) -> Path:
    """Beside the warehouse: touchline.duckdb -> touchline.report.html."""
    return warehouse.with_name(f"{warehouse.stem}.report.html")


@dataclass(frozen=True)
class ReportResult:
    path: Path
    charts: list[str]
    empty: list[str]
    size_bytes: int


def write_report(
    warehouse: Path, out: Path | None = None, *, days: int = DEFAULT_DAYS, currency: str | None = None
) -> ReportResult:
    """Read the published warehouse (read-only) and write the report next to it (or to out).
    The file is written beside its destination and renamed into place, so a browser never
    opens half a report."""
    from touchline.dbt.vars import reporting_currency

    if days < 1:
        raise ValueError(f"--days must be at least 1, got {days}")
    out = out or default_report_path(warehouse)
    page, empty = build_report(
        warehouse, days=days, currency=currency or reporting_currency(), generated_at=datetime.now(UTC)
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.partial")
    partial.write_text(page.html, encoding="utf-8")
    partial.replace(out)
    return ReportResult(path=out, charts=page.charts, empty=empty, size_bytes=out.stat().st_size)
