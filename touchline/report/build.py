"""Assemble the report page from the warehouse: sections in the order a marketer reads them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from touchline.report import charts, data
from touchline.report.page import Page, table
from touchline.warehouse.publish import connect_published


@dataclass(frozen=True)
class BuiltPage:
    html: str
    charts: list[str]


def build_report(warehouse: Path, *, days: int, currency: str, generated_at: datetime) -> tuple[BuiltPage, list[str]]:
    # Read-only, and always the newest published file (publish.connect_published).
    con = connect_published(warehouse)
    try:
        return _build(con, warehouse, days=days, currency=currency, generated_at=generated_at)
    finally:
        con.close()


def _build(
    con: duckdb.DuckDBPyConnection, warehouse: Path, *, days: int, currency: str, generated_at: datetime
) -> tuple[BuiltPage, list[str]]:
    if not data.has_table(con, "marts", "mer_daily"):
        raise ReportError(f"{warehouse} has no marts yet: run `touchline build` first")
    w = data.window(con, days)
    stamp = generated_at.strftime("%Y-%m-%d %H:%M UTC")
    if w is None:
        page = Page(
            title="Touchline morning report", subtitle=f"{warehouse.name} · no data landed yet · generated {stamp}"
        )
    else:
        page = Page(
            title="Touchline morning report",
            subtitle=f"{warehouse.name} · data up to {w.as_of:%a %d %b %Y} · weeks from {w.start:%d %b} (last {days} days) "
            f"· amounts in {currency} · generated {stamp}",
        )
        _headline(page, con, w, currency)
        _trend(page, con, w, currency)
        _campaigns(page, con, w, currency)
    _cohorts(page, con, currency)
    _mmm(page, con, currency)
    _quality(page, con)
    html = page.render(
        footer=f"Touchline · {warehouse} · every number comes from the marts and audit tables of this file"
    )
    return BuiltPage(html=html, charts=list(page.charts)), _empty_names(page)


def _empty_names(page: Page) -> list[str]:
    names = []
    for part in page.parts:
        for chunk in part.split('data-empty="')[1:]:
            names.append(chunk.split('"')[0])
    return names


class ReportError(RuntimeError):
    pass


def _money(value: float | None) -> str:
    return "n/a" if value is None or pd.isna(value) else f"{value:,.0f}"


def _ratio(value: float | None) -> str:
    return "n/a" if value is None or pd.isna(value) else f"{value:.2f}"


def _change(current: float | None, previous: float | None, *, higher_is_better: bool = True) -> tuple[str, str]:
    if current is None or previous is None or pd.isna(current) or pd.isna(previous) or previous == 0:
        return "no earlier period to compare", ""
    change = (float(current) - float(previous)) / abs(float(previous))
    # a change that rounds to 0 % is shown as such, without a sign or a colour: "-0%" in red
    # reads as a fall to a marketer when the number did not move
    if round(change * 100) == 0:
        return "unchanged on the period before (within 0.5 %)", ""
    good = (change > 0) == higher_is_better
    return f"{change:+.0%} on the period before", ("up" if good else "down")


def _headline(page: Page, con: duckdb.DuckDBPyConnection, w: data.Window, currency: str) -> None:
    df = data.headline(con, w)
    cur = df.loc["current"] if "current" in df.index else None
    prev = (
        df.loc["previous"]
        if "previous" in df.index and df.loc["previous", "days"] == df.loc["current", "days"]
        else None
    )

    def metric(name: str) -> tuple[float | None, float | None]:
        c = None if cur is None else cur[name]
        p = None if prev is None else prev[name]
        return (None if c is None else float(c), None if p is None else float(p))

    def mer(row, column: str) -> float | None:
        if row is None or not row["spend"]:
            return None
        return float(row[column]) / float(row["spend"])

    revenue, spend, orders, new = metric("revenue"), metric("spend"), metric("orders"), metric("new_customers")
    cards = [
        ("Net revenue", _money(revenue[0]), currency, *_change(*revenue)),
        ("Ad spend", _money(spend[0]), currency, *_change(*spend, higher_is_better=False)),
        ("MER", _ratio(mer(cur, "revenue")), "", *_change(mer(cur, "revenue"), mer(prev, "revenue"))),
        (
            "New-customer MER",
            _ratio(mer(cur, "new_customer_revenue")),
            "",
            *_change(mer(cur, "new_customer_revenue"), mer(prev, "new_customer_revenue")),
        ),
        ("Orders", _money(orders[0]), "", *_change(*orders)),
        ("New customers", _money(new[0]), "", *_change(*new)),
    ]
    page.kpis(cards)


def _trend(page: Page, con: duckdb.DuckDBPyConnection, w: data.Window, currency: str) -> None:
    df = data.weekly(con, w)
    missing_fx = ""
    if df.has_missing_fx.any():
        missing_fx = " Some weeks have orders or spend without an exchange rate; their amounts are missing from the sums (see Data quality)."
    page.section(
        "Is ad spend paying back?",
        "Net revenue (after refunds) and ad spend per week, with MER (revenue ÷ spend) and new-customer MER "
        "(first orders' revenue ÷ spend) on the right axis. Pale, hatched bars and hollow points are partial weeks: "
        "the first day of data or the latest day falls inside them, so they are not comparable with full weeks."
        + missing_fx,
        [page.chart("weekly_trend", df, lambda d: charts.weekly_trend(d, currency), "No days in this period.")],
    )


def _campaigns(page: Page, con: duckdb.DuckDBPyConnection, w: data.Window, currency: str) -> None:
    roas = data.campaign_roas(con, w)
    flows = data.channel_flows(con, w)
    page.section(
        "Which campaigns pay back?",
        f"ROAS of the {data.TOP_CAMPAIGNS} campaigns with the most spend in the period, under each attribution model. "
        "First touch credits the campaign that brought the customer; last touch the one they came back through; the "
        "others share an order between its touches. Right of the dashed line, a campaign earned more than it cost.",
        [page.chart("campaign_roas", roas, charts.campaign_roas, "No campaign had spend in this period.")],
    )
    page.section(
        "Which channels open and which close?",
        "Net revenue of the period's orders, from the channel of the customer's first touch (left) to the channel of "
        "the last touch before the order (right). Orders with no touch at all are Unattributed on both sides.",
        [page.chart("channel_flows", flows, lambda d: charts.channel_flows(d, currency), "No orders in this period.")],
    )


def _cohorts(page: Page, con: duckdb.DuckDBPyConnection, currency: str) -> None:
    by_channel = data.ltv_by(con, "channel")
    by_campaign = data.ltv_by(con, "campaign")
    cohorts = data.ltv_cohorts(con)
    page.section(
        "Are the customers we buy worth more over time?",
        "Net revenue per customer in the first 7, 30, 90 … days after their first order (lifetime value), by how the "
        "customer was acquired. Only cohort months whose window is complete count; a hollow point means newer cohort "
        "months are still open for that window and are left out (hover for how many). In the table of cohort months, "
        "an open window shows its value so far, marked “open”: it will still grow.",
        [
            "<h3>By acquisition channel</h3>",
            page.chart(
                "ltv_by_channel",
                by_channel.dropna(subset=["ltv"]),
                lambda d: charts.ltv_curves(d, currency),
                "No cohort window is complete yet.",
            ),
            f"<h3>By acquisition campaign (the {data.TOP_LTV_CAMPAIGNS} with the most customers)</h3>",
            page.chart(
                "ltv_by_campaign",
                by_campaign.dropna(subset=["ltv"]),
                lambda d: charts.ltv_curves(d, currency),
                "No campaign cohort window is complete yet.",
            ),
            "<h3>By cohort month</h3>",
            page.chart("ltv_cohorts", cohorts, lambda d: charts.ltv_heatmap(d, currency), "No customers yet."),
        ],
    )


def _status_class(status: object) -> str:
    text = str(status or "")
    return "status-ok" if text == "ok" else "status-weak" if text.startswith("weak") else "status-skipped"


def _mmm(page: Page, con: duckdb.DuckDBPyConnection, currency: str) -> None:
    channels = data.mmm_channels(con)
    modelled = channels.dropna(subset=["contribution"])
    curves = data.mmm_response_curves(con)
    status = channels[
        ["ad_platform", "status", "spend", "contribution", "roas", "marginal_roas", "adstock_theta"]
    ].rename(
        columns={
            "ad_platform": "platform",
            "adstock_theta": "carry-over θ",
            "marginal_roas": "marginal ROAS",
            "roas": "ROAS",
        }
    )
    period = ""
    if not channels.empty and channels.model_start_date.notna().any():
        period = (
            f" Modelled period: {channels.model_start_date.min():%d %b %Y} to {channels.model_end_date.max():%d %b %Y}."
        )
    page.section(
        "What do the ads do without a click? (marketing-mix model)",
        "The model estimates each platform's short-term effect on daily revenue from daily spend alone, clicks or not. "
        "Read the status first: ok, weak (numbers uncertain: the reason is given) or skipped (not modelled). The curves "
        "show the daily revenue a steady daily spend brings; the dot is today's average spend. Where a curve flattens, "
        "more spend brings little more." + period,
        [
            '<div class="grid2"><div><h3>Spend and modelled contribution</h3>',
            page.chart(
                "mmm_contributions",
                modelled,
                lambda d: charts.mmm_contributions(d, currency),
                "No platform could be modelled (see the status table).",
            ),
            "</div><div><h3>Response curves</h3>",
            page.chart(
                "mmm_response",
                curves,
                lambda d: charts.mmm_response(d, currency),
                "No platform could be modelled (see the status table).",
            ),
            "</div></div><h3>Each platform's status</h3>",
            table(
                status,
                formats={
                    "spend": lambda v: f"{v:,.0f}",
                    "contribution": lambda v: f"{v:,.0f}",
                    "ROAS": lambda v: f"{v:.2f}",
                    "marginal ROAS": lambda v: f"{v:.2f}",
                    "carry-over θ": lambda v: f"{v:.2f}",
                },
                classes={"status": _status_class},
            )
            if not status.empty
            else '<p class="empty">No platform has spend.</p>',
        ],
    )


def _quality(page: Page, con: duckdb.DuckDBPyConnection) -> None:
    files = data.files_by_kind(con)
    reasons = data.quarantine_reasons(con)
    unmatched = data.unmatched_campaigns(con)
    no_fx = data.orders_without_fx(con)
    page.section(
        "Data quality",
        "What was landed and loaded, what was set aside and why (audit.quarantine keeps every record with its reason), "
        "campaigns whose tagged name matched no spend export (often a typo in utm_campaign), and orders left out of the "
        "reporting-currency totals for lack of an exchange rate.",
        [
            '<div class="grid2"><div><h3>Files by kind</h3>',
            page.chart("files_by_kind", files, charts.files_by_kind, "No file has landed yet."),
            "</div><div><h3>Quarantined records by reason</h3>",
            page.chart("quarantine_reasons", reasons, charts.quarantine_reasons, "No record was quarantined."),
            "</div></div><h3>Unmatched campaigns</h3>",
            table(unmatched, formats={"last_touch_revenue": lambda v: f"{v:,.2f}", "spend": lambda v: f"{v:,.2f}"})
            if not unmatched.empty
            else '<p class="empty">Every tagged campaign matched a spend campaign, and every spend campaign was seen.</p>',
            "<h3>Orders without an exchange rate</h3>",
            table(no_fx, formats={"net_revenue": lambda v: f"{v:,.2f}"})
            if not no_fx.empty
            else '<p class="empty">Every order has an exchange rate into the reporting currency.</p>',
        ],
    )
