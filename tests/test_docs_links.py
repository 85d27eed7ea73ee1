"""The documentation stands alone: every page it names is in the repository, nothing points
outside it."""

from __future__ import annotations

import re

from touchline.settings import REPO_ROOT

PAGES = [REPO_ROOT / "README.md", *sorted((REPO_ROOT / "docs").glob("*.md"))]


def test_every_docs_page_named_exists() -> None:
    missing = []
    for page in PAGES:
        for name in re.findall(r"\bdocs/[\w./-]+\.(?:md|png)\b", page.read_text()):
            if not (REPO_ROOT / name).exists():
                missing.append(f"{page.name}: {name}")
    assert missing == []


def test_no_page_points_outside_the_repository() -> None:
    outside = []
    for page in PAGES:
        for line_number, line in enumerate(page.read_text().splitlines(), 1):
            if re.search(r"\.\./shared|/work/|of the spec(ification)?\b", line):
                outside.append(f"{page.name}:{line_number}: {line.strip()}")
    assert outside == []


def test_the_dbt_docs_have_a_front_page() -> None:
    import json

    from orchestration.project import touchline_project

    manifest = json.loads(touchline_project().manifest_path.read_text())
    overview = manifest["docs"]["doc.touchline.__overview__"]["block_contents"]
    assert overview.startswith("# Touchline") and "## The layers" in overview and "## Where to start" in overview
