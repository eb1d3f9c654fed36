"""The demo's open data is pinned byte for byte: goals.json, goals.csv and priorities.json.

Re-users (journalists, the municipality's own dashboards) read these files, so
a changed column, order, date format or escaping is a change to a public
format. When it is meant, rewrite the golden files and review the diff:

    PLANSITE_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from plansite.pipeline import build
from tests.conftest import DEMO

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("PLANSITE_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("golden") / "site"
    build(DEMO, out)
    return out


@pytest.mark.parametrize("name", ["goals.json", "goals.csv", "priorities.json"])
def test_demo_open_data_matches_the_golden_file(demo_site, name):
    built = (demo_site / "data" / name).read_bytes()
    golden = GOLDEN / name
    if UPDATE:
        golden.write_bytes(built)
        return
    expected = golden.read_bytes()
    if built == expected:
        return
    diff = "".join(list(difflib.unified_diff(
        expected.decode("utf-8").splitlines(keepends=True),
        built.decode("utf-8").splitlines(keepends=True),
        f"tests/golden/{name}", f"data/{name} (built now)", n=0))[:40])
    pytest.fail(f"data/{name} of the demo differs from tests/golden/{name}.\n"
                f"If the change is meant, update the golden file and review its diff:\n"
                f"  PLANSITE_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py\n"
                f"{diff}", pytrace=False)
