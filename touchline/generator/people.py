"""The simulated world's entities: people, their devices (visitors), sessions and orders.

These are the ground truth; the landed files are what the store's systems saw of them.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field

from touchline.generator.touches import Touch

EMPTY_EMAIL_HASH = hashlib.sha256(b"").hexdigest()
_FIRST = (
    "anna",
    "ben",
    "carla",
    "dev",
    "elif",
    "finn",
    "grace",
    "hugo",
    "ines",
    "jon",
    "kira",
    "liam",
    "maya",
    "noah",
    "olga",
    "paul",
    "rosa",
    "sam",
    "tara",
    "umar",
    "vera",
    "will",
    "yara",
    "zoe",
)
_LAST = (
    "smith",
    "garcia",
    "muller",
    "rossi",
    "dubois",
    "kowalski",
    "nguyen",
    "okafor",
    "silva",
    "jensen",
    "brown",
    "khan",
    "lee",
    "martin",
    "novak",
    "walsh",
)
_DOMAINS = (
    "gmail.com",
    "gmail.com",
    "gmail.com",
    "yahoo.com",
    "outlook.com",
    "icloud.com",
    "hotmail.co.uk",
    "web.de",
    "gmx.de",
    "orange.fr",
)


def email_hash(email: str) -> str:
    """sha256 hex of the trimmed, lowercased email (landing.md)."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def make_email(rng: random.Random, n: int) -> str:
    return f"{rng.choice(_FIRST)}.{rng.choice(_LAST)}{n}@{rng.choice(_DOMAINS)}"


def email_variant(rng: random.Random, email: str) -> str:
    """How a form or an export may spell the same address: case and stray blanks."""
    r = rng.random()
    if r < 0.15:
        return email.capitalize()
    if r < 0.22:
        return f" {email.upper()} "
    return email


@dataclass(slots=True)
class Session:
    visitor_id: str
    start_ms: int
    touch: Touch


@dataclass(slots=True)
class Visitor:
    visitor_id: str
    person_id: str
    user_agent: str
    is_bot: bool = False
    # True when an identify or checkout event (of an exported order) ties it to its person.
    identified: bool = False
    sessions: list[Session] = field(default_factory=list)
    last_event_ms: int = 0


@dataclass(slots=True)
class Refund:
    refund_id: str
    refunded_ms: int
    cents: int


@dataclass(slots=True)
class Order:
    order_id: str
    person_id: str
    created_ms: int
    currency: str
    total_cents: int
    email: str
    customer_id: str
    checkout_visitor_id: str = ""  # the visitor whose checkout_completed event landed
    landing_site: str = ""
    referring_site: str = ""
    is_test: bool = False
    is_voided: bool = False
    paid_ms: int | None = None  # set when the order sat in 'pending' before payment cleared
    first_export_day: int = -1  # day index of its first daily export (some arrive late)
    refunds: list[Refund] = field(default_factory=list)


@dataclass(slots=True)
class Person:
    person_id: str
    email: str
    customer_id: str
    currency: str
    arrival_touch: Touch
    acquired_by: str = ""  # the ad platform whose spend brought the person in
    arrived_ms: int = 0  # the first visit (the one the arrival touch brought)
    is_employee: bool = False
    pixel_blocked: bool = False  # every visit missed by the pixel (ad blocker)
    visitors: list[Visitor] = field(default_factory=list)
    orders: list[Order] = field(default_factory=list)
