"""Microsoft Advertising performance reports (downloaded from Reports, or from the Reporting
API): a preamble (`Report Name: ...`, `Time Zone: ...`, `Rows: ...`), the header row, daily
rows with `M/D/YYYY` dates, a `Total` row and a copyright footer (both dropped). Columns as the
API names them (`TimePeriod`, `CampaignName`, `CampaignId`, `Spend`, `CurrencyCode`,
`AccountNumber`, `AdGroupId`, ...) or as the UI does (`Gregorian date`, `Campaign name`, ...).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from touchline.sources.format import FileContext, Output, SourceFormat
from touchline.sources.formats.common import cell, number, us_day
from touchline.sources.formats.spend_report import SpendColumns, SqlSpend
from touchline.sources.settings import account_currency

_DAY = ("TimePeriod", "Gregorian date", "Day", "Date")
_CAMPAIGN = ("CampaignName", "Campaign name", "Campaign")


def _accept(columns: list[str]) -> bool:
    names = {name.strip().lower() for name in columns}
    return (
        any(d.lower() in names for d in _DAY)
        and any(c.lower() in names for c in _CAMPAIGN)
        and ("timeperiod" in names or "gregorian date" in names or "campaignname" in names or "accountnumber" in names)
    )


def _drop(record: Mapping[str, Any], cells: list[str]) -> str | None:
    first = next((c.strip() for c in cells if c.strip()), "")
    if first.startswith(("©", "(c)")) or "All rights reserved" in first:
        return "report footer"
    if first.lower().startswith("total"):
        return "report total row"
    return None


def _map(record: Mapping[str, Any], context: FileContext) -> list[Output]:
    account_id = cell(record, "AccountNumber", "Account number", "AccountId", "Account ID")
    campaign = cell(record, *_CAMPAIGN)
    currency = cell(record, "CurrencyCode", "Currency code", "Currency") or account_currency(
        context.settings, "microsoft", account_id
    )
    return [
        (
            "spend",
            {
                "date_day": us_day(cell(record, *_DAY), "date_day"),
                "platform": "microsoft",
                "campaign_id": cell(record, "CampaignId", "Campaign ID") or campaign,
                "campaign_name": campaign,
                "spend": number(cell(record, "Spend") or "0"),
                "currency": currency,
                "account_id": account_id,
                "account_name": cell(record, "AccountName", "Account name"),
                "ad_group_id": cell(record, "AdGroupId", "Ad group ID"),
                "ad_group_name": cell(record, "AdGroupName", "Ad group"),
                "ad_id": cell(record, "AdId", "Ad ID"),
                "clicks": number(cell(record, "Clicks")),
                "impressions": number(cell(record, "Impressions", "Impr.")),
            },
        )
    ]


FORMAT = SourceFormat(
    name="microsoft_ads",
    folder="spend",
    title="Microsoft Advertising performance report (CSV)",
    container="table",
    header=("Spend",),
    accept=_accept,
    map=_map,
    outputs=("spend",),
    drop=_drop,
    # _map as a renaming, for the rows DuckDB can type (sql_path.py)
    sql=SqlSpend(
        SpendColumns(
            day=_DAY,
            campaign_id=("CampaignId", "Campaign ID"),
            campaign_name=_CAMPAIGN,
            spend=("Spend",),
            currency=("CurrencyCode", "Currency code", "Currency"),
            account_id=("AccountNumber", "Account number", "AccountId", "Account ID"),
            account_name=("AccountName", "Account name"),
            ad_group_id=("AdGroupId", "Ad group ID"),
            ad_group_name=("AdGroupName", "Ad group"),
            ad_id=("AdId", "Ad ID"),
            clicks=("Clicks",),
            impressions=("Impressions", "Impr."),
        ),
        platform="microsoft",
        us_days=True,
    ),
)
