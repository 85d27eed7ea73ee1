"""Referrer rules by the shape of a host, for hosts that no list spells out.

Two shapes, both defined here once and shipped to dbt as the `classification_host_shapes`
seed (the SQL path in macros/classification/ applies them the same way):

- a webmail label: a sub-domain label (not one of the host's last two labels) that says mail
  (`webmail.tim.it`, `mail3.example.co.uk`, `posta.centrum.cz`), with numbered forms
  (`webmail2`, `mail-3`). Such a host is email, credited to the domain right of the label,
  unless a listed entry covering that label (or an email entry) matches: `mail.google.com` is
  Gmail, `mail.yandex.ru` is Yandex Mail.
- a redirect prefix: `deref-gmx.at` (the link-redirect pages of GMX, Web.de, mail.com) names
  the provider it redirects for; it is looked up as `gmx.at` (a numbered `-02` dropped) when no
  entry matches the host as it is, and is email in any case.
"""

from __future__ import annotations

import re

MAX_LABELS = 10

# Sub-domain labels of webmail front ends: the word for mail in the languages of the large
# webmail markets and the names of the webmail programs that hosting companies run.
WEBMAIL_LABELS: tuple[str, ...] = (
    "webmail",
    "web-mail",
    "wmail",
    "mail",
    "mails",
    "email",
    "emails",
    "e-mail",
    "mailbox",
    "mbox",
    "owa",
    "courrier",
    "courriel",
    "messagerie",
    "correo",
    "correio",
    "posta",
    "eposta",
    "e-posta",
    "poczta",
    "pochta",
    "epost",
    "e-post",
    "webpost",
    "roundcube",
    "horde",
    "squirrelmail",
    "rainloop",
    "snappymail",
    "zimbra",
    "sogo",
)

# First-label prefixes of webmail link-redirect hosts (deref-gmx.net, deref-web-02.de).
REDIRECT_PREFIXES: tuple[str, ...] = ("deref-",)

_NUMBER_SUFFIX = re.compile(r"-?[0-9]+$")
_REDIRECT_REST = re.compile(r"^([^.]+?)(?:-[0-9]+)?([.].*)$")


def webmail_label(host: str) -> tuple[int, str] | None:
    """(depth, provider domain) of the webmail label nearest the domain, or None.

    depth counts the host's labels from the right up to and including the webmail label, so
    it compares with the depth at which a listed entry matched the host.
    """
    labels = host.split(".")
    n = len(labels)
    for depth in range(3, min(n, MAX_LABELS) + 1):
        if not all(labels[n - depth :]):
            return None
        if _NUMBER_SUFFIX.sub("", labels[n - depth]) in WEBMAIL_LABELS:
            return depth, ".".join(labels[n - depth + 1 :])
    return None


def redirect_target(host: str) -> str | None:
    """The host a redirect host names (deref-gmx.at -> gmx.at), or None."""
    for prefix in REDIRECT_PREFIXES:
        if host.startswith(prefix):
            m = _REDIRECT_REST.match(host[len(prefix) :])
            return m.group(1) + m.group(2) if m else None
    return None


def host_shape_rows() -> list[tuple[str, str]]:
    """The seed's rows: (shape, value)."""
    return [("redirect_prefix", p) for p in REDIRECT_PREFIXES] + [("webmail_label", w) for w in WEBMAIL_LABELS]
