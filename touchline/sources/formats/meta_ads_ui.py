"""Meta Ads Manager export (CSV, or the .xlsx saved as CSV): `Campaign name`, the day
(`Day`, or `Reporting starts` = `Reporting ends` for a one-day row) and `Amount spent (EUR)`,
whose header names the account's currency.

A row spanning several days can't be one day's spend and is quarantined (export with the
Day breakdown). The summary row (no campaign) is dropped (audit.dropped_lines). Without a
`Campaign ID` column the campaign name is the id.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from touchline.landing.values import BadValue
from touchline.sources.format import FileContext, Output, SourceFormat
from touchline.sources.formats.common import cell, currency_in_header, day, number
from touchline.sources.formats.spend_report import SpendColumns, SqlSpend

_AMOUNT = re.compile(r"Amount spent \(\w{3}\)", re.IGNORECASE)


def _drop(record: Mapping[str, Any], cells: list[str]) -> str | None:
    if cell(record, "Campaign name") is None and cell(record, "Campaign ID") is None:
        return "report summary row (no campaign)"
    return None


def _day(record: Mapping[str, Any]) -> str | None:
    one_day = day(cell(record, "Day"), "date_day")
    if one_day is not None:
        return one_day
    starts = day(cell(record, "Reporting starts"), "date_day")
    ends = day(cell(record, "Reporting ends"), "date_day")
    if starts is not None and ends is not None and starts != ends:
        raise BadValue("row covers several days (export with the Day breakdown)")
    return starts


def _map(record: Mapping[str, Any], context: FileContext) -> list[Output]:
    amount = context.cache.get("amount")
    if amount is None:
        amount = context.cache["amount"] = currency_in_header(context.columns, "Amount spent")
    column, currency = amount[0].strip().lower(), amount[1]
    campaign = cell(record, "Campaign name")
    return [
        (
            "spend",
            {
                "date_day": _day(record),
                "platform": "meta",
                "campaign_id": cell(record, "Campaign ID") or campaign,
                "campaign_name": campaign,
                "spend": number(cell(record, column) or "0"),
                "currency": cell(record, "Currency") or currency,
                "account_id": cell(record, "Account ID"),
                "account_name": cell(record, "Account name"),
                "ad_group_id": cell(record, "Ad set ID"),
                "ad_group_name": cell(record, "Ad set name"),
                "ad_id": cell(record, "Ad ID"),
                "ad_name": cell(record, "Ad name"),
                "clicks": number(cell(record, "Link clicks", "Clicks (all)")),
                "impressions": number(cell(record, "Impressions")),
            },
        )
    ]


FORMAT = SourceFormat(
    name="meta_ads_ui",
    folder="spend",
    title="Meta Ads Manager export (CSV)",
    container="table",
    header=("Campaign name",),
    header_patterns=(_AMOUNT,),
    map=_map,
    outputs=("spend",),
    drop=_drop,
    # _map as a renaming, for the rows DuckDB can type (sql_path.py): a row with its `Day` never
    # reads `Reporting starts` / `ends`; a file without `Day` is read by Python
    sql=SqlSpend(
        SpendColumns(
            day=("Day",),
            campaign_id=("Campaign ID",),
            campaign_name=("Campaign name",),
            spend=(),
            currency=("Currency",),
            account_id=("Account ID",),
            account_name=("Account name",),
            ad_group_id=("Ad set ID",),
            ad_group_name=("Ad set name",),
            ad_id=("Ad ID",),
            ad_name=("Ad name",),
            clicks=("Link clicks", "Clicks (all)"),
            impressions=("Impressions",),
        ),
        platform="meta",
        currency_in_header="Amount spent",
    ),
)
