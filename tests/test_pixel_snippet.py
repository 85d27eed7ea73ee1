"""The served snippet: its size budget, its minifier and the parameters it tracks."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess

import pytest

from touchline.classification.click_ids import CLICK_ID_PARAMETERS
from touchline.pixel.snippet import TRACKED_PARAMETERS, minify, snippet_bytes, snippet_gzip


def test_the_served_snippet_is_at_most_3_kb_gzipped() -> None:
    assert len(snippet_gzip()) <= 3 * 1024
    assert gzip.decompress(snippet_gzip()) == snippet_bytes()


def test_the_snippet_tracks_the_utm_fields_and_the_registry_click_ids() -> None:
    served = snippet_bytes().decode()
    [params] = re.findall(r"var PARAMS = (\[.*?\]);", served)
    assert json.loads(params) == list(TRACKED_PARAMETERS)
    assert set(CLICK_ID_PARAMETERS) <= set(TRACKED_PARAMETERS) and len(CLICK_ID_PARAMETERS) == 12
    assert "__PARAMS__" not in served


def test_minify_drops_comment_lines_and_indentation_only() -> None:
    source = "// header\n(function () {\n  // why\n  var u = 'https://x.example/e'; // kept: not a whole-line comment\n\n  f(u);\n})();\n"
    assert (
        minify(source)
        == "(function () {\nvar u = 'https://x.example/e'; // kept: not a whole-line comment\nf(u);\n})();\n"
    )


def test_the_served_snippet_has_no_comment_lines_and_parses() -> None:
    served = snippet_bytes().decode()
    assert not [line for line in served.splitlines() if line.startswith("//")]
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed; the browser tests run the snippet anyway")
    result = subprocess.run([node, "--check", "-"], input=served, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_touchline_pixel_prints_install_code_for_the_collector(capsys) -> None:
    from touchline.cli import main

    assert main(["pixel", "html", "--collector", "https://collect.shop.example.com/"]) == 0
    html = capsys.readouterr().out
    assert '<script async src="https://collect.shop.example.com/t.js"></script>' in html
    assert "window.touchline.q" in html
    assert main(["pixel", "shopify", "--collector", "https://collect.shop.example.com"]) == 0
    shopify = capsys.readouterr().out
    assert 'const TL_ENDPOINT = "https://collect.shop.example.com/e";' in shopify
    assert "analytics.subscribe('checkout_completed'" in shopify and "__PARAMS__" not in shopify
    assert main(["pixel", "shopify", "--collector", "collect.shop.example.com"]) == 2
    assert "--collector" in capsys.readouterr().err
