"""The local Spark session that Spark builds and queries run in (docs/scaling.md).

dbt-spark's `session` method runs every statement through `SparkSession.builder
.getOrCreate()` in the dbt process, so the session Touchline creates first (with the settings
below) is the one dbt uses. Everything Spark keeps lives in `<warehouse folder>/spark/`:
the tables (`warehouse/`) and the Hive metastore (an embedded Derby database, `metastore_db/`,
which one process opens at a time).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from touchline.settings import ConfigError

SPARK_MASTER_ENV = "TOUCHLINE_SPARK_MASTER"
SPARK_DRIVER_MEMORY_ENV = "TOUCHLINE_SPARK_DRIVER_MEMORY"
SPARK_SHUFFLE_PARTITIONS_ENV = "TOUCHLINE_SPARK_SHUFFLE_PARTITIONS"
SPARK_CONF_ENV = "TOUCHLINE_SPARK_CONF"
# Settings the build's correctness rests on (UTC instants, null-on-error SQL, where tables and
# the metastore live): TOUCHLINE_SPARK_CONF may not change them.
_FIXED_SETTINGS = (
    "spark.master",
    "spark.sql.session.timeZone",
    "spark.sql.ansi.enabled",
    "spark.sql.warehouse.dir",
    "spark.sql.catalogImplementation",
    "spark.hadoop.javax.jdo.option.ConnectionURL",
    "spark.driver.extraJavaOptions",
    "spark.sql.parquet.inferTimestampNTZ.enabled",
)


def spark_dir(warehouse: Path) -> Path:
    """Where a local Spark warehouse keeps its tables and metastore: beside the DuckDB file."""
    return Path(warehouse).parent / "spark"


def _setting(name: str, default: str, check, meaning: str) -> str:
    value = os.environ.get(name, default).strip()
    if not check(value):
        raise ConfigError(f"{name}={value!r}: it must be {meaning}")
    return value


def extra_settings() -> dict[str, str]:
    """TOUCHLINE_SPARK_CONF: more Spark settings, `spark.key=value` pairs separated by `;`
    (e.g. `spark.sql.codegen.wholeStage=false;spark.sql.adaptive.enabled=false`), added to the
    session's or replacing its defaults (docs/scaling.md, "Settings")."""
    extra: dict[str, str] = {}
    for pair in os.environ.get(SPARK_CONF_ENV, "").split(";"):
        if not pair.strip():
            continue
        key, sep, value = (part.strip() for part in pair.partition("="))
        if not sep or not key.startswith("spark.") or not value:
            raise ConfigError(f"{SPARK_CONF_ENV}: {pair.strip()!r} is not a spark.key=value pair")
        if key in _FIXED_SETTINGS:
            raise ConfigError(f"{SPARK_CONF_ENV}: {key} is Touchline's to set (the build relies on it)")
        extra[key] = value
    return extra


def session_config(warehouse: Path) -> dict[str, str]:
    """The Spark settings of a local build: two cores (the machine is shared), few shuffle
    partitions (a laptop's data fits in a handful; Spark's 200 would make 200 tiny tasks per
    join), UTC, and no UI or network listener beyond the driver's own loopback; then
    TOUCHLINE_SPARK_CONF's settings."""
    root = spark_dir(warehouse).resolve()
    master = _setting(SPARK_MASTER_ENV, "local[2]", lambda v: v.startswith("local"), "a local master such as local[2]")
    memory = _setting(
        SPARK_DRIVER_MEMORY_ENV,
        "2g",
        lambda v: v[:-1].isdigit() and v[-1:].lower() in "mg",
        "an amount such as 2g or 1536m",
    )
    partitions = _setting(
        SPARK_SHUFFLE_PARTITIONS_ENV, "4", lambda v: v.isdigit() and int(v) > 0, "a whole number, at least 1"
    )
    return {
        "spark.master": master,
        "spark.app.name": "touchline",
        "spark.driver.memory": memory,
        "spark.driver.host": "127.0.0.1",
        "spark.driver.bindAddress": "127.0.0.1",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.shuffle.partitions": partitions,
        "spark.default.parallelism": partitions,
        "spark.sql.adaptive.enabled": "true",
        "spark.sql.session.timeZone": "UTC",
        "spark.driver.extraJavaOptions": f"-Duser.timezone=UTC -Dderby.system.home={root}",
        "spark.sql.warehouse.dir": str(root / "warehouse"),
        "spark.sql.catalogImplementation": "hive",
        "spark.hadoop.javax.jdo.option.ConnectionURL": f"jdbc:derby:;databaseName={root / 'metastore_db'};create=true",
        # Spark 4 turns ANSI mode on; the project's SQL is written for the null-on-error
        # semantics DuckDB's try_ functions give, and Spark 3 (and dbt-spark's tests) default to.
        "spark.sql.ansi.enabled": "false",
        # the lake's timestamps are instants (UTC); read them as TIMESTAMP, not TIMESTAMP_NTZ
        "spark.sql.parquet.inferTimestampNTZ.enabled": "false",
        "spark.sql.parquet.datetimeRebaseModeInWrite": "CORRECTED",
        "spark.sql.parquet.int96RebaseModeInWrite": "CORRECTED",
        "spark.sql.legacy.createHiveTableByDefault": "false",
        **extra_settings(),
    }


@contextlib.contextmanager
def sigterm_default() -> Iterator[None]:
    """Processes started inside have SIGTERM's default action (they end on it), even when this
    process ignores SIGTERM. Dagster maps SIGTERM to SIGINT's handler after a run in the process
    (`dagster._utils.interrupts`), so a build started with SIGINT ignored (a background job:
    `&`, nohup, some schedulers) ends up ignoring SIGTERM, and a JVM inherits that: HotSpot then
    installs no SIGTERM handler, and the JVM outlives `stop_jvm`'s SIGTERM (what made every
    Spark parity test fail in a CI run, each JVM killed only after the grace period)."""
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGTERM) != signal.SIG_IGN:
        yield
        return
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)


def get_session(warehouse: Path) -> Any:  # -> pyspark.sql.SparkSession
    """The process's Spark session for the warehouse at `warehouse`, created on first use."""
    from pyspark.sql import SparkSession

    root = spark_dir(warehouse)
    root.mkdir(parents=True, exist_ok=True)
    builder = SparkSession.builder
    for key, value in session_config(warehouse).items():
        builder = builder.config(key, value)
    with sigterm_default():  # the JVM is started here, and inherits what SIGTERM does
        session = builder.enableHiveSupport().getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    # pyspark logs every failed statement with its whole plan (megabytes for a large model)
    # before raising; dbt reports the error itself.
    from pyspark.logger import PySparkLogger

    PySparkLogger.getLogger("SQLQueryContextLogger").setLevel(logging.CRITICAL)
    return session


# How long the JVM gets to run its shutdown hooks after SIGTERM before it is killed. A JVM that
# has stopped its context exits in a second or two; one that does not (one started while SIGTERM
# was ignored, see sigterm_default, outlived 60 s of SIGTERM in CI) must not keep the
# metastore, which one process opens at a time (docs/scaling.md, "Running it").
STOP_GRACE_SECONDS = 20.0
log = logging.getLogger(__name__)


def stop_session(grace: float = STOP_GRACE_SECONDS) -> None:
    """Stop the process's Spark session and its JVM (the JVM otherwise lives as long as the
    Python process: a test worker or a notebook would keep ~1 GiB for nothing)."""
    from pyspark import SparkContext
    from pyspark.sql import SparkSession

    session = SparkSession.getActiveSession()
    if session is not None:
        session.stop()
    gateway = SparkContext._gateway
    if gateway is None:
        return
    proc = getattr(gateway, "proc", None)
    gateway.shutdown()
    SparkContext._gateway = None
    SparkContext._jvm = None
    if proc is not None:
        stop_jvm(proc, grace)


def stop_jvm(proc: subprocess.Popen, grace: float = STOP_GRACE_SECONDS) -> None:
    """End the gateway's JVM and wait for it: end of input on its stdin (pyspark's gateway
    exits when it reads it) and SIGTERM, then, if it is still running `grace` seconds later,
    SIGKILL to it and to the processes it started (Python workers), which a killed JVM would
    leave behind. pyspark starts the JVM in this process's group, so the group is not killed."""
    if proc.poll() is not None:
        return
    if proc.stdin is not None:
        with contextlib.suppress(OSError):  # a broken pipe: the JVM is already going
            proc.stdin.close()
    proc.terminate()
    try:
        proc.wait(timeout=grace)
        return
    except subprocess.TimeoutExpired:
        pass
    children = _descendants(proc.pid)  # before the kill: then they are no longer its children
    log.warning("the Spark JVM (pid %s) was still running %s s after SIGTERM: killing it", proc.pid, grace)
    proc.kill()
    for pid in children:
        with contextlib.suppress(ProcessLookupError):  # it exited meanwhile
            os.kill(pid, signal.SIGKILL)
    proc.wait(timeout=60)  # SIGKILL cannot be ignored: the kernel ends it


def _descendants(pid: int) -> list[int]:
    """Every living process under `pid` (Linux's /proc; elsewhere none are found)."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # it exited meanwhile
            continue
        # pid (comm) state ppid ...: comm may hold spaces and parentheses, so split after the last ')'
        ppid = int(text[text.rindex(")") + 2 :].split()[1])
        parents.setdefault(ppid, []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found
