"""Parity: one table-driven corpus (tests/classification_corpus.csv) through every path.

The Python path (classify_hit, which `touchline classify` prints) and the dbt path
(int_page_views_classified, built once for the whole corpus) must both give the expected
touch of every case.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import duckdb
import pytest

from touchline.classification import classify_hit
from touchline.cli import main as touchline_main
from touchline.dbt.cli import run_dbt
from touchline.landing.schema import create_all

CORPUS = Path(__file__).with_name("classification_corpus.csv")
# The corpus store's own extra host and an extra unwanted referrer, as dbt vars and arguments.
INTERNAL_HOSTS = ["checkout.mystore-payments.com"]
UNWANTED_REFERRERS = ["securebank3ds.example"]
FIELDS = [
    "source",
    "medium",
    "platform",
    "ad_platform",
    "channel",
    "click_id_type",
    "click_id",
    "campaign",
    "campaign_key",
    "campaign_id",
    "content",
    "term",
    "referrer_kind",
]


def _load() -> list[dict[str, Any]]:
    with CORPUS.open(encoding="utf-8", newline="") as f:
        return [{k: (v if v != "" else None) for k, v in row.items()} for row in csv.DictReader(f)]


CASES = _load()


def _expected(case: dict[str, Any]) -> dict[str, Any]:
    return {f: case[f] for f in FIELDS}


def test_corpus_is_large_and_covers_every_click_id() -> None:
    assert len(CASES) >= 200
    assert len({c["case_id"] for c in CASES}) == len(CASES)
    assert {c["click_id_type"] for c in CASES if c["click_id_type"]} == {
        "gclid",
        "gbraid",
        "wbraid",
        "dclid",
        "fbclid",
        "msclkid",
        "ttclid",
        "epik",
        "li_fat_id",
        "twclid",
        "sccid",
        "rdt_cid",
    }


@pytest.mark.parametrize("case", CASES, ids=[c["case_id"] for c in CASES])
def test_python_path(case: dict[str, Any]) -> None:
    touch = classify_hit(
        case["url"], case["referrer"], internal_hosts=INTERNAL_HOSTS, unwanted_referrers=UNWANTED_REFERRERS
    ).as_dict()
    assert {f: touch[f] for f in FIELDS} == _expected(case), case["note"]


@pytest.mark.parametrize("case", CASES[:12], ids=[c["case_id"] for c in CASES[:12]])
def test_cli_path(case: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    args = ["classify", case["url"], *(["--referrer", case["referrer"]] if case["referrer"] else [])]
    for host in INTERNAL_HOSTS:
        args += ["--internal-host", host]
    assert touchline_main(args) == 0
    printed = dict(
        line.split(None, 1) if " " in line.strip() else (line.strip(), "")
        for line in capsys.readouterr().out.splitlines()
        if line.strip()
    )
    for field in ("source", "medium", "channel"):
        assert printed[field].strip() == case[field], case["note"]


@pytest.fixture(scope="module")
def dbt_touches(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """Build +int_page_views_classified once over the whole corpus; rows by event_id."""
    tmp = tmp_path_factory.mktemp("classification_dbt")
    warehouse = tmp / "corpus.duckdb"
    con = duckdb.connect(str(warehouse))
    create_all(con)
    rows = [
        (
            1,
            "classification_corpus.csv",
            i,
            c["case_id"],
            "page_view",
            "2026-01-01 00:00:00",
            "v" + c["case_id"],
            c["url"],
            c["referrer"],
            False,
        )
        for i, c in enumerate(CASES, 1)
    ]
    # A bot hit and a non-page_view event must not appear in the model.
    rows.append((1, "extra", 0, "bot", "page_view", "2026-01-01 00:00:00", "vb", "https://mystore.com/", None, True))
    rows.append(
        (1, "extra", 0, "cart", "add_to_cart", "2026-01-01 00:00:00", "vc", "https://mystore.com/", None, False)
    )
    con.executemany(
        "insert into raw.pixel_events (load_id, file_path, line_number, event_id, event_type, ts, visitor_id, url,"
        " referrer, is_bot) values (?, ?, ?, ?, ?, cast(? as timestamp), ?, ?, ?, ?)",
        rows,
    )
    con.close()
    run_dbt(
        ["build", "--select", "+int_page_views_classified"],
        warehouse,
        target_path=tmp / "target",
        dbt_vars={"internal_hosts": INTERNAL_HOSTS, "unwanted_referrers": UNWANTED_REFERRERS},
    )
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        cur = con.execute("select * from intermediate.int_page_views_classified")
        names = [d[0] for d in cur.description]
        return {r[names.index("event_id")]: dict(zip(names, r, strict=True)) for r in cur.fetchall()}
    finally:
        con.close()


def test_dbt_path_has_one_row_per_page_view(dbt_touches: dict[str, dict[str, Any]]) -> None:
    assert set(dbt_touches) == {c["case_id"] for c in CASES}


@pytest.mark.parametrize("case", CASES, ids=[c["case_id"] for c in CASES])
def test_dbt_path(case: dict[str, Any], dbt_touches: dict[str, dict[str, Any]]) -> None:
    row = dbt_touches[case["case_id"]]
    assert {f: row[f] for f in FIELDS} == _expected(case), case["note"]
    assert row["is_direct"] == (case["source"] == "(direct)")
    if case["click_id_type"]:
        assert row[case["click_id_type"]] == case["click_id"]
