"""`touchline conversions export|send` (docs/conversions.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from touchline import settings


def run_conversions(args: argparse.Namespace) -> int:
    warehouse = settings.warehouse_path(args.warehouse)
    out = Path(args.out).resolve()
    if args.conversions_command == "export":
        from touchline.conversions.export import export_conversions

        engine = settings.engine(args.engine)
        print(export_conversions(warehouse, args.destination, out, since=args.since, engine=engine).summary())
        return 0
    from touchline.conversions.send import send_conversions

    report = send_conversions(warehouse, args.destination, out, dry_run=args.dry_run, echo=print)
    print(report.summary())
    return 0 if report.ok else 1
