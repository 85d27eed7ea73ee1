"""The long tail: providers recognised beyond the first-class platforms.

Sources: the CC0 Matomo referrer lists vendored in data/ (search engines, social networks,
AI assistants), plus the spec's extra AI assistants, webmail providers, ad-serving hosts and
a shopping list. A long-tail touch gets the provider's lowercase name as source and no
platform, unless the provider is a first-class platform under another spelling.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from urllib.parse import unquote

import yaml


@dataclass(frozen=True)
class Provider:
    name: str  # already the lowercase source name
    category: str
    hosts: tuple[str, ...]
    # Only the ad-serving hosts override their category's medium.
    medium: str | None = None
    platform: str | None = None
    ad_platform: str | None = None


def _x(name: str, category: str, hosts: str, **kw: str) -> Provider:
    return Provider(name, category, tuple(hosts.split()), **kw)


EXTRA_AI: tuple[Provider, ...] = (
    _x("character.ai", "ai", "character.ai"),
    _x("poe", "ai", "poe.com"),
    _x("pi", "ai", "pi.ai"),
    _x("phind", "ai", "phind.com"),
)

# Webmail of the large providers. `deref-` hosts are the link-redirect pages of GMX/Web.de.
WEBMAIL: tuple[Provider, ...] = (
    _x("aol mail", "email", "mail.aol.com webmail.aol.com"),
    _x("gmx", "email", "gmx.net gmx.de gmx.com gmx.at gmx.ch gmx.fr deref-gmx.net deref-gmx.com deref-gmx.de"),
    _x("web.de", "email", "web.de deref-web.de deref-web-02.de"),
    _x("mail.ru", "email", "mail.ru"),
    _x("yandex mail", "email", "mail.yandex.{} mail.ya.ru"),
    _x("proton mail", "email", "mail.proton.me mail.protonmail.com"),
    _x("zoho mail", "email", "mail.zoho.com mail.zoho.eu mail.zoho.in"),
    _x("icloud mail", "email", "icloud.com"),
    _x("orange mail", "email", "mail.orange.fr messagerie.orange.fr"),
    _x("t-online", "email", "email.t-online.de"),
    _x("bluewin", "email", "bluewin.ch"),
    _x("seznam email", "email", "email.seznam.cz"),
    _x("naver mail", "email", "mail.naver.com"),
    _x("qq mail", "email", "mail.qq.com exmail.qq.com"),
    _x("126 mail", "email", "mail.126.com"),
    _x("163 mail", "email", "mail.163.com"),
    _x("hotmail", "email", "mail.live.com hotmail.com"),
    _x("yahoo mail", "email", "mail.yahoo.co.jp"),
    _x("libero mail", "email", "mail.libero.it"),
    _x("fastmail", "email", "fastmail.com app.fastmail.com"),
)

# Google's ad-serving hosts: a referrer from them without a click ID is still a Google ad.
AD_SERVING: tuple[Provider, ...] = (
    _x("google", "display", "doubleclick.net googlesyndication.com adsensecustomsearchads.com syndicatedsearch.goog",
       medium="display", platform="google", ad_platform="google"),
    _x("google", "search", "googleadservices.com", medium="cpc", platform="google", ad_platform="google"),
)

SHOPPING: tuple[Provider, ...] = (
    _x("google shopping", "shopping", "shopping.google.{}"),
    _x("amazon", "shopping", "amazon.{}"),
    _x("ebay", "shopping", "ebay.{}"),
    _x("etsy", "shopping", "etsy.com"),
    _x("walmart", "shopping", "walmart.com"),
    _x("aliexpress", "shopping", "aliexpress.com aliexpress.us"),
    _x("mercadolibre", "shopping", "mercadolibre.{} mercadolivre.com.br"),
    _x("rakuten", "shopping", "rakuten.{}"),
    _x("zalando", "shopping", "zalando.{}"),
    _x("bol.com", "shopping", "bol.com"),
    _x("allegro", "shopping", "allegro.pl"),
    _x("idealo", "shopping", "idealo.{}"),
    _x("pricerunner", "shopping", "pricerunner.{}"),
    _x("kelkoo", "shopping", "kelkoo.{}"),
    _x("shopzilla", "shopping", "shopzilla.com"),
    _x("shopping.com", "shopping", "shopping.com"),
    _x("google merchant", "shopping", "merchants.google.com"),
    _x("igshopping", "shopping", ""),
)

# Extra utm_source spellings of long-tail providers (first-class aliases live in registry).
SHOPPING_ALIASES: dict[str, str] = {
    "shopping.google.com": "google shopping",
    "google_shopping": "google shopping",
    "google-shopping": "google shopping",
}


def _clean_url(url: str) -> str | None:
    """A Matomo url pattern as a registry host pattern, or None when it cannot be one.

    `{}.host` is any sub-domain, which plain domain matching covers; a `{}` inside a host
    (images.{}.ask.com) and Matomo's app pseudo-URLs are not expressible, so are skipped.
    """
    url = url.strip().lower()
    if url.startswith("{}."):
        url = url[3:]
    if url.startswith("www."):
        url = url[4:]
    host, _, path = url.partition("/")
    if "//" in url or not host or "{}" in host[:-3] or ("{}" in host and not host.endswith(".{}")):
        return None
    return host + ("/" + path.rstrip("/") if path.rstrip("/") else "")


def _provider(name: str, category: str, urls: list[str]) -> Provider:
    hosts = tuple(h for h in (_clean_url(u) for u in urls) if h)
    # Matomo spells a few names URL-encoded (Google%2B).
    return Provider(unquote(name).strip().lower(), category, hosts)


@lru_cache(maxsize=1)
def matomo_providers() -> tuple[Provider, ...]:
    data = resources.files("touchline.classification") / "data"
    out: list[Provider] = []
    for filename, category in (("AIAssistants.yml", "ai"), ("Socials.yml", "social")):
        for name, urls in yaml.safe_load((data / filename).read_text(encoding="utf-8")).items():
            out.append(_provider(str(name), category, [str(u) for u in urls or []]))
    engines = yaml.safe_load((data / "SearchEngines.yml").read_text(encoding="utf-8"))
    for name, variants in engines.items():
        urls = [str(u) for v in variants or [] for u in v.get("urls") or []]
        out.append(_provider(str(name), "search", urls))
    return tuple(p for p in out if p.hosts)


EXTRA_PROVIDERS: tuple[Provider, ...] = (*AD_SERVING, *EXTRA_AI, *WEBMAIL, *SHOPPING)
