"""Shared helpers: fixture sites on disk and small sites written from strings."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DEMO = ROOT / "content"

SITE_YAML = "title: Testplaner\npublisher: Testkommune\n"
UNITS_YAML = "sundhedsplejen:\n  name: Sundhedsplejen\n  level: unit\n"

# Two small plans of one unit: 2016 follows up the 2015 goal (the mål line is line 18).
PLAN_2015 = """\
---
unit: sundhedsplejen
period: 2015
title: Plan 2015
---

## Sundhed
id: sundhed

### Hjemmebesøg
id: hjemmebesoeg

Tekst.
"""

PLAN_2016 = """\
---
unit: sundhedsplejen
period: 2016
title: Plan 2016
---

## Trivsel
id: trivsel

### Ro på
id: ro-paa

Tekst.

## Opfølgning

### Hjemmebesøg
mål: 2015/hjemmebesoeg
status: achieved
dato: maj 2016

Det gik godt.
"""


def make_content(root: Path, plans: dict[str, str], site: str = SITE_YAML,
                 units: str = UNITS_YAML) -> Path:
    """Write a content folder: plans maps "unit/period.md" to source text."""
    content = root / "content"
    (content / "plans").mkdir(parents=True)
    (content / "site.yaml").write_text(site, encoding="utf-8")
    (content / "units.yaml").write_text(units, encoding="utf-8")
    for name, text in plans.items():
        path = content / "plans" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return content


@pytest.fixture
def fixture_site(tmp_path: Path):
    """Copy a named fixture site to a temporary folder and return its path."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(FIXTURES / name, target)
        return target

    return copy


def _hypothesis_profiles() -> None:
    """Profiles: default (quick), ci (2,000 examples), nightly (20,000).

    Choose with HYPOTHESIS_PROFILE=ci or pytest --hypothesis-profile=ci.
    """
    import os

    from hypothesis import HealthCheck, settings

    common = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
    settings.register_profile("default", max_examples=150, **common)
    settings.register_profile("ci", max_examples=2000, **common)
    settings.register_profile("nightly", max_examples=20000, **common)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


_hypothesis_profiles()
