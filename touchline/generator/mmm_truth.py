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


def write_mmm_truth(truth_dir: Path, plan: MediaPlan, persons: list[Person], fx: FxTable,
                    spend_usd: dict[str, list[Decimal]], paid_arrivals: Counter[str],
                    counts: dict[str, int]) -> None:
    start = plan.days[0]
    n = len(plan.days)
    revenue = [Decimal(0)] * n
    paid_revenue = [Decimal(0)] * n
    orders_per_day = [0] * n
    by_platform: dict[str, Decimal] = {p.name: Decimal(0) for p in AD_PLATFORMS}
    orders_by_platform: Counter[str] = Counter()
    for person in persons:
        for o in person.orders:
            i = day_index(o.created_ms, start)
            v = net_usd(o, fx)
            revenue[i] += v
            orders_per_day[i] += 1
            if person.acquired_by:
                paid_revenue[i] += v
                by_platform[person.acquired_by] += v
                orders_by_platform[person.acquired_by] += 1
    total = sum(revenue, Decimal(0))
    paid = sum(paid_revenue, Decimal(0))
    platforms = {}
    for p in AD_PLATFORMS:
        platforms[p.name] = {
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
            "share_of_net_revenue": round(float(by_platform[p.name] / total), 4) if total else None,
        }
    doc = {
        "reporting_currency": "USD",
        "period": {"start": start.isoformat(), "end": plan.days[-1].isoformat(), "days": n},
        "adstock": "geometric: a_t = spend_usd_t + theta * a_(t-1), on the ad platform's daily spend in USD",
        "platforms": platforms,
        "total_net_revenue_usd": money(total),
        "paid_net_revenue_usd": money(paid),
        "baseline_net_revenue_usd": money(total - paid),
        "paid_share_of_net_revenue": round(float(paid / total), 4) if total else None,
        "counts": dict(sorted(counts.items())),
    }
    (truth_dir / "mmm_truth.json").write_bytes(orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n")
    with (truth_dir / "daily.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["date_day", "orders", "net_revenue_usd", "paid_net_revenue_usd",
                    *(f"spend_usd_{p.name}" for p in AD_PLATFORMS)])
        for i in range(n):
            w.writerow([(start + dt.timedelta(days=i)).isoformat(), orders_per_day[i], money(revenue[i]),
                        money(paid_revenue[i]), *(money(spend_usd[p.name][i]) for p in AD_PLATFORMS)])
