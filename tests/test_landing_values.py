"""Single-value parsers and the email redaction the loader relies on."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from tests.landing_fixtures import sha
from touchline.landing.values import (
    BadValue,
    parse_date,
    parse_decimal,
    parse_integer,
    parse_timestamp,
    pixel_revenue,
    raw_record_text,
    redact_emails,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail Jane.Doe+x@Example.co.uk now", f"mail {sha('jane.doe+x@example.co.uk')} now"),
        ("?email=jane%40example.com&a=1", f"?email={sha('jane@example.com')}&a=1"),
        ("?email=jane%2Btag%40example.com", f"?email={sha('jane+tag@example.com')}"),
        ('{"e":"a\\u0040b.io"}', '{"e":"' + sha("a@b.io") + '"}'),
        ("no address here", "no address here"),
    ],
)
def test_redact_emails(text: str, expected: str) -> None:
    assert redact_emails(text) == expected


def test_raw_record_text_escapes_undecodable_bytes() -> None:
    text = b"a\xff,b@c.io".decode("utf-8", "surrogateescape")
    assert raw_record_text(text) == "a\\xff," + sha("b@c.io")


def test_parse_decimal_is_exact() -> None:
    parse = lambda v: parse_decimal(v, "amount", scale=4, integer_digits=14)  # noqa: E731
    assert parse(" 0.1 ") + parse("0.2") == Decimal("0.3")
    assert parse("1E+3") == Decimal("1000")
    assert parse("-12.3400") == Decimal("-12.34")
    for bad, reason in [
        ("1,5", "non-numeric amount"),
        ("inf", "non-finite amount"),
        ("0.00001", "more than 4 decimal places in amount"),
        ("1e14", "amount out of range"),
    ]:
        with pytest.raises(BadValue, match=reason):
            parse(bad)


def test_pixel_revenue_rounds_browser_floats_and_refuses_text() -> None:
    assert pixel_revenue(59.970000000000006) == Decimal("59.9700")
    assert pixel_revenue(12) == Decimal("12.0000")
    assert pixel_revenue("") is None
    for bad in ("abc", True, [1], "NaN"):
        with pytest.raises(BadValue, match="non-numeric revenue"):
            pixel_revenue(bad)


def test_timestamp_and_date_spellings() -> None:
    assert parse_timestamp("2026-03-14 10:00:00 UTC", "ts") == datetime(2026, 3, 14, 10)
    assert parse_timestamp("2026-03-14T10:00:00-0500", "ts") == datetime(2026, 3, 14, 15)
    assert parse_date("2026-03-14", "d") == parse_date("2026-03-14 00:00:00", "d") == date(2026, 3, 14)
    for bad in ("14/03/2026", "2026-03-14 10:00:00"):
        with pytest.raises(BadValue):
            parse_date(bad, "d")
    with pytest.raises(BadValue, match="unparseable ts"):
        parse_timestamp("0001-01-01T00:00:00+01:00", "ts")  # before year 1 in UTC


def test_parse_integer() -> None:
    assert parse_integer(" 12 ", "clicks") == parse_integer("12.0", "clicks") == 12
    with pytest.raises(BadValue, match="non-integer clicks"):
        parse_integer("12.5", "clicks")
