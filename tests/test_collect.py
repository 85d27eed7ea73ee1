"""`touchline collect`: request checks, landed lines, rotation, atomic finish and SIGTERM."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.pixel_browser import landed_lines, running_collector
from touchline.collect import files as files_module
from touchline.collect.files import PixelFiles, recover_unfinished

SHOP = "https://shop.example.com"


def event(event_id: str, **fields: Any) -> dict[str, Any]:
    base = {
        "event_id": event_id,
        "event_type": "page_view",
        "ts": datetime.now(UTC).isoformat(),
        "visitor_id": "v-1",
        "url": f"{SHOP}/?utm_source=google&gclid=g",
    }
    return base | fields


def post(
    url: str, body: bytes | dict, headers: dict[str, str] | None = None, method: str = "POST"
) -> tuple[int, dict, dict]:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(
        f"{url}/e",
        data=data if method == "POST" else None,
        method=method,
        headers={"Content-Type": "text/plain", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            raw = response.read()
            return response.status, dict(response.headers), json.loads(raw) if raw else {}
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), json.loads(exc.read() or b"{}")


@pytest.fixture(scope="module")
def collector(tmp_path_factory: pytest.TempPathFactory):
    landing = tmp_path_factory.mktemp("landing")
    with running_collector(landing, "--allowed-origin", SHOP + "/") as running:
        yield running


def test_a_batch_lands_as_canonical_lines_with_received_at_and_user_agent(collector) -> None:
    status, headers, body = post(
        collector.url,
        {
            "events": [
                event("ok-1"),
                event(
                    "ok-2", event_type="identify", url=None, email=" Jo@Example.com", customer_id=5, tracking_junk="x"
                ),
            ]
        },
        headers={"Origin": SHOP, "User-Agent": "Mozilla/5.0 test"},
    )
    assert (status, body) == (200, {"accepted": 2})
    assert headers["access-control-allow-origin"] == SHOP
    lines = {e["event_id"]: e for e in landed_lines(collector.landing)}
    first, second = lines["ok-1"], lines["ok-2"]
    assert first["user_agent"] == "Mozilla/5.0 test" and first["received_at"].endswith("Z")
    assert second["email_hash"] == hashlib.sha256(b"jo@example.com").hexdigest()
    assert second["customer_id"] == "5"
    assert "email" not in second and "tracking_junk" not in second and "url" not in second
    # No IP address is ever written.
    assert "127.0.0.1" not in json.dumps(list(lines.values()))


@pytest.mark.parametrize(
    ("body", "status", "reason"),
    [
        (b"{not json", 400, "bad_json"),
        ({"events": []}, 400, "bad_event"),
        ({"events": [event("b-1"), event("b-2", url=None)]}, 400, "bad_event"),
        ({"events": [event("b-3", event_type="checkout_completed")]}, 400, "bad_event"),
        ({"events": [event("b-4", ts="2026-03-14 10:00")]}, 400, "bad_event"),
        ({"events": [event("b-5", ts="yesterday")]}, 400, "bad_event"),
        ({"events": [event("b-6", email_hash="not-a-hash")]}, 400, "bad_event"),
        ({"events": [event("b-7", revenue="12,50")]}, 400, "bad_event"),
        ({"events": [event(f"b-8-{i}") for i in range(101)]}, 400, "bad_event"),
        ({"events": [event("b-9", url="https://x/" + "a" * 9000)]}, 400, "bad_event"),
        (b'{"events": [' + b" " * 70_000 + b"]}", 413, "too_large"),
    ],
)
def test_a_bad_request_is_refused_counted_and_never_written(collector, body, status: int, reason: str) -> None:
    before = collector.health()["rejected_requests"].get(reason, 0)
    got, _headers, answer = post(collector.url, body, headers={"Origin": SHOP})
    assert got == status and answer["error"]
    assert collector.health()["rejected_requests"][reason] == before + 1
    assert not [e for e in landed_lines(collector.landing) if e["event_id"].startswith("b-")]


def test_other_origins_are_refused_and_preflight_is_answered_for_allowed_ones(collector) -> None:
    status, headers, _ = post(collector.url, {"events": [event("evil-1")]}, headers={"Origin": "https://evil.example"})
    assert status == 403 and "access-control-allow-origin" not in {k.lower() for k in headers}
    status, headers, _ = post(
        collector.url, b"", headers={"Origin": SHOP, "Access-Control-Request-Method": "POST"}, method="OPTIONS"
    )
    assert status == 204 and headers["access-control-allow-origin"] == SHOP
    status, _, _ = post(collector.url, b"", headers={"Origin": "https://evil.example"}, method="OPTIONS")
    assert status == 403
    assert not [e for e in landed_lines(collector.landing) if e["event_id"] == "evil-1"]


def test_a_client_over_its_rate_is_told_to_wait(tmp_path: Path) -> None:
    with running_collector(tmp_path, "--rate-limit", "1") as running:  # 1/s, bursts of 2
        statuses = [post(running.url, {"events": [event(f"r-{i}")]})[0] for i in range(20)]
        assert statuses[:2] == [200, 200] and statuses.count(429) >= 10
        assert running.health()["rejected_requests"]["rate_limit"] == statuses.count(429)
        landed = {e["event_id"] for e in landed_lines(tmp_path)}
    assert len(landed) == statuses.count(200)


def test_the_snippet_is_served_compressed_and_plain(collector) -> None:
    request = urllib.request.Request(f"{collector.url}/t.js", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert response.headers["Content-Type"].startswith("application/javascript")
        plain = gzip.decompress(response.read())
    with urllib.request.urlopen(f"{collector.url}/t.js") as response:
        assert response.read() == plain and b"sendBeacon" in plain


def test_sigterm_finishes_the_open_file_with_every_accepted_event(tmp_path: Path) -> None:
    with running_collector(tmp_path, "--rate-limit", "0") as running:
        for i in range(40):
            assert post(running.url, {"events": [event(f"t-{i}-{j}") for j in range(5)]})[0] == 200
        assert running.health()["open_file"].startswith(".events-")
        assert running.stop() in (0, -15)
    assert not list(tmp_path.rglob(".*"))
    lines = landed_lines(tmp_path, finished_only=True)
    assert sorted(e["event_id"] for e in lines) == sorted(f"t-{i}-{j}" for i in range(40) for j in range(5))
    assert any("200 events accepted, 1 files finished" in line for line in running.output)


def test_files_rotate_on_the_clock_and_at_the_size_limit(tmp_path: Path) -> None:
    files = PixelFiles(tmp_path, rotate_seconds=3600, max_bytes=1024)
    hour = 1_786_000_000 // 3600 * 3600
    line = b'{"event_id":"x"}\n'
    files.write(line, hour + 10)
    hidden = files.open_path
    assert hidden is not None and hidden.name.startswith(".") and hidden.exists()
    files.write(line, hour + 3599)
    assert files.finished == []
    files.write(line, hour + 3600)  # next hour: the first file is finished
    assert len(files.finished) == 1 and not hidden.exists()
    assert files.finished[0].read_bytes() == line * 2
    files.write(line * 60, hour + 3601)  # would pass 1024 bytes: finished first
    assert len(files.finished) == 2
    files.rotate_if_due(hour + 3 * 3600)  # no event for hours: still finished on time
    assert len(files.finished) == 3 and files.open_path is None
    files.close()
    names = [p.name for p in files.finished]
    assert all(n.startswith("events-") and n.endswith(".jsonl") for n in names) and len(set(names)) == 3
    assert sum(len(p.read_bytes()) for p in files.finished) == len(line) * 63


def test_a_dead_collectors_file_is_finished_without_its_torn_line(tmp_path: Path) -> None:
    folder = tmp_path / "2026-03-14"
    folder.mkdir()
    host = files_module._HOST
    dead = folder / f".events-20260314T100000Z-{host}-999999999-00001.jsonl.open"
    dead.write_bytes(b'{"event_id":"a"}\n{"event_id":"b"}\n{"event_id":"c", "tr')
    mine = folder / f".events-20260314T100000Z-{host}-{os.getpid()}-00002.jsonl.open"
    mine.write_bytes(b'{"event_id":"d"}\n')
    elsewhere = folder / ".events-20260314T100000Z-other-host-1-00001.jsonl.open"
    elsewhere.write_bytes(b'{"event_id":"e"}\n')
    recovered = recover_unfinished(tmp_path)
    assert sorted(p.name for p in recovered) == sorted(
        [
            f"events-20260314T100000Z-{host}-999999999-00001.jsonl",
            f"events-20260314T100000Z-{host}-{os.getpid()}-00002.jsonl",
        ]
    )
    assert (folder / dead.name[1:].removesuffix(".open")).read_bytes() == b'{"event_id":"a"}\n{"event_id":"b"}\n'
    assert elsewhere.exists()


@pytest.mark.parametrize(
    ("option", "value"), [("--rotate-seconds", "0"), ("--max-body-kb", "0"), ("--rate-limit", "-1")]
)
def test_a_bad_setting_fails_fast_naming_it(tmp_path: Path, capsys, option: str, value: str) -> None:
    from touchline.cli import main

    assert main(["collect", "--landing", str(tmp_path), option, value]) == 2
    assert option in capsys.readouterr().err
    assert not (tmp_path / "pixel").exists()


def test_sigterm_in_the_middle_of_a_burst_loses_no_accepted_event_and_writes_none_twice(tmp_path: Path) -> None:
    import http.client
    import threading
    from urllib.parse import urlsplit

    accepted: list[str] = []
    sent: list[str] = []
    lock = threading.Lock()
    with running_collector(tmp_path, "--rate-limit", "0") as running:
        address = urlsplit(running.url)

        def sender(worker: int) -> None:
            connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
            for i in range(400):  # bounded: stops at the first refused connection anyway
                ids = [f"w{worker}-{i}-{j}" for j in range(10)]
                body = json.dumps({"events": [event(x) for x in ids]})
                with lock:
                    sent.extend(ids)
                try:
                    connection.request("POST", "/e", body=body, headers={"Content-Type": "text/plain"})
                    response = connection.getresponse()
                    response.read()
                except (OSError, http.client.HTTPException):
                    return
                if response.status == 200:
                    with lock:
                        accepted.extend(ids)
                if response.getheader("connection", "").lower() == "close":
                    return

        threads = [threading.Thread(target=sender, args=(w,)) for w in range(4)]
        for thread in threads:
            thread.start()
        wait_until = time.monotonic() + 20
        while len(accepted) < 2000 and time.monotonic() < wait_until:
            time.sleep(0.01)
        assert running.stop() in (0, -15)
        for thread in threads:
            thread.join(timeout=30)
    assert 2000 <= len(accepted) < len(sent), "the stop came in the middle of the burst"
    assert not list(tmp_path.rglob(".*")), "an unfinished file was left behind"
    landed = [e["event_id"] for e in landed_lines(tmp_path, finished_only=True)]
    assert len(landed) == len(set(landed)), "an event was written twice"
    assert set(accepted) <= set(landed) <= set(sent)


def test_an_address_in_any_text_field_is_written_as_its_hash(collector) -> None:
    status, _, _ = post(
        collector.url,
        {
            "events": [
                event("addr-1", customer_id="Ann@Example.com", referrer="https://mail.example/?to=ann%40example.com")
            ]
        },
    )
    assert status == 200
    [line] = [e for e in landed_lines(collector.landing) if e["event_id"] == "addr-1"]
    assert "ann" not in json.dumps(line).lower()
    assert line["referrer"] == "https://mail.example/?to=" + hashlib.sha256(b"ann@example.com").hexdigest()
    assert hashlib.sha256(b"ann@example.com").hexdigest() in line["customer_id"]


def test_a_wrong_client_clock_is_written_for_the_loader_to_quarantine(collector) -> None:
    status, _, body = post(collector.url, {"events": [event("clock-1", ts="2999-01-01T00:00:00Z")]})
    assert (status, body) == (200, {"accepted": 1})
    [line] = [e for e in landed_lines(collector.landing) if e["event_id"] == "clock-1"]
    assert line["ts"] == "2999-01-01T00:00:00Z" and line["received_at"] < "2999"
