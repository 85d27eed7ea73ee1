"""Google Ads report downloaded from the UI (Reports or the Campaigns table), CSV or the
"Excel .csv" variant (UTF-16, tab-separated).

Recognised by its header row (`Campaign`, `Cost` and a `Day`/`Date` column), found below the
report's title and date-range lines. `Total: ...` rows are dropped (audit.dropped_lines).
Amounts may carry thousands separators (`1,204.50`) and `--` for zero. Without a
`Campaign ID` column the campaign name is the id (campaigns are then matched by name).
The currency comes from `Currency code`, else from TOUCHLINE_ACCOUNT_CURRENCIES.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from touchline.sources.format import FileContext, Output, SourceFormat
from touchline.sources.formats.common import cell, day, number
from touchline.sources.formats.spend_report import SpendColumns, SqlSpend
from touchline.sources.settings import account_currency


def _accept(columns: list[str]) -> bool:
    names = {name.strip().lower() for name in columns}
    return bool(names & {"day", "date"})


def _drop(record: Mapping[str, Any], cells: list[str]) -> str | None:
    first = next((c.strip() for c in cells if c.strip()), "")
    if first.lower().startswith("total"):
        return "report total row"
    return None


def _map(record: Mapping[str, Any], context: FileContext) -> list[Output]:
    account_id = cell(record, "Customer ID", "Account ID")
    campaign = cell(record, "Campaign")
    currency = cell(record, "Currency code", "Currency") or account_currency(context.settings, "google", account_id)
    return [
        (
            "spend",
            {
                "date_day": day(cell(record, "Day", "Date"), "date_day"),
                "platform": "google",
                "campaign_id": cell(record, "Campaign ID") or campaign,
                "campaign_name": campaign,
                "spend": number(cell(record, "Cost") or "0"),
                "currency": currency,
                "account_id": account_id,
                "account_name": cell(record, "Account", "Account name"),
                "ad_group_id": cell(record, "Ad group ID"),
                "ad_group_name": cell(record, "Ad group"),
                "clicks": number(cell(record, "Clicks")),
                "impressions": number(cell(record, "Impr.", "Impressions")),
            },
        )
    ]


FORMAT = SourceFormat(
    name="google_ads_ui",
    folder="spend",
    title="Google Ads UI report (CSV, or UTF-16 tab-separated)",
    container="table",
    header=("Campaign", "Cost"),
    accept=_accept,
    map=_map,
    outputs=("spend",),
    drop=_drop,
    # _map as a renaming, for the rows DuckDB can type (sql_path.py)
    sql=SqlSpend(
        SpendColumns(
            day=("Day", "Date"),
            campaign_id=("Campaign ID",),
            campaign_name=("Campaign",),
            spend=("Cost",),
            currency=("Currency code", "Currency"),
            account_id=("Customer ID", "Account ID"),
            account_name=("Account", "Account name"),
            ad_group_id=("Ad group ID",),
            ad_group_name=("Ad group",),
            clicks=("Clicks",),
            impressions=("Impr.", "Impressions"),
        ),
        platform="google",
    ),
)
