"""The demo-data generator: deterministic, parseable per landing.md, and its truth agrees
with the files it wrote."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import gzip
import json
from collections import Counter, defaultdict
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
from crawlerdetect import CrawlerDetect

from touchline.generator import config as C
from touchline.generator import generate
from touchline.generator.orders import ORDER_HEADER, REFUND_HEADER

SMALL = dict(days=35, visitors=1500, end_date=dt.date(2026, 10, 31))
SPEND_HEADER = [
    "date_day",
    "platform",
    "campaign_id",
    "campaign_name",
    "spend",
    "currency",
    "clicks",
    "impressions",
    "account_id",
    "account_name",
]
SPEND_PLATFORMS = {
    "google",
    "meta",
    "microsoft",
    "pinterest",
    "tiktok",
    "snapchat",
    "linkedin",
    "reddit",
    "x",
    "facebook",
    "instagram",
    "bing",
    "twitter",
}


@pytest.fixture(scope="module")
def gen(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict]:
    out = tmp_path_factory.mktemp("gen") / "landing"
    stats = generate(out, seed=7, **SMALL)
    truth = json.loads((stats.truth_dir / "mmm_truth.json").read_text())
    return out, stats.truth_dir, truth


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as f:
        r = csv.DictReader(f)
        return list(r.fieldnames or []), list(r)


def _events(out: Path) -> tuple[list[dict], int]:
    good, invalid = [], 0
    for path in sorted((out / "pixel").rglob("*.jsonl.gz")):
        for line in gzip.decompress(path.read_bytes()).splitlines():
            try:
                good.append(json.loads(line) | {"_file": path.name, "_day": path.parent.name})
            except json.JSONDecodeError:
                invalid += 1
    return good, invalid


def _ts(s: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(s).astimezone(dt.UTC)
    except (TypeError, ValueError):
        return None


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    args = dict(days=10, visitors=300)
    a = generate(tmp_path / "a" / "landing", seed=3, **args)
    b = generate(tmp_path / "b" / "landing", seed=3, **args)
    generate(tmp_path / "c" / "landing", seed=4, **args)
    assert a.events > 0 and a.orders > 0 and a.spend_rows > 0
    assert dataclasses.replace(b, truth_dir=a.truth_dir) == a
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.events = 0  # type: ignore[misc]
    assert _files(tmp_path / "a" / "landing") == _files(tmp_path / "b" / "landing")
    assert _files(a.truth_dir) == _files(b.truth_dir)
    assert _files(tmp_path / "a" / "landing") != _files(tmp_path / "c" / "landing")
    assert a.truth_dir == tmp_path / "a" / "landing_truth"  # a sibling, never inside the landing folder


def test_refuses_truth_inside_landing_and_a_used_folder(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="must not be inside the landing folder"):
        generate(tmp_path / "l", days=3, visitors=50, truth_dir=tmp_path / "l" / "truth")
    generate(tmp_path / "m", days=3, visitors=50)
    with pytest.raises(FileExistsError):
        generate(tmp_path / "m", days=3, visitors=50)


def test_pixel_lines_parse_apart_from_the_planted_malformed_ones(gen) -> None:
    out, _, truth = gen
    counts = truth["counts"]
    events, invalid = _events(out)
    assert invalid == counts["malformed_invalid_json"] > 0
    bad = Counter()
    for e in events:
        if "event_type" not in e:
            bad["missing_event_type"] += 1
        elif "visitor_id" not in e:
            bad["missing_visitor_id"] += 1
        elif e["visitor_id"] == "":
            bad["empty_visitor_id"] += 1
        elif _ts(e["ts"]) is None:
            bad["bad_timestamp"] += 1
        elif _ts(e["ts"]) > _ts(e["received_at"]) + dt.timedelta(days=1):
            bad["ts_after_received"] += 1
        else:
            assert e["event_id"] and (e["event_type"] != "page_view" or e["url"].startswith(C.STORE_ORIGIN))
            if e["event_type"] == "checkout_completed":
                assert e["order_id"] and e["currency"] in {"USD", "EUR", "GBP", "CAD"}
            assert "email" not in e or "@" in e["email"]
    for kind, n in bad.items():
        assert n == counts[f"malformed_{kind}"], kind
    lines = len(events) + invalid
    assert lines == counts["pixel_lines"]
    assert 0.001 <= counts["malformed_events"] / lines <= 0.005
    # Files are grouped by received day, so late events sit in a later day's file than their ts.
    late = [e for e in events if _ts(e.get("ts")) and _ts(e["ts"]).date().isoformat() < e["_day"]]
    assert late and all(_ts(e["received_at"]).date().isoformat() == e["_day"] for e in events if "received_at" in e)
    ids = Counter(e["event_id"] for e in events)
    assert sum(n - 1 for n in ids.values()) == counts["duplicate_events"] > 0


def test_event_mix_bots_and_identities(gen) -> None:
    out, truth_dir, _truth = gen
    events, _ = _events(out)
    cd = CrawlerDetect()
    _, visitors = _csv(truth_dir / "visitors.csv")
    bot_ids = {v["visitor_id"] for v in visitors if v["is_bot"] == "true"}
    uas = {(e["visitor_id"] in bot_ids, e.get("user_agent")) for e in events if e.get("visitor_id")}
    assert all(cd.isCrawler(ua) == is_bot for is_bot, ua in uas)
    assert 0.01 < sum(e.get("visitor_id") in bot_ids for e in events) / len(events) < 0.03
    humans = len(visitors) - len(bot_ids)
    # Most browsers bounce after a page or two; buyers browse, check out and identify.
    assert 2.5 <= len(events) / humans <= 6
    assert {"page_view", "identify", "checkout_completed", "add_to_cart"} <= {e.get("event_type") for e in events}
    shared = {e["visitor_id"] for e in events if e.get("email", "").strip().lower() == C.SHARED_TEST_EMAIL}
    shared_hash = {
        e["visitor_id"]
        for e in events
        if e.get("email_hash") == __import__("hashlib").sha256(C.SHARED_TEST_EMAIL.encode()).hexdigest()
    }
    assert len(shared | shared_hash) > 25
    assert any("email" in e for e in events) and any("email_hash" in e for e in events)
    persons = Counter(v["person_id"] for v in visitors if v["is_bot"] == "false")
    assert any(n == 2 for n in persons.values())


def test_every_visit_is_one_session_of_the_truth(gen) -> None:
    """Splitting each human visitor's clean events at 30-minute gaps gives the truth's sessions."""
    out, truth_dir, _ = gen
    events, _ = _events(out)
    by_visitor: dict[str, dict[str, dt.datetime]] = defaultdict(dict)
    for e in events:
        t = _ts(e.get("ts"))
        if e.get("visitor_id") and e.get("event_type") and t and t <= _ts(e["received_at"]) + dt.timedelta(days=1):
            by_visitor[e["visitor_id"]][e["event_id"]] = t
    starts: dict[str, list[str]] = defaultdict(list)
    for vid, ts in by_visitor.items():
        prev = None
        for t in sorted(ts.values()):
            if prev is None or t - prev > dt.timedelta(minutes=30):
                starts[vid].append(t.isoformat(timespec="milliseconds").replace("+00:00", "Z"))
            prev = t
    _, sessions = _csv(truth_dir / "sessions.csv")
    truth_starts: dict[str, list[str]] = defaultdict(list)
    for s in sessions:
        truth_starts[s["visitor_id"]].append(s["started_at"])
    assert truth_starts and all(starts[v] == sorted(ss) for v, ss in truth_starts.items())


def _export_state(out: Path) -> tuple[dict[str, dict], dict[str, Decimal], set[str]]:
    orders: dict[str, dict] = {}
    for path in sorted((out / "orders").rglob("*.csv")):
        header, rows = _csv(path)
        assert header == ORDER_HEADER
        for r in rows:
            try:
                Decimal(r["total_price"])
            except InvalidOperation:
                continue  # the planted malformed rows
            assert len(r["total_price"].split(".")[1]) == 2
            upd = _ts(r["updated_at"] if "+" in r["updated_at"] else r["updated_at"] + "+00:00")
            if r["order_id"] not in orders or upd >= orders[r["order_id"]]["_upd"]:
                orders[r["order_id"]] = r | {"_upd": upd, "_file": path.relative_to(out).as_posix()}
    refunds: dict[str, tuple[str, Decimal]] = {}
    refund_files: dict[str, str] = {}
    for path in sorted((out / "refunds").rglob("*.csv")):
        header, rows = _csv(path)
        assert header == REFUND_HEADER
        for r in rows:
            try:
                refunds[r["refund_id"]] = (r["order_id"], Decimal(r["amount"]))
            except InvalidOperation:
                continue
            refund_files.setdefault(r["order_id"], path.stem)
    refunded: dict[str, Decimal] = defaultdict(Decimal)
    for order_id, amount in refunds.values():
        refunded[order_id] += amount
    early = {o for o, day in refund_files.items() if o in orders and day < _first_file_day(out, o)}
    return orders, refunded, early


def _first_file_day(out: Path, order_id: str) -> str:
    for path in sorted((out / "orders").glob("*.csv")):
        if any(r["order_id"] == order_id for r in _csv(path)[1]):
            return path.stem
    return "9999"


def test_truth_orders_match_the_exports(gen) -> None:
    out, truth_dir, truth = gen
    exported, refunded, refund_before_order = _export_state(out)
    _, orders = _csv(truth_dir / "orders.csv")
    assert {o["order_id"] for o in orders} == set(exported)
    total_net = Decimal(0)
    for o in orders:
        e = exported[o["order_id"]]
        no_revenue = e["test"] == "true" or e["financial_status"] == "voided"
        assert o["total_price"] == e["total_price"] and o["currency"] == e["currency"]
        assert (o["is_test"] == "true") == (e["test"] == "true")
        assert (o["is_voided"] == "true") == (e["financial_status"] == "voided")
        assert Decimal(o["gross"]) == (0 if no_revenue else Decimal(e["total_price"]))
        assert Decimal(o["refunded"]) == refunded.get(o["order_id"], 0)
        assert Decimal(o["net"]) == Decimal(o["gross"]) - Decimal(o["refunded"])
        total_net += Decimal(o["net"])
    assert any(o["is_test"] == "true" for o in orders) and any(o["is_voided"] == "true" for o in orders)
    assert any(Decimal(o["refunded"]) > Decimal(o["total_price"]) for o in orders)
    assert refund_before_order
    assert {o["currency"] for o in orders} == {"USD", "EUR", "GBP", "CAD"}
    statuses = Counter(o["attribution_status"] for o in orders)
    assert statuses["attributed"] and statuses["direct"] and statuses["landing_site"]
    assert Counter(o["is_determinable"] for o in orders)["true"] > 0.7 * len(orders)
    humans = sum(1 for v in _csv(truth_dir / "visitors.csv")[1] if v["is_bot"] == "false")
    assert 0.07 <= len(orders) / humans <= 0.14  # config.BUY_RATE: a high-intent demo audience
    refund_share = sum(Decimal(o["refunded"]) > 0 for o in orders) / len(orders)
    assert 0.03 < refund_share < 0.15
    # Spend brings in ~60 % of people; on this small sample revenue shares are noisy.
    people = {v["person_id"] for v in _csv(truth_dir / "visitors.csv")[1] if v["person_id"].startswith("P")}
    paid_people = sum(m["paid_arrivals"] for m in truth["platforms"].values())
    assert 0.5 < paid_people / len(people) < 0.7
    assert total_net > 0 and 0.15 < truth["paid_share_of_net_revenue"] < 0.8


def test_direct_only_and_touch_windows_follow_attribution_rules(gen) -> None:
    _, truth_dir, _ = gen
    _, orders = _csv(truth_dir / "orders.csv")
    _, sessions = _csv(truth_dir / "sessions.csv")
    by_person: dict[str, list[dict]] = defaultdict(list)
    for s in sessions:
        by_person[s["person_id"]].append(s)
    for o in orders:
        mine = sorted(
            (s for s in by_person[o["person_id"]] if s["started_at"] <= o["ordered_at"][:19]),
            key=lambda s: s["started_at"],
        )
        non_direct = [s for s in mine if s["is_direct"] == "false"]
        if not mine:
            assert o["first_touch_source"] == "" and o["attribution_status"] in {"landing_site", "unattributed"}
        elif not non_direct:
            assert (o["first_touch_source"], o["last_touch_medium"]) == ("(direct)", "(none)")
        else:
            assert o["first_touch_at"] == non_direct[0]["started_at"]
            assert o["last_touch_at"] == non_direct[-1]["started_at"]
            assert o["last_touch_source"] == non_direct[-1]["source"]


def test_spend_fx_and_media_truth(gen) -> None:
    out, _, truth = gen
    platforms, currencies, rows = set(), set(), 0
    for path in sorted((out / "spend").rglob("*.csv")):
        header, data = _csv(path)
        assert header == SPEND_HEADER
        for r in data:
            assert Decimal(r["spend"]) > 0 and len(r["spend"].split(".")[1]) == 2
            platforms.add(r["platform"])
            currencies.add(r["currency"])
            rows += 1
    assert platforms <= SPEND_PLATFORMS and {"facebook", "bing", "twitter"} <= platforms
    assert currencies == {"USD", "EUR"}
    fx_days: dict[str, set[str]] = defaultdict(set)
    for path in sorted((out / "fx").glob("rates-*.csv")):
        header, data = _csv(path)
        assert header == ["date_day", "currency", "rate"]
        for r in data:
            assert Decimal(r["rate"]) > 0
            fx_days[r["currency"]].add(r["date_day"])
    assert set(fx_days) == {"EUR", "GBP", "CAD"}
    assert any(len(d) < SMALL["days"] for d in fx_days.values())  # gaps: the latest earlier rate applies
    media = truth["platforms"]
    assert set(media) == {"google", "meta", "microsoft", "pinterest", "tiktok", "snapchat", "reddit", "linkedin", "x"}
    assert all(0.3 <= m["theta"] <= 0.7 and Decimal(m["spend_usd"]) > 0 for m in media.values())
    paid = sum(Decimal(m["incremental_net_revenue_usd"]) for m in media.values())
    assert paid == Decimal(truth["paid_net_revenue_usd"])
    for m in media.values():
        total = Decimal(m["incremental_net_revenue_usd"])
        assert Decimal(m["first_order_net_revenue_usd"]) + Decimal(m["repeat_order_net_revenue_usd"]) == total
        assert sum(Decimal(v) for v in m["net_revenue_by_days_after_arrival_usd"].values()) == total
    by_pattern = truth["by_spend_pattern"]
    assert sum(Decimal(v["incremental_net_revenue_usd"]) for v in by_pattern.values()) == paid


def test_bursting_platforms_pause_and_fixed_budgets_never_change(gen) -> None:
    """What the marketing-mix model can and cannot separate (docs/mmm.md): bursts of whole
    weeks with pauses on each platform's own calendar, or the same budget every day."""
    _, truth_dir, truth = gen
    _, days = _csv(truth_dir / "daily.csv")
    patterns = {name: m["spend_pattern"] for name, m in truth["platforms"].items()}
    assert sorted(n for n, p in patterns.items() if p == "bursts") == ["google", "meta", "tiktok"]
    live = {}
    for name, pattern in patterns.items():
        spend = [Decimal(d[f"spend_usd_{name}"]) for d in days]
        if pattern == "fixed_daily_budget":
            assert len(set(spend)) == 1 and spend[0] > 0, name
            continue
        on = [v > 0 for v in spend]
        assert any(on) and not all(on), name
        starts = [i for i in range(1, len(on)) if on[i] and not on[i - 1]]
        # Bursts and pauses switch on Mondays.
        assert starts and all(dt.date.fromisoformat(days[i]["date_day"]).weekday() == 0 for i in starts), name
        live[name] = on
    # Each platform keeps its own calendar: no two bursting platforms are live on exactly the same days.
    calendars = list(live.values())
    assert all(a != b for i, a in enumerate(calendars) for b in calendars[i + 1 :])


def test_truth_touches_agree_with_the_landing_page_views(gen) -> None:
    """Each true session starts with a page view whose URL and referrer carry its touch."""
    from urllib.parse import parse_qsl, urlsplit

    out, truth_dir, _ = gen
    events, _ = _events(out)
    landing = {
        (e["visitor_id"], e["ts"]): e
        for e in events
        if e.get("event_type") == "page_view" and e.get("visitor_id") and e.get("ts", "").endswith("Z")
    }
    _, sessions = _csv(truth_dir / "sessions.csv")
    checked = Counter()
    for s in sessions:
        e = landing.get((s["visitor_id"], s["started_at"]))
        if e is None:  # written with a +02:00 offset: same instant, other spelling
            continue
        q = {k.lower(): v for k, v in parse_qsl(urlsplit(e["url"]).query)}
        ref = e.get("referrer") or ""
        if s["is_direct"] == "true":
            assert not q and not ref
        elif "utm_source" in q or "utm_medium" in q:
            assert s["medium"] == (q.get("utm_medium", "").strip().lower() or s["medium"])
            assert s["campaign"] == q.get("utm_campaign", "").strip()
            checked["utm"] += 1
        elif q.keys() & {
            "gclid",
            "gbraid",
            "wbraid",
            "msclkid",
            "ttclid",
            "epik",
            "li_fat_id",
            "twclid",
            "sccid",
            "rdt_cid",
        }:
            assert (s["medium"], s["campaign"]) == ("cpc", "")
            checked["click_id"] += 1
        else:
            assert ref and not ref.startswith(C.STORE_ORIGIN) and s["campaign"] == ""
            checked["referrer"] += 1
        if s["ad_platform"]:
            assert s["medium"] in {"cpc", "ppc", "paid", "paid_social"}
    assert checked["utm"] and checked["click_id"] and checked["referrer"]
