"""Each dbt var's type and range, checked before a build writes anything.

dbt itself accepts any value (`session_timeout_minutes: -5` built a warehouse with 2.4x the
sessions), so TOUCHLINE_DBT_VARS is checked here: unknown names (with the closest known name),
wrong types and values out of range fail with a message naming the var. The known names are
the project's vars (dbt_project.yml) and every var the models and macros read.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from touchline.settings import DBT_PROJECT_DIR, ConfigError

Check = Callable[[Any], str | None]  # None when fine, else what is wrong


def _int(low: int, high: int) -> Check:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int):
            return f"must be a whole number from {low} to {high}"
        return None if low <= value <= high else f"must be from {low} to {high}"

    return check


def _number(low: float, high: float, *, low_open: bool = False) -> Check:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"must be a number in {'(' if low_open else '['}{low}, {high}]"
        ok = (low < value if low_open else low <= value) and value <= high
        return None if ok else f"must be in {'(' if low_open else '['}{low}, {high}]"

    return check


def _strings(value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        return "must be a list of non-empty strings"
    return None


def _currency(value: Any) -> str | None:
    return (
        None
        if isinstance(value, str) and re.fullmatch(r"[A-Z]{3}", value)
        else "must be an ISO-4217 code such as USD or EUR"
    )


def _timezone(value: Any) -> str | None:
    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError):
        return "must be an IANA time zone such as UTC or Europe/Berlin"
    return None


def _date_or_none(value: Any) -> str | None:
    if value is None or isinstance(value, dt.date):
        return None
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return "must be a date YYYY-MM-DD (or null for the latest landed date)"
    return None


def _windows(value: Any) -> str | None:
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 3650 for v in value)
    ):
        return "must be a non-empty list of whole days from 1 to 3650, e.g. [7, 30, 90]"
    return None


DAYS = _int(1, 3650)
RULES: dict[str, Check] = {
    "reporting_currency": _currency,
    "reporting_timezone": _timezone,
    "session_timeout_minutes": _int(1, 24 * 60),
    "first_touch_window_days": DAYS,
    "last_touch_lookback_days": DAYS,
    "click_id_window_days": DAYS,
    "identity_max_visitors_per_identifier": _int(1, 1_000_000),
    "identity_test_emails": _strings,
    "identity_label_rounds": _int(1, 1000),
    "time_decay_half_life_days": _number(0, 3650, low_open=True),
    "internal_hosts": _strings,
    "unwanted_referrers": _strings,
    "ltv_windows": _windows,
    "campaign_match_min_similarity": _number(0, 1, low_open=True),
    "as_of_date": _date_or_none,
    "mmm_min_days": DAYS,
    "mmm_min_active_days": DAYS,
    "mmm_min_r2": _number(-1, 1),
    "mmm_max_mape": _number(0, 100, low_open=True),
}


@lru_cache(maxsize=1)
def known_vars() -> frozenset[str]:
    project = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text())
    names = set(project.get("vars") or {})
    pattern = re.compile(r"""var\(\s*['"]([a-z_0-9]+)|dbt\.config\.get\(\s*['"]([a-z_0-9]+)""")
    for folder in ("models", "macros", "tests"):
        for path in (DBT_PROJECT_DIR / folder).rglob("*"):
            if path.suffix in (".sql", ".py", ".yml"):
                for match in pattern.finditer(path.read_text(encoding="utf-8")):
                    names.add(match.group(1) or match.group(2))
    return frozenset(names)


def validate(values: dict[str, Any], setting: str) -> None:
    problems = []
    for name, value in values.items():
        if name not in known_vars():
            close = difflib.get_close_matches(name, sorted(known_vars()), n=1)
            problems.append(f"{name}: not a Touchline dbt var" + (f" (did you mean {close[0]}?)" if close else ""))
            continue
        check = RULES.get(name)
        wrong = check(value) if check else None
        if wrong:
            problems.append(f"{name}={value!r}: {wrong}")
    if problems:
        raise ConfigError(f"{setting}: " + "; ".join(problems))
