"""What `touchline build` prints: one line per phase, a progress bar in a terminal.

Dagster's run log, dbt's node lines and the loader's per-file lines go to a log file (its path
is printed first; `--verbose` also shows them). Phases are recognised from those lines as they
are written: the loader's per-file lines, dbt's `N of M` result lines, and the publish and
report assets' lines. In a terminal a phase is one line redrawn in place with a bar; otherwise
(a file, cron, CI) only the line that ends it is printed. No colour codes anywhere.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_LOADER_FILE = re.compile(r" - load_landing_files - (loaded|rejected|skipped|quarantined|duplicate)", re.IGNORECASE)
_LOADER_DONE = re.compile(
    r" - load_landing_files - files seen (\d+), loaded (\d+), rejected (\d+), records loaded (\d+), quarantined (\d+)"
)
_DBT_RESULT = re.compile(r"^\s*\d+ of (\d+) (OK|PASS|FAIL|WARN|ERROR|SKIP)\b")
_DBT_START = re.compile(r"Running dbt command")
_PUBLISHED = re.compile(r" - warehouse__published - published (.+)$")
_REPORT = re.compile(r" - warehouse__report - report written to (.+?) \(")
_WAITING = re.compile(r" - (waiting for (?:another build|process \d+).*)$")  # touchline.warehouse.build_lock
BAR = 24


class BuildOutput:
    def __init__(
        self,
        emit: Callable[[str], None],
        log_path: Path,
        *,
        terminal: TextIO | None = None,
        verbose_out: TextIO | None = None,
        new_files: int = 0,
    ) -> None:
        """emit prints one phase line; terminal (a tty) gets the bars; verbose_out the whole log."""
        self.emit = emit
        self.log_path = log_path
        self.terminal = terminal
        self.verbose_out = verbose_out
        self.new_files = new_files
        self.phase: str | None = None
        self.done = 0
        self.total = 0
        self.started = time.monotonic()
        self._partial = ""
        self._drawn = False
        log_path.parent.mkdir(parents=True, exist_ok=True)
        self.log: TextIO = log_path.open("w", encoding="utf-8")

    # -- the phase lines -------------------------------------------------------------------
    def line(self, text: str) -> None:
        self._clear()
        self.emit(text)

    def _start(self, phase: str, total: int) -> None:
        self.phase, self.done, self.total, self.started = phase, 0, total, time.monotonic()
        self._draw()

    def _advance(self, total: int | None = None) -> None:
        self.done += 1
        if total:
            self.total = total
        self._draw()

    def _end(self, text: str) -> None:
        seconds = time.monotonic() - self.started
        self.phase = None
        self.line(f"{text} ({seconds:.0f} s)")

    def _draw(self) -> None:
        if self.terminal is None or self.verbose_out is not None or self.phase is None:
            return
        if self.total:
            filled = min(BAR, BAR * self.done // self.total)
            bar = f"[{'#' * filled}{'.' * (BAR - filled)}] {self.done:,}/{self.total:,}"
        else:
            bar = f"{self.done:,}"
        write_or_drop(self.terminal, f"\r{self.phase:<12} {bar}\x1b[K")
        self._drawn = True

    def _clear(self) -> None:
        if self._drawn and self.terminal is not None:
            write_or_drop(self.terminal, "\r\x1b[K")
            self._drawn = False

    # -- the log sink (Dagster, dbt, loader lines) ------------------------------------------
    def write(self, text: str) -> int:
        text = _ANSI.sub("", text)
        self.log.write(text)
        if self.verbose_out is not None:
            write_or_drop(self.verbose_out, text)
        self._partial += text
        *lines, self._partial = self._partial.split("\n")
        for line in lines:
            self._follow(line)
        return len(text)

    def flush(self) -> None:
        self.log.flush()

    def isatty(self) -> bool:
        return False  # nothing written through the sink may carry colour codes

    def _follow(self, line: str) -> None:
        if _LOADER_FILE.search(line):
            if self.phase != "loading":
                self._start("loading", self.new_files)
            self._advance()
        elif match := _LOADER_DONE.search(line):
            if self.phase != "loading":
                self._start("loading", 0)
            _seen, loaded, rejected, records, quarantined = (int(g) for g in match.groups())
            self._end(
                f"loaded      {loaded:,} new files ({rejected:,} rejected): {records:,} records, {quarantined:,} quarantined"
            )
        elif _DBT_START.search(line) and self.phase != "dbt":
            self._start("dbt", 0)
        elif (match := _DBT_RESULT.search(line)) and " hook: " not in line:  # on-run-start hooks count apart
            if self.phase != "dbt":
                self._start("dbt", 0)
            self._advance(int(match.group(1)))
            if self.done >= self.total:
                self._end(f"dbt         {self.total:,} models, seeds and tests built")
        elif match := _PUBLISHED.search(line):
            self.line(f"published   {match.group(1)}")
        elif match := _REPORT.search(line):
            self.line(f"report      {match.group(1)}")
        elif match := _WAITING.search(line):
            self.line(f"waiting     {match.group(1)[len('waiting for ') :]}")

    def close(self) -> None:
        self._clear()
        self.log.close()


def write_or_drop(stream: TextIO, text: str) -> None:
    """Write to the user's terminal or pipe. A reader that went away (`touchline build | head -1`)
    must not stop a build half way: from then on the stream writes to /dev/null, and the log
    file keeps every line."""
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        # the descriptor now points at /dev/null: the text still buffered, every later write
        # and the interpreter's flush at exit succeed and go nowhere
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, stream.fileno())
        finally:
            os.close(devnull)


def log_path_for(warehouse: Path) -> Path:
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    return warehouse.parent / "logs" / f"build-{stamp}.log"
