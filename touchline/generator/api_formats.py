"""Rewrite generated orders and spend as the platforms' APIs give them: Shopify Admin GraphQL
bulk-operation orders (`--orders-format shopify_admin_graphql`) and the Google Ads API / Meta
Marketing API tables that connectors replicate (`--spend-format google_ads_api,meta_insights_api`).

What each cannot carry is lost as in the real export (docs/sources.md):
- GraphQL orders have no `landing_site`: the order's landing page and referrer are its
  `customerJourneySummary.lastVisit`, written without `occurredAt` because the canonical order
  does not know when that visit happened (so the loader takes it as the landing site and adds
  no journey page views of its own). An order is written once per file (its last row).
  Refunds stay in `refunds/` as canonical files.
- Connector tables name no platform: the file is the platform's (its own table).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

API_ORDERS_FORMATS = ("shopify_admin_graphql",)
API_SPEND_FORMATS = {"google_ads_api": {"google"}, "meta_insights_api": {"meta", "facebook", "instagram"}}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def rewrite_orders_graphql(landing: Path) -> int:
    """Rewrite every orders/*.csv file as a GraphQL bulk-operation JSONL file (one Order a line)."""
    files = sorted((landing / "orders").rglob("*.csv"))
    for path in files:
        # a bulk operation writes an order once (its lines are consecutive, folded on load): the
        # file's last row of an order wins, as in Shopify's CSV export
        latest = {row["order_id"]: row for row in _read(path)}
        lines = [json.dumps(_graphql_order(row), separators=(",", ":")) for row in latest.values()]
        path.with_suffix(".jsonl").write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        path.unlink()
    return len(files)


def _graphql_order(row: dict[str, str]) -> dict[str, object]:
    visit = {
        key: row[field]
        for key, field in (("landingPage", "landing_site"), ("referrerUrl", "referring_site"))
        if row.get(field)
    }
    status = row.get("financial_status") or ""
    return {
        "id": f"gid://shopify/Order/{row['order_id']}",
        "name": f"#{row['order_id']}",
        "createdAt": row["created_at"],
        "updatedAt": row.get("updated_at") or None,
        "email": row.get("email") or None,
        "customer": {"id": f"gid://shopify/Customer/{row['customer_id']}"} if row.get("customer_id") else None,
        "currencyCode": row["currency"],
        "totalPriceSet": {"shopMoney": {"amount": row["total_price"], "currencyCode": row["currency"]}},
        "displayFinancialStatus": status.upper() or None,
        "test": row.get("test", "").lower() == "true",
        "customerJourneySummary": {"lastVisit": visit} if visit else None,
    }


def rewrite_spend_api(landing: Path, formats: list[str], rewrite_others: Callable[[list[str]], T]) -> T:
    """Rewrite the spend/*.csv files of the platforms one of `formats` covers as that API's
    connector table (CSV), and the other platforms' files by `rewrite_others` with the remaining
    formats (the API tables are set aside meanwhile, so a catch-all format leaves them alone)."""
    done = _rewrite_api(landing, formats)
    aside = [path.rename(path.with_name(path.name + ".api")) for path in done]
    try:
        return rewrite_others([f for f in formats if f not in API_SPEND_FORMATS] or ["touchline"])
    finally:
        for path in aside:
            path.rename(path.with_name(path.name.removesuffix(".api")))


def _rewrite_api(landing: Path, formats: list[str]) -> list[Path]:
    rewritten: list[Path] = []
    for path in sorted((landing / "spend").rglob("*.csv")):
        rows = _read(path)
        platform = rows[0]["platform"].lower() if rows else ""
        fmt = next((f for f in formats if platform in API_SPEND_FORMATS.get(f, ())), None)
        if fmt is None:
            continue
        header, body = (_google_ads_api if fmt == "google_ads_api" else _meta_insights)(rows)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(body)
        path.write_text(buffer.getvalue(), encoding="utf-8")
        rewritten.append(path)
    return rewritten


def _google_ads_api(rows: list[dict[str, str]]) -> tuple[list[str], list[list[str]]]:
    header = [
        "segments.date",
        "customer.id",
        "customer.descriptive_name",
        "customer.currency_code",
        "campaign.id",
        "campaign.name",
        "metrics.cost_micros",
        "metrics.clicks",
        "metrics.impressions",
    ]
    body = [
        [
            r["date_day"],
            r.get("account_id", ""),
            r.get("account_name", ""),
            r["currency"],
            r["campaign_id"],
            r["campaign_name"],
            _micros(r["spend"]),
            r.get("clicks", ""),
            r.get("impressions", ""),
        ]
        for r in rows
    ]
    return header, body


def _micros(amount: str) -> str:
    try:
        return str(int(Decimal(amount) * 1_000_000))
    except (InvalidOperation, ValueError):
        return amount  # a broken amount stays broken (quarantined)


def _meta_insights(rows: list[dict[str, str]]) -> tuple[list[str], list[list[str]]]:
    header = [
        "date_start",
        "date_stop",
        "account_id",
        "account_name",
        "account_currency",
        "campaign_id",
        "campaign_name",
        "spend",
        "impressions",
        "clicks",
    ]
    body = [
        [
            r["date_day"],
            r["date_day"],
            r.get("account_id", ""),
            r.get("account_name", ""),
            r["currency"],
            r["campaign_id"],
            r["campaign_name"],
            r["spend"],
            r.get("impressions", ""),
            r.get("clicks", ""),
        ]
        for r in rows
    ]
    return header, body
