"""The slips real editors make end in a correct site or in one clear error at the right line.

Never in a lost goal (its text published inside the goal before it), and never in
a cascade of errors that point away from the mistake. Each case starts from a
correct pair of plans: a plan with three goals, and next year's follow-ups on them.
"""

from __future__ import annotations

import json

import pytest

from plansite.diagnostics import human
from plansite.pipeline import build, load
from tests.conftest import make_content

PLAN_2015 = """\
---
enhed: sundhedsplejen
periode: 2015
titel: Plan 2015
offentliggjort: februar 2015
---

Indledning.

## Sundhed
id: sundhed

### Hjemmebesøg
id: hjemmebesoeg

Vi besøger alle familier.

### Boformer
id: boformer

Vi undersøger boformerne.

### Netværk
id: netvaerk

Vi starter netværksgrupper.
"""

PLAN_2016 = """\
---
enhed: sundhedsplejen
periode: 2016
titel: Plan 2016
---

## Trivsel
id: trivsel

### Ro på
id: ro-paa

Tekst.

## Opfølgning på 2015

### Hjemmebesøg
mål: 2015/hjemmebesoeg
status: opfyldt
dato: 1. februar 2016

Det gik godt.

### Boformer
mål: 2015/boformer
status: Delvist opfyldt
dato: februar 2016

Halvvejs.

### Netværk
mål: 2015/netvaerk
status: videreført
fortsætter-som: ro-paa

Fortsætter.
"""


def _load(tmp_path, plan_2015=PLAN_2015, plan_2016=PLAN_2016):
    return load(make_content(tmp_path, {"sundhedsplejen/2015.md": plan_2015,
                                        "sundhedsplejen/2016.md": plan_2016}))


def _built_goals(tmp_path, plan_2015=PLAN_2015, plan_2016=PLAN_2016):
    content = make_content(tmp_path, {"sundhedsplejen/2015.md": plan_2015,
                                      "sundhedsplejen/2016.md": plan_2016})
    build(content, tmp_path / "site")
    data = json.loads((tmp_path / "site" / "data" / "goals.json").read_text())
    return {goal["id"]: goal for goal in data["goals"]}


def test_the_danish_sources_build_with_every_goal_and_status(tmp_path):
    goals = _built_goals(tmp_path)
    assert set(goals) == {"sundhedsplejen/2015/hjemmebesoeg", "sundhedsplejen/2015/boformer",
                          "sundhedsplejen/2015/netvaerk", "sundhedsplejen/2016/ro-paa"}
    statuses = {key: goal["status"] for key, goal in goals.items()}
    assert statuses["sundhedsplejen/2015/hjemmebesoeg"] == "achieved"  # the data keeps English
    assert statuses["sundhedsplejen/2015/boformer"] == "partly"
    assert statuses["sundhedsplejen/2015/netvaerk"] == "continued"


READ_AS_MEANT = [
    ("no space after ###", "### Boformer", "###Boformer"),
    ("non-breaking space after ###", "### Boformer", "###\u00a0Boformer"),
    ("zero-width space in the id line", "id: boformer", "id:\u200b boformer"),
    ("capitalised key", "id: boformer", "Id: boformer"),
    ("key line followed by text without a blank line", "id: boformer\n\n", "id: boformer\n"),
]


@pytest.mark.parametrize(("name", "old", "new"), READ_AS_MEANT,
                         ids=[case[0] for case in READ_AS_MEANT])
def test_slips_read_as_the_editor_meant(tmp_path, name, old, new):
    assert old in PLAN_2015
    goals = _built_goals(tmp_path, PLAN_2015.replace(old, new, 1))
    assert "sundhedsplejen/2015/boformer" in goals
    assert goals["sundhedsplejen/2015/boformer"]["title"] == "Boformer"
    assert len(goals) == 4
    page = (tmp_path / "site" / "sundhedsplejen" / "2015" / "hjemmebesoeg" / "index.html")
    assert "boformer" not in page.read_text()  # not body text of the goal before


def test_a_goal_heading_with_four_hashes_is_placed_as_a_goal_and_warned_about(tmp_path):
    loaded = _load(tmp_path, PLAN_2015.replace("### Boformer", "#### Boformer"))
    assert not loaded.report.errors
    assert [(p.code, p.line) for p in loaded.report.warnings] == [("heading-level-read", 18)]
    assert "sundhedsplejen/2015/boformer" in loaded.site.goals


ONE_ERROR = [
    # (name, which plan, old, new, code, line, Danish text in the message)
    ("one # before a goal", 2015, "### Boformer", "# Boformer", "heading-level", 18,
     "Skriv '### Boformer'"),
    ("id line after the goal's text", 2015, "id: netvaerk\n\nVi starter netværksgrupper.",
     "Vi starter netværksgrupper.\n\nid: netvaerk", "stray-key-line", 26,
     "hører ikke til en overskrift"),
    ("id line removed", 2015, "id: boformer\n", "", "missing-id", 18, "id: boformer"),
    ("key with a space", 2016, "fortsætter-som: ro-paa", "fortsætter som: ro-paa",
     "unknown-key", 34, "Mente du 'fortsætter-som'?"),
    ("misspelt head key", 2015, "titel: Plan 2015", "tittel: Plan 2015", "unknown-key", 4,
     "Mente du 'titel'?"),
    ("status word misspelt", 2016, "status: opfyldt", "status: opfyld", "unknown-status", 19,
     "Mente du 'opfyldt'?"),
    ("tab before a head key", 2015, "periode: 2015", "\tperiode: 2015", "yaml-tab", 3,
     "tabulatortegn"),
    ("colon in the title", 2015, "titel: Plan 2015", "titel: Plan: 2015", "yaml-colon-in-value",
     4, "anførselstegn"),
    ("head key without colon", 2015, "titel: Plan 2015", "titel Plan 2015",
     "yaml-missing-colon", 4, "mangler et kolon"),
    ("unreadable head", 2015, "periode: 2015", "periode: [2015", "yaml-unclosed-bracket", 3,
     "aldrig lukket"),
]


@pytest.mark.parametrize(("name", "year", "old", "new", "code", "line", "text"), ONE_ERROR,
                         ids=[case[0] for case in ONE_ERROR])
def test_a_slip_gives_one_error_at_its_line(tmp_path, name, year, old, new, code, line, text):
    plans = {2015: PLAN_2015, 2016: PLAN_2016}
    assert old in plans[year]
    plans[year] = plans[year].replace(old, new, 1)
    loaded = _load(tmp_path, plans[2015], plans[2016])
    errors = loaded.report.errors
    if code == "yaml-unclosed-bracket" or code.startswith("yaml-"):
        # the head cannot be read: the follow-ups into it are reported once, not one by one
        assert [p.code for p in errors].count("target-has-errors") <= 1
        errors = [p for p in errors if p.code != "target-has-errors"]
    assert [(p.code, p.path.name, p.line) for p in errors] == [(code, f"{year}.md", line)]
    message = human(errors[0], loaded.catalogue)
    assert text in message
    assert "Traceback" not in message and "{" not in message


def test_english_parser_words_never_reach_the_editor(tmp_path):
    for broken in ("titel: 'Plan 2015", "titel: @plan", "titel: {x", "titel: 'a' b"):
        loaded = _load(tmp_path / str(hash(broken)), PLAN_2015.replace("titel: Plan 2015",
                                                                        broken))
        for problem in loaded.report.errors:
            message = human(problem, loaded.catalogue)
            for english in ("expected", "scanning", "found", "mapping", "token"):
                assert english not in message, message


def test_a_non_breaking_space_in_the_head_is_named_at_its_line_and_column(tmp_path):
    loaded = _load(tmp_path, PLAN_2015.replace("periode: 2015", "periode:\u00a02015"))
    assert not loaded.report.errors
    assert [(p.code, p.line, p.column) for p in loaded.report.warnings] == [("yaml-nbsp", 3, 9)]
    assert "sundhedsplejen/2015/boformer" in loaded.site.goals


def test_a_follow_up_into_a_plan_that_cannot_be_read_is_reported_once(tmp_path):
    broken = PLAN_2015.replace("periode: 2015", "periode: tyvefemten")
    loaded = _load(tmp_path, broken)
    codes = [(p.code, p.path.name) for p in loaded.report.errors]
    assert codes == [("bad-period", "2015.md"), ("target-has-errors", "2016.md")]
    message = human(loaded.report.errors[1], loaded.catalogue)
    assert "2015.md har fejl – ret dem først" in message


def test_an_error_in_the_head_does_not_hide_the_errors_below_it(tmp_path):
    broken = PLAN_2015.replace("periode: 2015", "periode: tyvefemten") \
        .replace("id: netvaerk", "id: Netværk")
    loaded = _load(tmp_path, broken)
    assert {p.code for p in loaded.report.errors if p.path.name == "2015.md"} == \
        {"bad-period", "bad-id"}


@pytest.mark.parametrize("date", ["2016-02-01", "1. februar 2016", "februar 2016", "2016",
                                  "medio 2016"])
def test_every_date_field_takes_one_grammar(tmp_path, date):
    plan = PLAN_2015.replace("offentliggjort: februar 2015", f"offentliggjort: {date}")
    follow_ups = PLAN_2016.replace("dato: februar 2016", f"dato: {date}")
    loaded = _load(tmp_path, plan, follow_ups)
    assert not loaded.report.errors


def test_english_keys_keep_building(tmp_path):
    english = PLAN_2015.replace("enhed:", "unit:").replace("periode:", "period:") \
        .replace("titel:", "title:").replace("offentliggjort:", "published:")
    follow_ups = PLAN_2016.replace("status: opfyldt", "status: achieved")
    assert len(_built_goals(tmp_path, english, follow_ups)) == 4


def test_the_same_head_key_in_both_languages_is_reported(tmp_path):
    doubled = PLAN_2015.replace("titel: Plan 2015", "titel: Plan 2015\ntitle: Plan")
    loaded = _load(tmp_path, doubled)
    assert [(p.code, p.line) for p in loaded.report.errors] == [("duplicate-key", 5)]


def test_the_build_counts_goals_from_the_text_not_from_the_parser(tmp_path, monkeypatch):
    """Were the parser to drop a goal without a word, the build would stop, not publish."""
    from plansite import structure
    from plansite.pipeline import LostContent

    original = structure.PlanBuilder._goal

    def forgetful(self, section, area_id, seen):
        goal = original(self, section, area_id, seen)
        return None if goal is not None and goal.id == "boformer" else goal

    monkeypatch.setattr(structure.PlanBuilder, "_goal", forgetful)
    monkeypatch.setenv("PLANSITE_WORKERS", "1")
    content = make_content(tmp_path, {"sundhedsplejen/2015.md": PLAN_2015})
    with pytest.raises(LostContent, match="goals in text"):
        build(content, tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_a_goal_copied_with_its_id_is_one_error_not_a_crash(tmp_path):
    copied = PLAN_2015.replace("### Netværk\nid: netvaerk", "### Netværk\nid: boformer")
    loaded = _load(tmp_path, copied)
    assert [(p.code, p.line) for p in loaded.report.errors] == [("duplicate-goal-id", 24)]


def test_a_tab_in_site_yaml_is_named_too(tmp_path):
    from tests.conftest import SITE_YAML

    content = make_content(tmp_path, {"sundhedsplejen/2015.md": PLAN_2015},
                           site="\t" + SITE_YAML)
    loaded = load(content)
    [problem] = [p for p in loaded.report.errors if p.code == "yaml-tab"]
    assert (problem.path.name, problem.line, problem.column) == ("site.yaml", 1, 1)
    assert "kolonne 1" in human(problem, loaded.catalogue)
