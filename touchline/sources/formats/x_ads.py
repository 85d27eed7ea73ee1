"""X Ads (formerly Twitter Ads) campaign export from the campaign dashboard's Export button,
daily segments: `ID` (the campaign id), `Campaign`, `Campaign URL`, `Time` (the day),
`Spend`, `Impressions`, `Clicks`, ... (the headers X documents for every objective). The
export names no currency: it comes from TOUCHLINE_ACCOUNT_CURRENCIES (platform `x`), or
a `Currency` column when one is there.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from touchline.sources.format import FileContext, Output, SourceFormat
from touchline.sources.formats.common import cell, day, number, us_day
from touchline.sources.formats.spend_report import SpendColumns, SqlSpend
from touchline.sources.settings import account_currency


def _day(value: str | None) -> str | None:
    if value is not None and "/" in value:
        return us_day(value, "date_day")
    return day(value, "date_day")


def _map(record: Mapping[str, Any], context: FileContext) -> list[Output]:
    campaign = cell(record, "Campaign")
    return [
        (
            "spend",
            {
                "date_day": _day(cell(record, "Time")),
                "platform": "x",
                "campaign_id": cell(record, "ID", "Id") or campaign,
                "campaign_name": campaign,
                "spend": number(cell(record, "Spend") or "0"),
                "currency": cell(record, "Currency") or account_currency(context.settings, "x", None),
                "clicks": number(cell(record, "Clicks")),
                "impressions": number(cell(record, "Impressions")),
            },
        )
    ]


FORMAT = SourceFormat(
    name="x_ads_ui",
    folder="spend",
    title="X Ads campaign export (CSV)",
    container="table",
    header=("Campaign", "Campaign URL", "Time", "Spend"),
    map=_map,
    outputs=("spend",),
    # _map as a renaming, for the rows DuckDB can type (sql_path.py)
    sql=SqlSpend(
        SpendColumns(
            day=("Time",),
            campaign_id=("ID", "Id"),
            campaign_name=("Campaign",),
            spend=("Spend",),
            currency=("Currency",),
            clicks=("Clicks",),
            impressions=("Impressions",),
        ),
        platform="x",
        us_days=True,
    ),
)
