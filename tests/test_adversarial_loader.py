"""Hostile landed files against the loader's promises (issue 14): no record stalls the load,
no plain email is stored anywhere (file names included), odd files get a deterministic verdict.

Nothing here asserts a wall-clock limit. The one timing test compares the CPU time of the
same function on inputs of two sizes: a linear algorithm grows with the size, a quadratic one
with its square, and the threshold sits far from both.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from tests.landing_fixtures import audit_rows, event, load, quarantine, rows, sha, write_csv, write_file, write_jsonl
from touchline import settings
from touchline.landing import file_load, record_limit, text_blocks
from touchline.landing.values import RAW_RECORD_MAX_CHARS, redact_emails

# Shapes that made the old pattern try every start position and give back every character.
PATHOLOGICAL: dict[str, Callable[[int], str]] = {
    "word run then @": lambda n: "a" * n + "@",
    "word run then %40": lambda n: "a" * n + "%40",
    "@ then word run without a dot": lambda n: "a@" + "b" * n,
    "encoded plus signs then @": lambda n: "%2b" * (n // 3) + "@",
    "twice-encoded @ without a domain": lambda n: "a%2540" * (n // 6),
    "dotted run then @": lambda n: "a." * (n // 2) + "@",
}


def _cpu_seconds_per_call(function: Callable[[], object]) -> float:
    """CPU time of one call, repeated until the measurement is long enough to trust, the best
    of three (a call slower than a second is measured once: it is not linear anyway)."""
    best = float("inf")
    for _ in range(3):
        calls, start = 0, time.process_time()
        while True:
            function()
            calls += 1
            elapsed = time.process_time() - start
            if elapsed >= 0.02:
                break
        best = min(best, elapsed / calls)
        if best > 1:
            break
    return best


@pytest.mark.parametrize("shape", PATHOLOGICAL)
def test_redaction_grows_linearly_with_the_value(shape: str) -> None:
    # 16 times the length: a linear pass costs ~16 times more, a quadratic one ~256 times.
    small, large = PATHOLOGICAL[shape](1_000), PATHOLOGICAL[shape](16_000)
    ratio = _cpu_seconds_per_call(lambda: redact_emails(large)) / _cpu_seconds_per_call(lambda: redact_emails(small))
    assert ratio < 64, f"redaction cost grew {ratio:.0f}x for 16x the length: not linear"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "?u=https%3A%2F%2Fx.example%2F%3Femail%3Djane%2540example.com",
            "?u=https%3A%2F%2Fx.example%2F%3Femail%3D" + sha("jane@example.com"),
        ),
        ("jane%252540example.com", sha("jane@example.com")),
        ("jane%252Btag%2540example.com!", sha("jane+tag@example.com") + "!"),
        ("a@b.io+c@d.io", sha("a@b.io") + sha("+c@d.io")),
        (r"jane\u0040example.com", sha("jane@example.com")),
        (r"jane\u00252540example.com", sha("jane@example.com")),
        ("no address: 100%25 of a@b", "no address: 100%25 of a@b"),
    ],
)
def test_twice_encoded_and_escaped_emails_are_hashed(text: str, expected: str) -> None:
    assert redact_emails(text) == expected


def test_pathological_values_load_with_their_emails_hashed(tmp_path: Path) -> None:
    """The 50,000-character values of the issue, in a pixel line and a CSV cell, loaded whole."""
    run = "x" * 50_000
    write_jsonl(
        tmp_path,
        "pixel/p.jsonl",
        [
            event("e1", url=f"https://shop.example.com/?q={run}@"),
            event("e2", url=f"https://shop.example.com/?q={run}%40&e=jane%2540example.com"),
            '{"event_id": "e3", "broken": "' + run + "@example.com jane@example.com",
        ],
    )
    write_csv(
        tmp_path,
        "orders/o.csv",
        "order_id,created_at,currency,total_price,landing_site\n"
        f"1,2026-03-14T10:00:00Z,USD,1.00,https://shop.example.com/?q={run}@&e=jane%2540example.com\n",
    )
    con, summary = load(tmp_path)
    assert (summary.records_loaded, summary.records_quarantined) == (3, 1)
    urls = [u for (u,) in rows(con, "select url from raw.pixel_events order by event_id")]
    assert urls[0].endswith(run + "@")
    assert urls[1].endswith("&e=" + sha("jane@example.com"))
    [(landing_site,)] = rows(con, "select landing_site from raw.orders")
    assert landing_site.endswith("&e=" + sha("jane@example.com"))
    [(_, reason, raw)] = quarantine(con)
    assert reason == "invalid JSON" and "example.com" not in raw and sha("jane@example.com") in raw


def test_twice_encoded_email_is_hashed_on_both_fast_paths(tmp_path: Path) -> None:
    """Plain lines are typed by DuckDB (pixel_sql, csv_sql): a `%2540` must send them to Python."""
    write_jsonl(tmp_path, "pixel/p.jsonl", [event("e1", url="https://shop.example.com/?e=jane%2540example.com")])
    write_csv(
        tmp_path,
        "orders/o.csv",
        "order_id,created_at,currency,total_price,landing_site\n"
        "1,2026-03-14T10:00:00Z,USD,1.00,https://shop.example.com/?e=jane%2540example.com\n",
    )
    con, _ = load(tmp_path)
    assert rows(con, "select url from raw.pixel_events") == [
        (f"https://shop.example.com/?e={sha('jane@example.com')}",)
    ]
    assert rows(con, "select landing_site from raw.orders") == [
        (f"https://shop.example.com/?e={sha('jane@example.com')}",)
    ]
    assert audit_rows(con)["pixel/p.jsonl"][0] == "loaded"


@pytest.mark.parametrize("number", ["1e999999999", "1E+1000000", "9" * 100_000])
def test_absurd_numbers_are_quarantined_not_converted(tmp_path: Path, number: str) -> None:
    """A short `1e999999999` is a billion-digit integer: converting it never finished, and
    Decimal arithmetic on it raised Overflow (the whole file rejected instead of one record)."""
    write_csv(
        tmp_path,
        "spend/s.csv",
        "date_day,platform,campaign_id,campaign_name,spend,currency,clicks\n"
        f"2026-03-14,google,c1,C1,1.00,USD,{number}\n2026-03-14,google,c2,C2,{number},USD,3\n",
    )
    write_jsonl(tmp_path, "pixel/p.jsonl", [event("e1", revenue=number), event("e2")])
    con, summary = load(tmp_path)
    assert (summary.files_loaded, summary.records_loaded, summary.records_quarantined) == (2, 1, 3)
    assert sorted(reason for _, reason, _ in quarantine(con)) == [
        "clicks out of range",
        "revenue out of range",
        "spend out of range",
    ]


PLAIN = ("jane.doe@example.com", "jane.doe%40example.com", "name%2540example.com", "name@example.com")


def _all_text(con) -> str:
    """Every text value of every table of the warehouse, one per line."""
    parts = []
    for schema, table, column in rows(
        con,
        "select table_schema, table_name, column_name from information_schema.columns "
        "where data_type = 'VARCHAR' and table_schema not in ('information_schema', 'pg_catalog')",
    ):
        parts += [str(v) for (v,) in rows(con, f'select distinct "{column}" from "{schema}"."{table}"')]
    return "\n".join(parts)


def test_emails_in_file_paths_are_hashed_everywhere(tmp_path: Path) -> None:
    write_csv(
        tmp_path,
        "orders/orders_export_jane.doe@example.com.csv",
        "order_id,created_at,currency,total_price\n1,2026-03-14T10:00:00Z,USD,1.00\nbad,,USD,1\n",
    )
    write_jsonl(tmp_path, "pixel/name%2540example.com/part-1.jsonl", [event("e1"), "not json"])
    write_csv(
        tmp_path,
        "orders/jane.doe%40example.com (copy).csv",  # a duplicate of the first
        "order_id,created_at,currency,total_price\n1,2026-03-14T10:00:00Z,USD,1.00\nbad,,USD,1\n",
    )
    log: list[str] = []
    con, summary = load(tmp_path, progress=log.append)
    assert (summary.files_loaded, summary.files_skipped_duplicate) == (2, 1)
    stored = _all_text(con) + "\n".join(log)
    for plain in PLAIN:
        assert plain not in stored
    paths = sorted(audit_rows(con))
    assert paths[0].startswith("orders/") and paths[0].endswith(".csv") and len(paths[0]) == len("orders/.csv") + 64
    assert any(p.startswith("pixel/") and p.endswith("/part-1.jsonl") for p in paths)
    assert {p for (p,) in rows(con, "select distinct file_path from raw.orders")} <= set(paths)
    # a second run knows every file by its redacted path: nothing new is recorded
    _, again = load(tmp_path, con)
    assert (again.files_loaded, again.files_skipped_duplicate, again.files_already_loaded) == (0, 0, 3)


def test_a_warehouse_with_plain_paths_is_redacted_on_the_next_load(tmp_path: Path) -> None:
    """Warehouses written by earlier loaders stored the path as it was: rewritten in place."""
    name = "orders/export_jane.doe@example.com.csv"
    write_csv(tmp_path, name, "order_id,created_at,currency,total_price\n1,2026-03-14T10:00:00Z,USD,1.00\nx,,USD,1\n")
    con, _ = load(tmp_path)
    [redacted] = audit_rows(con)
    for table in ("audit.load_audit", "audit.quarantine", "raw.orders"):  # as an earlier loader left it
        con.execute(f"update {table} set file_path = ?", [name])
    con.execute("create table main.built_from_raw as select * from raw.orders")  # a dbt table
    _, again = load(tmp_path, con)
    assert (again.files_loaded, again.files_skipped_duplicate, again.files_already_loaded) == (0, 0, 1)
    assert "jane.doe@example.com" not in _all_text(con)
    assert rows(con, "select distinct file_path from main.built_from_raw") == [(redacted,)]


# --- records over the size limit --------------------------------------------------------

MIB = 1024 * 1024


def _huge_json_line(size: int) -> bytes:
    """An invalid JSON line of `size` bytes: an email early on, then one address that the
    kept prefix cuts in the middle (whatever of it is kept must not be left plain)."""
    head = b'{"event_id": "big", "email": "jane@example.com", "pad": "'
    cut_at = RAW_RECORD_MAX_CHARS - len(head) - 10
    body = b"x " * (cut_at // 2) + b"bob.smith@example.org "
    return head + body + b"y" * (size - len(head) - len(body))


@pytest.mark.parametrize("block_bytes", [None, 256 * 1024])
def test_a_pixel_record_over_the_limit_is_quarantined_by_its_length(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block_bytes: int | None
) -> None:
    if block_bytes:  # the long lines then span many reads: read past, never held whole
        monkeypatch.setattr(text_blocks, "BLOCK_BYTES", block_bytes)
    scanned: list[int] = []
    original = record_limit.redact_emails
    monkeypatch.setattr(record_limit, "redact_emails", lambda text: scanned.append(len(text)) or original(text))
    lines = [orjson.dumps(event("e1")), _huge_json_line(3 * MIB), orjson.dumps(event("e2")), _huge_json_line(2 * MIB)]
    write_file(tmp_path, "pixel/p.jsonl.gz", b"\n".join(lines))  # the last line without its newline
    con, summary = load(tmp_path)
    assert (summary.records_read, summary.records_loaded, summary.records_quarantined) == (4, 2, 2)
    limit = settings.DEFAULT_MAX_RECORD_BYTES
    quarantined = quarantine(con)
    assert [(n, reason) for n, reason, _ in quarantined] == [
        (2, f"record longer than TOUCHLINE_MAX_RECORD_BYTES ({limit} bytes)"),
        (4, f"record longer than TOUCHLINE_MAX_RECORD_BYTES ({limit} bytes)"),
    ]
    raw = quarantined[0][2]
    assert raw.endswith(f"...[cut: the record is {3 * MIB} bytes]") and len(raw) < RAW_RECORD_MAX_CHARS + 100
    assert sha("jane@example.com") in raw and "jane@example.com" not in raw
    assert "bob.smith" not in raw and "@example.org" not in raw
    assert scanned and max(scanned) <= RAW_RECORD_MAX_CHARS  # only the kept prefix was scanned


def test_blocks_stay_bounded_by_the_limit_whatever_the_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """Memory: a 40 MiB line without a newline never sits in memory whole (the reader keeps a
    block and at most the limit), and the lines around it keep their numbers."""
    monkeypatch.setattr(text_blocks, "BLOCK_BYTES", 1 * MIB)
    data = b'{"a": 1}\n' + b"z" * (40 * MIB) + b'\n{"b": 2}\n' + b"w" * (3 * MIB)
    blocks = list(text_blocks.read_blocks(io.BytesIO(b"\xef\xbb\xbf" + data), max_line_bytes=2 * MIB))
    assert max(len(block.raw) for block in blocks) <= 1 * MIB + 2 * MIB
    assert [(len(b), b.oversized) for b in blocks] == [(1, None), (1, 40 * MIB), (1, None), (1, 3 * MIB)]
    assert blocks[0].lines.to_pylist() == ['{"a": 1}']  # the byte order mark is not part of it


@pytest.mark.parametrize("streamed", [False, True])
def test_a_csv_record_over_the_limit_is_quarantined_by_its_length(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, streamed: bool
) -> None:
    if streamed:  # files over MAX_FAST_BYTES are read by Python line by line
        monkeypatch.setattr(file_load, "MAX_FAST_BYTES", 1024)
    huge = "https://shop.example.com/?e=jane@example.com&pad=" + "q" * (2 * MIB)
    write_csv(
        tmp_path,
        "orders/o.csv",
        "order_id,created_at,currency,total_price,landing_site\n"
        "1,2026-03-14T10:00:00Z,USD,1.00,\n"
        f"2,2026-03-14T10:00:00Z,USD,1.00,{huge}\n"
        "3,2026-03-14T10:00:00Z,USD,1.00,https://shop.example.com/?big=" + "p" * 200_000 + "\n",
    )
    con, summary = load(tmp_path)
    assert (summary.records_read, summary.records_loaded, summary.records_quarantined) == (3, 2, 1)
    [(line, reason, raw)] = quarantine(con)
    assert (line, reason) == (3, f"record longer than TOUCHLINE_MAX_RECORD_BYTES ({MIB} bytes)")
    assert raw.startswith("2,2026-03-14T10:00:00Z,USD,1.00,https://shop.example.com/?e=" + sha("jane@example.com"))
    assert len(raw) < RAW_RECORD_MAX_CHARS + 100
    # a 200 KB field within the limit loads on both paths (Python's csv refused over 128 KiB)
    assert rows(con, "select order_id from raw.orders order by order_id") == [("1",), ("3",)]


def test_the_record_limit_is_a_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_jsonl(tmp_path, "pixel/p.jsonl", [event("e1", url="https://shop.example.com/?pad=" + "x" * 5000)])
    monkeypatch.setenv(settings.MAX_RECORD_BYTES_ENV, "4KiB")
    _con, summary = load(tmp_path)
    assert summary.records_quarantined == 1
    monkeypatch.setenv(settings.MAX_RECORD_BYTES_ENV, "a lot")
    with pytest.raises(settings.ConfigError, match=settings.MAX_RECORD_BYTES_ENV):
        load(tmp_path)


# --- the smaller items ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["pixel/p.jsonl", "pixel/p.jsonl.gz"])
def test_a_byte_order_mark_does_not_quarantine_the_first_record(tmp_path: Path, name: str) -> None:
    write_file(tmp_path, name, b"\xef\xbb\xbf" + orjson.dumps(event("e1")) + b"\n" + orjson.dumps(event("e2")) + b"\n")
    _con, summary = load(tmp_path)
    assert (summary.records_loaded, summary.records_quarantined) == (2, 0)


@pytest.mark.parametrize(
    ("original", "copies"),
    [
        ("pixel/part-0001.jsonl.gz", ["pixel/part-0001 (copy).jsonl.gz", "pixel/part-0001 - Copy.jsonl.gz"]),
        ("orders/export.csv", ["orders/export (1).csv", "orders/Copy of export.csv", "orders/a/export.csv"]),
    ],
)
def test_the_original_wins_over_its_copies(tmp_path: Path, original: str, copies: list[str]) -> None:
    """`part-0001 (copy).jsonl.gz` sorts before `part-0001.jsonl.gz` (a space sorts before a dot)."""
    data = (
        b"order_id,created_at,currency,total_price\n1,2026-03-14T10:00:00Z,USD,1.00\n"
        if original.endswith(".csv")
        else orjson.dumps(event("e1")) + b"\n"
    )
    for name in [*copies, original]:
        write_file(tmp_path, name, data)
    con, summary = load(tmp_path)
    assert (summary.files_loaded, summary.files_skipped_duplicate) == (1, len(copies))
    audit = audit_rows(con)
    assert audit[original][0] == "loaded"
    assert {audit[copy] for copy in copies} == {("skipped_duplicate", f"same content as {original}", 0, 0, 0)}
    table = "raw.orders" if original.endswith(".csv") else "raw.pixel_events"
    assert rows(con, f"select distinct file_path from {table}") == [(original,)]


def test_symlinks_out_of_the_landing_folder_are_not_followed(tmp_path: Path) -> None:
    landing, outside = tmp_path / "landing", tmp_path / "outside"
    write_jsonl(outside, "pixel/secret.jsonl", [event("outside")])
    write_jsonl(landing, "pixel/real.jsonl", [event("e1")])
    (landing / "pixel" / "passwd.jsonl").symlink_to("/etc/passwd")
    (landing / "pixel" / "secret.jsonl").symlink_to(outside / "pixel" / "secret.jsonl")
    (landing / "pixel" / "elsewhere").symlink_to(outside / "pixel", target_is_directory=True)
    (landing / "pixel" / "same.jsonl").symlink_to(landing / "pixel" / "real.jsonl")  # inside: followed
    (landing / "pixel" / "loop").symlink_to(landing / "pixel", target_is_directory=True)  # inside, a loop
    (landing / "orders").symlink_to(outside / "pixel", target_is_directory=True)  # a whole kind folder
    con, summary = load(landing)
    audit = audit_rows(con)
    refused = ("rejected", "symbolic link to outside the landing folder: not followed", 0, 0, 0)
    assert {
        path: audit[path] for path in ("pixel/passwd.jsonl", "pixel/secret.jsonl", "pixel/elsewhere", "orders")
    } == dict.fromkeys(("pixel/passwd.jsonl", "pixel/secret.jsonl", "pixel/elsewhere", "orders"), refused)
    assert audit["pixel/real.jsonl"][0] == "loaded" and audit["pixel/same.jsonl"][0] == "skipped_duplicate"
    assert rows(con, "select event_id from raw.pixel_events") == [("e1",)]
    assert rows(con, "select count(*) from audit.load_audit where content_hash = ''") == [(4,)]
    assert summary.files_rejected == 4
