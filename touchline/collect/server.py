"""Running the collector: uvicorn on one socket, SIGTERM/SIGINT stop it gracefully."""

from __future__ import annotations

import socket
import sys

import uvicorn

from touchline.collect.app import CollectorSettings, create_app


def run_collector(settings: CollectorSettings, host: str, port: int, *, forwarded_allow_ips: str | None = None) -> int:
    app = create_app(settings)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY only on sockets that say so, and
    # without it every response waits ~40 ms on delayed ACKs (Nagle).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        print(f"touchline: cannot listen on {host}:{port}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    # Listening before the banner: a client that reads it can connect at once.
    sock.listen(2048)
    bound = sock.getsockname()[1]
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan="on",
        # Behind a reverse proxy, rate limits need the client's address from X-Forwarded-For.
        proxy_headers=forwarded_allow_ips is not None,
        forwarded_allow_ips=forwarded_allow_ips,
        server_header=False,
    )
    server = uvicorn.Server(config)
    shown = f"[{host}]" if family == socket.AF_INET6 else host
    print(
        f"touchline collect: listening on http://{shown}:{bound} (snippet at /t.js), "
        f"writing {settings.landing / 'pixel'}",
        flush=True,
    )
    if not settings.allowed_origins:
        print("touchline collect: no --allowed-origin given: browsers on other sites are refused (403)", flush=True)
    server.run(sockets=[sock])  # uvloop when installed (loop="auto")
    return 0
