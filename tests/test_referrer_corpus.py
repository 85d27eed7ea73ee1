"""The referrer corpus (tests/referrer_corpus.csv) through the Python and the SQL classifier.

About 400 real-shaped referrers gathered from public lists: hosts of the vendored Matomo lists
(CC0) with their own search links, and the webmail, link-protection, link-in-bio and shortener
hosts that providers publish. Most of the webmail hosts are named by no list in the registry:
they are classified by the shape of the host (shapes.py). Each row has the expected source,
medium, channel and organic search term; both paths must give exactly that.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any

import duckdb
import pytest

from touchline.classification import classify_hit
from touchline.dbt.cli import run_dbt
from touchline.landing.schema import create_all

CORPUS = Path(__file__).with_name("referrer_corpus.csv")
INTERNAL_HOSTS = ["shop.example.com"]
FIELDS = ["source", "medium", "channel", "term"]


def _load() -> list[dict[str, Any]]:
    with CORPUS.open(encoding="utf-8", newline="") as f:
        return [{k: (v if v != "" else None) for k, v in row.items()} for row in csv.DictReader(f)]


CASES = _load()
IDS = [c["case_id"] for c in CASES]


def _expected(case: dict[str, Any]) -> dict[str, Any]:
    return {f: case[f] for f in FIELDS}


def test_corpus_is_large_and_spans_the_media_and_shapes() -> None:
    assert len(CASES) >= 300
    assert len(set(IDS)) == len(CASES)
    media = Counter(c["medium"] for c in CASES)
    assert media["organic"] >= 100 and media["email"] >= 100 and media["social"] >= 50
    groups = Counter(c["group"] for c in CASES)
    assert groups["label"] >= 60 and groups["family"] >= 30 and groups["term"] >= 15


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_python_path(case: dict[str, Any]) -> None:
    touch = classify_hit(case["url"], case["referrer"], internal_hosts=INTERNAL_HOSTS).as_dict()
    assert {f: touch[f] for f in FIELDS} == _expected(case), case["note"]


@pytest.fixture(scope="module")
def dbt_touches(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], dict[str, Any]]:
    """Build +int_hits_classified once over the corpus; rows by (url, referrer)."""
    tmp = tmp_path_factory.mktemp("referrer_corpus_dbt")
    warehouse = tmp / "corpus.duckdb"
    con = duckdb.connect(str(warehouse))
    create_all(con)
    con.executemany(
        "insert into raw.pixel_events (load_id, file_path, line_number, event_id, event_type, ts, visitor_id, url,"
        " referrer, is_bot) values (1, 'referrer_corpus.csv', ?, ?, 'page_view', timestamp '2026-01-01', ?, ?, ?,"
        " false)",
        [(i, c["case_id"], "v" + c["case_id"], c["url"], c["referrer"]) for i, c in enumerate(CASES, 1)],
    )
    con.close()
    run_dbt(
        [
            "build",
            "--select",
            "+int_hits_classified",
            "--exclude",
            "test_type:unit",
            "--indirect-selection",
            "cautious",
        ],
        warehouse,
        target_path=tmp / "target",
        dbt_vars={"internal_hosts": INTERNAL_HOSTS},
    )
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        cur = con.execute("select * from intermediate.int_hits_classified")
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    finally:
        con.close()
    return {(r["hit_url"], r["hit_referrer"]): r for r in rows}


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_sql_path(case: dict[str, Any], dbt_touches: dict[tuple[str, str], dict[str, Any]]) -> None:
    row = dbt_touches[(case["url"], case["referrer"] or "")]
    assert {f: row[f] for f in FIELDS} == _expected(case), case["note"]


def test_both_paths_agree_on_every_touch_column(dbt_touches: dict[tuple[str, str], dict[str, Any]]) -> None:
    columns = ["source", "medium", "channel", "term", "platform", "ad_platform", "source_category", "referrer_kind"]
    differences = []
    for case in CASES:
        python = classify_hit(case["url"], case["referrer"], internal_hosts=INTERNAL_HOSTS).as_dict()
        sql = dbt_touches[(case["url"], case["referrer"] or "")]
        differences += [(case["case_id"], c, python[c], sql[c]) for c in columns if python[c] != sql[c]]
    assert differences == []
