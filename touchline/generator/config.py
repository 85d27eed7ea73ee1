"""Constants of the demo store and the shapes shared by the generator's modules.

Everything that tunes realism (rates, mixes, sizes) lives here, so a reader can see the
whole simulated world in one place and the modules stay about mechanics.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

STORE_HOST = "shop.example.com"
STORE_ORIGIN = f"https://{STORE_HOST}"
REPORTING_CURRENCY = "USD"
# The store's test / employee account: shared by more visitors than the identity
# guardrail allows (attribution.md, default 25), so the warehouse must not stitch on it.
SHARED_TEST_EMAIL = "qa-team@shop.example.com"
EMPLOYEE_VISITORS = 32

# Share of an order's currency by the buyer's country.
CURRENCY_MIX: tuple[tuple[str, float], ...] = (("USD", 0.70), ("EUR", 0.12), ("GBP", 0.10), ("CAD", 0.08))
# fx starting points (one unit into USD); a small daily random walk follows.
FX_START = {"EUR": 1.08, "GBP": 1.27, "CAD": 0.73}
FX_MISSING_DAY_RATE = 0.06

# People and journeys.
SECOND_DEVICE_RATE = 0.18
# Share of people who buy in the period. High on purpose (real stores: 2-5 %): a loyal,
# high-intent audience gives the demo many orders per pixel event, and the marketing-mix
# model needs orders (tens a day) far more than it needs browsing events (docs/mmm.md).
BUY_RATE = 0.12
# Returning customers: a buyer comes back to buy again with this chance, then keeps coming
# back (mean gap REPEAT_AFTER_DAYS on an ordinary day, more often in season) until a coin
# says stop. The data starts with no customers, so the returning share of revenue grows
# over the year, to about a third by its end, as a store's does.
REPEAT_BUY_RATE = 0.25
REPEAT_AFTER_DAYS = 75.0
REPEAT_AGAIN_RATE = 0.6
# Journeys. Chance of one more visit / one more page view (geometric counts). Browsers
# mostly bounce after a page or two; buyers look around and decide fast: most buy in the
# visit that brought them, the rest come back within hours to a day. (With buyers' visits
# 2.5 days apart, a day's revenue answered to the spend of the week before in a shape no
# geometric adstock has, and the demo's model overstated media ~2x even without noise.)
BROWSER_MORE_VISITS = 0.3
BUYER_MORE_VISITS = 0.3
BROWSER_RETURN_DAYS = 2.5  # mean gap between visits, on top of the 35-minute minimum
BUYER_RETURN_DAYS = 0.5
BROWSER_MORE_PAGES = 0.35
BUYER_MORE_PAGES = 0.7
PIXEL_MISSED_PERSON_RATE = 0.03  # buyers whose every visit the pixel missed (ad blockers)
CHECKOUT_EVENT_MISSED_RATE = 0.05  # orders whose checkout_completed never arrived
IDENTIFY_RATE = 0.30  # a browsing (non-buying) visitor logs in or subscribes
SECOND_DEVICE_IDENTIFY_RATE = 0.6
HAS_ACCOUNT_RATE = 0.55  # buyers with a store customer id (the rest check out as guests)
PLAIN_EMAIL_RATE = 0.3  # identify events from the older pixel setup that sends the plain email
VOIDED_RATE = 0.012
ORPHAN_CHECKOUTS = 3  # checkout events whose order never reaches an export
PAID_SHARE = 0.60  # share of arriving people that paid media brings in (a paid-led store)

# Dirty data.
BOT_EVENT_SHARE = 0.02
LATE_EVENT_RATE = 0.012
DUPLICATE_EVENT_RATE = 0.006
MALFORMED_EVENT_RATE = 0.002
PIXEL_PART_MAX_LINES = 50_000
GZIP_LEVEL = 1

# Refunds: ~8 % of orders.
PARTIAL_REFUND_RATE = 0.05
FULL_REFUND_RATE = 0.03
ORDER_REEXPORT_EVERY_DAYS = 7
ORDER_REEXPORT_WINDOW_DAYS = 28
DELAYED_EXPORT_ORDERS = 3  # orders first exported days late, after their refund's file

MS_PER_DAY = 86_400_000
SESSION_TIMEOUT_MS = 30 * 60_000
FIRST_TOUCH_WINDOW_MS = 365 * MS_PER_DAY
LAST_TOUCH_WINDOW_MS = 90 * MS_PER_DAY

HUMAN_USER_AGENTS: tuple[tuple[str, float], ...] = (
    (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36",
        0.22,
    ),
    (
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36",
        0.08,
    ),
    (
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15",
        0.07,
    ),
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
        0.27,
    ),
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/129.0.6668.69 Mobile/15E148 Safari/604.1",
        0.04,
    ),
    (
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Mobile Safari/537.36",
        0.14,
    ),
    (
        "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
        0.05,
    ),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:131.0) Gecko/20100101 Firefox/131.0", 0.06),
    (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36 Edg/129.0.0.0",
        0.07,
    ),
)
# Each of these is recognised by crawlerdetect (checked in tests), as the loader relies on it.
BOT_USER_AGENTS: tuple[str, ...] = (
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
)

PRODUCT_SLUGS: tuple[str, ...] = (
    "linen-shirt",
    "merino-beanie",
    "canvas-tote",
    "trail-runner",
    "rain-shell",
    "wool-socks",
    "denim-jacket",
    "cotton-tee",
    "leather-belt",
    "travel-mug",
    "silk-scarf",
    "chino-shorts",
)
COLLECTION_SLUGS: tuple[str, ...] = ("new-arrivals", "sale", "outerwear", "accessories", "gifts")
# Shelf prices in cents; a store sets round local prices, so the same list serves every currency.
PRICES_CENTS: tuple[int, ...] = (1995, 2400, 2900, 3495, 3900, 4500, 4999, 5900, 6500, 7900, 8995, 12000, 14900)
SHIPPING_CENTS = 495
FREE_SHIPPING_FROM_CENTS = 5000


@dataclass(frozen=True)
class GenerationStats:
    """What one generate() call wrote (counts are landed records, duplicates included)."""

    events: int
    orders: int
    refunds: int
    spend_rows: int
    files: int
    truth_dir: Path
    # spend accounts whose files lost their currency (--spend-format fivetran_ad_reporting)
    account_currencies: dict[str, str] = field(default_factory=dict)


def day_start_ms(day: dt.date) -> int:
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp()) * 1000


def iso_ms(ms: int) -> str:
    """UTC timestamp with milliseconds and a Z, as browsers' toISOString() writes it."""
    t = dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def iso_s(ms: int) -> str:
    """UTC timestamp to the second with an explicit offset, as store exports write it."""
    t = dt.datetime.fromtimestamp(ms // 1000, tz=dt.UTC)
    return t.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def date_of(ms: int) -> dt.date:
    return dt.datetime.fromtimestamp(ms // 1000, tz=dt.UTC).date()


def cents_str(cents: int) -> str:
    """Exact decimal text of an amount in cents (never via float)."""
    sign = "-" if cents < 0 else ""
    c = abs(cents)
    return f"{sign}{c // 100}.{c % 100:02d}"
