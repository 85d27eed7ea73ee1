"""What happens to orders after checkout (payment, voids, refunds), and the store's CSV
exports of them: daily files, weekly overlapping re-exports with later states, refunds.
"""

from __future__ import annotations

import csv
import random
from collections import Counter
from pathlib import Path

from touchline.generator import config as C
from touchline.generator.people import Order, Refund, email_variant

ORDER_HEADER = [
    "order_id",
    "created_at",
    "updated_at",
    "email",
    "customer_id",
    "currency",
    "total_price",
    "financial_status",
    "landing_site",
    "referring_site",
    "test",
]
REFUND_HEADER = ["refund_id", "order_id", "refunded_at", "amount", "currency"]
_VOID_DELAY_MS = 20 * 60_000


def settle(rng: random.Random, orders: list[Order], start_ms: int, end_ms: int) -> None:
    """Payment delays, voids and refunds; a refund never lands after the period ends."""
    seq = 0
    oversized = voided_any = False
    n_days = (end_ms - start_ms) // C.MS_PER_DAY + 1
    for k, o in enumerate(orders):
        o.first_export_day = (o.created_ms - start_ms) // C.MS_PER_DAY
        if o.is_test:
            continue
        # Rare, but every generation holds at least one, so consumers always meet the case.
        if rng.random() < C.VOIDED_RATE or (not voided_any and k >= len(orders) // 2):
            o.is_voided = voided_any = True
            continue
        if rng.random() < 0.04:
            o.paid_ms = o.created_ms + rng.randint(2, 30) * 3_600_000
        r = rng.random()
        amounts: list[int] = []
        if r < C.PARTIAL_REFUND_RATE:
            left = o.total_cents - 100
            for _ in range(rng.choice((1, 1, 1, 2, 3))):
                a = min(left, round(o.total_cents * rng.uniform(0.1, 0.33)))
                if a <= 0:
                    break
                amounts.append(a)
                left -= a
        elif r < C.PARTIAL_REFUND_RATE + C.FULL_REFUND_RATE:
            amounts.append(o.total_cents)
            if not oversized:
                # A goodwill refund that includes return shipping: more than the order.
                amounts[0] += rng.randint(500, 2000)
                oversized = True
        times = sorted(o.created_ms + rng.randint(C.MS_PER_DAY, 20 * C.MS_PER_DAY) for _ in amounts)
        for a, at in zip(amounts, times, strict=False):
            if at <= end_ms:
                seq += 1
                o.refunds.append(Refund(f"RF{seq:07d}", at, a))
    eligible = [
        o for o in orders if not o.is_test and not o.is_voided and not o.refunds and o.first_export_day <= n_days - 5
    ]
    if not oversized and eligible:
        o = eligible.pop()
        seq += 1
        o.refunds.append(
            Refund(
                f"RF{seq:07d}",
                o.created_ms + C.MS_PER_DAY + rng.randint(0, C.MS_PER_DAY),
                o.total_cents + rng.randint(500, 2000),
            )
        )
    # A few orders reach the export days late, after a refund of theirs has already landed.
    for o in eligible[: C.DELAYED_EXPORT_ORDERS]:
        o.first_export_day += 3
        seq += 1
        o.refunds.append(
            Refund(
                f"RF{seq:07d}", o.created_ms + C.MS_PER_DAY + rng.randint(0, 3_600_000), max(100, o.total_cents // 4)
            )
        )


def _state(o: Order, as_of_ms: int) -> tuple[str, int]:
    """(financial_status, updated_at) of the order as an export taken at as_of_ms shows it."""
    if o.is_voided:
        return "voided", o.created_ms + _VOID_DELAY_MS
    done = [r for r in o.refunds if r.refunded_ms <= as_of_ms]
    if done:
        last = max(r.refunded_ms for r in done)
        return ("refunded" if sum(r.cents for r in done) >= o.total_cents else "partially_refunded"), last
    if o.paid_ms is not None:
        return ("pending", o.created_ms) if o.paid_ms > as_of_ms else ("paid", o.paid_ms)
    return "paid", o.created_ms


def _fmt(ms: int, with_offset: bool) -> str:
    s = C.iso_s(ms)
    return s if with_offset else s[:-6].replace("T", " ")


def _row(rng: random.Random, o: Order, as_of_ms: int, with_offset: bool) -> list[str]:
    status, updated = _state(o, as_of_ms)
    return [
        o.order_id,
        _fmt(o.created_ms, with_offset),
        _fmt(updated, with_offset),
        email_variant(rng, o.email),
        o.customer_id,
        o.currency,
        C.cents_str(o.total_cents),
        status,
        o.landing_site,
        o.referring_site,
        "true" if o.is_test else rng.choice(("", "false")),
    ]


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def write_orders(
    rng: random.Random, orders: list[Order], start_ms: int, n_days: int, out: Path, counts: Counter[str]
) -> tuple[list[Path], int]:
    """orders/YYYY-MM-DD.csv daily (offset timestamps) and orders/weekly/YYYY-MM-DD.csv
    re-exports of the last 28 days (timestamps without offset, which means UTC)."""
    by_day: dict[int, list[Order]] = {}
    for o in orders:
        by_day.setdefault(o.first_export_day, []).append(o)
    malformed_left = max(1, len(orders) // 500)
    paths: list[Path] = []
    rows_written = 0
    for d in range(n_days):
        day = C.date_of(start_ms + d * C.MS_PER_DAY)
        as_of = start_ms + (d + 1) * C.MS_PER_DAY - 1
        todays = sorted(by_day.get(d, []), key=lambda o: (o.created_ms, o.order_id))
        if todays:
            rows = []
            for o in todays:
                row = _row(rng, o, as_of, True)
                if malformed_left and not o.is_test and rng.random() < 0.05:
                    # An export glitch: a row whose price is not a number (quarantined on load).
                    bad = list(row)
                    bad[6] = rng.choice(("N/A", "USD " + row[6], "12.34.56"))
                    rows.append(bad)
                    malformed_left -= 1
                    counts["malformed_order_rows"] += 1
                rows.append(row)
            path = out / "orders" / f"{day.isoformat()}.csv"
            _write_csv(path, ORDER_HEADER, rows)
            paths.append(path)
            rows_written += len(rows)
        if (d + 1) % C.ORDER_REEXPORT_EVERY_DAYS == 0:
            window = [
                o for dd in range(max(0, d - C.ORDER_REEXPORT_WINDOW_DAYS + 1), d + 1) for o in by_day.get(dd, [])
            ]
            window.sort(key=lambda o: (o.created_ms, o.order_id))
            if window:
                path = out / "orders" / "weekly" / f"{day.isoformat()}.csv"
                _write_csv(path, ORDER_HEADER, [_row(rng, o, as_of, False) for o in window])
                paths.append(path)
                rows_written += len(window)
                counts["duplicate_order_rows"] += len(window)
    return paths, rows_written


def write_refunds(
    rng: random.Random, orders: list[Order], end_ms: int, out: Path, counts: Counter[str]
) -> tuple[list[Path], int]:
    """refunds/YYYY-MM-DD.csv by refund day; a few refunds are re-sent in the next day's file."""
    by_day: dict[str, list[tuple[int, list[str]]]] = {}
    malformed_left = 1
    for o in orders:
        for r in o.refunds:
            row = [r.refund_id, o.order_id, C.iso_s(r.refunded_ms), C.cents_str(r.cents), o.currency]
            by_day.setdefault(C.date_of(r.refunded_ms).isoformat(), []).append((r.refunded_ms, row))
            again = r.refunded_ms + C.MS_PER_DAY
            if again <= end_ms and rng.random() < 0.04:
                by_day.setdefault(C.date_of(again).isoformat(), []).append((again, row))
                counts["duplicate_refund_rows"] += 1
            if malformed_left:
                bad = [r.refund_id, o.order_id, C.iso_s(r.refunded_ms), "twelve", o.currency]
                by_day[C.date_of(r.refunded_ms).isoformat()].append((r.refunded_ms, bad))
                malformed_left -= 1
                counts["malformed_refund_rows"] += 1
    paths = []
    rows = 0
    for day in sorted(by_day):
        path = out / "refunds" / f"{day}.csv"
        _write_csv(path, REFUND_HEADER, [row for _, row in sorted(by_day[day])])
        paths.append(path)
        rows += len(by_day[day])
    return paths, rows
