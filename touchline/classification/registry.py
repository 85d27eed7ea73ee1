"""The first-class platform registry: the one place a platform, its hosts and aliases live.

To add a platform or an alias, edit PLATFORMS below and run
`python -m touchline.classification.seeds`; the dbt models read the regenerated seeds and
the Python classifier reads this module, so both paths change together.
"""

from __future__ import annotations

from dataclasses import dataclass

# The medium a touch gets from its source's category when nothing more specific says.
# `display`, `shopping` and `maps` are not platform categories of the spec's table: they are
# the categories of the ad-serving hosts, the shopping list (which the channel rules need) and
# the map services (a click from a map listing is a referral, not a search).
CATEGORY_MEDIA: dict[str, str] = {
    "search": "organic",
    "social": "social",
    "video": "video",
    "ai": "ai-assistant",
    "email": "email",
    "display": "display",
    "shopping": "referral",
    "maps": "referral",
}


@dataclass(frozen=True)
class Platform:
    """A first-class platform.

    hosts: referrer domains (a host matches a domain or any sub-domain of it);
    `name.{}` stands for the name under any top-level domain (`google.{}` is google.co.uk),
    `host/path` is a path rule, `android-app://<app id>` an Android app referrer.
    """

    name: str
    category: str
    ad_platform: str | None
    hosts: tuple[str, ...]
    aliases: tuple[str, ...]


def _p(name: str, category: str, ad_platform: str | None, hosts: str, aliases: str) -> Platform:
    return Platform(name, category, ad_platform, tuple(hosts.split()), tuple(aliases.split()))


PLATFORMS: tuple[Platform, ...] = (
    _p(
        "google",
        "search",
        "google",
        "google.{} android-app://com.google.android.googlequicksearchbox",
        "google adwords gads google-ads googleads",
    ),
    _p("bing", "search", "microsoft", "bing.com", "bing microsoft msads"),
    _p("yahoo", "search", None, "search.yahoo.com", "yahoo"),
    _p("duckduckgo", "search", None, "duckduckgo.com", "duckduckgo ddg"),
    _p("baidu", "search", None, "baidu.com", "baidu"),
    _p("yandex", "search", None, "yandex.{} ya.ru", "yandex"),
    _p("ecosia", "search", None, "ecosia.org", "ecosia"),
    _p("brave", "search", None, "search.brave.com", "brave"),
    _p(
        "facebook",
        "social",
        "meta",
        "facebook.com fb.me android-app://com.facebook.katana",
        "facebook fb facebook.com fb-ads facebook_ads meta",
    ),
    _p("instagram", "social", "meta", "instagram.com android-app://com.instagram.android", "instagram ig insta"),
    _p("threads", "social", "meta", "threads.net threads.com", "threads"),
    _p("pinterest", "social", "pinterest", "pinterest.{} pin.it", "pinterest pin"),
    _p("tiktok", "social", "tiktok", "tiktok.com", "tiktok tiktokads tik.tok"),
    _p("snapchat", "social", "snapchat", "snapchat.com", "snapchat snap"),
    _p("linkedin", "social", "linkedin", "linkedin.com lnkd.in android-app://com.linkedin.android", "linkedin"),
    _p("x", "social", "x", "x.com twitter.com t.co android-app://com.twitter.android", "x twitter"),
    _p("reddit", "social", "reddit", "reddit.com android-app://com.reddit.frontpage", "reddit"),
    _p("quora", "social", None, "quora.com", "quora"),
    _p("tumblr", "social", None, "tumblr.com t.umblr.com", "tumblr"),
    _p("bluesky", "social", None, "bsky.app", "bluesky bsky"),
    _p("whatsapp", "social", None, "whatsapp.com wa.me", "whatsapp"),
    _p("discord", "social", None, "discord.com discordapp.com", "discord"),
    _p("youtube", "video", "google", "youtube.com youtu.be android-app://com.google.android.youtube", "youtube yt"),
    _p("vimeo", "video", None, "vimeo.com", "vimeo"),
    _p("twitch", "video", None, "twitch.tv", "twitch"),
    _p("chatgpt", "ai", None, "chatgpt.com chat.openai.com", "chatgpt chatgpt.com openai"),
    _p("perplexity", "ai", None, "perplexity.ai", "perplexity perplexity.ai"),
    _p("claude", "ai", None, "claude.ai", "claude claude.ai"),
    _p("gemini", "ai", None, "gemini.google.com bard.google.com", "gemini"),
    _p("copilot", "ai", None, "copilot.microsoft.com", "copilot"),
    _p("meta_ai", "ai", None, "meta.ai", "meta.ai meta_ai"),
    _p("grok", "ai", None, "grok.com x.com/i/grok", "grok"),
    _p("deepseek", "ai", None, "chat.deepseek.com", "deepseek"),
    _p("mistral", "ai", None, "chat.mistral.ai", "mistral lechat"),
    _p("you", "ai", None, "you.com", "you.com"),
    _p("gmail", "email", None, "mail.google.com android-app://com.google.android.gm", "gmail"),
    _p("outlook", "email", None, "outlook.live.com outlook.office.com outlook.office365.com", "outlook"),
    _p("yahoo_mail", "email", None, "mail.yahoo.com", "yahoo_mail"),
    _p("klaviyo", "email", None, "", "klaviyo"),
    _p("mailchimp", "email", None, "", "mailchimp"),
)

PLATFORMS_BY_NAME: dict[str, Platform] = {p.name: p for p in PLATFORMS}

# The query parameters that carry a first-class search engine's search terms, in the order
# they are tried (long-tail engines take theirs from the Matomo list's `params`).
SEARCH_PARAMS: dict[str, str] = {
    "google": "q",
    "bing": "q",
    "yahoo": "p",
    "duckduckgo": "q",
    "baidu": "wd word",
    "yandex": "text",
    "ecosia": "q",
    "brave": "q",
}

# Referrers that are not sources: payment gateways, checkouts, wallets and 3-D Secure pages
# send the buyer back to the store, so they would otherwise steal the touch. Extra hosts come
# from the dbt var `unwanted_referrers` (or the `unwanted_referrers` argument in Python).
UNWANTED_REFERRERS: tuple[str, ...] = (
    "paypal.com",
    "paypal.me",
    "checkout.shopify.com",
    "pay.shopify.com",
    "shop.app",
    "shopify.com",
    "checkout.stripe.com",
    "hooks.stripe.com",
    "klarna.com",
    "afterpay.com",
    "clearpay.co.uk",
    "affirm.com",
    "sezzle.com",
    "zip.co",
    "quadpay.com",
    "adyen.com",
    "mollie.com",
    "sofort.com",
    "pay.google.com",
    "pay.amazon.com",
    "payments.amazon.com",
    "amazonpay.com",
    "checkout.com",
    "braintreegateway.com",
    "squareup.com",
    "authorize.net",
    "2checkout.com",
    "wepay.com",
    "skrill.com",
)

# Values that mean "the tool forgot to fill this in": treated like a missing parameter.
# Unreplaced template placeholders ({{campaign.name}}, {lpurl}, %%SOURCE%%, ${x}) are caught
# by the placeholder pattern in urls.py.
JUNK_VALUES: tuple[str, ...] = ("undefined", "null", "none", "nan", "(not set)", "(none)", "not set", "-")
