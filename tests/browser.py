"""Headless Chromium for tests: Debian's `chromium` driven by Playwright (which cannot download
its own browsers here). Network requests other than the page itself are refused and recorded."""

from __future__ import annotations

import os
from pathlib import Path

from tests.pixel_browser import chromium_path
from touchline.settings import REPO_ROOT

# Screenshots and other things a person may want to look at after a test run (gitignored).
ARTIFACTS_DIR = Path(os.environ.get("TOUCHLINE_TEST_ARTIFACTS", REPO_ROOT / "test-artifacts"))


def launch(playwright):
    # --no-sandbox: CI containers run as root, where Chromium's sandbox refuses to start.
    return playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu"])


def refuse_network(page, attempted: list[str]) -> None:
    """The page may read its own file and inline data; anything else is a network request."""

    def handle(route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            attempted.append(url)
            route.abort()

    page.route("**/*", handle)
