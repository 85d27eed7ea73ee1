"""The retail calendar's peaks, as the model's baseline sees them (and the demo store lives them).

Black Friday to Cyber Monday and the December gift season lift a store's revenue for days
at a time whatever it spends. Two yearly sine waves cannot follow a four-day peak, so without
these terms the peak lands in the residual, or in a platform that happened to be on air that
week. Each is a 0/1 column of the baseline (docs/mmm.md, "Baseline"); a period that does not
contain the days gets no column.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from numpy.typing import NDArray

# The last day of the gift season: after it, parcels no longer arrive before Christmas.
GIFT_SEASON_LAST_DAY = 23


def black_friday(year: int) -> dt.date:
    """The day after US Thanksgiving (the fourth Thursday of November)."""
    first = dt.date(year, 11, 1)
    thursday = first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)
    return thursday + dt.timedelta(days=1)


def is_cyber_weekend(day: dt.date) -> bool:
    """Black Friday through Cyber Monday (four days)."""
    start = black_friday(day.year)
    return start <= day <= start + dt.timedelta(days=3)


def is_gift_season(day: dt.date) -> bool:
    """The day after Cyber Monday through 23 December."""
    after_cyber_monday = black_friday(day.year) + dt.timedelta(days=4)
    return after_cyber_monday <= day <= dt.date(day.year, 12, GIFT_SEASON_LAST_DAY)


def holiday_columns(dates: pd.DatetimeIndex) -> tuple[list[NDArray[np.float64]], list[str]]:
    """0/1 columns for the peaks that occur in `dates` (none for a period without them)."""
    days = [d.date() for d in dates]
    columns: list[NDArray[np.float64]] = []
    names: list[str] = []
    for name, rule in (("cyber_weekend", is_cyber_weekend), ("gift_season", is_gift_season)):
        column = np.fromiter((rule(d) for d in days), dtype=np.float64, count=len(days))
        if column.any():
            columns.append(column)
            names.append(name)
    return columns, names
