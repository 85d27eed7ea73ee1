"""generate(): one deterministic landing folder plus its ground truth."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from pathlib import Path

import numpy as np

from touchline.generator import config as C
from touchline.generator.api_formats import API_ORDERS_FORMATS, rewrite_orders_graphql, rewrite_spend_api
from touchline.generator.campaigns import AD_PLATFORMS, CAMPAIGNS, Campaign
from touchline.generator.event_formats import EVENTS_FORMATS, rewrite_events
from touchline.generator.fx import make_rates, write_rates
from touchline.generator.journeys import World, arrive, bots, staff
from touchline.generator.mmm_truth import write_mmm_truth
from touchline.generator.orders import settle, write_orders, write_refunds
from touchline.generator.people import email_hash
from touchline.generator.pixel import PixelSink
from touchline.generator.seasons import buy_lift, season_factor
from touchline.generator.spend import plan_media, write_spend
from touchline.generator.touches import ARRIVAL_MIX, from_mix, paid
from touchline.generator.truth import write_orders_truth, write_sessions_truth, write_visitors_truth
from touchline.generator.truth_readme import README
from touchline.sources.writers import rewrite_orders, rewrite_spend

LANDING_FOLDERS = ("pixel", "orders", "refunds", "spend", "fx")
# Busy evenings, quiet nights (UTC; the demo store sells mostly in Europe and the Americas).
_HOUR_WEIGHTS = (2, 1, 1, 1, 1, 2, 3, 5, 6, 6, 6, 6, 7, 7, 6, 6, 6, 7, 8, 9, 9, 8, 6, 4)
# Monday .. Sunday: weekends sell more.
_DOW = (1.0, 0.97, 0.96, 1.0, 1.06, 1.18, 1.14)


def _check_folders(out: Path, truth_dir: Path) -> None:
    if truth_dir.resolve().is_relative_to(out.resolve()):
        raise ValueError(f"truth_dir {truth_dir} must not be inside the landing folder {out}")
    # Landed files are immutable: mixing two generations would silently corrupt the truth.
    busy = [f for f in LANDING_FOLDERS if (out / f).exists() and any((out / f).iterdir())]
    if busy:
        raise FileExistsError(f"{out} already holds {', '.join(busy)}/: generate into an empty folder")


def generate(
    out: Path,
    *,
    days: int = 90,
    visitors: int = 5000,
    seed: int = 42,
    truth_dir: Path | None = None,
    end_date: dt.date = dt.date(2026, 10, 31),
    orders_format: str = "touchline",
    spend_formats: tuple[str, ...] = ("touchline",),
    events_format: str = "touchline",
) -> C.GenerationStats:
    """Write a realistic landing folder into `out` and its ground truth into `truth_dir`
    (default: `<out.name>_truth` beside `out`). The same arguments give the same bytes."""
    if days < 1 or visitors < 1:
        raise ValueError("days and visitors must be positive")
    if events_format not in EVENTS_FORMATS:
        raise ValueError(f"events_format: unknown format {events_format!r} (known: {', '.join(EVENTS_FORMATS)})")
    out = Path(out)
    truth_dir = Path(truth_dir) if truth_dir is not None else out.parent / f"{out.name}_truth"
    _check_folders(out, truth_dir)
    out.mkdir(parents=True, exist_ok=True)
    truth_dir.mkdir(parents=True, exist_ok=True)

    # One random stream per concern, so tuning one part does not reshuffle the others.
    def rng(part: str) -> random.Random:
        return random.Random(f"touchline-{seed}-{part}")

    day_list = [end_date - dt.timedelta(days=days - 1 - i) for i in range(days)]
    start_ms = C.day_start_ms(day_list[0])
    end_ms = C.day_start_ms(end_date) + C.MS_PER_DAY - 1
    fx = make_rates(rng("fx"), day_list)

    people = max(1.0, (visitors - C.EMPLOYEE_VISITORS) / (1 + C.SECOND_DEVICE_RATE))
    plan = plan_media(rng("media"), day_list, C.PAID_SHARE * people)
    counts_rng = np.random.default_rng(seed)
    trend = [1 + 0.1 * i / max(days - 1, 1) for i in range(days)]
    season = [season_factor(d) for d in day_list]
    base = [_DOW[d.weekday()] * trend[i] * season[i] for i, d in enumerate(day_list)]
    base_scale = (1 - C.PAID_SHARE) * people / sum(base)

    sink = PixelSink(rng("pixel"), end_ms)
    w = World(rng("journeys"), sink, start_ms, end_ms, season=season)
    arrivals_rng = rng("arrivals")
    clicks: Counter[tuple[str, int]] = Counter()
    paid_arrivals: Counter[str] = Counter()
    for i in range(days):
        todays: list[Campaign | None] = [None] * int(counts_rng.poisson(base[i] * base_scale))
        for p in AD_PLATFORMS:
            n = int(counts_rng.poisson(plan.paid_rate[p.name][i]))
            live = [c for c in CAMPAIGNS if c.ad_platform == p.name and c.drives_visits]
            weights = [plan.campaign_adstock[c.campaign_id][i] * c.visits_per_dollar for c in live]
            for _ in range(n):
                c = arrivals_rng.choices(live, weights)[0] if sum(weights) > 0 else live[0]
                todays.append(c)
        timed = []
        for k, campaign in enumerate(todays):
            hour = arrivals_rng.choices(range(24), _HOUR_WEIGHTS)[0]
            at = start_ms + i * C.MS_PER_DAY + hour * 3_600_000 + arrivals_rng.randrange(3_600_000)
            timed.append((at, k, campaign))
        timed.sort(key=lambda x: (x[0], x[1]))
        lift = buy_lift(season[i])
        for at, _, campaign in timed:
            if campaign is None:
                touch = from_mix(w.rng, ARRIVAL_MIX)
            else:
                touch = paid(w.rng, campaign)
                clicks[(campaign.campaign_id, i)] += 1
                paid_arrivals[campaign.ad_platform] += 1
            arrive(w, at, touch, C.BUY_RATE * (campaign.buy_factor if campaign else lift))
    staff(w)
    human_events = sink.counts["events"]
    bot_visitors = bots(w, round(human_events * C.BOT_EVENT_SHARE / (1 - C.BOT_EVENT_SHARE)))

    orders = sorted(w.orders, key=lambda o: (o.created_ms, o.order_id))
    settle(rng("orders"), orders, start_ms, end_ms)
    counts: Counter[str] = Counter()
    pixel_files, lines = sink.write(out)
    order_files, order_rows = write_orders(rng("order-export"), orders, start_ms, days, out, counts)
    refund_files, refund_rows = write_refunds(rng("refund-export"), orders, end_ms, out, counts)
    spend_files, spend_rows, spend_usd = write_spend(rng("spend"), plan, clicks, fx, out)
    fx_files = write_rates(fx, out)
    # stores' own export formats (docs/sources.md), rewritten from the canonical files
    if orders_format in API_ORDERS_FORMATS:
        rewrite_orders_graphql(out)
    else:
        rewrite_orders(out, orders_format)
    # a tracker sends the plain email where the Touchline pixel sent its hash
    rewrite_events(out, events_format, {email_hash(p.email): p.email for p in w.persons if p.email})
    account_currencies = rewrite_spend_api(out, list(spend_formats), lambda rest: rewrite_spend(out, rest))

    counts.update(sink.counts)
    counts["bot_visitors"] = len(bot_visitors)
    counts["pixel_lines"] = lines
    counts["orphan_checkout_events"] = C.ORPHAN_CHECKOUTS - w.orphans_left
    counts["empty_email_hash_identifies"] = 5 - w.empty_hash_left
    counts["orders_without_checkout_event"] = sum(1 for o in orders if not o.checkout_visitor_id)
    counts["landing_site_only_orders"] = sum(1 for p in w.persons if p.pixel_blocked for _ in p.orders)
    counts["delayed_export_orders"] = C.DELAYED_EXPORT_ORDERS
    write_visitors_truth(truth_dir / "visitors.csv", w.persons, bot_visitors)
    write_sessions_truth(truth_dir / "sessions.csv", w.persons)
    write_orders_truth(truth_dir / "orders.csv", w.persons)
    write_mmm_truth(truth_dir, plan, w.persons, fx, spend_usd, paid_arrivals, dict(counts))
    (truth_dir / "README.md").write_text(README, encoding="utf-8")

    files = len(pixel_files) + len(order_files) + len(refund_files) + len(spend_files) + len(fx_files)
    return C.GenerationStats(
        events=lines,
        orders=order_rows,
        refunds=refund_rows,
        spend_rows=spend_rows,
        files=files,
        truth_dir=truth_dir,
        account_currencies=account_currencies,
    )
