"""`touchline ui` and `dagster dev`: paths checked before anything starts, the code location
named `touchline` either way, an instance that outlives the process, and a SIGTERM that
takes every child process with it (real processes, asked over the webserver's GraphQL)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.dagster_processes import children, free_port, live_in_session, port_open, wait_for_locations, wait_until_gone
from touchline.cli import main
from touchline.commands.ui import kill_group
from touchline.settings import REPO_ROOT


def test_a_missing_landing_folder_stops_it_before_anything_starts(tmp_path: Path, capsys) -> None:
    code = main(["ui", "--landing", str(tmp_path / "nope"), "--warehouse", str(tmp_path / "w" / "touchline.duckdb")])
    assert code == 2
    assert "--landing" in capsys.readouterr().err
    assert not (tmp_path / "w").exists()


@pytest.mark.slow
def test_touchline_ui_serves_location_touchline_and_stops_with_its_children_on_sigterm(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    landing.mkdir()
    warehouse = tmp_path / "w" / "touchline.duckdb"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}  # the warehouse's own
    ui = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("touchline")),
            "ui",
            "--landing",
            str(landing),
            "--warehouse",
            str(warehouse),
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    dagster_dev = 0
    try:
        assert wait_for_locations(port, ui) == {"touchline": "RepositoryLocation"}
        [dagster_dev] = children(ui.pid)
        group = live_in_session(dagster_dev)
        assert len(group) >= 3  # dagster dev, its webserver and daemon (and code servers)
        home = tmp_path / "w" / "dagster_home"
        assert (home / "dagster.yaml").exists() and (home / "history" / "runs.db").exists()

        ui.send_signal(signal.SIGTERM)
        output, _ = ui.communicate(timeout=120)
        assert ui.returncode == 0, output
        assert "stopping the Dagster UI" in output
        assert wait_until_gone(dagster_dev) == []
        assert not port_open(port)
    finally:
        if ui.poll() is None:
            ui.kill()
        if dagster_dev:
            kill_group(dagster_dev)


@pytest.mark.slow
def test_dagster_dev_alone_names_the_location_touchline_and_keeps_its_instance(tmp_path: Path) -> None:
    # What `dagster dev` reads from the repository's folder, in a folder of the test's own
    # (so the test does not write the repository's ./warehouse/dagster_home).
    for name in ("pyproject.toml", "dagster.yaml"):
        shutil.copy(REPO_ROOT / name, tmp_path / name)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    dev = subprocess.Popen(
        [str(Path(sys.executable).with_name("dagster")), "dev", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert wait_for_locations(port, dev) == {"touchline": "RepositoryLocation"}
        home = tmp_path / "warehouse" / "dagster_home"
        assert (home / "history" / "runs.db").exists()
        assert (home / "schedules" / "schedules.db").exists()
    finally:
        dev.send_signal(signal.SIGINT)
        try:
            output, _ = dev.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            # Plain `dagster dev` shutting down is Dagster's own (once, in CI, it outlasted two
            # minutes); this test is about the location's name and the instance, so stop the
            # group as `touchline ui` does and read what it printed.
            kill_group(dev.pid)
            output, _ = dev.communicate(timeout=60)
        finally:
            kill_group(dev.pid)
    assert "Using temporary directory" in output  # dagster's own, emptied on exit ...
    assert (home / "history" / "runs.db").exists()  # ... the instance is not in it
