"""A dbt started ahead of its command, so that its start overlaps the build's own.

A nightly build spends its first seconds on one core: the interpreter, Dagster's imports, the
run's creation and the loader. Only then does dagster-dbt start `touchline-dbt build ...`, and
that process spends ~2 s more importing dbt before its first node (docs/benchmarks.md, issue 20).
So `touchline build` starts a *standby* first (`touchline-dbt --standby <fd>`): it imports dbt
on the idle core and waits on a Unix socket the build bound and passed it. When dagster-dbt then starts `touchline-dbt`
(the *front*), the front hands the standby its arguments, environment, working folder and its
own stdin, stdout and stderr (file descriptors passed over the socket), and waits. The standby
runs dbt with them, exactly as the front would have: its output goes into the pipe dagster-dbt
reads, and its exit code comes back to the front, which exits with it.

- One command per standby: the first `touchline-dbt` of the build takes it (a `dbt parse`, when
  the project changed, or the build's `dbt build`); any later one runs dbt itself, as does a
  front that finds no standby (a Dagster run started from the UI or the schedule).
- It dies with its build (touchline.dbt.child.die_with), and with its front: the front's end of
  the socket closes when the front exits in any way, `kill -9` included. SIGINT, SIGTERM and
  SIGHUP sent to the front (dagster-dbt stopping dbt) are passed on to the standby.
- The front exits only after the standby has exited, so when dagster-dbt sees dbt end, the
  warehouse file is closed.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from touchline.dbt.child import BUILD_PID_ENV, close_warehouse, dbt_exit_code, stop_now
from touchline.fast_exit import exit_now
from touchline.processes import pid_running

STANDBY_ENV = "TOUCHLINE_DBT_STANDBY"
_CODE = struct.Struct("!i")
_MAX_REQUEST = 4 * 1024 * 1024  # arguments and environment, as JSON
_FORWARDED_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
# The socket's folder, in the temporary folder: touchline-dbt-standby-<build pid>-<random>
_FOLDER_PREFIX = "touchline-dbt-standby-"


@contextlib.contextmanager
def dbt_standby(executable: str, build_pid: int) -> Iterator[subprocess.Popen | None]:
    """Start a standby dbt for the commands run inside this block (yields its process), and
    make sure it is gone after.

    Sets $TOUCHLINE_DBT_STANDBY for the block, so a `touchline-dbt` started inside it finds the
    standby; an `executable` that is not touchline-dbt (an older install) gets no standby."""
    if Path(executable).name != "touchline-dbt" or not hasattr(socket, "AF_UNIX"):
        yield None
        return
    _remove_stale_folders(Path(tempfile.gettempdir()))
    folder = Path(tempfile.mkdtemp(prefix=f"{_FOLDER_PREFIX}{build_pid}-"))
    path = folder / "standby.sock"
    # Bound here, before the standby starts: a front that comes first waits in the socket's
    # queue instead of missing it.
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(1)
    env = {**os.environ, BUILD_PID_ENV: str(build_pid)}
    # Until a front hands it a command it has nothing to say: a standby that fails to start
    # leaves the front to run dbt itself.
    quiet = subprocess.DEVNULL
    try:
        process = subprocess.Popen(
            [executable, "--standby", str(listener.fileno())],
            env=env,
            stdin=quiet,
            stdout=quiet,
            stderr=quiet,
            pass_fds=[listener.fileno()],
            # Its own process group: a Ctrl-C at the terminal reaches the front, which passes
            # it on once, as it would reach a dbt the front ran itself.
            start_new_session=True,
        )
    finally:
        listener.close()  # the standby holds it now
    previous = os.environ.get(STANDBY_ENV)
    os.environ[STANDBY_ENV] = str(path)
    try:
        yield process
    finally:
        if previous is None:
            os.environ.pop(STANDBY_ENV, None)
        else:
            os.environ[STANDBY_ENV] = previous
        # Served, it has exited already (its front waited for it); unused, it is waiting.
        if process.poll() is None:
            process.kill()
        process.wait()
        path.unlink(missing_ok=True)
        folder.rmdir()


def _remove_stale_folders(parent: Path) -> None:
    """Remove the socket folders of builds that are gone.

    A build removes its own when the block ends; one killed with SIGKILL cannot, and its
    folder would stay in the temporary folder for good. The build's pid in the name says
    whose it is: a folder whose build no longer runs is removed (a reused pid only keeps one)."""
    for folder in parent.glob(f"{_FOLDER_PREFIX}*"):
        pid = folder.name[len(_FOLDER_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not pid_running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def serve(listener_fd: int) -> None:
    """The standby: import dbt, take one command from a front, run it, report its exit code."""
    listener = socket.socket(fileno=listener_fd)
    from dbt.cli.main import cli

    _preload()  # while the build starts Dagster and loads the new files
    connection, _ = listener.accept()
    listener.close()  # a later front is refused, and runs dbt itself
    request, fds = _receive_request(connection)
    connection.sendall(_CODE.pack(os.getpid()))  # the front passes signals on to this pid
    for target, fd in enumerate(fds):  # the front's stdin, stdout, stderr become this process's
        os.dup2(fd, target)
        os.close(fd)
    # The front sends nothing more: the socket reads empty when the front is gone, however it went.
    threading.Thread(target=_stop_when_closed, args=(connection,), name="touchline-dbt-front", daemon=True).start()
    # The front's signal dispositions, not those this process inherited from the build: what
    # the front ignores, dbt ignores; what it passes on, dbt acts on (SIGINT: KeyboardInterrupt).
    ignored = set(request.get("ignored_signals", []))
    for signum in _FORWARDED_SIGNALS:
        default = signal.default_int_handler if signum == signal.SIGINT else signal.SIG_DFL
        signal.signal(signum, signal.SIG_IGN if int(signum) in ignored else default)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.argv = ["dbt", *request["argv"]]
    try:
        code = dbt_exit_code(cli)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    close_warehouse()
    connection.sendall(_CODE.pack(code))
    exit_now(code)


def hand_over(argv: list[str]) -> int | None:
    """The front: have the standby named in $TOUCHLINE_DBT_STANDBY run `dbt <argv>` with this
    process's environment and streams, and return its exit code; None when there is no standby
    to take it (the caller runs dbt itself)."""
    path = os.environ.get(STANDBY_ENV)
    if not path:
        return None
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(path)
        ignored = [int(signum) for signum in _FORWARDED_SIGNALS if signal.getsignal(signum) == signal.SIG_IGN]
        request = {"argv": argv, "env": dict(os.environ), "cwd": os.getcwd(), "ignored_signals": ignored}
        payload = json.dumps(request).encode()
        socket.send_fds(connection, [struct.pack("!I", len(payload)) + payload], [0, 1, 2])
    except OSError:
        connection.close()
        return None  # no standby there, or it is gone or already taken
    standby_pid = _receive_code(connection)
    if standby_pid is None:
        connection.close()
        return None  # the standby ended before it took the command: nothing ran
    for signum in _FORWARDED_SIGNALS:
        if signal.getsignal(signum) != signal.SIG_IGN:
            signal.signal(signum, lambda received, _frame: _forward(standby_pid, received))
    code = _receive_code(connection)
    # Its exit closes the socket: the warehouse file is closed when this process ends.
    while connection.recv(4096):
        pass
    connection.close()
    if code is None:
        print("touchline-dbt: the standby dbt stopped before it finished the command", file=sys.stderr, flush=True)
        return 1
    return code


def _preload() -> None:
    """Do once, on a throwaway project, what dbt does lazily the first time in a process.

    Beyond its imports, dbt's first command in a process builds the JSON schemas it checks
    project and profile files against, generates its classes' (de)serialisers and starts the
    DuckDB adapter: ~0.6 s that a second command does not pay. Parsing a one-model project in
    a temporary folder (nothing written elsewhere, no warehouse opened) pays it here; a failure
    only means the command pays it itself. So do the Python model's imports (~1 s)."""
    from dbt.cli.main import dbtRunner

    with tempfile.TemporaryDirectory(prefix="touchline-dbt-warmup-") as folder:
        root = Path(folder)
        (root / "models").mkdir()
        (root / "models" / "warmup.sql").write_text("select 1 as x\n")
        (root / "dbt_project.yml").write_text('name: warmup\nversion: "1.0"\nprofile: warmup\n')
        (root / "profiles.yml").write_text(
            "warmup:\n  target: memory\n  outputs:\n    memory:\n      type: duckdb\n      path: ':memory:'\n"
        )
        options = ["--project-dir", folder, "--profiles-dir", folder, "--target-path", str(root / "target")]
        with contextlib.suppress(Exception):
            dbtRunner().invoke(["parse", *options, "--log-path", str(root / "logs"), "--quiet", "--no-write-json"])
    # and the project's Python model's imports (pandas, the MMM, scipy): the model would
    # otherwise import them in the middle of the build
    with contextlib.suppress(Exception):
        from touchline.mmm.nightly import import_fit_modules

        import_fit_modules()


def _receive_request(connection: socket.socket) -> tuple[dict, list[int]]:
    data, fds, _flags, _address = socket.recv_fds(connection, 64 * 1024, 3)
    if len(data) < 4 or len(fds) != 3:
        raise SystemExit("touchline-dbt --standby: the front sent no command")
    (size,) = struct.unpack("!I", data[:4])
    if size > _MAX_REQUEST:
        raise SystemExit("touchline-dbt --standby: the front's command is too large")
    body = bytearray(data[4:])
    while len(body) < size:
        chunk = connection.recv(size - len(body))
        if not chunk:
            raise SystemExit("touchline-dbt --standby: the front went away mid-command")
        body += chunk
    return json.loads(bytes(body)), list(fds)


def _receive_code(connection: socket.socket) -> int | None:
    data = b""
    while len(data) < _CODE.size:
        chunk = connection.recv(_CODE.size - len(data))
        if not chunk:
            return None
        data += chunk
    return _CODE.unpack(data)[0]


def _stop_when_closed(connection: socket.socket) -> None:
    with contextlib.suppress(OSError):
        connection.recv(1)
    stop_now("the process that handed dbt its command is gone")  # nobody waits for this dbt any more


def _forward(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signum)
