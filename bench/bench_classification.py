"""Time the classifier (int_hits_classified, full refresh) on a copy of a built warehouse.

    python bench/bench_classification.py --warehouse warehouse/touchline.duckdb [--referrers 600000]

--referrers N adds N page views whose referrers have many shapes (unknown hosts, webmail
labels, deref- hosts, search engines carrying a query), so that the referrer side of the
classifier is loaded too (`touchline generate` uses a few dozen referrers). The copy is
deleted afterwards; prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
import time
from pathlib import Path

import duckdb

from touchline.dbt.cli import run_dbt

_WORDS = [
    "shoes",
    "red",
    "trail",
    "boots",
    "gift",
    "sale",
    "jacket",
    "tent",
    "wool",
    "socks",
    "hiking",
    "best",
    "cheap",
    "review",
    "kids",
]
_TLDS = ["com", "de", "co.uk", "fr", "it", "net", "org", "com.br", "nl", "pl", "io", "es"]


def _referrer(rng: random.Random) -> str:
    if rng.random() < 0.35:
        engine, param = rng.choice(
            [
                ("www.bing.com", "q"),
                ("www.google.com", "q"),
                ("yandex.ru", "text"),
                ("search.yahoo.com", "p"),
                ("duckduckgo.com", "q"),
            ]
        )
        return f"https://{engine}/search?{param}={'+'.join(rng.sample(_WORDS, 2))}&n={rng.randint(1, 50)}"
    name = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 10)))
    host = f"{name}.{rng.choice(_TLDS)}"
    shape = rng.random()
    if shape < 0.15:
        host = rng.choice(["webmail", "mail", "posta", "mail2", "email", "correo"]) + "." + host
    elif shape < 0.2:
        host = "deref-" + host
    elif shape < 0.5:
        host = rng.choice(["www.", "blog.", "news.", "m.", "shop.", "forum.sub."]) + host
    return f"https://{host}/{rng.choice(['', 'post/1', 'a/b?x=1'])}"


def _add_referrers(warehouse: Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    rows = [
        (i, f"bench{i}", f"bv{i % 50_000}", f"https://mystore.com/products/p{rng.randint(1, 500)}", _referrer(rng))
        for i in range(count)
    ]
    con = duckdb.connect(str(warehouse))
    try:
        con.execute(
            "create temp table bench_rows (line_number bigint, event_id varchar, visitor_id varchar,"
            " url varchar, referrer varchar)"
        )
        con.executemany("insert into bench_rows values (?, ?, ?, ?, ?)", rows)
        con.execute(
            "insert into raw.pixel_events (load_id, file_path, line_number, event_id, event_type, ts,"
            " visitor_id, url, referrer, is_bot) select 999999, 'bench', line_number, event_id, 'page_view',"
            " timestamp '2026-01-01', visitor_id, url, referrer, false from bench_rows"
        )
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, required=True, help="a built warehouse (not modified)")
    parser.add_argument("--referrers", type=int, default=0, help="synthetic page views with varied referrers to add")
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_classification_") as tmp:
        warehouse = Path(tmp) / "bench.duckdb"
        shutil.copy(args.warehouse, warehouse)
        if args.referrers:
            _add_referrers(warehouse, args.referrers, args.seed)
        run_dbt(["seed"], warehouse, target_path=Path(tmp) / "target")
        started = time.perf_counter()
        run_dbt(
            ["run", "--select", "int_hits_classified", "--full-refresh"], warehouse, target_path=Path(tmp) / "target"
        )
        wall = time.perf_counter() - started
        results = json.loads((Path(tmp) / "target" / "run_results.json").read_text())["results"]
        model = next(r for r in results if r["unique_id"].endswith(".int_hits_classified"))
        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            hits, hosts, terms = con.execute(
                "select count(*), count(distinct referrer_host), count(term) from intermediate.int_hits_classified"
            ).fetchone()
        finally:
            con.close()
    print(
        json.dumps(
            {
                "int_hits_classified_seconds": round(model["execution_time"], 2),
                "dbt_run_wall_seconds": round(wall, 1),
                "distinct_hits": hits,
                "distinct_referrer_hosts": hosts,
                "hits_with_term": terms,
                "added_referrer_page_views": args.referrers,
            }
        )
    )


if __name__ == "__main__":
    main()
