"""A fake of the ad platforms' conversion APIs on the loopback: it records every request and
answers with the success shape each API documents, or with the responses a test scripts
(errors, throttling, partial failures). Never the network."""

from __future__ import annotations

import json
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]  # lowercased names (HTTP header names are case-insensitive)
    body: str


@dataclass
class FakeAdApis:
    requests: list[Recorded] = field(default_factory=list)
    scripted: deque = field(default_factory=deque)  # (status, body dict, headers) answered in order

    def answer(self, status: int, body: dict, headers: dict | None = None) -> None:
        self.scripted.append((status, body, headers or {}))

    def success(self, path: str, body: dict) -> dict:
        """Each API's documented answer to a body it took whole."""
        if "/events" in path and "data" in body and path.startswith("/v21.0/"):  # Meta
            return {"events_received": len(body["data"]), "messages": [], "fbtrace_id": "AbCdEf"}
        if path.startswith("/v5/ad_accounts/"):  # Pinterest
            return {
                "num_events_received": len(body["data"]),
                "num_events_processed": len(body["data"]),
                "events": [{"status": "processed", "error_message": "", "warning_message": ""} for _ in body["data"]],
            }
        if path.startswith("/open_api/"):  # TikTok
            return {"code": 0, "message": "OK", "request_id": "2026120500000001", "data": {}}
        if path.startswith("/v3/"):  # Snapchat
            return {"status": "VALID", "reason": ""}
        if path.startswith("/rest/conversionEvents"):  # LinkedIn
            return {"elements": [{"status": 201} for _ in body["elements"]]}
        return {
            "data": {"message": f"Successfully processed {len(body['data']['events'])} conversion events."}
        }  # Reddit


def start() -> tuple[ThreadingHTTPServer, FakeAdApis, str]:
    fake = FakeAdApis()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            text = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode("utf-8")
            fake.requests.append(Recorded("POST", self.path, {k.lower(): v for k, v in self.headers.items()}, text))
            if fake.scripted:
                status, body, headers = fake.scripted.popleft()
            else:
                status, body, headers = 200, fake.success(self.path, json.loads(text)), {}
            payload = json.dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, fake, f"http://127.0.0.1:{server.server_address[1]}"
