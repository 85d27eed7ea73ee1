"""The demo store's year: a Black Friday to Cyber Monday peak and the December gift season.

A factor per day (1 = an ordinary day) scales the people who find the store without an ad
and the days returning customers come back on; its square root scales the chance that such
a visitor buys (shoppers in season are readier). Paid visits follow the spend and buy as
they do all year, so each platform's true effect stays one curve of its spend: what the
marketing-mix model estimates, with the peaks in its baseline (docs/mmm.md). (With paid
visitors readier in season too, the effect of a platform that happened to be on air in
December was 20-40 % off on two seeds of two.)
"""

from __future__ import annotations

import datetime as dt

from touchline.mmm.holidays import black_friday, is_gift_season

# Black Friday, Saturday, Sunday, Cyber Monday.
CYBER_WEEKEND = (3.2, 2.3, 2.0, 2.8)
GIFT_SEASON = 2.0


def buy_lift(season: float) -> float:
    """How much readier to buy a visitor is on a day of this season factor."""
    return season**0.5


def season_factor(day: dt.date) -> float:
    friday = black_friday(day.year)
    offset = (day - friday).days
    if 0 <= offset < len(CYBER_WEEKEND):
        return CYBER_WEEKEND[offset]
    if is_gift_season(day):
        return GIFT_SEASON
    return 1.0
