"""marts.conversion_events built incrementally equals a full rebuild, and so do the export files
made from it (docs/conversions.md, attribution.md "Incremental builds").

A generated month lands in four batches, a day or two at a time with some days' events late,
built after each like a nightly, with exports between the builds (so the ledger changes), a
late refund of exported orders (Google restates them) and var conversions_refund_policy
net_after_delay (so rows wait for the refund delay and become ready as the as-of time moves,
and Meta's 7-day window closes on others). At the end a full build of the same files and the
same ledger must hold the same rows, and an export from each must write the same bytes.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conversions_warehouse import build as build_conversions
from tests.conversions_warehouse import generate_landing, query
from tests.warehouse_snapshot import rows_only_in_each
from touchline.conversions.export import export_conversions
from touchline.conversions.ledger import ledger_path

pytestmark = pytest.mark.slow

ENV = {"TOUCHLINE_TIKTOK_PIXEL_CODE": "C4TESTPIXEL", "TOUCHLINE_LINKEDIN_CONVERSION_RULE_ID": "104"}
VARS = {"conversions_refund_policy": "net_after_delay", "conversions_net_delay_days": 3}
DESTINATIONS = ["meta", "google_ads", "pinterest", "tiktok", "snapchat", "microsoft_ads", "reddit", "linkedin"]
# the generated month ends 2026-10-31: what lands in each build, by the day in the file's path
LAST_DAYS = ["2026-10-24", "2026-10-26", "2026-10-28", "2026-10-31"]
LATE = "2026-10-25"  # this day's pixel files land with the last batch, after later days
# every incremental model, so a build records them all and the next one is incremental (a
# build that leaves one out rebuilds every row next time); data tests on the full build only
# every incremental model: one that never recorded its state makes every build a full one
SELECTION = [
    "+conversion_events",
    "+person_first_touch",
    "+attribution_credits",
    "+identity_map",
    "+sessions",
    "+int_analytics_session_campaigns",
    "+int_analytics_credit_campaigns",
    "+int_analytics_customer_orders",
]


def build(landing: Path, warehouse: Path, *, tests: bool) -> str:
    """Load, copy the ledger in, build: what a nightly build does."""
    skip = () if tests else ("--exclude", "test_type:data", "test_type:unit")
    return build_conversions(landing, warehouse, VARS, select=tuple(SELECTION), extra_args=skip)


def _day(rel: Path) -> str:
    for part in rel.parts:
        for token in part.replace(".", "_").split("_"):
            if len(token) >= 10 and token[:4].isdigit() and token[4] == "-":
                return token[:10]
    return "0000-00-00"  # files without a day (settings, spend reports) land first


def _batches(source: Path) -> list[list[Path]]:
    files = sorted(p.relative_to(source) for p in source.rglob("*") if p.is_file())
    batches: list[list[Path]] = [[] for _ in LAST_DAYS]
    for rel in files:
        day = _day(rel)
        index = next((i for i, last in enumerate(LAST_DAYS) if day <= last), len(LAST_DAYS) - 1)
        if day == LATE and rel.parts[0] == "pixel":
            index = len(LAST_DAYS) - 1
        batches[index].append(rel)
    return batches


def _export_all(warehouse: Path, out: Path, now: dt.datetime) -> None:
    for name in DESTINATIONS:
        export_conversions(warehouse, name, out, now=now, environ=ENV)


def _now(warehouse: Path) -> dt.datetime:
    as_of = query(warehouse, "select as_of_at from intermediate.int_conversions_as_of")[0][0]
    return as_of.replace(tzinfo=dt.UTC) + dt.timedelta(minutes=30)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("conversions_incremental")
    source = generate_landing(root)
    batches = _batches(source)
    assert all(batches), [len(batch) for batch in batches]

    landing, warehouse = root / "incremental" / "landing", root / "incremental" / "touchline.duckdb"
    statuses, fulls = [], []
    for i, batch in enumerate(batches):
        for rel in batch:
            (landing / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / rel, landing / rel)
        if i == 2:
            # a late refund of two orders exported after the first build, one in part, one whole
            exported = query(
                warehouse,
                "select order_id from marts.conversion_events where destination = 'google_ads' and status = 'sent'"
                " order by order_id limit 2",
            )
            revenue = dict(query(warehouse, "select order_id, net_revenue from marts.visitor_payments"))
            currency = dict(query(warehouse, "select order_id, currency from marts.visitor_payments"))
            [(partial,), (whole,)] = exported
            refunded_at = _now(warehouse).strftime("%Y-%m-%dT%H:%M:%SZ")
            refunds = landing / "refunds" / "late" / "refunds-late.csv"
            refunds.parent.mkdir(parents=True)
            refunds.write_text(
                "refund_id,order_id,refunded_at,amount,currency\n"
                f"late-1,{partial},{refunded_at},1.00,{currency[partial]}\n"
                f"late-2,{whole},{refunded_at},{revenue[whole]},{currency[whole]}\n"
            )
        output = build(landing, warehouse, tests=i == 0)
        assert "ERROR=0" in output, output[-3000:]
        [(is_full,)] = query(warehouse, "select is_full from intermediate.int_incremental_batch")
        fulls.append(is_full)
        statuses.append(dict(query(warehouse, "select status, count(*) from marts.conversion_events group by 1")))
        if i < len(batches) - 1:
            # export what is ready after this build: the next build reads a changed ledger
            _export_all(warehouse, root / "incremental" / "out", _now(warehouse))

    full_dir = root / "full"
    shutil.copytree(landing, full_dir / "landing")
    full = full_dir / "touchline.duckdb"
    shutil.copy2(ledger_path(warehouse), ledger_path(full))
    output = build(full_dir / "landing", full, tests=True)
    assert "ERROR=0" in output, output[-3000:]
    return {"root": root, "incremental": warehouse, "full": full, "statuses": statuses, "fulls": fulls}


def test_the_builds_really_were_incremental_and_moved_statuses(built):
    assert built["fulls"] == [True, False, False, False]
    statuses = built["statuses"]
    # orders waited for the refund delay, were exported, and aged out of windows
    assert all(s.get("waiting: refund delay", 0) > 0 for s in statuses)
    assert statuses[-1].get("sent", 0) > 0 and statuses[-1].get("skipped: too old", 0) > 0
    # the late refund's Google restatement and retraction were exported after the third build
    [(adjustments,)] = query(
        ledger_path(built["incremental"]),
        "select count(*) from conversion_exports where export_action in ('restatement', 'retraction')",
    )
    assert adjustments >= 2


def test_incremental_conversion_events_equal_a_full_rebuild(built):
    assert rows_only_in_each(built["incremental"], built["full"], "marts.conversion_events") == (0, 0)
    [(rows,)] = query(built["full"], "select count(*) from marts.conversion_events")
    assert rows > 0


def test_an_export_from_each_writes_the_same_bytes(built):
    now = _now(built["full"]) + dt.timedelta(hours=1)
    written = {}
    for name in ["incremental", "full"]:
        out = built["root"] / f"final_{name}"
        _export_all(built[name], out, now)
        written[name] = {path.name: path.read_bytes() for path in sorted(out.iterdir())}
    assert written["incremental"], "the last batch left conversions to export"
    assert written["incremental"] == written["full"]
