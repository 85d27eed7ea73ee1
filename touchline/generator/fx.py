"""Daily exchange rates into USD, with gaps (a day without a rate uses the latest earlier one)."""

from __future__ import annotations

import csv
import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

from touchline.generator.config import FX_MISSING_DAY_RATE, FX_START

_RATE_PLACES = Decimal("0.000001")


class FxTable:
    """Published rates per currency and day, and the rate in effect on any day."""

    def __init__(self, published: dict[str, dict[dt.date, Decimal]]) -> None:
        self.published = published

    def rate(self, currency: str, day: dt.date) -> Decimal:
        if currency == "USD":
            return Decimal(1)
        days = self.published[currency]
        d = day
        while d not in days:  # the latest earlier rate applies (landing.md)
            d -= dt.timedelta(days=1)
        return days[d]


def make_rates(rng: random.Random, days: list[dt.date]) -> FxTable:
    published: dict[str, dict[dt.date, Decimal]] = {}
    for currency, start in FX_START.items():
        level = start
        series: dict[dt.date, Decimal] = {}
        for i, day in enumerate(days):
            level *= 1 + rng.gauss(0, 0.003)
            # The first day always has a rate, so every amount in the period converts.
            if i > 0 and rng.random() < FX_MISSING_DAY_RATE:
                continue
            series[day] = Decimal(repr(level)).quantize(_RATE_PLACES)
        published[currency] = series
    return FxTable(published)


def write_rates(fx: FxTable, out: Path) -> list[Path]:
    """fx/rates-YYYY-MM.csv, one file per month, rows sorted by day then currency."""
    by_month: dict[str, list[tuple[dt.date, str, Decimal]]] = {}
    for currency, series in fx.published.items():
        for day, rate in series.items():
            by_month.setdefault(day.strftime("%Y-%m"), []).append((day, currency, rate))
    paths = []
    folder = out / "fx"
    folder.mkdir(parents=True, exist_ok=True)
    for month in sorted(by_month):
        path = folder / f"rates-{month}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["date_day", "currency", "rate"])
            for day, currency, rate in sorted(by_month[month]):
                w.writerow([day.isoformat(), currency, str(rate)])
        paths.append(path)
    return paths
