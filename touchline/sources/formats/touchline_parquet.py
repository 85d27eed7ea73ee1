"""The landing contract's own columns as Parquet (orders, refunds, spend, fx): the same
columns as the CSV files, typed by Parquet (decimals stay exact; floats are read from their
shortest repr, so `19.99` stays 19.99)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from touchline.landing.csv_kinds import CSV_KINDS
from touchline.sources.format import FileContext, Output, SourceFormat


def _format(kind: str) -> SourceFormat:
    spec = CSV_KINDS[kind]
    names = tuple(column.name for column in spec.columns)

    def _map(record: Mapping[str, Any], context: FileContext) -> list[Output]:
        return [(kind, {name: record.get(name) for name in names})]

    return SourceFormat(
        name="touchline_parquet",
        folder=kind,
        title=f"the landing contract's {kind} columns (Parquet)",
        container="table",
        header=spec.required,
        accept=lambda columns: True,
        map=_map,
        outputs=(kind,),
        parquet_only=True,
    )


FORMATS = tuple(_format(kind) for kind in CSV_KINDS)
