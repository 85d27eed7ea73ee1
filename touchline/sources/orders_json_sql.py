"""JSON orders files mapped by DuckDB: Shopify Admin REST (`orders.json` pages, or one order per
JSON line), WooCommerce REST and BigCommerce v2 (sql/woocommerce_rest_*.sql, bigcommerce_v2_*.sql), each format's statements named by
its `SqlJsonOrders` (formats/json_orders.py).

The format's Python mapping (formats/shopify_admin_api.py, `_map_rest`) parses each order into
a dict and maps it field by field; here DuckDB parses the file and maps the orders it can vouch
for in a few statements (sql/shopify_rest_*.sql, the header of shopify_rest_parsed.sql says
which: values in the spellings whose SQL value is Python's; values bound as `$name`), and every other record goes to the Python mapping with its own number, so
it loads or is quarantined with its reason exactly as before. tests/test_sources_orders_json_sql.py
proves both paths give the same orders, refunds, quarantine and audit counts.

A file takes this path when it is UTF-8 without a byte-order mark, at most MAX_FAST_BYTES
decompressed, and, for a document, one that Python's streaming reader reads whole
(sql/json_document_items.sql); otherwise Python reads it all, as before. JSON lines are
judged line by line (sql/json_lines_items.sql). The shapes a format declares `typed_columns`
for (`typed_shapes`: a top-level array, a document's root list, JSON lines) are first read by
DuckDB's typed reader, which parses each record once; when it refuses the file, or the file is
one whose records it would number or read otherwise than Python (blank lines between records,
a line over the record limit or nested deeper than Python reads, non-standard JSON), the file
is read as above.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb
import numpy as np
import pyarrow as pa

from touchline.landing.csv_sql import _TIMESTAMP, MAX_FAST_BYTES
from touchline.landing.date_window import current_window
from touchline.landing.files import LandedFile
from touchline.landing.money_types import MONEY, MONEY_RECORD_DIGITS, MONEY_RECORD_LIMIT
from touchline.landing.record_limit import current_limit
from touchline.landing.sink import RowSink
from touchline.landing.sql_files import loader_sql
from touchline.sources.format import FileContext
from touchline.sources.formats.json_orders import SqlJsonOrders
from touchline.sources.head import GZIP_MAGIC, open_bytes
from touchline.sources.orders_sql import _PLAIN_TEXT
from touchline.sources.readers import SourceRecord, json_is_lines, json_line_record, streamed_document
from touchline.sources.recognise import Recognised

_LINES = "__touchline_json_lines"
_DOCUMENT = "__touchline_json_document"
_TYPED = "__touchline_json_typed"
_TEMP_TABLES = (
    _LINES,
    "__touchline_json_standard",
    "__touchline_json_items",
    "__touchline_json_parsed",
    "__touchline_json_refund_items",
    "__touchline_json_refund_rows",
    "__touchline_json_orders",
    "__touchline_json_refunds",
)
_BOM = b"\xef\xbb\xbf"
# the landing contract's time pattern ($timestamp) as the session variable a view reads it from
_TIMESTAMP_VARIABLE = "touchline_timestamp"

# What DuckDB's JSON parser reads and Python's (orjson for lines, ijson for documents) refuses:
# a trailing comma, NaN / Infinity, an integer beyond 64 bits, an exponent out of a double's
# range. Looked for outside strings only (JSON_STRING is a string token, escapes included).
NON_STANDARD = r",\s*[\]}]|[:,\[]\s*[-+]?(?i:nan|inf)|[:,\[]\s*-?[0-9.]{19}|[0-9][eE][+-]?[0-9]{3}"
# The same, as five patterns a whole document is scanned with faster (sql/json_document_standard.sql):
# one per character a value follows (RE2 skips to it), and the exponent's, whose leading digit
# class is slow to scan for, first without it. A document matches NON_STANDARD exactly when it
# matches one of the first three or both exponent patterns.
_VALUE_SUSPECT = r"\s*(?:[-+]?(?i:nan|inf)|-?[0-9.]{19})"
NON_STANDARD_PARTS = {
    "non_standard_comma": r",(?:\s*[\]}]|" + _VALUE_SUSPECT + ")",
    "non_standard_colon": ":" + _VALUE_SUSPECT,
    "non_standard_bracket": r"\[" + _VALUE_SUSPECT,
    "non_standard_exponent_sign": r"[eE][+-]?[0-9]{3}",
    "non_standard_exponent": r"[0-9][eE][+-]?[0-9]{3}",
}
JSON_STRING = r'"(?:[^"\\]|\\.)*"'
# a JSON integer whose text is Python's str() of it (no `-0`), and which every reader takes
_JSON_INTEGER = r"0|-?[1-9][0-9]{0,17}"
_MONEY_TEXT = rf"-?\d{{1,{MONEY_RECORD_DIGITS}}}(?:\.\d{{1,{MONEY.scale}}})?"
# BigCommerce's RFC 2822 time as it writes it (`Mon, 15 Jan 2024 10:30:00 +0000`), which
# email.utils.parsedate_to_datetime and DuckDB's strptime read as the same instant
_RFC2822 = (
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (?:0[1-9]|[12][0-9]|3[01]) "
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (?:19|20)[0-9]{2} "
    r"(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9] [+-](?:[01][0-9]|2[0-3])[0-5][0-9]"
)
# the SQL files cast amounts to the raw tables' money type by name (a type is no parameter)
assert MONEY.sql == "decimal(18, 4)", "touchline/sources/sql/shopify_rest_*.sql cast to decimal(18, 4)"


def load_orders_json_sql(
    con: duckdb.DuckDBPyConnection,
    landed: LandedFile,
    recognised: Recognised,
    context: FileContext,
    orders: RowSink,
    refunds: RowSink,
) -> tuple[int, Iterator[SourceRecord]] | None:
    """(orders inserted by DuckDB, the other records for the Python mapping), or None when the
    file does not take this path (the caller reads it all in Python)."""
    fmt = recognised.format
    if not isinstance(fmt.sql, SqlJsonOrders) or recognised.parquet:
        return None
    head = file_head(landed)
    if head is None:
        return None
    data, first, leading = head
    if json_is_lines(first, fmt.json_root):
        typed_lines = bool(fmt.sql.typed_columns) and "lines" in fmt.sql.typed_shapes
        if not lines_table(con, data, standard=typed_lines):
            return None  # not UTF-8: Python reads it line by line
        return _load_lines(con, landed, data, leading, fmt.sql, orders, refunds, typed_lines)
    opening = first.lstrip()[:1]
    if opening == b"[":
        records_key = None
    elif opening == b"{" and fmt.json_root is not None:
        records_key = fmt.json_root
    else:
        return None  # a document of another shape: Python reads it whole
    document = _one_string(data)
    if document is None:
        return None
    return _load_document(con, landed, document, data, first, records_key, fmt.json_root, fmt.sql, orders, refunds)


def file_head(landed: LandedFile) -> tuple[bytes, bytes, int] | None:
    """(the file's bytes, its first non-blank line, the blank lines before it), or None when
    DuckDB does not read it: larger than MAX_FAST_BYTES decompressed, a byte-order mark, or
    nothing but blank lines."""
    with open_bytes(landed.path) as stream:
        data = stream.read(MAX_FAST_BYTES + 1)
    if len(data) > MAX_FAST_BYTES or data.startswith(_BOM):
        return None
    first, leading = _first_line(data)
    return (data, first, leading) if first else None


def _one_string(data: bytes, end: int | None = None) -> pa.Array | None:
    """The document (its first `end` bytes) as a one-value Arrow string array over its own
    bytes (no decoding, no copy), or None if it is not valid UTF-8."""
    offsets = np.array([0, len(data) if end is None else end], dtype=np.int64)
    document = pa.LargeStringArray.from_buffers(1, pa.py_buffer(offsets.tobytes()), pa.py_buffer(data))
    try:
        document.validate(full=True)
    except pa.ArrowInvalid:
        return None
    return document


def lines_table(con: duckdb.DuckDBPyConnection, data: bytes, standard: bool = False) -> bool:
    """The file's lines (without their newline) as the temp table __touchline_json_lines
    (line_number from 1, line), as text_blocks.split_lines splits them (no line after a final
    newline); False, and no table, if the file is not valid UTF-8. Split by DuckDB: a fifth of
    the CPU of splitting in numpy and handing the lines over. With `standard`, also whether the
    whole file holds no non-standard JSON (sql/json_document_standard.sql)."""
    document = lines_document(data)
    if document is None:
        return False
    if standard:
        standard_table(con, document)
    split_lines_table(con, document)
    return True


def lines_document(data: bytes) -> pa.Array | None:
    """The JSON lines' text without a final newline (what the lines are split from), as
    _one_string gives it, or None if the file is not valid UTF-8."""
    return _one_string(data, len(data) - 1 if data.endswith(b"\n") else len(data))


def split_lines_table(con: duckdb.DuckDBPyConnection, document: pa.Array) -> None:
    """The lines of `document` (lines_document) as the temp table __touchline_json_lines."""
    con.register(_DOCUMENT, pa.table({"document": document}))
    try:
        con.execute(
            f"create or replace temp table {_LINES} as "
            "select generate_subscripts(lines, 1) as line_number, unnest(lines) as line "
            f"from (select string_split(document, chr(10)) as lines from {_DOCUMENT})"
        )
    finally:
        con.unregister(_DOCUMENT)


def standard_table(con: duckdb.DuckDBPyConnection, document: pa.Array) -> None:
    """Whether the whole text holds no non-standard JSON, as the temp table
    __touchline_json_standard (sql/json_document_standard.sql)."""
    con.register(_DOCUMENT, pa.table({"document": document}))
    try:
        _run(con, "json_document_standard")
    finally:
        con.unregister(_DOCUMENT)


def _first_line(data: bytes) -> tuple[bytes, int]:
    """The first non-blank line (as readers.json_records finds it) and how many blank lines
    precede it (Python does not count them)."""
    start = leading = 0
    while start < len(data):
        end = data.find(b"\n", start)
        line = data[start : len(data) if end < 0 else end + 1]
        if line.strip():
            return line, leading
        leading += 1
        start += len(line)
    return b"", leading


def _load_lines(
    con: duckdb.DuckDBPyConnection,
    landed: LandedFile,
    data: bytes,
    leading: int,
    sql: SqlJsonOrders,
    orders: RowSink,
    refunds: RowSink,
    typed_lines: bool = False,
) -> tuple[int, Iterator[SourceRecord]]:
    limit = current_limit()
    typed = None
    try:
        if typed_lines:
            typed = typed_lines_table(con, landed, sql.typed_columns, LineBounds(data, leading), limit)
        if typed is not None:
            con.register(_TYPED, typed)
            inserted = _map(con, sql, orders, refunds, typed=True)
        else:
            _run(con, "json_lines_items", leading_blank_lines=leading, record_limit=limit)
            inserted = _map(con, sql, orders, refunds)
        rest = con.execute(
            f"select lines.line_number - {leading}, lines.line from {_LINES} as lines "
            f"where lines.line_number > {leading} and lines.line_number - {leading} not in "
            f"(select record_number from __touchline_json_orders) order by lines.line_number"
        ).fetchall()
    finally:
        if typed is not None:
            con.unregister(_TYPED)
        _drop(con)
    return inserted, _line_records(rest, limit)


def typed_lines_table(
    con: duckdb.DuckDBPyConnection,
    landed: LandedFile,
    columns: tuple[tuple[str, str], ...],
    lines: LineBounds,
    limit: int,
) -> pa.Table | None:
    """The JSON lines (`lines` of the file, and __touchline_json_standard of the whole file) read
    by DuckDB's typed reader into `columns`, numbered as Python numbers them, or None when the
    reader refuses the file or would read it otherwise than Python: non-standard JSON anywhere,
    a line that is not plain (LineBounds.are_plain), a blank line between records."""
    if not (_is_standard(con) and lines.are_plain(limit)):
        return None
    typed = _typed_records(con, landed, columns, "lines")
    if typed is not None and typed.num_rows != lines.count:
        return None  # a blank line between records: the reader's numbers are not Python's
    return typed


class LineBounds:
    """Where each line of a JSON-lines file's bytes starts and ends (as lines_table splits them:
    no line after a final newline), from the first after the `leading` blank ones. Found by
    numpy on the bytes: the typed path checks its lines without a table of them (it needs one
    only for the lines it leaves to Python)."""

    def __init__(self, data: bytes, leading: int) -> None:
        end = len(data) - 1 if data.endswith(b"\n") else len(data)
        self._text = np.frombuffer(data, dtype=np.uint8, count=end)
        newlines = np.flatnonzero(self._text == ord("\n"))
        self._starts = np.concatenate(([0], newlines + 1))[leading:]
        self._ends = np.concatenate((newlines, [end]))[leading:]

    def line(self, index: int) -> bytes:
        """The bytes of the line `index` (from 0, after the leading blank ones)."""
        return self._text[self._starts[index] : self._ends[index]].tobytes()

    @property
    def count(self) -> int:
        """The lines after the leading blank ones: the typed reader's records, when none is
        blank (it skips a blank line, which would shift the numbers of the records after it)."""
        return len(self._starts)

    def are_plain(self, limit: int) -> bool:
        """Whether every line is one the typed reader reads as Python does (json_lines_items.sql's
        line checks): an object (`{` first: a `null` line would read as an object without
        values), within the record limit (in bytes), and not nested deeper than Python reads (no
        line under 1000 bytes holds 1000 brackets)."""
        starts, sizes = self._starts, self._ends - self._starts
        if not len(starts):
            return True
        if sizes.min() == 0 or sizes.max() > limit or not bool((self._text[starts] == ord("{")).all()):
            return False
        long = np.flatnonzero(sizes >= 1000)
        if not len(long):
            return True
        first, last = int(starts[long[0]]), int(self._ends[long[-1]])
        part = self._text[first:last]
        brackets = np.zeros(len(part) + 1, dtype=np.int64)
        brackets[:-1] = (part == ord("[")) | (part == ord("{"))
        # sums over [start, end) and [end, next start): every other one is a long line's
        bounds = np.stack((starts[long], self._ends[long]), axis=1).ravel() - first
        return bool((np.add.reduceat(brackets, bounds)[::2] < 1000).all())


def _line_records(rest: list[tuple[int, str]], limit: int) -> Iterator[SourceRecord]:
    for number, line in rest:
        record = json_line_record(number, line.encode("utf-8"), limit)
        if record is not None:
            yield record


def _load_document(
    con: duckdb.DuckDBPyConnection,
    landed: LandedFile,
    document: pa.Array,
    data: bytes,
    first: bytes,
    records_key: str | None,
    json_root: str | None,
    sql: SqlJsonOrders,
    orders: RowSink,
    refunds: RowSink,
) -> tuple[int, Iterator[SourceRecord]] | None:
    con.register(_DOCUMENT, pa.table({"document": document}))
    typed = None
    try:
        _run(con, "json_document_standard")
        shape = "array" if records_key is None else "root"
        if sql.typed_columns and shape in sql.typed_shapes and _is_standard(con):
            typed = _typed_records(con, landed, sql.typed_columns, shape, records_key, data)
        if typed is not None:
            con.register(_TYPED, typed)
        else:
            _run(
                con,
                "json_document_items",
                records_path="$[*]" if records_key is None else f"$.{records_key}[*]",
                records_key=records_key or "",
            )
        inserted = _map(con, sql, orders, refunds, typed=typed is not None)
        [(count,)] = con.execute("select count(*) from __touchline_json_parsed").fetchall()
        if not count:
            return None  # Python reads it (and may reject it, or read it as one record)
        # every record mapped (the usual file): no set of their numbers to build (~0.014 CPU s a 100k)
        taken = (
            None
            if inserted == count
            else {number for (number,) in con.execute("select record_number from __touchline_json_orders").fetchall()}
        )
    finally:
        con.unregister(_DOCUMENT)
        if typed is not None:
            con.unregister(_TYPED)
        _drop(con)
    if taken is None:
        return inserted, iter(())
    return inserted, (r for r in streamed_document(landed.path, first, json_root) if r.line_number not in taken)


def _is_standard(con: duckdb.DuckDBPyConnection) -> bool:
    [(is_standard,)] = con.execute("select is_standard from __touchline_json_standard").fetchall()
    return bool(is_standard)


def _typed_records(
    con: duckdb.DuckDBPyConnection,
    landed: LandedFile,
    typed_columns: tuple[tuple[str, str], ...],
    shape: str,
    records_key: str | None = None,
    data: bytes = b"",
) -> pa.Table | None:
    """The file's records (a top-level array's, the list under a document's `records_key`, or
    JSON lines, as `shape` says; a root list's document is `data`, the file decompressed) read
    by DuckDB's typed reader into `typed_columns` ((key, DuckDB type) pairs),
    numbered from 1, or None when the reader refuses the file. It runs on a connection of its
    own (a cursor: the same database, another transaction), because an error aborts the
    transaction it happens in, and the file's load must go on the other way after it."""
    columns = ", ".join(f"{_quoted(key)}: {_quoted(kind)}" for key, kind in typed_columns)
    with landed.path.open("rb") as stream:
        compression = "gzip" if stream.read(2) == GZIP_MAGIC else "none"
    options = f"compression = '{compression}'"
    if shape == "root":
        assert records_key is not None
        listed = _page_list(data, records_key)
        if listed is not None:
            # the page's list read as a top-level array (a record at a time, as JSON lines are):
            # read as the one value of the document, the same records cost twice the CPU, half
            # of it page faults of the memory that value is materialised in
            with _bytes_path(listed) as path:
                typed = _read_typed(con, path, _array_query(columns, "compression = 'none'"))
            if typed is not None:
                return typed
            # bytes after the list (another root key, a second document) or a record it refuses:
            # the document as one value, which reads a root key after the list and refuses the rest
        # the document is one value: the list of records is a list of structs under its key,
        # numbered in it; a file of more than one document is no page (no rows: Python reads it)
        query = (
            f"with pages as (select {_identifier(records_key)} as records from read_json($path, "
            # (records = true: read as an object of columns; left to detect, the same read took
            # ten times the CPU. The object size no larger than the document: the reader's
            # buffers are sized by it, and MAX_FAST_BYTES cost 0.1 CPU s more on a 43 MB page)
            f"format = 'unstructured', records = true, {options}, maximum_object_size = {len(data) + 1}, "
            f"columns = {{{_quoted(records_key)}: {_quoted(_struct_list(typed_columns))}}})), "
            "items as (select generate_subscripts(records, 1) as record_number, unnest(records) as record "
            "from pages where (select count(*) from pages) = 1) "
            "select record_number, unnest(record) from items"
        )
    elif shape == "array":
        query = _array_query(columns, options)
    else:
        query = (
            f"select ordinality as record_number, * exclude (ordinality) from read_json($path, "
            f"format = 'newline_delimited', {options}, columns = {{{columns}}}) with ordinality"
        )
    return _read_typed(con, str(landed.path), query)


def _array_query(columns: str, options: str) -> str:
    """The typed reader's query of a file that is one JSON array of records."""
    return (
        "select ordinality as record_number, * exclude (ordinality) from read_json($path, "
        f"format = 'array', {options}, columns = {{{columns}}}) with ordinality"
    )


def _read_typed(con: duckdb.DuckDBPyConnection, path: str, query: str) -> pa.Table | None:
    reader = con.cursor()
    try:
        return reader.sql(query, params={"path": path}).to_arrow_table()
    except duckdb.Error:
        return None
    finally:
        reader.close()


_JSON_SPACE = rb"[ \t\n\r]*"


def _page_list(data: bytes, records_key: str) -> memoryview | None:
    """The bytes of a page's record list, when the document opens as `{"<records_key>": [` and
    closes as `]}` (JSON whitespace around each token); else None. Whether those bytes are the
    one list of the root is for the reader of them to say: a page with another root key after
    the list, or a second document after the page, leaves bytes after the list's `]`, which
    DuckDB's reader of an array refuses (tests/test_sources_shopify_rest_typed.py)."""
    head = re.compile(
        _JSON_SPACE
        + rb"\{"
        + _JSON_SPACE
        + re.escape(json.dumps(records_key).encode())
        + _JSON_SPACE
        + b":"
        + _JSON_SPACE
    ).match(data)
    if head is None or data[head.end() : head.end() + 1] != b"[":
        return None
    end = _before_space(data, len(data), head.end())
    if data[end - 1 : end] != b"}":
        return None
    end = _before_space(data, end - 1, head.end())
    if end <= head.end() + 1 or data[end - 1 : end] != b"]":
        return None
    return memoryview(data)[head.end() : end]


def _before_space(data: bytes, end: int, floor: int) -> int:
    """`end` moved back over JSON whitespace, no further than `floor`."""
    while end > floor and data[end - 1 : end] in (b" ", b"\t", b"\n", b"\r"):
        end -= 1
    return end


@contextmanager
def _bytes_path(content: memoryview) -> Iterator[str]:
    """A path DuckDB reads `content` from: an anonymous file in memory on Linux (memfd, read as
    /proc/self/fd/<n>), elsewhere a temporary file, removed after."""
    memfd = getattr(os, "memfd_create", None)
    if memfd is not None and os.path.isdir("/proc/self/fd"):
        fd = memfd("touchline-json", getattr(os, "MFD_CLOEXEC", 0))
        try:
            _write_all(fd, content)
            yield f"/proc/self/fd/{fd}"
        finally:
            os.close(fd)
        return
    fd, name = tempfile.mkstemp(suffix=".json")
    try:
        try:
            _write_all(fd, content)
        finally:
            os.close(fd)
        yield name
    finally:
        os.unlink(name)


def _write_all(fd: int, content: memoryview) -> None:
    written = 0
    while written < len(content):
        written += os.write(fd, content[written:])


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _struct_list(columns: tuple[tuple[str, str], ...]) -> str:
    """The DuckDB type of a list of records with these (key, type) columns."""
    return "STRUCT(" + ", ".join(f"{_identifier(key)} {kind}" for key, kind in columns) + ")[]"


def _map(
    con: duckdb.DuckDBPyConnection, sql: SqlJsonOrders, orders: RowSink, refunds: RowSink, typed: bool = False
) -> int:
    """Map the items (or the typed records) into __touchline_json_orders / _refunds and insert
    them; how many orders."""
    window = current_window()
    values = {"earliest_at": window.earliest_at, "latest_at": window.latest_at}
    steps = sql.typed_steps if typed else sql.steps
    # a view takes no `$name` parameter: the time pattern reaches one as a variable (reset by _drop)
    con.execute(f"set variable {_TIMESTAMP_VARIABLE} = $pattern", {"pattern": _TIMESTAMP})
    for name in (*sql.shared, *(f"{sql.query}_{step}" for step in steps)):
        _run(con, name, **values)
    [(inserted,)] = _run(con, "insert_json_orders", load_id=orders.load_id, file_path=orders.file_path).fetchall()
    _run(con, "insert_json_refunds", load_id=refunds.load_id, file_path=refunds.file_path)
    return int(inserted)


# The values the SQL files name as `$name` parameters besides each call's own.
_PARAMETERS = {
    "non_standard": NON_STANDARD,
    **NON_STANDARD_PARTS,
    "json_string": JSON_STRING,
    # json_lines_items.sql checks each line for $non_standard (events_sql.py scans a file first)
    "lines_standard": False,
    "plain_text": _PLAIN_TEXT,
    "json_integer": _JSON_INTEGER,
    "money_text": _MONEY_TEXT,
    "money_limit": MONEY_RECORD_LIMIT,
    "timestamp": _TIMESTAMP,
    "bigcommerce_time": _RFC2822,
}
_PARAMETER = re.compile(r"\$([a-z_]+)")
_COMMENT = re.compile(r"--[^\n]*")


def _run(con: duckdb.DuckDBPyConnection, name: str, **values: object) -> duckdb.DuckDBPyConnection:
    """Run sql/<name>.sql with the `$name` parameters it uses (DuckDB refuses unused ones)."""
    sql = loader_sql(name, "touchline.sources")
    used = set(_PARAMETER.findall(_COMMENT.sub("", sql)))
    return con.execute(sql, {key: {**_PARAMETERS, **values}[key] for key in used})


def _drop(con: duckdb.DuckDBPyConnection, tables: tuple[str, ...] = _TEMP_TABLES) -> None:
    # a format's statement may make one of them a view (read by the next statement only:
    # nothing materialised); dropping it as a table would be an error, which aborts the load
    views = {name for (name,) in con.execute("select view_name from duckdb_views() where temporary").fetchall()}
    for table in tables:
        con.execute(f"drop {'view' if table in views else 'table'} if exists {table}")
    con.execute(f"reset variable {_TIMESTAMP_VARIABLE}")
