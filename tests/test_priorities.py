"""Shared themes: declared once in priorities.yaml, carried by focus areas across units.

A focus area says `tema: leve-godt`, or `viderefører: forvaltning/2016/sundhed` for
the focus area of its parent unit's plan that it carries on, and then inherits
that one's theme.
"""

from __future__ import annotations

from plansite.diagnostics import human
from plansite.pipeline import load
from tests.conftest import make_content

UNITS = """\
forvaltning:
  name: Forvaltningen
  level: administration
social:
  name: Social & Familie
  level: department
  parent: forvaltning
skole:
  name: Skoleafdelingen
  level: department
  parent: forvaltning
"""

PRIORITIES = """\
leve-godt:
  navn: Flere borgere skal leve godt og længe
  beskrivelse: Et af Direktørforums indsatsområder.
  fastsat-af: Direktørforum
  perioder: [2016-2017]
  undertemaer:
    faellesskab:
      navn: Mennesker i fællesskab
boern:
  navn: Vores børn skal rustes til fremtiden
"""


def _plan(unit: str, period: str, area_keys: str) -> str:
    return f"""\
---
enhed: {unit}
periode: {period}
titel: Plan {period}
---

## Sundhed
id: sundhed
{area_keys}

### Et mål
id: et-maal

Tekst.
"""


def _load(tmp_path, social_keys="tema: leve-godt", skole_keys="tema: boern",
          priorities=PRIORITIES, forvaltning_keys="tema: faellesskab"):
    content = make_content(tmp_path, {
        "forvaltning/2016-2017.md": _plan("forvaltning", "2016-2017", forvaltning_keys),
        "social/2016-2017.md": _plan("social", "2016-2017", social_keys),
        "skole/2016-2017.md": _plan("skole", "2016-2017", skole_keys),
    }, units=UNITS)
    if priorities is not None:
        (content / "priorities.yaml").write_text(priorities, encoding="utf-8")
    return load(content)


def test_themes_are_read_with_their_sub_themes(tmp_path):
    loaded = _load(tmp_path)
    assert not loaded.report.errors
    themes = loaded.site.priorities
    assert list(themes) == ["leve-godt", "faellesskab", "boern"]
    assert themes["faellesskab"].parent == "leve-godt"
    assert themes["leve-godt"].set_by == "Direktørforum"
    assert [p.key for p in themes["leve-godt"].periods] == ["2016-2017"]


def test_a_focus_area_carries_its_theme(tmp_path):
    areas = _load(tmp_path).site.focus_areas
    assert areas["social/2016-2017/sundhed"].priority == "leve-godt"
    assert areas["skole/2016-2017/sundhed"].priority == "boern"


def test_carrying_on_a_parent_units_focus_area_inherits_its_theme(tmp_path):
    loaded = _load(tmp_path, social_keys="viderefører: forvaltning/2016-2017/sundhed")
    assert not loaded.report.errors
    area = loaded.site.focus_areas["social/2016-2017/sundhed"]
    assert (area.carries, area.priority) == ("forvaltning/2016-2017/sundhed", "faellesskab")
    plan_area = loaded.site.plans["social/2016-2017"].focus_areas[0]
    assert plan_area.priority == "faellesskab"  # the plan shows the same area


def test_an_unknown_theme_is_an_error_with_the_nearest(tmp_path):
    loaded = _load(tmp_path, social_keys="tema: leve-god")
    [problem] = loaded.report.errors
    assert (problem.code, problem.path.name, problem.line) == ("unknown-priority",
                                                               "2016-2017.md", 9)
    assert "Mente du 'leve-godt'?" in human(problem, loaded.catalogue)


def test_an_unknown_carried_focus_area_is_an_error_with_the_nearest(tmp_path):
    loaded = _load(tmp_path, social_keys="viderefører: forvaltning/2016-2017/sundhd")
    [problem] = loaded.report.errors
    assert problem.code == "unknown-carried-area"
    assert "forvaltning/2016-2017/sundhed" in human(problem, loaded.catalogue)


def test_a_carried_focus_area_must_belong_to_a_unit_above(tmp_path):
    loaded = _load(tmp_path, social_keys="viderefører: skole/2016-2017/sundhed")
    assert [p.code for p in loaded.report.errors] == ["carries-not-parent"]


def test_a_theme_outside_its_periods_is_a_warning(tmp_path):
    content_priorities = PRIORITIES.replace("perioder: [2016-2017]", "perioder: [2012]")
    loaded = _load(tmp_path, priorities=content_priorities)
    assert not loaded.report.errors
    assert [p.code for p in loaded.report.warnings
            if p.code == "priority-period"] == ["priority-period"]


def test_a_site_without_priorities_yaml_needs_none(tmp_path):
    loaded = _load(tmp_path, social_keys="", skole_keys="", forvaltning_keys="",
                   priorities=None)
    assert not loaded.report.errors
    assert loaded.site.priorities == {}


def test_bad_priorities_yaml_is_reported_at_its_line(tmp_path):
    loaded = _load(tmp_path, priorities=PRIORITIES.replace("  navn: Vores", "  nvn: Vores"))
    problems = [(p.code, p.path.name, p.line) for p in loaded.report.errors]
    assert problems == [("unknown-key", "priorities.yaml", 10)]  # not "navn missing" too
