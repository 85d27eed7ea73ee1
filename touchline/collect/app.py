"""The collector's HTTP app (Starlette): /t.js, POST /e, /healthz.

Starlette + uvicorn: a small, well-kept ASGI toolkit and server that Dagster's webserver
already brings in, so the collector adds no new dependency tree; uvicorn's graceful shutdown
lets every request in flight finish before the files are closed on SIGTERM.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from touchline.collect.events import BadEvent, events_of, landed_event
from touchline.collect.files import PixelFiles, recover_unfinished
from touchline.pixel.snippet import snippet_bytes, snippet_gzip


@dataclass
class CollectorSettings:
    landing: Path
    allowed_origins: tuple[str, ...] = ()
    max_body_bytes: int = 64 * 1024
    # Requests per second per client address (a burst of twice that is allowed); 0: no limit.
    rate_limit: float = 20.0
    rotate_seconds: int = 3600
    max_file_bytes: int = 64 * 1024 * 1024


@dataclass
class Stats:
    accepted_requests: int = 0
    accepted_events: int = 0
    rejected: Counter[str] = field(default_factory=Counter)


class RateLimiter:
    """A token bucket per client address, kept in memory only (addresses are never written)."""

    _MAX_CLIENTS = 100_000

    def __init__(self, per_second: float) -> None:
        self.per_second = per_second
        self.burst = max(1.0, 2 * per_second)
        self._buckets: dict[str, tuple[float, float]] = {}

    def allow(self, client: str, now: float) -> bool:
        if self.per_second <= 0:
            return True
        tokens, last = self._buckets.get(client, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.per_second)
        if len(self._buckets) >= self._MAX_CLIENTS:
            self._buckets.clear()
        if tokens < 1:
            self._buckets[client] = (tokens, now)
            return False
        self._buckets[client] = (tokens - 1, now)
        return True


def normalise_origin(origin: str) -> str:
    return origin.strip().rstrip("/").lower()


def create_app(settings: CollectorSettings) -> Starlette:
    pixel_dir = settings.landing / "pixel"
    files = PixelFiles(pixel_dir, rotate_seconds=settings.rotate_seconds, max_bytes=settings.max_file_bytes)
    stats = Stats()
    limiter = RateLimiter(settings.rate_limit)
    origins = frozenset(normalise_origin(o) for o in settings.allowed_origins)
    any_origin = "*" in origins

    def origin_allowed(origin: str | None) -> bool:
        # No Origin header: a server-side sender, not a browser on another site.
        return origin is None or any_origin or normalise_origin(origin) in origins

    def cors(origin: str | None) -> dict[str, str]:
        if origin is None or not origin_allowed(origin):
            return {}
        return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}

    def reject(reason: str, status: int, message: str, origin: str | None) -> Response:
        stats.rejected[reason] += 1
        return JSONResponse({"error": message}, status_code=status, headers=cors(origin))

    async def events(request: Request) -> Response:
        origin = request.headers.get("origin")
        if not origin_allowed(origin):
            return reject("origin", 403, f"origin not allowed: {origin}", None)
        client = request.client.host if request.client else "-"
        if not limiter.allow(client, time.monotonic()):
            return reject("rate_limit", 429, "too many requests", origin)
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > settings.max_body_bytes:
            return reject("too_large", 413, f"body larger than {settings.max_body_bytes} bytes", origin)
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > settings.max_body_bytes:
                return reject("too_large", 413, f"body larger than {settings.max_body_bytes} bytes", origin)
        received_at = datetime.now(UTC)
        user_agent = request.headers.get("user-agent")
        try:
            payload = orjson.loads(body)
        except orjson.JSONDecodeError:
            return reject("bad_json", 400, "body is not JSON", origin)
        try:
            lines = [landed_event(obj, received_at, user_agent) for obj in events_of(payload)]
        except BadEvent as exc:
            return reject("bad_event", 400, str(exc), origin)
        data = b"".join(orjson.dumps(line) + b"\n" for line in lines)
        try:
            files.write(data, received_at.timestamp())
        except OSError as exc:
            # Not accepted: the browser keeps the batch and sends it again.
            return reject("write_failed", 503, f"cannot write: {exc.strerror or exc}", origin)
        stats.accepted_requests += 1
        stats.accepted_events += len(lines)
        return JSONResponse({"accepted": len(lines)}, headers=cors(origin))

    async def preflight(request: Request) -> Response:
        origin = request.headers.get("origin")
        if origin is None or not origin_allowed(origin):
            return reject("origin", 403, f"origin not allowed: {origin}", None)
        headers = cors(origin) | {
            "Access-Control-Allow-Methods": "POST, OPTIONS",
            "Access-Control-Allow-Headers": "Content-Type",
            "Access-Control-Max-Age": "86400",
        }
        return Response(status_code=204, headers=headers)

    async def snippet(request: Request) -> Response:
        headers = {"Cache-Control": "public, max-age=3600", "Vary": "Accept-Encoding"}
        if "gzip" in request.headers.get("accept-encoding", ""):
            return Response(
                snippet_gzip(), media_type="application/javascript", headers=headers | {"Content-Encoding": "gzip"}
            )
        return Response(snippet_bytes(), media_type="application/javascript", headers=headers)

    async def health(request: Request) -> Response:
        return JSONResponse(
            {
                "status": "ok",
                "accepted_requests": stats.accepted_requests,
                "accepted_events": stats.accepted_events,
                "rejected_requests": dict(stats.rejected),
                "open_file": files.open_path.name if files.open_path else None,
                "finished_files": len(files.finished),
            }
        )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        recover_unfinished(pixel_dir)

        async def rotate() -> None:
            while True:
                await asyncio.sleep(1)
                files.rotate_if_due()

        task = asyncio.create_task(rotate())
        try:
            yield
        finally:
            task.cancel()
            # uvicorn runs this after the last request in flight has finished.
            files.close()
            # Printed here: uvicorn re-raises SIGTERM once serving is over.
            print(
                f"touchline collect: stopped; {stats.accepted_events} events accepted, "
                f"{len(files.finished)} files finished",
                flush=True,
            )

    app = Starlette(
        routes=[
            Route("/t.js", snippet, methods=["GET"]),
            Route("/e", events, methods=["POST"]),
            Route("/e", preflight, methods=["OPTIONS"]),
            Route("/healthz", health, methods=["GET"]),
        ],
        lifespan=lifespan,
    )
    app.state.files = files
    app.state.stats = stats
    return app
