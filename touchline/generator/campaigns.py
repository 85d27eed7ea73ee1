"""The ad platforms and spend campaigns of the demo store, with the true media parameters.

Each campaign also says how its links are tagged, so the data exercises every campaign-matching
rule of analytics.md: by utm_id, by normalised name, by a fuzzy match on a typo, a UTM
campaign with no spend, and a spend campaign that no visit carries.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AdPlatform:
    name: str  # the ad platform of classification.md
    theta: float  # geometric adstock carry-over (of paid visits)
    hill_slope: float  # Hill curve exponent
    half_saturation: float  # K as a multiple of the platform's mean on-flight adstock
    share: float  # share of paid arrivals (before saturation noise)
    cpc_usd: float  # USD per paid arrival: sets the spend scale, so MER and ROAS look like a real store's
    flighted: bool  # bursts of 1-3 weeks with pauses (spend.py); else a fixed daily budget
    file_aliases: tuple[str, ...] = ()  # names some spend files use instead (landing.md)


@dataclass(frozen=True)
class Campaign:
    ad_platform: str
    campaign_id: str
    name: str  # verbatim as the platform UI (and the spend export) spells it
    utm_campaign: str  # what the campaign's links carry
    use_utm_id: bool  # links carry utm_id=<campaign_id>
    budget_share: float  # of the platform's budget
    drives_visits: bool = True
    # Visits a dollar buys and the chance a visitor buys, relative to the platform's
    # average: people searching for the store's own name click cheaply and mostly buy;
    # a broad prospecting audience is cheap to reach and rarely ready.
    visits_per_dollar: float = 1.0
    buy_factor: float = 1.0
    currency: str = "USD"
    account_id: str = ""
    account_name: str = ""


# Three large platforms run bursts on calendars of their own, so their spend moves
# independently and every platform is sometimes dark: what a marketing-mix model needs to
# tell them apart and from the baseline. Six small ones run a fixed daily budget: their
# effect is real but constant, so no daily model can separate it from the baseline (they
# show as 'skipped: no spend variation'). The nine flighting on near-common 14-day cycles
# (and brand search / retargeting never pausing) made the demo's model unidentifiable:
# docs/mmm.md, "The demo data".
AD_PLATFORMS: tuple[AdPlatform, ...] = (
    AdPlatform("google", 0.35, 1.6, 0.8, 0.34, 6.50, True),
    AdPlatform("meta", 0.60, 1.8, 0.7, 0.30, 4.50, True, ("facebook",)),
    AdPlatform("microsoft", 0.30, 1.4, 0.9, 0.03, 5.50, False, ("bing",)),
    AdPlatform("pinterest", 0.50, 1.5, 0.8, 0.03, 3.50, False),
    AdPlatform("tiktok", 0.55, 2.0, 0.7, 0.24, 3.25, True),
    AdPlatform("snapchat", 0.40, 1.5, 0.9, 0.01, 3.50, False),
    AdPlatform("reddit", 0.45, 1.3, 0.8, 0.01, 4.00, False),
    AdPlatform("linkedin", 0.65, 1.7, 0.8, 0.01, 15.00, False),
    AdPlatform("x", 0.40, 1.5, 0.9, 0.03, 4.00, False, ("twitter",)),
)
AD_PLATFORM_BY_NAME = {p.name: p for p in AD_PLATFORMS}

CAMPAIGNS: tuple[Campaign, ...] = (
    # Brand search pays back (cheap clicks, buyers who already know the shop); the rest of
    # search and Meta prospecting pay back less, retargeting more.
    Campaign(
        "google",
        "20817345112",
        "Brand Search",
        "brand_search",
        True,
        0.25,
        visits_per_dollar=3.0,
        buy_factor=1.8,
        account_id="123-456-7890",
        account_name="Shop Example - Search",
    ),
    # Name with a trailing blank and underscores; links carry 'spring-sale' (normalised-name match).
    Campaign(
        "google",
        "20817345298",
        "Spring_Sale ",
        "spring-sale",
        False,
        0.45,
        account_id="123-456-7890",
        account_name="Shop Example - Search",
    ),
    # Links carry a typo: only a fuzzy match finds the spend.
    Campaign(
        "google",
        "20817346001",
        "Summer Clearance 2026",
        "summer-clearence-2026",
        False,
        0.30,
        account_id="123-456-7890",
        account_name="Shop Example - Search",
    ),
    Campaign(
        "meta",
        "120208765432100",
        "Prospecting | Broad",
        "Prospecting | Broad",
        True,
        0.55,
        buy_factor=0.75,
        account_id="act_98765432101",
        account_name="Shop Example US",
    ),
    Campaign(
        "meta",
        "120208765432200",
        "Retargeting_DPA",
        "retargeting_dpa",
        False,
        0.30,
        buy_factor=1.6,
        account_id="act_98765432101",
        account_name="Shop Example US",
    ),
    # A European ad account billed in EUR.
    Campaign(
        "meta",
        "120208765432300",
        "EU Autumn Push",
        "EU Autumn Push",
        True,
        0.15,
        currency="EUR",
        account_id="act_98765432999",
        account_name="Shop Example EU",
    ),
    Campaign(
        "microsoft",
        "419283746",
        "Brand - Exact",
        "brand-exact",
        False,
        1.0,
        account_id="F118PXQ4",
        account_name="Shop Example",
    ),
    Campaign(
        "pinterest",
        "626745123987",
        "Pins Autumn Collection",
        "pins_autumn_collection",
        False,
        1.0,
        account_id="549764583211",
        account_name="Shop Example",
    ),
    Campaign(
        "tiktok",
        "1789234561234567",
        "TT Spark Ads",
        "tt-spark-ads",
        True,
        1.0,
        account_id="7012345678901234567",
        account_name="Shop Example",
    ),
    Campaign(
        "snapchat",
        "9a3f2c1e-0b7d-4e55-9c1a-5d2e8f0a1b3c",
        "Snap Story Ads",
        "snap story ads",
        False,
        1.0,
        account_id="5c1e8a2b-77aa-4f0e-9b1d-3e5f7a9c0d12",
        account_name="Shop Example",
    ),
    Campaign(
        "reddit",
        "t2_8xk2p_c1",
        "Reddit Conversations",
        "reddit_conversations",
        False,
        1.0,
        account_id="t2_8xk2p",
        account_name="Shop Example",
    ),
    Campaign(
        "linkedin",
        "612345678",
        "LI Lead Gen",
        "li-lead-gen",
        True,
        0.85,
        account_id="508765432",
        account_name="Shop Example",
    ),
    # Spend that no visit carries (the unmatched spend side).
    Campaign(
        "linkedin",
        "612345999",
        "LI Retargeting Q4",
        "li-retargeting-q4",
        False,
        0.15,
        drives_visits=False,
        account_id="508765432",
        account_name="Shop Example",
    ),
    Campaign(
        "x",
        "18ce54abc12",
        "X Promoted Posts",
        "x-promoted-posts",
        False,
        1.0,
        account_id="18ce54xyz",
        account_name="Shop Example",
    ),
)

# A UTM campaign some Meta links carry that has no spend row anywhere (the unmatched touch side).
UNSPENT_UTM_CAMPAIGN = "brand-awareness-test"
UNSPENT_UTM_SHARE = 0.03


def campaigns_of(ad_platform: str) -> list[Campaign]:
    return [c for c in CAMPAIGNS if c.ad_platform == ad_platform]
