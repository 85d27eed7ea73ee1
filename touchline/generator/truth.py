"""The ground truth: what really happened, computed from the simulated world (never from the
landed files), with the first/last-touch rules of attribution.md applied to true sessions.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from touchline.generator import config as C
from touchline.generator.fx import FxTable
from touchline.generator.people import Order, Person, Session, Visitor
from touchline.generator.touches import Touch

_CENT = Decimal("0.01")


@dataclass(frozen=True)
class TouchPick:
    source: str
    medium: str
    campaign: str
    at: str
    visitor_id: str  # whose session decided it ('' for direct)


_DIRECT_PICK = TouchPick("(direct)", "(none)", "", "", "")


def _pick(s: Session | None) -> TouchPick:
    if s is None:
        return _DIRECT_PICK
    return TouchPick(s.touch.source, s.touch.medium, s.touch.campaign, C.iso_ms(s.start_ms), s.visitor_id)


def order_amounts(o: Order) -> tuple[int, int, int]:
    """(gross, refunded, net) in cents: voided and test orders carry no revenue (landing.md)."""
    gross = 0 if (o.is_test or o.is_voided) else o.total_cents
    refunded = sum(r.cents for r in o.refunds)
    return gross, refunded, gross - refunded


def _touches(sessions: list[Session], t: int) -> tuple[TouchPick | None, TouchPick | None]:
    """First and last touch at time t, or (None, None) when no session started by t."""
    seen = [s for s in sessions if s.start_ms <= t]
    if not seen:
        return None, None
    first = next((s for s in seen if not s.touch.is_direct and s.start_ms >= t - C.FIRST_TOUCH_WINDOW_MS), None)
    last = next((s for s in reversed(seen) if not s.touch.is_direct and s.start_ms >= t - C.LAST_TOUCH_WINDOW_MS), None)
    return _pick(first), _pick(last)


def _determinable(p: Person, o: Order, first: TouchPick | None, last: TouchPick | None) -> bool:
    """Whether the data lets a correct warehouse reach exactly this truth."""
    if first is None or last is None:
        return not o.checkout_visitor_id and not any(v.identified for v in p.visitors)
    # The warehouse's person of this order: the visitors stitched to it.
    linked = {o.checkout_visitor_id} - {""}
    if not o.is_test:
        linked |= {v.visitor_id for v in p.visitors if v.identified}
    if not linked:
        return False
    for pick in (first, last):
        if pick.visitor_id and pick.visitor_id not in linked:
            return False
    if not first.visitor_id or not last.visitor_id:  # direct: a linked visitor needs a session by then
        return any(s.start_ms <= o.created_ms for v in p.visitors if v.visitor_id in linked for s in v.sessions)
    return True


def _status(first: TouchPick | None, landing: Touch | None) -> str:
    if first is not None:
        return "direct" if first is _DIRECT_PICK else "attributed"
    if landing is not None and not landing.is_direct:
        return "landing_site"
    return "unattributed"


def _flag(b: bool) -> str:
    return "true" if b else "false"


def write_orders_truth(path: Path, persons: list[Person]) -> None:
    rows = []
    for p in persons:
        sessions = sorted((s for v in p.visitors for s in v.sessions), key=lambda s: (s.start_ms, s.visitor_id))
        for o in p.orders:
            first, last = _touches(sessions, o.created_ms)
            landing = p.arrival_touch if o.landing_site and not sessions else None
            gross, refunded, net = order_amounts(o)
            f = first or TouchPick("", "", "", "", "")
            la = last or TouchPick("", "", "", "", "")
            rows.append(
                [
                    o.order_id,
                    p.person_id,
                    C.iso_s(o.created_ms),
                    o.currency,
                    C.cents_str(o.total_cents),
                    C.cents_str(gross),
                    C.cents_str(refunded),
                    C.cents_str(net),
                    _flag(o.is_test),
                    _flag(o.is_voided),
                    f.source,
                    f.medium,
                    f.campaign,
                    f.at,
                    la.source,
                    la.medium,
                    la.campaign,
                    la.at,
                    _status(first, landing),
                    _flag(_determinable(p, o, first, last)),
                    landing.source if landing else "",
                    landing.medium if landing else "",
                    landing.campaign if landing else "",
                    p.acquired_by,
                    _flag(bool(o.checkout_visitor_id)),
                ]
            )
    rows.sort()
    _write(
        path,
        [
            "order_id",
            "person_id",
            "ordered_at",
            "currency",
            "total_price",
            "gross",
            "refunded",
            "net",
            "is_test",
            "is_voided",
            "first_touch_source",
            "first_touch_medium",
            "first_touch_campaign",
            "first_touch_at",
            "last_touch_source",
            "last_touch_medium",
            "last_touch_campaign",
            "last_touch_at",
            "attribution_status",
            "is_determinable",
            "landing_site_source",
            "landing_site_medium",
            "landing_site_campaign",
            "acquired_by_ad_platform",
            "has_checkout_event",
        ],
        rows,
    )


def write_visitors_truth(path: Path, persons: list[Person], bots: list[Visitor]) -> None:
    rows = [
        [v.visitor_id, v.person_id, "false", _flag(v.identified), str(len(v.sessions))]
        for p in persons
        for v in p.visitors
    ]
    rows += [[v.visitor_id, "", "true", "false", "0"] for v in bots]
    rows.sort()
    _write(path, ["visitor_id", "person_id", "is_bot", "is_identifiable", "sessions"], rows)


def write_sessions_truth(path: Path, persons: list[Person]) -> None:
    rows = [
        [
            s.visitor_id,
            p.person_id,
            C.iso_ms(s.start_ms),
            s.touch.source,
            s.touch.medium,
            s.touch.campaign,
            _flag(s.touch.is_direct),
            s.touch.ad_platform,
            s.touch.campaign_id,
        ]
        for p in persons
        for v in p.visitors
        for s in v.sessions
    ]
    rows.sort(key=lambda r: (r[0], r[2]))
    _write(
        path,
        [
            "visitor_id",
            "person_id",
            "started_at",
            "source",
            "medium",
            "campaign",
            "is_direct",
            "ad_platform",
            "spend_campaign_id",
        ],
        rows,
    )


def net_usd(o: Order, fx: FxTable) -> Decimal:
    """Net revenue in USD at the order day's rate, to the cent (so totals add up exactly)."""
    return (Decimal(order_amounts(o)[2]) / 100 * fx.rate(o.currency, C.date_of(o.created_ms))).quantize(
        _CENT, rounding=ROUND_HALF_UP
    )


def money(x: Decimal) -> str:
    return str(x.quantize(_CENT))


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def day_index(ms: int, start: dt.date) -> int:
    return (C.date_of(ms) - start).days
