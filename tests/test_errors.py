"""Every kind of editor mistake gets a message naming file, line and the fix.

A table of broken inputs → expected message code, file, line and Danish text,
checked through the same formatting the command line uses.
"""

from __future__ import annotations

import pytest

from plansite.diagnostics import human
from plansite.pipeline import load
from tests.conftest import PLAN_2015 as GOOD_2015
from tests.conftest import PLAN_2016 as GOOD_2016
from tests.conftest import UNITS_YAML, make_content

CASES = [
    # (name, file to break, old, new, code, line, Danish text in the message)
    ("malformed-yaml", "2016.md", "title: Plan 2016", "title: Plan: 2016 [udkast",
     "yaml-colon-in-value", 4, "Sæt værdien i anførselstegn"),
    ("unknown-key", "2016.md", "dato: maj 2016", "daot: maj 2016", "unknown-key", 20,
     "Mente du 'dato'?"),
    ("missing-id", "2016.md", "id: ro-paa\n", "", "missing-id", 10, "id: ro-paa"),
    ("focus-area-without-id", "2016.md", "id: trivsel\n", "", "missing-id", 7,
     "id: trivsel"),
    ("duplicate-id", "2016.md", "id: ro-paa", "id: trivsel", "duplicate-goal-id", 11,
     "allerede brugt i planen (linje 8)"),
    ("missing-goal", "2016.md", "2015/hjemmebesoeg", "2015/hjemmebesog", "unknown-goal", 18,
     "sundhedsplejen/2015/hjemmebesoeg"),
    ("unknown-status", "2016.md", "status: achieved", "status: opfyld", "unknown-status", 19,
     "Mente du 'opfyldt'?"),
    ("bad-period", "2016.md", "period: 2016", "period: 2016-2015", "bad-period", 3,
     "Skriv et år (2016) eller et spænd (2016-2017)"),
    ("duplicate-plan", "2016.md", "period: 2016", "period: 2015", "duplicate-plan", 2,
     "Der er allerede en plan for sundhedsplejen i 2015"),
    ("undefined-unit", "2016.md", "unit: sundhedsplejen", "unit: sundhedspleje",
     "unknown-unit", 2, "Mente du 'sundhedsplejen'?"),
    ("bad-date", "2016.md", "dato: maj 2016", "dato: til sommer", "bad-date", 20,
     "2016-01-15, 15. januar 2016, januar 2016 eller 2016"),
    ("front-matter-open", "2016.md", "---\n\n## Trivsel", "\n## Trivsel",
     "front-matter-not-closed", 1, "Tilføj en linje med ---"),
    # issue 10: nothing an editor types is silently lost, one error per mistake
    ("id-line-below-the-text", "2016.md", "id: ro-paa\n\nTekst.", "Tekst.\n\nid: ro-paa",
     "stray-key-line", 13, "hører ikke til en overskrift"),
    ("goal-with-one-hash", "2016.md", "### Ro på", "# Ro på", "heading-level", 10,
     "Skriv '### Ro på'"),
    ("key-with-a-space", "2016.md", "dato: maj 2016", "fortsætter som: 2016/ro-paa",
     "unknown-key", 20, "Mente du 'fortsætter-som'?"),
    ("misspelt-head-key", "2016.md", "title: Plan 2016", "tittel: Plan 2016", "unknown-key", 4,
     "Mente du 'titel'?"),
    ("tab-in-the-head", "2016.md", "period: 2016", "\tperiod: 2016", "yaml-tab", 3,
     "tabulatortegn"),
    ("colon-in-a-head-value", "2016.md", "title: Plan 2016", "title: Plan: 2016",
     "yaml-colon-in-value", 4, "anførselstegn"),
    ("date-that-does-not-exist", "2016.md", "dato: maj 2016", "dato: 2016-13-01", "bad-date",
     20, "2016-01-15, 15. januar 2016"),
]


@pytest.mark.parametrize(("name", "file", "old", "new", "code", "line", "text"), CASES,
                         ids=[case[0] for case in CASES])
def test_broken_source_reports_file_line_and_fix(tmp_path, name, file, old, new, code, line,
                                                 text):
    sources = {"sundhedsplejen/2015.md": GOOD_2015, "sundhedsplejen/2016.md": GOOD_2016}
    key = f"sundhedsplejen/{file}"
    assert old in sources[key]
    sources[key] = sources[key].replace(old, new, 1)
    loaded = load(make_content(tmp_path, sources))
    problems = [p for p in loaded.report.errors if p.code == code]
    assert problems, [p.code for p in loaded.report.errors]
    problem = problems[0]
    assert problem.path.name == file
    assert problem.line == line
    message = human(problem, loaded.catalogue)
    assert f"{file}:{line}:" in message
    assert text in message


def test_focus_area_without_id_is_reported_once(tmp_path):
    broken = PLAN_2016_TWO_GOALS.replace("id: trivsel\n", "")
    loaded = load(make_content(tmp_path, {"sundhedsplejen/2015.md": GOOD_2015,
                                          "sundhedsplejen/2016.md": broken}))
    assert [(p.code, p.line) for p in loaded.report.errors] == [("missing-id", 7)]


PLAN_2016_TWO_GOALS = GOOD_2016.replace(
    "Tekst.\n", "Tekst.\n\n### Mere ro\nid: mere-ro\n\nTekst.\n", 1)


def test_all_errors_of_a_build_are_reported_together(tmp_path):
    broken = GOOD_2016.replace("status: achieved", "status: x").replace("id: ro-paa", "id: Ro")
    loaded = load(make_content(tmp_path, {"sundhedsplejen/2015.md": GOOD_2015,
                                          "sundhedsplejen/2016.md": broken}))
    assert {p.code for p in loaded.report.errors} == {"unknown-status", "bad-id"}


def test_unknown_unit_key_in_units_yaml(tmp_path):
    units = UNITS_YAML + "  colour: blå\n"
    loaded = load(make_content(tmp_path, {}, units=units))
    [problem] = loaded.report.errors
    assert (problem.code, problem.line, problem.path.name) == ("unknown-key", 4, "units.yaml")


def test_messages_follow_the_site_language(tmp_path):
    site = "title: Plans\npublisher: Test\nlanguage: en\n"
    broken = GOOD_2016.replace("status: achieved", "status: done")
    loaded = load(make_content(tmp_path, {"sundhedsplejen/2015.md": GOOD_2015,
                                          "sundhedsplejen/2016.md": broken}, site=site))
    [problem] = loaded.report.errors
    assert "Unknown status 'done'." in human(problem, loaded.catalogue)
    assert "achieved, partly, not-achieved" in human(problem, loaded.catalogue)


def test_warnings_do_not_stop_the_build(tmp_path):
    plan_2017 = GOOD_2016.replace("2016", "2018").replace(
        "mål: 2015/hjemmebesoeg", "mål: 2015/hjemmebesoeg\nfortsætter-som: ro-paa").replace(
        "Det gik godt.", "Se [planen](/sundhedsplejen/2014/).")
    loaded = load(make_content(tmp_path, {"sundhedsplejen/2015.md": GOOD_2015,
                                          "sundhedsplejen/2018.md": plan_2017}))
    assert loaded.report.errors == []
    codes = sorted(p.code for p in loaded.report.warnings)
    assert codes == ["broken-link", "chain-skips-period"]


def test_follow_up_written_with_id_instead_of_goal_reference(tmp_path):
    broken = GOOD_2016 + "\n### Delt ledelse\nid: ledermoeder\nstatus: achieved\n\nGjort.\n"
    loaded = load(make_content(tmp_path, {"sundhedsplejen/2015.md": GOOD_2015,
                                          "sundhedsplejen/2016.md": broken}))
    [problem] = loaded.report.errors
    assert (problem.code, problem.line) == ("goal-in-follow-up-part", 24)
    assert "mål: periode/id" in human(problem, loaded.catalogue)
