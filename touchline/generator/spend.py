"""Ad spend in bursts and pauses, and the paid visits it drives through adstock and saturation.

The causal chain is the one analytics.md models: daily spend x_t → geometric adstock
a_t = x_t + θ·a_{t−1} → Hill saturation → expected paid arrivals that day. So a
marketing-mix model fitted on the landed spend and revenue has a real effect to recover.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from touchline.generator.campaigns import AD_PLATFORMS, CAMPAIGNS, AdPlatform, Campaign
from touchline.generator.config import cents_str
from touchline.generator.fx import FxTable

# A flighted platform's calendar, in whole weeks from a Monday: a burst of 1-3 weeks, then
# a pause of 1-2 weeks, drawn per platform, so platforms move independently of each other.
BURST_WEEKS = (1, 2, 3)
PAUSE_WEEKS = (1, 2)
# Each burst has its own budget level (mean 1), so the saturation curve is seen at
# several heights; days inside a burst jitter around it.
BURST_LEVEL = (0.5, 1.5)
DAILY_JITTER = (0.85, 1.15)


@dataclass
class MediaPlan:
    days: list[dt.date]
    spend_usd_cents: dict[str, list[int]]  # campaign_id → daily spend that drives visits
    adstock: dict[str, list[float]]  # ad platform → daily adstocked USD spend
    half_saturation: dict[str, float]  # ad platform → Hill K in adstocked USD
    beta: dict[str, float]  # ad platform → expected arrivals per day at full saturation
    paid_rate: dict[str, list[float]]  # ad platform → expected paid arrivals per day
    campaign_adstock: dict[str, list[float]]  # campaign_id → adstock (allocates visits)


def _geometric_adstock(x: list[float], theta: float) -> list[float]:
    out, carry = [], 0.0
    for v in x:
        carry = v + theta * carry
        out.append(carry)
    return out


def hill(a: float, k: float, s: float) -> float:
    return 0.0 if a <= 0 else a**s / (a**s + k**s)


def burst_calendar(rng: random.Random, days: list[dt.date]) -> list[float]:
    """Per day: 0 when paused, else the burst's budget level."""
    if not days:
        return []
    week_of = [((d - days[0]).days + days[0].weekday()) // 7 for d in days]
    level_by_week: list[float] = []
    live = rng.random() < 0.5
    while len(level_by_week) <= week_of[-1]:
        weeks = rng.choice(BURST_WEEKS if live else PAUSE_WEEKS)
        level = rng.uniform(*BURST_LEVEL) if live else 0.0
        level_by_week += [level] * weeks
        live = not live
    return [level_by_week[w] for w in week_of]


def _platform_spend(
    rng: random.Random, p: AdPlatform, days: list[dt.date], per_day_arrivals: float
) -> dict[str, list[int]]:
    """Daily USD cents per campaign of the platform."""
    if p.flighted:
        # A burst day buys roughly twice the platform's average visits.
        budget_cents = 2 * p.share * per_day_arrivals * p.cpc_usd * 100
        calendar = burst_calendar(rng, days)
    else:
        budget_cents = p.share * per_day_arrivals * p.cpc_usd * 100
        calendar = [1.0] * len(days)
    spend: dict[str, list[int]] = {}
    for c in (c for c in CAMPAIGNS if c.ad_platform == p.name):
        scale = budget_cents * c.budget_share
        if p.flighted:
            spend[c.campaign_id] = [round(scale * lvl * rng.uniform(*DAILY_JITTER)) if lvl else 0 for lvl in calendar]
        else:
            spend[c.campaign_id] = [round(scale)] * len(days)  # the same capped budget every day
    return spend


def plan_media(rng: random.Random, days: list[dt.date], paid_arrivals: float) -> MediaPlan:
    n = len(days)
    spend: dict[str, list[int]] = {}
    adstock: dict[str, list[float]] = {}
    ks: dict[str, float] = {}
    betas: dict[str, float] = {}
    rates: dict[str, list[float]] = {}
    camp_adstock: dict[str, list[float]] = {}
    per_day = paid_arrivals / max(n, 1)
    for p in AD_PLATFORMS:
        campaigns = _platform_spend(rng, p, days, per_day)
        total = [0.0] * n
        for cid, daily in campaigns.items():
            for i, cents in enumerate(daily):
                total[i] += cents / 100
            spend[cid] = daily
            camp_adstock[cid] = _geometric_adstock([v / 100 for v in daily], p.theta)
        a = _geometric_adstock(total, p.theta)
        on_levels = [v for v, x in zip(a, total, strict=False) if x > 0] or [max(a, default=0.0) or 1.0]
        k = p.half_saturation * sum(on_levels) / len(on_levels)
        curve = [hill(v, k, p.hill_slope) for v in a]
        beta = p.share * paid_arrivals / (sum(curve) or 1.0)
        adstock[p.name], ks[p.name], betas[p.name] = a, k, beta
        rates[p.name] = [beta * h for h in curve]
    return MediaPlan(days, spend, adstock, ks, betas, rates, camp_adstock)


def _file_platform(c: Campaign, month_index: int) -> str:
    """The platform name a spend file uses: some exports keep the old aliases (landing.md)."""
    if c.ad_platform == "microsoft":
        return "bing"
    if c.ad_platform == "meta" and month_index % 2 == 1:
        return "facebook"
    if c.ad_platform == "x" and month_index == 0:
        return "twitter"
    return c.ad_platform


def write_spend(
    rng: random.Random,
    plan: MediaPlan,
    clicks_by_campaign_day: dict[tuple[str, int], int],
    fx: FxTable,
    out: Path,
) -> tuple[list[Path], int, dict[str, list[Decimal]]]:
    """spend/<platform>/YYYY-MM.csv; returns the files, the row count and the exact USD value
    of the landed spend per ad platform and day."""
    months = sorted({d.strftime("%Y-%m") for d in plan.days})
    files: dict[Path, list[list[str]]] = {}
    usd_daily = {p.name: [Decimal(0)] * len(plan.days) for p in AD_PLATFORMS}
    rows = 0
    for c in CAMPAIGNS:
        for i, day in enumerate(plan.days):
            usd_cents = plan.spend_usd_cents[c.campaign_id][i]
            if usd_cents == 0:
                continue
            rate = fx.rate(c.currency, day)
            local = Decimal(usd_cents) / 100 / rate
            local_cents = int(local.quantize(Decimal("0.01")) * 100)
            usd_daily[c.ad_platform][i] += Decimal(local_cents) / 100 * rate
            visits = clicks_by_campaign_day.get((c.campaign_id, i), 0)
            clicks = round(visits * rng.uniform(1.05, 1.35)) + rng.randint(0, 3)
            impressions = clicks * rng.randint(40, 160) + rng.randint(100, 900)
            month_index = months.index(day.strftime("%Y-%m"))
            name = _file_platform(c, month_index)
            path = out / "spend" / name / f"{day.strftime('%Y-%m')}.csv"
            files.setdefault(path, []).append(
                [
                    day.isoformat(),
                    name,
                    c.campaign_id,
                    c.name,
                    cents_str(local_cents),
                    c.currency,
                    str(clicks),
                    str(impressions),
                    c.account_id,
                    c.account_name,
                ]
            )
            rows += 1
    header = [
        "date_day",
        "platform",
        "campaign_id",
        "campaign_name",
        "spend",
        "currency",
        "clicks",
        "impressions",
        "account_id",
        "account_name",
    ]
    for path in sorted(files):
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            w.writerows(sorted(files[path], key=lambda r: (r[0], r[2])))
    return sorted(files), rows, usd_daily
