"""The marketing-mix truth: the media parameters that generated paid visits, what each ad
platform's spend really brought in, and the daily series a model is fitted on."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from decimal import Decimal
from pathlib import Path

import orjson

from touchline.generator.campaigns import AD_PLATFORMS
from touchline.generator.fx import FxTable
from touchline.generator.people import Person
from touchline.generator.spend import MediaPlan
from touchline.generator.truth import day_index, money, net_usd

# Days from a person's arrival to an order, in the buckets the truth reports.
LAG_BUCKETS = (("same_day", 0, 0), ("days_1_6", 1, 6), ("days_7_27", 7, 27), ("days_28_plus", 28, None))

INCREMENTAL = (
    "net revenue in the period of every order by the people this platform's spend "
    "brought in: exactly what the period's revenue would lose if the platform had "
    "spent nothing (those people never arrive; nobody else changes), repeat orders "
    "included."
)
THETA = (
    "carry-over of paid *visits*, not of revenue: revenue follows each visit with the "
    "buyer's purchase lag (net_revenue_by_days_after_arrival_usd) and repeat orders weeks "
    "later, so a model fitted on daily revenue sees a longer carry-over than theta."
)
SPEND_PATTERN = {True: "bursts", False: "fixed_daily_budget"}
COMPARABLE = (
    "A marketing-mix model on daily revenue and spend can separate only the 'bursts' "
    "platforms: 'fixed_daily_budget' ones spend the same every day, so their effect, "
    "though real, is indistinguishable from the baseline. Of a bursting platform's "
    "incremental revenue, a geometric-adstock model sees the short-term part, "
    "first_order_net_revenue_usd (orders days after the ad); repeat orders weeks later "
    "(repeat_order_net_revenue_usd) vary too slowly and end up in its baseline. Even a "
    "regression on the true visit curves recovers the first-order revenue, not the "
    "total (docs/mmm.md)."
)


def _lag_bucket(days: int) -> str:
    for name, lo, hi in LAG_BUCKETS:
        if days >= lo and (hi is None or days <= hi):
            return name
    raise ValueError(days)


def write_mmm_truth(
    truth_dir: Path,
    plan: MediaPlan,
    persons: list[Person],
    fx: FxTable,
    spend_usd: dict[str, list[Decimal]],
    paid_arrivals: Counter[str],
    counts: dict[str, int],
) -> None:
    start = plan.days[0]
    n = len(plan.days)
    revenue = [Decimal(0)] * n
    paid_revenue = [Decimal(0)] * n
    orders_per_day = [0] * n
    names = [p.name for p in AD_PLATFORMS]
    by_platform: dict[str, Decimal] = dict.fromkeys(names, Decimal(0))
    repeat_by_platform: dict[str, Decimal] = dict.fromkeys(names, Decimal(0))
    lag_by_platform: dict[str, dict[str, Decimal]] = {p: {b[0]: Decimal(0) for b in LAG_BUCKETS} for p in names}
    orders_by_platform: Counter[str] = Counter()
    for person in persons:
        for k, o in enumerate(sorted(person.orders, key=lambda o: (o.created_ms, o.order_id))):
            i = day_index(o.created_ms, start)
            v = net_usd(o, fx)
            revenue[i] += v
            orders_per_day[i] += 1
            if person.acquired_by:
                paid_revenue[i] += v
                by_platform[person.acquired_by] += v
                orders_by_platform[person.acquired_by] += 1
                if k > 0:
                    repeat_by_platform[person.acquired_by] += v
                lag = i - day_index(person.arrived_ms, start)
                lag_by_platform[person.acquired_by][_lag_bucket(lag)] += v
    total = sum(revenue, Decimal(0))
    paid = sum(paid_revenue, Decimal(0))

    def share(x: Decimal) -> float | None:
        return round(float(x / total), 4) if total else None

    platforms = {}
    by_pattern: dict[str, Decimal] = dict.fromkeys(SPEND_PATTERN.values(), Decimal(0))
    for p in AD_PLATFORMS:
        by_pattern[SPEND_PATTERN[p.flighted]] += by_platform[p.name]
        platforms[p.name] = {
            "spend_pattern": SPEND_PATTERN[p.flighted],
            "theta": p.theta,
            "saturation": {
                "curve": "hill",
                "formula": "paid_arrivals_t = max_daily_arrivals * a_t^slope / (a_t^slope + half_saturation_usd^slope)",
                "slope": p.hill_slope,
                "half_saturation_usd": round(plan.half_saturation[p.name], 2),
                "max_daily_arrivals": round(plan.beta[p.name], 4),
            },
            "spend_usd": money(sum(spend_usd[p.name], Decimal(0))),
            "paid_arrivals": paid_arrivals[p.name],
            "orders": orders_by_platform[p.name],
            "incremental_net_revenue_usd": money(by_platform[p.name]),
            "first_order_net_revenue_usd": money(by_platform[p.name] - repeat_by_platform[p.name]),
            "repeat_order_net_revenue_usd": money(repeat_by_platform[p.name]),
            "net_revenue_by_days_after_arrival_usd": {b: money(v) for b, v in lag_by_platform[p.name].items()},
            "share_of_net_revenue": share(by_platform[p.name]),
        }
    doc = {
        "reporting_currency": "USD",
        "period": {"start": start.isoformat(), "end": plan.days[-1].isoformat(), "days": n},
        "adstock": "geometric: a_t = spend_usd_t + theta * a_(t-1), on the ad platform's daily spend in USD",
        "definitions": {"incremental_net_revenue_usd": INCREMENTAL, "theta": THETA, "comparable": COMPARABLE},
        "platforms": platforms,
        "by_spend_pattern": {
            k: {"incremental_net_revenue_usd": money(v), "share_of_net_revenue": share(v)}
            for k, v in by_pattern.items()
        },
        "total_net_revenue_usd": money(total),
        "paid_net_revenue_usd": money(paid),
        "baseline_net_revenue_usd": money(total - paid),
        "paid_share_of_net_revenue": share(paid),
        "counts": dict(sorted(counts.items())),
    }
    (truth_dir / "mmm_truth.json").write_bytes(orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n")
    with (truth_dir / "daily.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(
            [
                "date_day",
                "orders",
                "net_revenue_usd",
                "paid_net_revenue_usd",
                *(f"spend_usd_{p.name}" for p in AD_PLATFORMS),
            ]
        )
        for i in range(n):
            w.writerow(
                [
                    (start + dt.timedelta(days=i)).isoformat(),
                    orders_per_day[i],
                    money(revenue[i]),
                    money(paid_revenue[i]),
                    *(money(spend_usd[p.name][i]) for p in AD_PLATFORMS),
                ]
            )
