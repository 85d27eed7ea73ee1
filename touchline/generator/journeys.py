"""People finding the store, coming back on one or two devices, and buying.

A person arrives through one touch (paid, when spend bought the visit, or a baseline
channel), returns through other channels, sometimes on a second device, and buyers place
orders in their last visit. Staff with the shared test account and crawlers are simulated
beside them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from touchline.generator import config as C
from touchline.generator.people import Order, Person, Visitor, make_email
from touchline.generator.pixel import PixelSink
from touchline.generator.sessions import Identity, Visit, landing_path, run_visit
from touchline.generator.touches import DIRECT_TOUCH, RETURN_MIX, Touch, from_mix

_GAP_MIN_MS = 35 * 60_000  # comfortably over the 30-minute session timeout
_UA_WEIGHTS = [w for _, w in C.HUMAN_USER_AGENTS]
_UAS = [u for u, _ in C.HUMAN_USER_AGENTS]


@dataclass
class World:
    rng: random.Random
    sink: PixelSink
    start_ms: int
    end_ms: int
    persons: list[Person] = field(default_factory=list)
    orders: list[Order] = field(default_factory=list)
    season: list[float] = field(default_factory=list)  # seasons.season_factor per day from start_ms
    orphans_left: int = C.ORPHAN_CHECKOUTS
    empty_hash_left: int = 5
    buyers: int = 0
    _seq: int = 0

    def next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def season_at(self, at_ms: int) -> float:
        if not self.season:
            return 1.0
        return self.season[min(max((at_ms - self.start_ms) // C.MS_PER_DAY, 0), len(self.season) - 1)]

    def new_visitor(self, person: Person, ua: str | None = None) -> Visitor:
        v = Visitor(self.sink.new_id(), person.person_id, ua or self.rng.choices(_UAS, _UA_WEIGHTS)[0])
        person.visitors.append(v)
        return v

    def new_order(self, person: Person, at_ms: int, *, is_test: bool = False) -> Order:
        rng = self.rng
        items = 1
        while items < 5 and rng.random() < 0.45:
            items += 1
        cents = sum(rng.choice(C.PRICES_CENTS) for _ in range(items))
        if cents < C.FREE_SHIPPING_FROM_CENTS:
            cents += C.SHIPPING_CENTS
        oid = str(6_100_000_000_000 + self.next_seq() * 13)
        o = Order(
            oid, person.person_id, at_ms, person.currency, cents, person.email, person.customer_id, is_test=is_test
        )
        person.orders.append(o)
        self.orders.append(o)
        return o


def _pages(rng: random.Random, buyer: bool) -> int:
    """Page views of one visit: most browsers bounce after a page or two, buyers look around."""
    more = C.BUYER_MORE_PAGES if buyer else C.BROWSER_MORE_PAGES
    n = 1
    while n < 25 and rng.random() < more:
        n += 1
    return n


def _geometric(rng: random.Random, p_more: float, cap: int) -> int:
    n = 1
    while n < cap and rng.random() < p_more:
        n += 1
    return n


def _next_return(w: World, after_ms: int) -> int | None:
    """When a returning customer next buys: a Poisson process whose rate follows the season
    (thinning: draw at the peak rate, keep a draw with chance season / peak)."""
    rng = w.rng
    peak = max(w.season, default=1.0)
    t = after_ms
    while True:
        t += _GAP_MIN_MS + int(rng.expovariate(peak / (C.REPEAT_AFTER_DAYS * C.MS_PER_DAY)))
        if t > w.end_ms - 2 * 3_600_000:
            return None
        if rng.random() * peak < w.season_at(t):
            return t


def arrive(w: World, at_ms: int, touch: Touch, buy_rate: float = C.BUY_RATE) -> Person:
    """One new person's whole history, starting with the visit `touch` brought."""
    rng = w.rng
    n = w.next_seq()
    currency = rng.choices([c for c, _ in C.CURRENCY_MIX], [s for _, s in C.CURRENCY_MIX])[0]
    buyer = rng.random() < buy_rate
    # Buyers often register; a few browsers open an account without buying.
    has_account = (buyer and rng.random() < C.HAS_ACCOUNT_RATE) or rng.random() < 0.05
    p = Person(
        f"P{n:07d}",
        make_email(rng, n),
        f"C{700000 + n}" if has_account else "",
        currency,
        touch,
        acquired_by=touch.ad_platform,
        arrived_ms=at_ms,
    )
    w.persons.append(p)
    if buyer:
        w.buyers += 1
    # Every n-th buyer, not a coin flip: even a small generation holds a few of them.
    if buyer and w.buyers % round(1 / C.PIXEL_MISSED_PERSON_RATE) == 3:
        _blocked_buyer(w, p, at_ms)
        return p
    d1 = w.new_visitor(p)
    d2 = w.new_visitor(p) if rng.random() < C.SECOND_DEVICE_RATE else None
    who = Identity(p.email, p.customer_id)
    d1_identifies = rng.random() < C.IDENTIFY_RATE
    d2_identifies = rng.random() < C.SECOND_DEVICE_IDENTIFY_RATE
    visits = _geometric(rng, C.BUYER_MORE_VISITS if buyer else C.BROWSER_MORE_VISITS, 8)
    gap_days = C.BUYER_RETURN_DAYS if buyer else C.BROWSER_RETURN_DAYS
    if d2 is not None and visits == 1:
        visits = 2
    t = at_ms
    devices_used: list[Visitor] = []
    for i in range(visits):
        if i > 0:
            t += _GAP_MIN_MS + int(rng.expovariate(1 / (gap_days * C.MS_PER_DAY)))
        if t > w.end_ms - 2 * 3_600_000:
            break
        dev = d1 if i == 0 or d2 is None else (d2 if d2 not in devices_used or rng.random() < 0.45 else d1)
        visit = Visit(touch if i == 0 else from_mix(rng, RETURN_MIX), _pages(rng, buyer))
        last = i == visits - 1
        ident_here = (dev is d1 and d1_identifies and i == 0) or (
            dev is d2 and d2_identifies and d2 not in devices_used
        )
        if ident_here:
            visit.identify = who
        if last and buyer:
            _checkout_visit(w, p, visit, who)
        elif w.orphans_left and rng.random() < 0.01:
            w.orphans_left -= 1
            visit.orphan_order_id = str(6_900_000_000_000 + w.next_seq())
        elif visit.identify is None and w.empty_hash_left and rng.random() < 0.01:
            w.empty_hash_left -= 1
            visit.identify = Identity("")
        if dev not in devices_used:
            devices_used.append(dev)
        t = run_visit(w.sink, rng, dev, t, visit)
    if buyer and p.orders and rng.random() < C.REPEAT_BUY_RATE:
        # A returning customer: orders again and again until the coin says stop.
        while (back := _next_return(w, t)) is not None:
            visit = Visit(from_mix(rng, RETURN_MIX), _pages(rng, True))
            _checkout_visit(w, p, visit, who)
            t = run_visit(w.sink, rng, rng.choice(devices_used), back, visit)
            if rng.random() >= C.REPEAT_AGAIN_RATE:
                break
    # A second device that the journey never reached is no visitor at all.
    p.visitors = [v for v in p.visitors if v.sessions]
    return p


def _checkout_visit(w: World, p: Person, visit: Visit, who: Identity) -> None:
    rng = w.rng
    visit.order = w.new_order(p, 0)
    if rng.random() < C.CHECKOUT_EVENT_MISSED_RATE:
        # The pixel never saw the purchase; half of these never identified either.
        visit.checkout_event = False
        visit.identify = who if rng.random() < 0.5 else visit.identify
    else:
        visit.identify = who


def _blocked_buyer(w: World, p: Person, at_ms: int) -> None:
    """A buyer the pixel never saw: only the order export's landing_site tells the story."""
    rng = w.rng
    p.pixel_blocked = True
    o = w.new_order(p, min(at_ms + rng.randint(120_000, 1_800_000), w.end_ms - 1_000))
    o.landing_site = landing_path(rng, p.arrival_touch) + p.arrival_touch.query
    o.referring_site = p.arrival_touch.referrer or ""


def staff(w: World) -> None:
    """Employees browsing and placing test orders, all signed in with one shared account."""
    rng = w.rng
    span = w.end_ms - w.start_ms
    staff_people: list[tuple[Person, Visitor]] = []
    for i in range(C.EMPLOYEE_VISITORS):
        p = Person(f"E{i + 1:04d}", C.SHARED_TEST_EMAIL, "", "USD", DIRECT_TOUCH, is_employee=True)
        w.persons.append(p)
        staff_people.append((p, w.new_visitor(p, C.HUMAN_USER_AGENTS[0][0])))
    test_orders = max(4, C.EMPLOYEE_VISITORS // 3)
    for i, (p, v) in enumerate(staff_people):
        t = w.start_ms + rng.randint(0, span // 4)
        for k in range(rng.randint(2, 6)):
            visit = Visit(DIRECT_TOUCH, rng.randint(2, 6), identify=Identity(C.SHARED_TEST_EMAIL, shared=True))
            if k == 0 and i < test_orders:
                visit.order = w.new_order(p, 0, is_test=True)
            t = run_visit(w.sink, rng, v, t, visit)
            t += _GAP_MIN_MS + rng.randint(0, 10 * C.MS_PER_DAY)
            if t > w.end_ms - 2 * 3_600_000:
                break


def bots(w: World, target_events: int) -> list[Visitor]:
    """Crawlers and monitors: they hit ad landing pages too, so their touches must be dropped."""
    rng = w.rng
    out: list[Visitor] = []
    emitted = 0
    while emitted < target_events:
        v = Visitor(w.sink.new_id(), "", rng.choice(C.BOT_USER_AGENTS), is_bot=True)
        out.append(v)
        t = w.start_ms + rng.randint(0, w.end_ms - w.start_ms - 3_600_000)
        for _ in range(rng.randint(3, 40)):
            query = rng.choice(("", "", "?utm_source=google&utm_medium=cpc&gclid=botcheck", "?ttclid=E.C.P.bot"))
            url = C.STORE_ORIGIN + f"/products/{rng.choice(C.PRODUCT_SLUGS)}" + query
            w.sink.emit(
                {
                    "event_id": w.sink.new_id(),
                    "event_type": "page_view",
                    "visitor_id": v.visitor_id,
                    "url": url,
                    "referrer": None,
                    "user_agent": v.user_agent,
                },
                t,
            )
            emitted += 1
            t += rng.randint(300, 15_000)
    w.sink.counts["bot_events"] += emitted
    return out
