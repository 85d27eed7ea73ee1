"""Vendor spend tables typed by DuckDB, as canonical CSVs are (touchline/landing/csv_sql.py).

A spend report is a renaming: each landing column comes from one of the report's columns
(`Cost` -> spend, `Day` -> date_day), a constant (the platform) or the configured currency of
the row's account. When a format declares that renaming (`SourceFormat.sql`, a `SqlSpend`),
the rows whose cells are already in the landing contract's spellings (`2026-03-14`, `60.00`,
`EUR`, trimmed text) are typed by DuckDB in one query; every other line (a `1,204.50`, a
`Mar 14, 2026`, a `--`, a `Total:` row, a blank required cell) goes to the format's Python
mapping with its own line number. For those spellings the mapping is the identity, so a row
typed by DuckDB is exactly the row Python gives (tests/test_sources_sql_path.py).

A file takes this path when it is UTF-8, comma-separated and not folded (one row, one
record), no renaming is ambiguous (two aliases of one column both present, a day-range end
column), and csv_sql's conditions hold (size, line ends, no multi-line record).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

import duckdb

from touchline.landing.csv_kinds import CSV_KINDS
from touchline.landing.csv_sql import (
    MAX_FAST_BYTES,
    Computed,
    SqlPlan,
    _in_window_day,
    fast_path_lines,
    type_lines_sql,
)
from touchline.landing.files import LandedFile
from touchline.landing.sink import RowSink
from touchline.sources.format import FileContext
from touchline.sources.formats.common import currency_in_header
from touchline.sources.formats.spend_report import SqlSpend
from touchline.sources.head import open_bytes
from touchline.sources.readers import SourceRecord, line_records
from touchline.sources.recognise import Recognised
from touchline.sources.settings import _PLATFORM_IDS, _platform_id, account_currency


class _NotEligible(Exception):
    pass


def load_spend_sql(
    con: duckdb.DuckDBPyConnection, landed: LandedFile, recognised: Recognised, context: FileContext, rows: RowSink
) -> tuple[int, Iterator[SourceRecord]] | None:
    """(rows inserted by DuckDB, the other lines as records for the Python mapping), or None
    when the file does not take this path (the caller reads it all in Python)."""
    fmt = recognised.format
    if not isinstance(fmt.sql, SqlSpend) or recognised.parquet or recognised.delimiter != ",":
        return None
    if recognised.encoding not in ("utf-8", "utf-8-sig") or fmt.fold_key is not None:
        return None
    with open_bytes(landed.path) as stream:
        data = stream.read(MAX_FAST_BYTES + 1)
    if len(data) > MAX_FAST_BYTES:
        return None
    lines = fast_path_lines(data)
    header_number = recognised.header_index + 1
    if lines is None or len(lines) < header_number:
        return None
    header = [name.strip().lstrip("\ufeff") for name in next(csv.reader([lines[header_number - 1].as_py()]), [])]
    if header != context.columns:
        return None  # the head and the split disagree on lines (an exotic line break): Python decides
    try:
        plan = _plan(fmt.sql, [name.lower() for name in header], context)
    except _NotEligible:
        return None
    inserted, rest = type_lines_sql(
        con, lines, SqlPlan(CSV_KINDS["spend"], plan, len(header), header_number, vendor=True), rows
    )
    return inserted, line_records(rest, [name.lower() for name in header])


def _plan(sql: SqlSpend, names: list[str], context: FileContext) -> tuple:
    if len(set(names)) != len(names):
        raise _NotEligible
    columns = sql.columns
    spend, header_currency = _index(names, columns.spend), None
    if sql.currency_in_header is not None:
        found = currency_in_header(context.columns, sql.currency_in_header)
        if found is None or found[0].strip().lower() not in names:
            raise _NotEligible
        spend, header_currency = names.index(found[0].strip().lower()), found[1]
    day_end = _index(names, columns.day_end)
    if spend is None or (day_end is not None and not sql.us_days):
        raise _NotEligible
    day = _index(names, columns.day)
    campaign_id, campaign_name = _index(names, columns.campaign_id), _index(names, columns.campaign_name)
    if day is None or (campaign_id is None and campaign_name is None):
        raise _NotEligible
    account = _index(names, columns.account_id)
    platform_column = _index(names, sql.platform_column) if sql.platform_column else None
    if sql.platform is not None:
        platform: int | Computed = Computed(_quote(CSV_KINDS["spend"].columns[1].parse(sql.platform, "platform")))
    elif platform_column is not None:
        platform = platform_column
    else:
        raise _NotEligible
    currency = _index(names, columns.currency)
    if currency is None and header_currency is not None:
        currency = Computed(_quote(header_currency))
    sources = {
        "date_day": _report_day(day, day_end) if sql.us_days else day,
        "platform": platform,
        "campaign_id": campaign_id if campaign_id is not None else campaign_name,
        "campaign_name": campaign_name if campaign_name is not None else campaign_id,
        "spend": spend,
        "currency": currency if currency is not None else _configured_currency(sql, account, platform_column, context),
        "account_id": account,
        "account_name": _index(names, columns.account_name),
        "ad_group_id": _index(names, columns.ad_group_id),
        "ad_group_name": _index(names, columns.ad_group_name),
        "ad_id": _index(names, columns.ad_id),
        "ad_name": _index(names, columns.ad_name),
        "clicks": _index(names, columns.clicks),
        "impressions": _index(names, columns.impressions),
    }
    return tuple((column, sources[column.name]) for column in CSV_KINDS["spend"].columns)


def _report_day(day: int, day_end: int | None) -> Computed:
    """spend_report.report_day (and _one_day, with an end-day column) in SQL: the row's day in
    the run's date window; null (the row goes to Python) for a spelling other than the two
    below, an impossible day, one outside the window, or an end on another day."""
    # Each day is a parse with regular expressions that the CASEs below would repeat (DuckDB
    # does not share an expression between a CASE's branches: the start day was parsed ten
    # times a row, 1.6x the canonical load's instructions for Snapchat's report): a lambda's
    # argument binds each once per row.
    start = _day_sql("trim({0})")
    value = start
    if day_end is not None:
        end_cell = "trim({1})"
        # an exclusive end (the next midnight) is still one day, as _one_day reads `[11:19]`
        midnight = f"(length({end_cell}) > 10 and substr({end_cell}, 12, 8) in ('00:00:00', ''))"
        value = (
            f"list_transform([struct_pack(s := {start}, e := {_day_sql(end_cell)})], lambda r: "
            f"case when {end_cell} in ('', '--') then r.s when r.e = r.s then r.s "
            f"when {midnight} and r.e = r.s + 1 then r.s end)[1]"
        )
    fields = (day,) if day_end is None else (day, day_end)
    return Computed(f"list_filter([{value}], lambda d: {_in_window_day('d')})[1]", fields)


def _day_sql(cell: str) -> str:
    """common.us_day / common.day: `M/D/YYYY` (one or two digits), else a text starting with an
    ISO day (day() reads its first ten characters)."""
    return (
        f"(case when regexp_full_match({cell}, '[0-9]{{{{1,2}}}}/[0-9]{{{{1,2}}}}/(19|20)[0-9][0-9]') "
        f"then cast(try_strptime({cell}, '%m/%d/%Y') as date) "
        f"when regexp_matches({cell}, '^(19|20)[0-9][0-9]-[0-9][0-9]-[0-9][0-9]') "
        f"then try_cast(left({cell}, 10) as date) end)"
    )


def _index(names: list[str], aliases: tuple[str, ...]) -> int | None:
    # aliases that differ only in case are one column (`ID`, `Id`)
    unique = dict.fromkeys(alias.lower() for alias in aliases)
    present = [names.index(alias) for alias in unique if alias in names]
    if len(present) > 1:
        raise _NotEligible  # Python takes the first non-empty one per row: not a renaming
    return present[0] if present else None


def _configured_currency(
    sql: SqlSpend, account: int | None, platform_column: int | None, context: FileContext
) -> Computed:
    """account_currency() in SQL: the row's account's configured currency, else its
    platform's; null (the row goes to Python, which quarantines it) with neither."""
    currencies: dict[str, str] = context.settings.get("account_currencies", {})
    fields: list[int] = []
    if platform_column is None:
        try:
            fallback = _quote(account_currency(context.settings, sql.platform or "", None))
        except Exception:
            fallback = "null"
    else:
        # the platform id of the row's platform cell, as settings._platform_id spells it
        bare = "regexp_replace(lower(trim({%d})), '_ads$', '')" % len(fields)  # noqa: UP031 (makes a {n} placeholder)
        fields.append(platform_column)
        aliases = " ".join(f"when {_quote(alias)} then {_quote(target)}" for alias, target in _PLATFORM_IDS.items())
        platform_id = f"(case {bare} {aliases} else {bare} end)"
        firsts: dict[str, str] = {}
        for key, code in currencies.items():
            firsts.setdefault(_platform_id(key), code)
        whens = " ".join(f"when {_quote(pid)} then {_quote(code)}" for pid, code in firsts.items())
        fallback = f"(case {platform_id} {whens} else null end)" if whens else "null"
    if account is None or not currencies:
        return Computed(fallback, tuple(fields))
    account_ref = "{%d}" % len(fields)  # noqa: UP031 (makes a {n} placeholder)
    fields.append(account)
    whens = " ".join(f"when {_quote(key)} then {_quote(code)}" for key, code in currencies.items())
    return Computed(f"(case lower(trim({account_ref})) {whens} else {fallback} end)", tuple(fields))


def _quote(value: str) -> str:
    """A SQL string literal, braces doubled (Computed.sql is a format string)."""
    return "'" + str(value).replace("'", "''").replace("{", "{{").replace("}", "}}") + "'"
