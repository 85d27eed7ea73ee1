"""Real `touchline ui` / `dagster dev` processes for the tests: start, ask the webserver,
find every process of the group, and wait for it to be gone."""

from __future__ import annotations

import json
import os
import socket
import time
import urllib.request
from pathlib import Path

# Hang guards, not speed checks: a code location that parses the dbt project can take a
# minute on a loaded two-core machine.
START_DEADLINE_SECONDS = 300.0
GONE_DEADLINE_SECONDS = 60.0

LOCATIONS_QUERY = """{ workspaceOrError { __typename ... on Workspace { locationEntries {
  name loadStatus locationOrLoadError { __typename } } } } }"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def code_locations(port: int) -> dict[str, str] | None:
    """{location name: what it loaded as} once every location finished loading, else None."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql",
        data=json.dumps({"query": LOCATIONS_QUERY}).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            body = json.load(response)
    except OSError:
        return None
    entries = body["data"]["workspaceOrError"].get("locationEntries") or []
    if not entries or any(e["loadStatus"] != "LOADED" for e in entries):
        return None
    return {e["name"]: e["locationOrLoadError"]["__typename"] for e in entries}


def wait_for_locations(port: int, process) -> dict[str, str]:
    deadline = time.monotonic() + START_DEADLINE_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, f"exited early with {process.returncode}"
        if (found := code_locations(port)) is not None:
            return found
        time.sleep(1)
    raise AssertionError(f"no loaded code location on port {port}")


def _stat(pid: str) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # the command name (field 2) may hold blanks: split after its closing parenthesis
    return [pid, text[text.index("(") + 1 : text.rindex(")")], *text[text.rindex(")") + 2 :].split()]


def live_in_session(session_id: int) -> list[int]:
    """Processes (not zombies) of the session a start_new_session child leads."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        fields = _stat(pid)
        if fields and fields[2] != "Z" and int(fields[5]) == session_id:
            found.append(int(pid))
    return found


def children(pid: int) -> list[int]:
    return [int(p) for p in filter(str.isdigit, os.listdir("/proc")) if (fields := _stat(p)) and int(fields[3]) == pid]


def wait_until_gone(session_id: int) -> list[int]:
    deadline = time.monotonic() + GONE_DEADLINE_SECONDS
    while (left := live_in_session(session_id)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def port_open(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0
