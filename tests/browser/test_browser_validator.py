"""The whole built site passes the Nu HTML checker (vnu.jar, from npm vnu-jar).

One Java run checks every HTML file of the output (Java start-up is a few seconds).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest


def test_every_page_is_valid_html(vnu_command: list[str], site_dir: Path) -> None:
    pages = list(site_dir.rglob("*.html"))
    assert pages, f"the built site in {site_dir} has no HTML files"
    result = subprocess.run(
        [*vnu_command, "--errors-only", "--skip-non-html", str(site_dir)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    if result.returncode != 0:
        output = (result.stdout + result.stderr).replace(f"file:{site_dir}", "")
        output = output.replace(str(site_dir), "")
        pytest.fail(
            f"the Nu HTML checker found errors in the built site "
            f"({len(pages)} HTML files checked, exit code {result.returncode}):\n{output}",
            pytrace=False,
        )
