"""What `touchline build` prints (touchline.build_output) and when it may skip (build_state)."""

from __future__ import annotations

import io
from pathlib import Path

from touchline.build_output import BuildOutput
from touchline.warehouse.build_state import build_fingerprint

LOG = [
    "2026-12-05 10:00:00 +0000 - dagster - INFO - nightly_build - r - load_landing_files - loaded pixel/a.jsonl: 10 records, 1 quarantined\n",
    "2026-12-05 10:00:01 +0000 - dagster - INFO - nightly_build - r - load_landing_files - rejected orders/b.csv: missing columns\n",
    "2026-12-05 10:00:02 +0000 - dagster - INFO - nightly_build - r - load_landing_files - files seen 9, loaded 1, rejected 1, records loaded 10, quarantined 1\n",
    "2026-12-05 10:00:03 +0000 - dagster - INFO - nightly_build - r - touchline_dbt - Running dbt command: `dbt build`.\n",
    "1 of 2 START hook: touchline.on-run-start.0 .... [RUN]\n",
    "1 of 2 OK hook: touchline.on-run-start.0 .... [\x1b[32mOK\x1b[0m in 0.03s]\n",
    "1 of 3 START sql table model staging.stg_orders .... [RUN]\n",
    "1 of 3 OK created sql table model staging.stg_orders .... [\x1b[32mOK\x1b[0m in 0.05s]\n",
    "2 of 3 PASS unique_stg_orders_order_id .... [PASS in 0.01s]\n",
    "3 of 3 OK created sql table model marts.visitor_payments .... [OK in 0.2s]\n",
    "2026-12-05 10:00:09 +0000 - dagster - INFO - nightly_build - r - warehouse__published - published /w/touchline.duckdb (1.0 MiB)\n",
    "2026-12-05 10:00:10 +0000 - dagster - INFO - nightly_build - r - warehouse__report - report written to /w/touchline.report.html (10 charts)\n",
]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def feed(output: BuildOutput) -> None:
    for chunk in LOG:  # in uneven pieces, as streams write
        output.write(chunk[:7])
        output.write(chunk[7:])
    output.close()


def test_not_a_terminal_gets_one_plain_line_per_phase_and_the_log_gets_everything(tmp_path: Path) -> None:
    lines: list[str] = []
    output = BuildOutput(lines.append, tmp_path / "logs" / "build.log", new_files=2)
    feed(output)
    assert [line.split(" (")[0] if line.startswith("dbt") else line for line in lines] == [
        "loaded      1 new files (1 rejected): 10 records, 1 quarantined (0 s)",
        "dbt         3 models, seeds and tests built",
        "published   /w/touchline.duckdb (1.0 MiB)",
        "report      /w/touchline.report.html",
    ]
    log = (tmp_path / "logs" / "build.log").read_text()
    assert log == "".join(LOG).replace("\x1b[32m", "").replace("\x1b[0m", "")


def test_a_terminal_gets_progress_bars_redrawn_in_place(tmp_path: Path) -> None:
    terminal = Terminal()
    lines: list[str] = []
    output = BuildOutput(
        lambda text: terminal.write(text + "\n") and lines.append(text),
        tmp_path / "build.log",
        terminal=terminal,
        new_files=2,
    )
    feed(output)
    shown = terminal.getvalue()
    assert "\rloading      [############............] 1/2" in shown
    assert "\rdbt          [################........] 2/3" in shown
    assert "\x1b[32m" not in shown  # only the line-clearing code, never colours


def test_verbose_shows_the_log_as_it_is_written(tmp_path: Path) -> None:
    shown = io.StringIO()
    output = BuildOutput(lambda text: shown.write(text + "\n"), tmp_path / "build.log", verbose_out=shown)
    feed(output)
    assert "load_landing_files - loaded pixel/a.jsonl" in shown.getvalue()
    assert "2 of 3 PASS unique_stg_orders_order_id" in shown.getvalue()


def test_settings_that_shape_tables_change_the_fingerprint_and_others_do_not(monkeypatch) -> None:
    base = build_fingerprint()
    monkeypatch.setenv("TOUCHLINE_THREADS", "7")
    monkeypatch.setenv("TOUCHLINE_LOG_LEVEL", "DEBUG")
    assert build_fingerprint() == base
    monkeypatch.setenv("TOUCHLINE_DBT_VARS", "{session_timeout_minutes: 45}")
    assert build_fingerprint() != base
    monkeypatch.delenv("TOUCHLINE_DBT_VARS")
    monkeypatch.setenv("TOUCHLINE_EARLIEST_DATE", "2020-01-01")
    assert build_fingerprint() != base


def test_a_build_whose_reader_goes_away_still_publishes(tmp_path: Path) -> None:
    # `touchline build | head -1`: the pipe closes after the first line; the build must go on,
    # publish, keep every line in its log and end without a traceback
    import subprocess
    import sys

    from touchline.generator import generate
    from touchline.warehouse.build_state import state_path

    landing = tmp_path / "landing"
    generate(landing, days=3, visitors=40, seed=3, truth_dir=tmp_path / "truth")
    warehouse = tmp_path / "warehouse" / "touchline.duckdb"
    build = subprocess.Popen(
        [sys.executable, "-m", "touchline.cli", "build", "--landing", str(landing), "--warehouse", str(warehouse)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert build.stdout is not None and build.stderr is not None
    first = build.stdout.readline()
    build.stdout.close()  # as `head -1` exits
    errors = build.stderr.read()
    assert build.wait(timeout=900) == 0, errors[-3000:]
    assert first.startswith("creating the folder ")  # the first of many lines
    assert "BrokenPipeError" not in errors and "Traceback" not in errors, errors[-3000:]
    assert state_path(warehouse).is_file()  # written once the build published
    [log] = (warehouse.parent / "logs").glob("build-*.log")
    assert "published" in log.read_text(encoding="utf-8")
