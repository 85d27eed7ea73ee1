"""The storefront snippet as served: minified, with the tracked parameters filled in.

The parameters come from the classifier's own registry (the UTM fields and the 12 click IDs),
so the pixel captures exactly what attribution reads. Minifying is deliberately simple and
dependency-free: the JavaScript sources keep every comment on a line of its own, so dropping
whole-line comments and indentation is safe (a `//` inside a string is never touched).
"""

from __future__ import annotations

import gzip
import json
from functools import cache
from importlib import resources

from touchline.classification.click_ids import CLICK_ID_PARAMETERS

UTM_PARAMETERS: tuple[str, ...] = ("utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term", "utm_id")
TRACKED_PARAMETERS: tuple[str, ...] = UTM_PARAMETERS + CLICK_ID_PARAMETERS

_PLACEHOLDER = "__PARAMS__"

# The command queue: calls made before t.js has loaded wait in touchline.q.
QUEUE_STUB = (
    "window.touchline=window.touchline||function(){(window.touchline.q=window.touchline.q||[]).push(arguments)};"
)


def minify(source: str) -> str:
    """Drop whole-line `//` comments, blank lines and indentation; keep line breaks (ASI-safe)."""
    kept = []
    for line in source.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("//"):
            kept.append(stripped)
    return "\n".join(kept) + "\n"


def render(name: str, *, minified: bool = True) -> str:
    """A JavaScript source of this package with the tracked parameters filled in."""
    source = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    if _PLACEHOLDER not in source:
        raise ValueError(f"{name} has no {_PLACEHOLDER} placeholder")
    text = minify(source) if minified else source
    return text.replace(_PLACEHOLDER, json.dumps(list(TRACKED_PARAMETERS), separators=(",", ":")))


def install_html(collector_url: str) -> str:
    """The two lines a page needs: the command-queue stub and the script tag."""
    return f'<script>{QUEUE_STUB}</script>\n<script async src="{_base(collector_url)}/t.js"></script>\n'


def shopify_custom_pixel(collector_url: str) -> str:
    """The Shopify custom pixel, sending to this collector (readable: merchants review it)."""
    return render("shopify_custom_pixel.js", minified=False).replace(
        "__ENDPOINT__", json.dumps(f"{_base(collector_url)}/e")
    )


def _base(collector_url: str) -> str:
    if not collector_url.startswith(("https://", "http://")):
        raise ValueError(f"--collector must be an http(s) URL, got {collector_url!r}")
    return collector_url.rstrip("/")


@cache
def snippet_bytes() -> bytes:
    """The storefront snippet served at /t.js."""
    return render("touchline.js").encode("utf-8")


@cache
def snippet_gzip() -> bytes:
    # mtime=0: the same bytes on every start, so caches and ETags stay valid.
    return gzip.compress(snippet_bytes(), compresslevel=9, mtime=0)
