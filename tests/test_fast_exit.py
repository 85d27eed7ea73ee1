"""touchline.fast_exit: a finished command ends without the interpreter's teardown, but with
everything a normal exit does that someone could notice."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

_PATIENCE = 60.0


def _run(script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=_PATIENCE)


def test_exit_handlers_run_streams_are_flushed_and_the_code_is_kept(tmp_path: Path):
    handled = tmp_path / "handled"
    done = _run(
        "import atexit, logging, sys\n"
        "from touchline.fast_exit import exit_now\n"
        f"atexit.register(lambda: open({str(handled)!r}, 'w').write('ran'))\n"
        f"logging.basicConfig(filename={str(tmp_path / 'log.txt')!r})\n"
        "logging.getLogger('t').warning('kept')\n"
        "sys.stdout.write('out without a newline')\n"
        "sys.stderr.write('err without a newline')\n"
        "exit_now(3)\n"
    )
    assert done.returncode == 3, done.stderr
    assert done.stdout == "out without a newline"
    assert done.stderr == "err without a newline"
    assert handled.read_text() == "ran"
    assert "kept" in (tmp_path / "log.txt").read_text()


def test_no_code_is_success_as_for_sys_exit():
    done = _run("from touchline.fast_exit import exit_now\nexit_now(None)\n")
    assert done.returncode == 0, done.stderr


def test_the_interpreter_is_not_taken_apart(tmp_path: Path):
    # a module global's finaliser runs when a normal exit frees the module; not after exit_now
    script = (
        "import sys\n"
        "from touchline.fast_exit import exit_now\n"
        "class Noisy:\n"
        "    def __del__(self):\n"
        "        sys.__stdout__.write('torn down')\n"
        "        sys.__stdout__.flush()\n"
        "noisy = Noisy()\n"
    )
    normal = _run(script + "sys.exit(0)\n")
    fast = _run(script + "exit_now(0)\n")
    assert normal.stdout == "torn down"  # the check below can fail
    assert fast.returncode == 0 and fast.stdout == "", fast.stderr


def test_a_thread_still_working_is_waited_for(tmp_path: Path):
    finished = tmp_path / "finished"
    done = _run(
        "import threading, time\n"
        "from touchline.fast_exit import exit_now\n"
        "def work():\n"
        "    time.sleep(0.5)\n"
        f"    open({str(finished)!r}, 'w').write('done')\n"
        "threading.Thread(target=work).start()\n"
        "exit_now(0)\n"
    )
    assert done.returncode == 0, done.stderr
    assert finished.read_text() == "done"
