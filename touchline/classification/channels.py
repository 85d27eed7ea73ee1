"""The default channel group: ordered rules, first match wins (classification.md).

Each ChannelRule is one conjunction of conditions; a channel whose spec rule has an "or"
is several rows with the same order. Patterns are full-match regular expressions applied to
lowercased values, written in the subset that both RE2 (DuckDB) and Python `re` accept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PAID_MEDIUM = r"(.*cp.*|ppc|retargeting|paid.*)"
SHOP_CAMPAIGN = r"(.*(([^a-df-z]|^)shop|shopping).*)"
EMAIL_WORDS = r"(email|e-mail|e_mail|e mail)"


@dataclass(frozen=True)
class ChannelRule:
    rule_order: int
    channel: str
    source_pattern: str | None = None
    medium_pattern: str | None = None
    campaign_pattern: str | None = None
    source_category: str | None = None

    def matches(self, source: str, medium: str, campaign: str | None, category: str | None) -> bool:
        checks = (
            (self.source_pattern, source),
            (self.medium_pattern, medium),
            (self.campaign_pattern, campaign),
        )
        for pattern, value in checks:
            if pattern is not None and re.fullmatch(pattern, (value or "").lower()) is None:
                return False
        return self.source_category is None or self.source_category == (category or "")


CHANNEL_RULES: tuple[ChannelRule, ...] = (
    ChannelRule(1, "Direct", source_pattern=r"\(direct\)", medium_pattern=r"(\(none\)|\(not set\))"),
    ChannelRule(2, "Cross-network", campaign_pattern=r".*cross-network.*"),
    ChannelRule(2, "Cross-network", medium_pattern=r"pmax"),
    ChannelRule(3, "Paid Shopping", source_category="shopping", medium_pattern=PAID_MEDIUM),
    ChannelRule(3, "Paid Shopping", campaign_pattern=SHOP_CAMPAIGN, medium_pattern=PAID_MEDIUM),
    ChannelRule(4, "Paid Search", source_category="search", medium_pattern=PAID_MEDIUM),
    ChannelRule(5, "Paid Social", source_category="social", medium_pattern=PAID_MEDIUM),
    ChannelRule(6, "Paid Video", source_category="video", medium_pattern=PAID_MEDIUM),
    ChannelRule(7, "Display", medium_pattern=r"(display|banner|expandable|interstitial|cpm)"),
    # dclid, ad-serving referrers, and paid Google click IDs arriving from them.
    ChannelRule(7, "Display", source_category="display"),
    ChannelRule(8, "Paid Other", medium_pattern=PAID_MEDIUM),
    # srsltid touches carry the shopping category (see classifier rule 4).
    ChannelRule(9, "Organic Shopping", source_category="shopping"),
    ChannelRule(9, "Organic Shopping", campaign_pattern=SHOP_CAMPAIGN),
    ChannelRule(10, "Organic Social", source_category="social"),
    ChannelRule(
        10, "Organic Social", medium_pattern=r"(social|social-network|social-media|sm|social network|social media)"
    ),
    ChannelRule(11, "Organic Video", source_category="video"),
    ChannelRule(11, "Organic Video", medium_pattern=r".*video.*"),
    ChannelRule(12, "Organic Search", source_category="search"),
    ChannelRule(12, "Organic Search", medium_pattern=r"organic"),
    ChannelRule(13, "AI Assistant", source_category="ai"),
    ChannelRule(13, "AI Assistant", medium_pattern=r"ai-assistant"),
    ChannelRule(14, "Email", source_pattern=EMAIL_WORDS),
    ChannelRule(14, "Email", medium_pattern=EMAIL_WORDS),
    ChannelRule(14, "Email", source_category="email"),
    ChannelRule(15, "Affiliates", medium_pattern=r"affiliate"),
    ChannelRule(16, "Referral", medium_pattern=r"(referral|app|link)"),
    ChannelRule(17, "Audio", medium_pattern=r"audio"),
    ChannelRule(18, "SMS", source_pattern=r"sms"),
    ChannelRule(18, "SMS", medium_pattern=r"sms"),
    ChannelRule(19, "Mobile Push Notifications", medium_pattern=r"(.*push|.*mobile.*|.*notification.*)"),
    ChannelRule(19, "Mobile Push Notifications", source_pattern=r"firebase"),
    ChannelRule(20, "Unassigned"),
)


def is_paid_medium(medium: str | None) -> bool:
    return re.fullmatch(PAID_MEDIUM, (medium or "").lower()) is not None


def channel_for(source: str, medium: str, campaign: str | None, category: str | None) -> str:
    for rule in CHANNEL_RULES:
        if rule.matches(source, medium, campaign, category):
            return rule.channel
    raise AssertionError("the last channel rule matches everything")
