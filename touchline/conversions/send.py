"""`touchline conversions send`: post a destination's exported request bodies to its API, at
most its rate, retrying throttled and failed requests with exponential backoff, and record each
body's outcome in the ledger so a body is delivered once. A dry run (the default) prints what
would be sent and needs no credentials."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from touchline.conversions.destinations import Destination
from touchline.conversions.destinations import destination as find_destination
from touchline.conversions.ledger import ledger_lock, open_ledger
from touchline.conversions.responses import Outcome, interpret
from touchline.settings import ConfigError

# Tests (and a proxy) point every destination at another origin, e.g. http://127.0.0.1:8123
API_BASE_ENV = "TOUCHLINE_CONVERSIONS_API_BASE"
MAX_ATTEMPTS = 5
TIMEOUT_SECONDS = 30


@dataclass
class SendReport:
    destination: str
    dry_run: bool
    requests: int = 0
    events: int = 0
    events_failed: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        verb = "would send" if self.dry_run else "sent"
        text = f"{self.destination}: {verb} {self.events} events in {self.requests} requests"
        if self.events_failed:
            text += f", {self.events_failed} rejected by the platform"
        return text + "".join(f"\n  {failure}" for failure in self.failures)


def send_conversions(
    warehouse: Path,
    destination_name: str,
    out_dir: Path,
    *,
    dry_run: bool = True,
    echo: Callable[[str], None] = print,
    environ: Mapping[str, str] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    backoff_seconds: float = 1.0,
) -> SendReport:
    target = find_destination(destination_name)
    if target.api is None:
        raise ConfigError(
            f"{target.name} exports are the platform's CSV upload template: upload them in its interface "
            "(or from a scheduled upload folder); `send` posts the JSON APIs only"
        )
    environ = os.environ if environ is None else environ
    credentials = {} if dry_run else target.api_settings(environ)
    report = SendReport(target.name, dry_run)
    # the ledger is locked only to read it and to record each outcome, never during a request:
    # a long send must not hold up the nightly build, which copies the ledger under that lock
    with ledger_lock(warehouse):
        ledger = open_ledger(warehouse)
        try:
            done = set(
                ledger.execute(
                    "select export_file, line_number from conversion_deliveries "
                    "where destination = ? and status in ('delivered', 'partial', 'rejected')",
                    [target.name],
                ).fetchall()
            )
        finally:
            ledger.close()
    url = _url(target, credentials, environ, dry_run)
    interval = 60.0 / target.api.requests_per_minute
    last_request = 0.0
    for path in sorted(out_dir.glob(f"{target.name}-*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if (path.name, number) in done or not line.strip():
                continue
            events = _count_events(target, json.loads(line))
            report.requests += 1
            report.events += events
            if dry_run:
                echo(f"POST {url} ({path.name} line {number}, {events} events)\n{line}")
                continue
            wait = last_request + interval - time.monotonic()
            if wait > 0:
                sleep(wait)
            last_request = time.monotonic()
            outcome, http_status = _post(target, url, credentials, line, events, sleep, backoff_seconds)
            if outcome.status != "retry":
                report.events_failed += outcome.events_failed
            if outcome.status in ("rejected", "retry") or outcome.events_failed:
                report.failures.append(f"{path.name} line {number}: {outcome.status}: {outcome.message}")
            _record(
                warehouse,
                [
                    target.name,
                    path.name,
                    number,
                    events,
                    outcome.events_failed,
                    http_status,
                    "failed" if outcome.status == "retry" else outcome.status,
                    outcome.message[:2000],
                    dt.datetime.now(dt.UTC).replace(tzinfo=None),
                ],
            )
    return report


def _record(warehouse: Path, delivery: list) -> None:
    with ledger_lock(warehouse):
        ledger = open_ledger(warehouse)
        try:
            ledger.execute("insert into conversion_deliveries values (?, ?, ?, ?, ?, ?, ?, ?, ?)", delivery)
        finally:
            ledger.close()


def _count_events(target: Destination, body: dict) -> int:
    if target.name == "reddit":
        return len(body["data"]["events"])
    if target.name == "linkedin":
        return len(body["elements"])
    return len(body["data"])


def _url(target: Destination, credentials: Mapping[str, str], environ: Mapping[str, str], dry_run: bool) -> str:
    assert target.api is not None
    shown = {
        name: ("***" if "TOKEN" in name else environ.get(name, "{" + name + "}")) for name in target.api.credentials
    }
    url = target.api.url.format(**(shown if dry_run else credentials))
    base = (environ.get(API_BASE_ENV) or "").strip()
    if base:
        parts = urllib.parse.urlsplit(url)
        url = base.rstrip("/") + urllib.parse.urlunsplit(("", "", parts.path, parts.query, ""))
    return url


def _post(target, url, credentials, line, events, sleep, backoff_seconds) -> tuple[Outcome, int | None]:
    """One request body, retried on 429, 5xx and network errors with exponential backoff (or the
    server's Retry-After); the platforms de-duplicate on event_id, so a retry never counts twice."""
    headers = {"Content-Type": "application/json", **target.api.auth(credentials)}
    outcome, http_status = Outcome("retry", events, "not sent"), None
    for attempt in range(MAX_ATTEMPTS):
        request = urllib.request.Request(url, data=line.encode("utf-8"), headers=headers, method="POST")
        retry_after = None
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                http_status, text = response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            http_status, text = error.code, error.read().decode("utf-8", "replace")
            retry_after = error.headers.get("Retry-After")
        except (urllib.error.URLError, OSError) as error:
            http_status, text = None, f"network error: {error}"
            outcome = Outcome("retry", events, text)
        if http_status is not None:
            outcome = interpret(target.name, http_status, text, events)
        if outcome.status != "retry":
            return outcome, http_status
        if attempt + 1 < MAX_ATTEMPTS:
            delay = backoff_seconds * 2**attempt
            if retry_after and retry_after.strip().isdigit():
                delay = max(delay, float(retry_after))
            sleep(delay)
    return outcome, http_status
