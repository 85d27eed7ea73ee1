"""Test helpers for the pixel: a `touchline collect` process, a loopback storefront and the
system Chromium driven by Playwright (it never downloads a browser of its own)."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from touchline.pixel.snippet import install_html


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        raise RuntimeError(
            "the browser tests need Debian's chromium package (`apt-get install chromium`; .ci/run does it)"
        )
    return path


@dataclass
class Collector:
    process: subprocess.Popen[str]
    url: str
    landing: Path
    output: list[str]
    reader: threading.Thread

    def health(self) -> dict[str, Any]:
        with urllib.request.urlopen(f"{self.url}/healthz", timeout=5) as response:
            return json.load(response)

    def stop(self) -> int:
        """SIGTERM, as a service manager stops it; returns the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        status = self.process.wait(timeout=30)
        self.reader.join(timeout=5)
        return status


@contextmanager
def running_collector(landing: Path, *extra: str) -> Iterator[Collector]:
    command = [sys.executable, "-m", "touchline.cli", "collect", "--landing", str(landing), "--port", "0", *extra]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    first = process.stdout.readline()
    match = re.search(r"listening on (http://\S+)", first)
    if not match:
        process.kill()
        raise RuntimeError(f"collector did not start: {first}{process.stdout.read()}")
    output = [first]
    reader = threading.Thread(target=lambda: output.extend(process.stdout), daemon=True)  # type: ignore[arg-type]
    reader.start()
    collector = Collector(process, match.group(1), landing, output, reader)
    try:
        yield collector
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def landed_lines(landing: Path, *, finished_only: bool = False) -> list[dict[str, Any]]:
    """Every event line under landing/pixel/, also those of files still being written."""
    pattern = "*.jsonl" if finished_only else "*.jsonl*"
    lines = []
    for path in sorted((landing / "pixel").rglob(pattern)):
        lines.extend(json.loads(line) for line in path.read_text().splitlines() if line)
    return lines


def wait_for(condition: Callable[[], Any], what: str, timeout: float = 20.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


class Storefront:
    """A loopback shop: every path but /blank is a page with the pixel; /thank-you?order=&email=&revenue=
    is an order confirmation page that reports the checkout, as a store's own page would."""

    def __init__(self) -> None:
        self.collector_url = ""  # set once the collector runs (it needs this origin first)
        shop = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                body = f"<h1>{html.escape(parts.path)}</h1>"
                if parts.path == "/thank-you":
                    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                    call = json.dumps(
                        {
                            "order_id": query["order"],
                            "email": query["email"],
                            "revenue": float(query["revenue"]),
                            "currency": "USD",
                        }
                    )
                    body += f"<p>Thank you!</p><script>touchline('checkout', {call});</script>"
                pixel = "" if parts.path == "/blank" else install_html(shop.collector_url)
                page = (
                    f"<!doctype html><html><head><meta charset=utf-8><title>Shop</title>"
                    f"{pixel}</head><body>{body}</body></html>"
                )
                data = page.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@contextmanager
def chromium() -> Iterator[Any]:
    """Headless system Chromium (Playwright is never asked to download a browser).

    It runs with a desktop Chrome user agent: headless Chromium's own says 'HeadlessChrome',
    which the loader rightly flags as a bot. The flag, unlike a per-context override, also
    covers the beacons a page sends while it unloads.
    """
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launch = playwright.chromium.launch
        probe = launch(executable_path=chromium_path(), args=["--no-sandbox"])
        user_agent = probe.new_page().evaluate("navigator.userAgent").replace("HeadlessChrome", "Chrome")
        probe.close()
        browser = launch(executable_path=chromium_path(), args=["--no-sandbox", f"--user-agent={user_agent}"])
        try:
            yield browser
        finally:
            browser.close()


def human_context(browser: Any, **options: Any) -> Any:
    """A fresh browser profile: its own storage and cookies, as another device would have."""
    return browser.new_context(**options)
