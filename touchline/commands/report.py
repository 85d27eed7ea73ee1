"""`touchline report`: write the morning report of the published warehouse."""

from __future__ import annotations

import sys
from pathlib import Path

from touchline.report import write_report
from touchline.report.build import ReportError


def run_report(warehouse: Path, out: Path | None, *, days: int, echo=print) -> int:
    if days < 1:
        print(f"touchline: --days must be at least 1, got {days}", file=sys.stderr)
        return 2
    if not warehouse.exists():
        print(
            f"touchline: {warehouse} does not exist: run `touchline build` (or `touchline demo`) first, "
            "or point --warehouse at the DuckDB file",
            file=sys.stderr,
        )
        return 2
    try:
        result = write_report(warehouse, out, days=days)
    except ReportError as exc:
        print(f"touchline: {exc}", file=sys.stderr)
        return 1
    drawn = f"{len(result.charts)} charts"
    if result.empty:
        drawn += f" ({len(result.empty)} without data: {', '.join(result.empty)})"
    echo(f"report written to {result.path} ({result.size_bytes / 2**20:.1f} MiB, {drawn}); open it in any browser")
    return 0
