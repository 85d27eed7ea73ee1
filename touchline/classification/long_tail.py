"""The long tail: providers recognised beyond the first-class platforms.

Sources: the CC0 Matomo referrer lists vendored in data/ (search engines, social networks,
AI assistants), plus the spec's extra AI assistants, webmail providers, ad-serving hosts and
a shopping list. A long-tail touch gets the provider's lowercase name as source and no
platform, unless the provider is a first-class platform under another spelling.
"""

from __future__ import annotations

import re
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
    # Search engines: the query parameters that carry the search terms, in the order tried.
    search_params: tuple[str, ...] = ()


def _x(name: str, category: str, hosts: str, **kw: str) -> Provider:
    return Provider(name, category, tuple(hosts.split()), **kw)


EXTRA_AI: tuple[Provider, ...] = (
    _x("character.ai", "ai", "character.ai"),
    _x("poe", "ai", "poe.com"),
    _x("pi", "ai", "pi.ai"),
    _x("phind", "ai", "phind.com"),
)

# Webmail of the large providers, each family on every country and brand domain it uses
# (`gmx.{}` is gmx.net, gmx.at, gmx.co.uk ...). Webmail that no list names is caught by its
# shape (shapes.py): a `webmail.` / `mail.` / `posta.` ... label, or a `deref-` redirect host.
WEBMAIL: tuple[Provider, ...] = (
    _x("aol mail", "email", "mail.aol.com webmail.aol.com mail.aol.{}"),
    _x("gmx", "email", "gmx.net gmx.de gmx.com gmx.at gmx.ch gmx.fr deref-gmx.net deref-gmx.com deref-gmx.de gmx.{}"),
    _x("web.de", "email", "web.de deref-web.de deref-web-02.de"),
    _x("mail.com", "email", "mail.com"),
    _x("mail.ru", "email", "mail.ru"),
    _x("yandex mail", "email", "mail.yandex.{} mail.ya.ru"),
    _x("proton mail", "email", "mail.proton.me mail.protonmail.com"),
    _x("tuta mail", "email", "app.tuta.com mail.tutanota.com"),
    _x("zoho mail", "email", "mail.zoho.com mail.zoho.eu mail.zoho.in mail.zoho.{}"),
    _x("icloud mail", "email", "icloud.com"),
    _x("orange mail", "email", "mail.orange.fr messagerie.orange.fr"),
    _x("laposte mail", "email", "laposte.net"),
    _x("t-online", "email", "email.t-online.de"),
    _x("bluewin", "email", "bluewin.ch"),
    _x("seznam email", "email", "email.seznam.cz"),
    _x("naver mail", "email", "mail.naver.com"),
    _x("qq mail", "email", "mail.qq.com exmail.qq.com"),
    _x("126 mail", "email", "mail.126.com"),
    _x("163 mail", "email", "mail.163.com"),
    _x("hotmail", "email", "mail.live.com hotmail.com"),
    _x("yahoo mail", "email", "mail.yahoo.co.jp android-app://com.yahoo.mobile.client.android.mail"),
    _x("outlook", "email", "safelinks.protection.outlook.com android-app://com.microsoft.office.outlook"),
    _x("libero mail", "email", "mail.libero.it"),
    _x("fastmail", "email", "fastmail.com app.fastmail.com"),
    _x("xfinity mail", "email", "connect.xfinity.com"),
    _x("samsung email", "email", "android-app://com.samsung.android.email.provider"),
    # Link-protection redirectors of mail gateways: the click came from an email.
    _x("proofpoint", "email", "urldefense.com urldefense.proofpoint.com"),
    _x("mimecast", "email", "mimecast.com mimecastprotect.com"),
    _x("barracuda", "email", "linkprotect.cudasvc.com"),
)

# Link-in-bio pages and link shorteners. Both sit between a social profile or post and the
# store (a short link is rarely anywhere else), so they are social, credited to the service.
LINK_IN_BIO: tuple[Provider, ...] = (
    _x("linktree", "social", "linktr.ee linktree.com"),
    _x("beacons", "social", "beacons.ai beacons.page"),
    _x("later", "social", "linkin.bio"),
    _x("lnk.bio", "social", "lnk.bio"),
    _x("campsite", "social", "campsite.bio"),
    _x("tap.bio", "social", "tap.bio"),
    _x("solo.to", "social", "solo.to"),
    _x("hoo.be", "social", "hoo.be"),
    _x("stan", "social", "stan.store"),
    _x("koji", "social", "withkoji.com koji.to"),
    _x("bio.link", "social", "bio.link"),
    _x("milkshake", "social", "msha.ke"),
    _x("taplink", "social", "taplink.cc taplink.at taplink.ws"),
    _x("allmylinks", "social", "allmylinks.com"),
    _x("linkpop", "social", "linkpop.com"),
    _x("snipfeed", "social", "snipfeed.co"),
    _x("carrd", "social", "carrd.co"),
    _x("heylink", "social", "heylink.me"),
    _x("bento", "social", "bento.me"),
    _x("flowcode", "social", "flow.page"),
    _x("shorby", "social", "shor.by"),
    _x("linkr", "social", "linkr.bio"),
)
SHORTENERS: tuple[Provider, ...] = (
    _x("bitly", "social", "bit.ly bitly.com j.mp"),
    _x("hootsuite", "social", "ow.ly"),
    _x("buffer", "social", "buff.ly"),
    _x("dlvr.it", "social", "dlvr.it"),
    _x("echobox", "social", "trib.al"),
    _x("tinyurl", "social", "tinyurl.com"),
    _x("rebrandly", "social", "rebrand.ly"),
    _x("rb.gy", "social", "rb.gy"),
    _x("cuttly", "social", "cutt.ly"),
    _x("is.gd", "social", "is.gd v.gd"),
    _x("t.ly", "social", "t.ly"),
    _x("shorturl.at", "social", "shorturl.at"),
    _x("tiny.cc", "social", "tiny.cc"),
    _x("s.id", "social", "s.id"),
)

# Map services: a click from a map listing (a store's business profile) is a referral, not a
# search, though Matomo lists Google Maps among the search engines.
MAPS: tuple[Provider, ...] = (
    _x("google maps", "maps", "maps.google.{} google.{}/maps"),
    _x("apple maps", "maps", "maps.apple.com"),
    _x("bing maps", "maps", "bing.com/maps"),
)

# Google's ad-serving hosts: a referrer from them without a click ID is still a Google ad.
AD_SERVING: tuple[Provider, ...] = (
    _x(
        "google",
        "display",
        "doubleclick.net googlesyndication.com adsensecustomsearchads.com syndicatedsearch.goog",
        medium="display",
        platform="google",
        ad_platform="google",
    ),
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


_PARAM_NAME = re.compile(r"[A-Za-z0-9_.\-]+")


def _provider(name: str, category: str, urls: list[str], params: list[str] | None = None) -> Provider:
    hosts = tuple(h for h in (_clean_url(u) for u in urls) if h)
    # Matomo spells a few names URL-encoded (Google%2B). Its params are names, except a few
    # regular expressions over the path, which Touchline does not read.
    names = [p.strip().lower() for p in params or [] if _PARAM_NAME.fullmatch(p.strip())]
    return Provider(unquote(name).strip().lower(), category, hosts, search_params=tuple(dict.fromkeys(names)))


@lru_cache(maxsize=1)
def matomo_providers() -> tuple[Provider, ...]:
    data = resources.files("touchline.classification") / "data"
    out: list[Provider] = []
    for filename, category in (("AIAssistants.yml", "ai"), ("Socials.yml", "social")):
        for name, urls in yaml.safe_load((data / filename).read_text(encoding="utf-8")).items():
            out.append(_provider(str(name), category, [str(u) for u in urls or []]))
    engines = yaml.safe_load((data / "SearchEngines.yml").read_text(encoding="utf-8"))
    for name, variants in engines.items():
        # Each variant (a set of hosts) names its own query parameters.
        for v in variants or []:
            urls = [str(u) for u in v.get("urls") or []]
            out.append(_provider(str(name), "search", urls, [str(p) for p in v.get("params") or []]))
    return tuple(p for p in out if p.hosts)


EXTRA_PROVIDERS: tuple[Provider, ...] = (*AD_SERVING, *EXTRA_AI, *WEBMAIL, *LINK_IN_BIO, *SHORTENERS, *MAPS, *SHOPPING)
