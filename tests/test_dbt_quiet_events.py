"""touchline-dbt builds no line for an event that no logger writes, and writes every other line
as dbt would (touchline.dbt.quiet_events). Each check runs in its own interpreter: the patch is
for the whole process, as in touchline-dbt."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

# Two loggers as in a build (JSON on a stream at info, a text file log at warn) and one at
# debug; each fires a debug event, an info event and a warning, and counts the lines built.
_SCRIPT = textwrap.dedent(
    """
    import io, json, sys
    from dbt_common.events import logger as loggers
    from dbt_common.events.base_types import EventLevel
    from dbt_common.events.event_manager import EventManager
    from dbt_common.events.logger import LineFormat, LoggerConfig
    from dbt_common.events.types import Note

    built = {"json": 0, "text": 0}
    json_line, text_line = loggers._JsonLogger.create_line, loggers._TextLogger.create_line

    def count_json(self, msg):
        built["json"] += 1
        return json_line(self, msg)

    def count_text(self, msg):
        built["text"] += 1
        return text_line(self, msg)

    loggers._JsonLogger.create_line, loggers._TextLogger.create_line = count_json, count_text
    from dbt_common.events import event_manager
    message = event_manager.msg_from_base_event

    def count_message(event, level=None):
        built["message"] = built.get("message", 0) + 1
        return message(event, level=level)

    event_manager.msg_from_base_event = count_message
    if sys.argv[1] == "patched":
        from touchline.dbt import quiet_events
        quiet_events.install()

    streams = {}
    def run(name, levels, callbacks=()):
        manager = EventManager()
        manager.callbacks = list(callbacks)
        for index, (line_format, level) in enumerate(levels):
            streams[(name, index)] = io.StringIO()
            manager.add_logger(LoggerConfig(name=f"{name}_{index}", line_format=line_format, level=level,
                                            output_stream=streams[(name, index)]))
        manager.fire_event(Note(msg="a query"), level=EventLevel.DEBUG)
        manager.fire_event(Note(msg="a node"), level=EventLevel.INFO)
        manager.fire_event(Note(msg="a warning"), level=EventLevel.WARN)

    seen = []
    run("build", [(LineFormat.Json, EventLevel.INFO), (LineFormat.PlainText, EventLevel.WARN)])
    run("debug", [(LineFormat.Json, EventLevel.DEBUG)])
    run("callback", [(LineFormat.Json, EventLevel.INFO)], [lambda msg: seen.append(msg.info.msg)])
    lines = {f"{name}_{index}": [json.loads(line)["data"]["msg"] if line.startswith("{") else line.split("  ", 1)[-1]
                                 for line in stream.getvalue().splitlines()]
             for (name, index), stream in streams.items()}
    print(json.dumps({"built": built, "lines": lines, "callback": seen}))
    """
)


def _run(mode: str) -> dict:
    result = subprocess.run([sys.executable, "-c", _SCRIPT, mode], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_lines_no_logger_writes_are_not_built_and_the_written_ones_are_unchanged():
    dbt, ours = _run("plain"), _run("patched")

    # what each logger wrote, and what a callback saw, is dbt's own
    assert ours["lines"] == dbt["lines"]
    assert ours["callback"] == dbt["callback"] == ["a query", "a node", "a warning"]
    assert ours["lines"]["build_0"] == ["a node", "a warning"]
    assert ours["lines"]["build_1"] == ["a warning"]
    assert ours["lines"]["debug_0"] == ["a query", "a node", "a warning"]
    # dbt builds a line for every event each logger's filter takes, then drops it by level:
    # 3 JSON lines a manager, 7 of the 9 written; the build's text log builds 3, writes 1
    # (and a message for every event: 9)
    assert dbt["built"] == {"json": 9, "text": 3, "message": 9}
    # only the written ones are built now, and no message for the build's debug event
    assert ours["built"] == {"json": 7, "text": 1, "message": 8}
