"""`touchline sql`: read-only queries on the published warehouse, in three formats, while a
build holds its own file open for writing."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from touchline.cli import main
from touchline.commands import sql as sql_command
from touchline.warehouse.publish import build_path


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "touchline.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    con.execute(
        "create table marts.visitor_payments (order_id varchar, order_date date, ordered_at timestamp, "
        "net_revenue_reporting decimal(18,4), first_touch_channel varchar)"
    )
    con.execute(
        "insert into marts.visitor_payments values "
        "('A-1', '2026-03-01', '2026-03-01 10:00:00', 100.1000, 'Paid Search'), "
        "('A-2', '2026-03-01', '2026-03-01 11:00:00', 0.0100, null), "
        "('B\"3', '2026-03-02', '2026-03-02 09:30:00', 12345678.9999, 'Email, newsletter')"
    )
    con.close()
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["sql", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_table_format_aligns_numbers_and_counts_rows(warehouse: Path, capsys) -> None:
    code, out, _ = run(
        capsys,
        "--warehouse",
        str(warehouse),
        "select order_id, net_revenue_reporting, first_touch_channel from marts.visitor_payments order by order_id",
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["order_id", "net_revenue_reporting", "first_touch_channel"]
    assert "      100.1000" in lines[2] and "NULL" in lines[3] and "12345678.9999" in lines[4]
    assert lines[-1] == "(3 rows)"


def test_csv_keeps_exact_decimals_and_quotes(warehouse: Path, capsys) -> None:
    code, out, _ = run(
        capsys,
        "--warehouse",
        str(warehouse),
        "--format",
        "csv",
        "select order_id, net_revenue_reporting, first_touch_channel, ordered_at from marts.visitor_payments order by order_id",
    )
    assert code == 0
    assert out.splitlines() == [
        "order_id,net_revenue_reporting,first_touch_channel,ordered_at",
        "A-1,100.1000,Paid Search,2026-03-01 10:00:00",
        "A-2,0.0100,,2026-03-01 11:00:00",
        '"B""3",12345678.9999,"Email, newsletter",2026-03-02 09:30:00',
    ]


def test_json_numbers_are_exact_and_dates_are_iso(warehouse: Path, capsys) -> None:
    code, out, _ = run(
        capsys,
        "--warehouse",
        str(warehouse),
        "--format",
        "json",
        "select order_id, order_date, net_revenue_reporting as revenue from marts.visitor_payments order by order_id",
    )
    assert code == 0
    rows = json.loads(out, parse_float=str)
    assert rows[0] == {"order_id": "A-1", "order_date": "2026-03-01", "revenue": "100.1000"}
    assert rows[2]["revenue"] == "12345678.9999"  # every digit, not a float's
    assert json.loads(out) == json.loads(out)  # plain JSON any tool reads


def test_several_statements_print_each_result(warehouse: Path, capsys) -> None:
    code, out, _ = run(
        capsys, "--warehouse", str(warehouse), "select count(*) as orders from marts.visitor_payments; select 'x' as y;"
    )
    assert code == 0
    assert "orders" in out and "(1 row)" in out and out.count("(1 row)") == 2


def test_it_cannot_write_and_says_why(warehouse: Path, capsys) -> None:
    code, _, err = run(capsys, "--warehouse", str(warehouse), "delete from marts.visitor_payments")
    assert code == 1
    assert "read-only" in err
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("select count(*) from marts.visitor_payments").fetchone()[0] == 3
    con.close()


def test_errors_and_a_missing_warehouse_are_named(warehouse: Path, tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, "--warehouse", str(warehouse), "select nope from marts.visitor_payments")
    assert code == 1 and "nope" in err
    code, _, err = run(capsys, "--warehouse", str(tmp_path / "typo.duckdb"), "select 1")
    assert code == 2 and "touchline build" in err
    assert not (tmp_path / "typo.duckdb").exists()


def test_it_reads_while_a_build_writes_its_own_file(warehouse: Path, capsys) -> None:
    # A build holds the build file beside the published one open for writing (touchline/warehouse/publish.py).
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); c.execute('create table t as select 1');"
            "print('open', flush=True); time.sleep(60)",
            str(build_path(warehouse)),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout.readline().strip() == "open"
        code, out, _ = run(
            capsys, "--warehouse", str(warehouse), "--format", "csv", "select count(*) as n from marts.visitor_payments"
        )
        assert code == 0 and out.splitlines() == ["n", "3"]
    finally:
        writer.kill()
        writer.wait()


def test_standard_input_is_the_query_when_it_is_not_a_terminal(warehouse: Path) -> None:
    out = io.StringIO()
    code = sql_command.run_sql(warehouse, None, fmt="csv", out=out, stdin=io.StringIO("select 7 as n;"))
    assert code == 0 and out.getvalue().splitlines() == ["n", "7"]


def test_the_interactive_prompt_runs_statements_ended_by_a_semicolon(warehouse: Path, monkeypatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    lines = iter(["select count(*) as n", "from marts.visitor_payments;", ".tables", ".quit"])
    monkeypatch.setattr("builtins.input", lambda _prompt="": next(lines))
    out = io.StringIO()
    assert sql_command.run_sql(warehouse, None, fmt="csv", out=out, stdin=Terminal()) == 0
    text = out.getvalue()
    assert "read-only" in text.splitlines()[0]
    assert "n\n3\n" in text
    assert "marts,visitor_payments,BASE TABLE" in text
