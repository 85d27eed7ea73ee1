"""`touchline build` with observation points, for the fault tests (tests/test_build_faults.py).

Run as `python -m tests.build_shim build --landing L --warehouse W`: the same process as
`touchline build`, which also appends what it does to $SHIM_EVENTS, one line per event
("<name> <event>", appended in order by every build of a test), and can stop at a point
until $SHIM_GO exists (or until it is killed):

  SHIM_PAUSE=load      in the loader, after the first file's rows were written, before the
                       transaction holding them commits
  SHIM_PAUSE=lake      in the loader, after the build file committed the first group of files
                       and their raw partitions are in the lake, before their
                       audit.load_audit partitions (the commit marks) are renamed into place
  SHIM_PAUSE=dbt-step  when the dbt step starts, before dbt is started
  SHIM_PAUSE=dbt       in `dbt build`, after dbt reported 200 events: seeds and staging are
                       built, the incremental models are being built (the event names dbt's pid)
"""

from __future__ import annotations

import functools
import os
import sys
import time
from pathlib import Path

_NAME = os.environ.get("SHIM_NAME", "build")
_PAUSE = os.environ.get("SHIM_PAUSE", "")
_DBT_EVENTS = 200


def note(event: str) -> None:
    with open(os.environ["SHIM_EVENTS"], "a", encoding="utf-8") as events:
        events.write(f"{_NAME} {event}\n")


def hold(point: str) -> None:
    note(f"paused-{point}")
    go = os.environ.get("SHIM_GO")
    while not (go and Path(go).exists()):
        time.sleep(0.2)
    note(f"resumed-{point}")


def _around(owner, name: str, before=None, after=None) -> None:
    original = getattr(owner, name)

    @functools.wraps(original)
    def wrapped(*args, **kwargs):
        if before is not None:
            before()
        result = original(*args, **kwargs)
        if after is not None:
            after()
        return result

    setattr(owner, name, wrapped)


def _pause_in_loader() -> None:
    import touchline.landing.load as loader

    calls = []
    _around(loader, "load_file", before=lambda: (calls.append(1), len(calls) == 2 and hold("load")))


def _pause_in_lake() -> None:
    import touchline.landing.lake as lake

    original = lake._publish_partitions

    def publish_partitions(staged, final):
        if final.parts[-2:] == tuple(lake.COMMIT_TABLE.split(".")):
            hold("lake")
        return original(staged, final)

    lake._publish_partitions = publish_partitions


def _pause_in_dbt() -> None:
    from dagster_dbt.core.dbt_cli_invocation import DbtCliInvocation

    original = DbtCliInvocation.stream_raw_events

    def stream_raw_events(self):
        for number, event in enumerate(original(self), start=1):
            yield event
            if number == _DBT_EVENTS:
                note(f"dbt-pid {self.process.pid}")
                hold("dbt")

    DbtCliInvocation.stream_raw_events = stream_raw_events


def _install() -> None:
    import orchestration.assets.dbt as dbt_step
    import orchestration.assets.landing as landing_step
    import orchestration.assets.publish as publish_step

    _around(landing_step, "load_landing", before=lambda: note("load-start"), after=lambda: note("load-end"))
    _around(publish_step, "publish", after=lambda: note("published"))
    if _PAUSE == "load":
        _pause_in_loader()
    elif _PAUSE == "lake":
        _pause_in_lake()
    elif _PAUSE == "dbt-step":
        _around(dbt_step, "dbt_vars_from_env", before=lambda: hold("dbt-step"))
    elif _PAUSE == "dbt":
        _pause_in_dbt()


def main() -> int:
    from touchline.cli import main as touchline

    _install()
    note("start")
    code = touchline(sys.argv[1:])
    note(f"exit {code}")
    return code


if __name__ == "__main__":
    sys.exit(main())
