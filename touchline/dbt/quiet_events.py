"""dbt's events below every logger's level, dropped before they are built into lines.

dbt fires ~20 events a node (each query, its status, each connection's use), most at debug
level. dbt-common turns every one into a protobuf message, and every logger whose filter
takes it (the filters look at names, not levels) into a line (`MessageToJson` for
`--log-format json`, which dagster-dbt reads), before the logger's Python logger drops it by
level. In a build (stdout at info, the file log at warn) that was ~2.5 s of the 2 M nightly's
dbt worker threads for lines nobody writes (docs/benchmarks.md, issue 20 fourteenth round).

`install()` makes `touchline-dbt` skip that work, and nothing else: a logger still gets every
event it would have written, in the same form, and an event is still built whenever a logger
takes its level, a callback other than dbt's own behaviour-change tracker is registered
(`dbtRunner(callbacks=...)`), or it is a warning (`--warn-error` raises on those). A debug
run (`--log-level debug`, `--debug`) writes every line as before.
"""

from __future__ import annotations

import logging
from typing import Any

_installed = False


def install() -> None:
    """Patch dbt-common's event manager and loggers in this process (idempotent)."""
    global _installed
    if _installed:
        return
    from dbt_common.events import event_manager, logger

    # dbt-common's own map of its levels to the Python levels its loggers are set to, by the
    # level's name (what an event message carries)
    levels = {level.value: number for level, number in logger._log_level_map.items()}
    _skip_unwritten_lines(logger._Logger, levels)
    _skip_unwanted_events(event_manager.EventManager, levels)
    _installed = True


def _skip_unwritten_lines(logger_class: Any, levels: dict[str, int]) -> None:
    from dbt_common.events.logger import _is_print_event

    write_line = logger_class.write_line

    def write_wanted_line(self, msg) -> None:
        python_logger = self._python_logger
        # the level write_line hands its Python logger (a print event goes as an error)
        level = "error" if _is_print_event(msg) else msg.info.level
        if python_logger is not None and not python_logger.isEnabledFor(levels.get(level, logging.ERROR)):
            return
        write_line(self, msg)

    logger_class.write_line = write_wanted_line


def _skip_unwanted_events(manager_class: Any, levels: dict[str, int]) -> None:
    from dbt.tracking import track_behavior_change_warn

    fire_event = manager_class.fire_event

    def fire_wanted_event(self, e, level=None, node=None, force_warn_or_error_handling: bool = False) -> None:
        if not force_warn_or_error_handling and all(
            callback is track_behavior_change_warn for callback in self.callbacks
        ):
            tag = level if level is not None else e.level_tag()
            wanted = levels.get(getattr(tag, "value", tag), logging.ERROR)
            # warnings always go through: --warn-error and --warn-error-options act on them
            if wanted < logging.WARNING and not any(_takes(one, wanted) for one in self.loggers):
                return
        fire_event(self, e, level=level, node=node, force_warn_or_error_handling=force_warn_or_error_handling)

    manager_class.fire_event = fire_wanted_event


def _takes(logger: Any, level: int) -> bool:
    python_logger = getattr(logger, "_python_logger", None)
    # a logger without a Python logger (or of another kind) is asked as before
    return python_logger is None or python_logger.isEnabledFor(level)
