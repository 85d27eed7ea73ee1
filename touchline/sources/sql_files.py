"""The loader's SQL kept as .sql files (touchline/sources/sql/), read once and filled in.

A query names what it needs from Python as `{{name}}` (a pattern, the run's date window, a
type); `sql_text` substitutes every one and refuses a query with a name left unfilled or a
value it was not asked for, so a renamed placeholder fails loudly instead of running.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


@cache
def _template(name: str) -> str:
    return files("touchline.sources").joinpath("sql", f"{name}.sql").read_text(encoding="utf-8")


def sql_text(name: str, **values: object) -> str:
    """The query in sql/<name>.sql with each `{{key}}` replaced by str(values[key])."""
    template = _template(name)
    wanted = set(_PLACEHOLDER.findall(template))
    if wanted != set(values):
        raise KeyError(f"{name}.sql wants {sorted(wanted)}, given {sorted(values)}")
    return _PLACEHOLDER.sub(lambda match: str(values[match.group(1)]), template)
