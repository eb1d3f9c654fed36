"""Unfinished work is visible.

`new-plan` writes a follow-up for every goal of the last plan, with status
"ikke vurderet" and a comment that begins `<!-- UDFYLD:`. As long as such a
follow-up is untouched, `check` warns about it. Two follow-ups on one goal in
one file that disagree (and no date says which is newer) are a warning too.
`check --todo` lists what is still to do, plan by plan.
"""

from __future__ import annotations

import datetime as dt

from plansite import todo
from plansite.cli import main
from plansite.diagnostics import human
from plansite.pipeline import load
from tests.conftest import make_content

PLAN_2015 = """\
---
enhed: sundhedsplejen
periode: 2015
titel: Plan 2015
---

## Sundhed
id: sundhed

### Hjemmebesøg
id: hjemmebesoeg

Vi besøger alle familier.

### Boformer
id: boformer

Vi undersøger boformerne.
"""

# 2016 follows up both goals of 2015; the follow-up headings are on lines 17 and 23.
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
status: ikke vurderet

{first}

### Boformer
mål: 2015/boformer
status: opfyldt

Undersøgelsen er lavet.
"""

STUB = "<!-- UDFYLD: Ret status til en af: opfyldt, delvist opfyldt. Slet så denne kommentar. -->"


def _site(tmp_path, first: str = STUB, plan_2016: str = PLAN_2016, **plans: str):
    sources = {"s/2015.md": PLAN_2015, "s/2016.md": plan_2016.replace("{first}", first)}
    sources.update({f"s/{name}.md": text for name, text in plans.items()})
    return load(make_content(tmp_path, sources))


# Untouched follow-ups


def test_new_plan_leaves_one_warning_per_follow_up_until_it_is_filled_in(tmp_path, capsys):
    content = make_content(tmp_path, {"s/2015.md": PLAN_2015})
    assert main(["new-plan", "--content", str(content), "sundhedsplejen", "2016"]) == 0
    written = content / "plans/sundhedsplejen/2016.md"
    loaded = load(content)
    assert loaded.report.errors == []
    warnings = loaded.report.warnings
    assert [p.code for p in warnings] == ["follow-up-not-filled"] * 2
    lines = written.read_text("utf-8").split("\n")
    assert [lines[p.line - 1] for p in warnings] == ["### Hjemmebesøg", "### Boformer"]
    text = human(warnings[0], loaded.catalogue)
    assert "Opfølgningen på '2015/hjemmebesoeg' er ikke udfyldt endnu." in text
    assert "Ret 'status: ikke vurderet' til den status, der passer (opfyldt, " in text

    source = written.read_text("utf-8").replace(
        "status: ikke vurderet", "status: opfyldt", 1)
    written.write_text(source, encoding="utf-8")
    assert [p.line for p in load(content).report.warnings] == [warnings[1].line]


def test_a_follow_up_with_text_is_filled_in_even_if_not_assessed_yet(tmp_path):
    loaded = _site(tmp_path, STUB + "\n\nVi har endnu ikke tal for 2015.")
    assert loaded.report.warnings == []


def test_an_untouched_follow_up_is_a_warning_at_its_heading(tmp_path):
    [problem] = _site(tmp_path).report.warnings
    assert (problem.code, problem.line, problem.severity) == ("follow-up-not-filled", 17,
                                                              "warning")


def test_the_english_marker_is_recognised_too(tmp_path):
    [problem] = _site(tmp_path, "<!-- TODO: Set the status. -->").report.warnings
    assert problem.code == "follow-up-not-filled"


def test_an_editors_own_comment_is_not_a_stub(tmp_path):
    loaded = _site(tmp_path, "<!-- Spørg Lise om tallene. -->")
    assert loaded.report.warnings == []


def test_an_empty_not_assessed_follow_up_is_not_a_stub(tmp_path):
    assert _site(tmp_path, "").report.warnings == []


# Two follow-ups that disagree

# Hjemmebesøg is followed up again at the end of the file (line 29), as achieved.
TWICE = PLAN_2016.replace("status: ikke vurderet", "status: i gang") + """
### Hjemmebesøg igen
mål: 2015/hjemmebesoeg
status: opfyldt

Det lykkedes alligevel.
"""


def test_two_follow_ups_on_a_goal_in_one_file_with_different_statuses(tmp_path):
    loaded = _site(tmp_path, "Vi er i gang.", TWICE)
    [problem] = loaded.report.warnings
    assert (problem.code, problem.line) == ("follow-ups-disagree", 29)
    text = human(problem, loaded.catalogue)
    assert "'opfyldt' her og 'i gang' på linje 17" in text


def test_dated_follow_ups_may_differ_the_date_says_which_is_newer(tmp_path):
    dated = TWICE.replace("status: i gang", "status: i gang\ndato: maj 2016").replace(
        "status: opfyldt\n\nDet", "status: opfyldt\ndato: december 2016\n\nDet")
    assert _site(tmp_path, "Vi er i gang.", dated).report.warnings == []


def test_two_follow_ups_with_the_same_status_agree(tmp_path):
    same = TWICE.replace("status: opfyldt\n\nDet", "status: i gang\n\nDet")
    assert _site(tmp_path, "Vi er i gang.", same).report.warnings == []


# The to-do list

PLAN_2017 = """\
---
enhed: sundhedsplejen
periode: 2017-2018
titel: Plan 2017-2018
---

## Ro
id: ro

### Mere ro
id: mere-ro

Tekst.
"""


def test_goals_of_past_periods_without_follow_up_and_untouched_stubs(tmp_path):
    site = _site(tmp_path, **{"2017-2018": PLAN_2017}).site
    # 2016 has a later plan: its goal ro-paa is due. 2017-2018 is running in 2018.
    [first, second] = todo.todo(site, 2018)
    assert first.plan.key == "sundhedsplejen/2015"
    assert (first.missing, [e.line for e in first.untouched]) == ((), [17])
    assert second.plan.key == "sundhedsplejen/2016"
    assert [g.id for g in second.missing] == ["ro-paa"]
    assert second.next_plan is not None and second.next_plan.key == "sundhedsplejen/2017-2018"


def test_a_period_that_ended_before_this_year_is_due_without_a_later_plan(tmp_path):
    site = _site(tmp_path, "Skrevet.", **{"2017-2018": PLAN_2017}).site
    assert [item.plan.key for item in todo.todo(site, 2018)] == ["sundhedsplejen/2016"]
    [_, latest] = todo.todo(site, 2019)
    assert [g.id for g in latest.missing] == ["mere-ro"]
    assert (latest.next_plan, latest.next_period) == (None, "2019-2020")


def test_nothing_to_do(tmp_path):
    site = _site(tmp_path, "Skrevet.").site
    assert todo.todo(site, 2016) == []


def test_check_todo_lists_it_per_plan_in_danish_and_does_not_fail(tmp_path, capsys):
    loaded = _site(tmp_path)
    plans = loaded.site.plans
    this_year = dt.date.today().year
    assert plans["sundhedsplejen/2016"].period.end < this_year  # so 2016's goal is due
    assert main(["check", "--content", str(tmp_path / "content"), "--todo"]) == 0
    captured = capsys.readouterr()
    out = captured.out
    p2015, p2016 = plans["sundhedsplejen/2015"].path, plans["sundhedsplejen/2016"].path
    assert out.index("Det mangler at blive gjort:") < out.index(f"Plan 2015 ({p2015})") \
        < out.index(f"Plan 2016 ({p2016})")
    assert f"  {p2016}:17: Opfølgningen på '2015/hjemmebesoeg' (Hjemmebesøg) er ikke " \
        "udfyldt." in out
    assert f"  {p2016}:10: Der er ikke fulgt op på målet 'ro-paa' (Ro på)." in out
    assert "python build.py new-plan sundhedsplejen 2017" in out
    assert "I alt: 1 mål uden opfølgning og 1 opfølgninger, der ikke er udfyldt." in out
    assert "follow-up-not-filled" not in captured.err and "ikke udfyldt endnu" not in \
        captured.err  # said once, in the list


def test_check_todo_still_fails_on_errors(tmp_path, capsys):
    _site(tmp_path, plan_2016=PLAN_2016.replace("status: opfyldt", "status: færdig"))
    assert main(["check", "--content", str(tmp_path / "content"), "--todo"]) == 1
    assert "Ukendt status 'færdig'." in capsys.readouterr().err


def test_check_todo_as_github_notices(tmp_path, capsys):
    loaded = _site(tmp_path)
    path = loaded.site.plans["sundhedsplejen/2016"].path
    assert main(["check", "--content", str(tmp_path / "content"), "--todo", "--format",
                 "github"]) == 0
    assert f"::notice file={path},line=17::Opfølgningen på '2015/hjemmebesoeg'" in \
        capsys.readouterr().out
