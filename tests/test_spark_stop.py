"""stop_session ends the Spark JVM whatever it does with SIGTERM, without starting Spark: a
stand-in process plays the JVM behind a stand-in py4j gateway (tests/test_spark_parity.py
stops real ones)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pyspark import SparkContext

from touchline.spark.session import sigterm_default, stop_session

# Ignores SIGTERM and the end of its stdin, and starts a child (a Python worker's stand-in)
# that ignores SIGTERM too; prints the child's pid, then waits.
STUBBORN = """
import signal, subprocess, sys, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
print(child.pid, flush=True)
time.sleep(600)
"""
# Exits when its stdin ends, as pyspark's gateway does, and ignores SIGTERM.
EXITS_ON_EOF = """
import signal, sys
signal.signal(signal.SIGTERM, signal.SIG_IGN)
print(0, flush=True)
sys.stdin.read()
"""
# Exits on SIGTERM (Python's default action), never reads its stdin.
EXITS_ON_SIGTERM = """
import time
print(0, flush=True)
time.sleep(600)
"""


class _Gateway:
    def __init__(self, proc: subprocess.Popen):
        self.proc = proc
        self.shut = False

    def shutdown(self) -> None:
        self.shut = True


def _running(pid: int) -> bool:
    """Whether `pid` is a process that has not exited (a zombie has)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


@pytest.fixture
def jvm(monkeypatch):
    """Start a stand-in JVM from a script, behind a stand-in gateway: (process, child pid)."""
    started: list[subprocess.Popen] = []

    def start(script: str) -> tuple[subprocess.Popen, int]:
        with sigterm_default():  # as get_session starts the JVM
            proc = subprocess.Popen(
                [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
            )
        started.append(proc)
        child = int(proc.stdout.readline())
        monkeypatch.setattr(SparkContext, "_gateway", _Gateway(proc))
        monkeypatch.setattr(SparkContext, "_jvm", object())
        return proc, child

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the JVM's children in /proc")
def test_a_jvm_that_ignores_sigterm_is_killed_with_its_children(jvm):
    proc, child = jvm(STUBBORN)
    gateway = SparkContext._gateway
    stop_session(grace=1)
    assert proc.returncode == -signal.SIGKILL
    assert gateway.shut and SparkContext._gateway is None and SparkContext._jvm is None
    deadline = time.monotonic() + 10
    while _running(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(child)


@pytest.mark.parametrize(("script", "code"), [(EXITS_ON_EOF, 0), (EXITS_ON_SIGTERM, -signal.SIGTERM)])
def test_a_jvm_that_exits_is_not_killed(jvm, script: str, code: int):
    proc, _ = jvm(script)
    stop_session(grace=60)
    assert proc.returncode == code


def test_without_a_gateway_there_is_nothing_to_stop(monkeypatch):
    monkeypatch.setattr(SparkContext, "_gateway", None)
    stop_session(grace=0)


def _ignores_sigterm(pid: int) -> bool:
    """Whether SIGTERM is in the ignored set of `pid` (Linux's /proc/<pid>/status)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("SigIgn:"):
            return bool(int(line.split()[1], 16) & (1 << (signal.SIGTERM - 1)))
    raise AssertionError("no SigIgn line")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads signal sets in /proc")
def test_a_jvm_started_while_sigterm_is_ignored_still_ends_on_it():
    """A test worker or a build started with SIGINT ignored ignores SIGTERM after a Dagster run
    (Dagster maps SIGTERM to SIGINT's handler); the JVM must not inherit that."""
    before = signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        outside = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
        with sigterm_default():
            inside = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
        assert signal.getsignal(signal.SIGTERM) == signal.SIG_IGN  # put back for this process
    finally:
        signal.signal(signal.SIGTERM, before)
    try:
        time.sleep(0.2)  # each child reaches its sleep (/proc shows its own signal set)
        assert _ignores_sigterm(outside.pid)
        assert not _ignores_sigterm(inside.pid)
        inside.terminate()
        assert inside.wait(timeout=30) == -signal.SIGTERM
    finally:
        for proc in (outside, inside):
            proc.kill()
            proc.wait()
