"""utm_source resolution: every spelling a source may arrive under, to its canonical entry."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from touchline.classification.hosts import host_entries
from touchline.classification.long_tail import EXTRA_PROVIDERS, SHOPPING_ALIASES
from touchline.classification.registry import PLATFORMS


@dataclass(frozen=True)
class SourceAlias:
    alias: str
    source: str
    platform: str | None
    ad_platform: str | None
    category: str


@lru_cache(maxsize=1)
def source_aliases() -> tuple[SourceAlias, ...]:
    """First-class names and aliases first, then long-tail names; the first spelling wins."""
    out: dict[str, SourceAlias] = {}
    for p in PLATFORMS:
        for alias in (p.name, *p.aliases):
            out.setdefault(alias, SourceAlias(alias, p.name, p.name, p.ad_platform, p.category))
    # Providers without hosts (igshopping) exist only as names.
    for provider in EXTRA_PROVIDERS:
        if provider.platform is None:
            out.setdefault(provider.name, SourceAlias(provider.name, provider.name, None, None, provider.category))
    for e in host_entries():
        if e.platform is None:
            out.setdefault(e.source, SourceAlias(e.source, e.source, None, None, e.category))
    for alias, name in SHOPPING_ALIASES.items():
        target = out[name]
        out.setdefault(alias, SourceAlias(alias, target.source, target.platform, target.ad_platform, target.category))
    return tuple(sorted(out.values(), key=lambda a: a.alias))


@lru_cache(maxsize=1)
def alias_index() -> dict[str, SourceAlias]:
    return {a.alias: a for a in source_aliases()}
