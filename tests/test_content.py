"""Reading plan sources: the structure editors write becomes focus areas, goals, follow-ups."""

import textwrap
from pathlib import Path

from plansite.config import DEFAULT_STATUSES as STATUSES
from plansite.content import decode, parse_plan
from plansite.errors import Report

PATH = Path("plans/sundhedsplejen/2016.md")


def parse(text: str):
    report = Report()
    plan = parse_plan(PATH, textwrap.dedent(text).lstrip("\n"), STATUSES, "/", report)
    return plan, report


PLAN = """
---
unit: sundhedsplejen
period: 2016/2017
title: Plan 2016-2017
---

Indledningen.

## Sunde børn
id: sunde-boern

Indsatsområdets tekst.

### Flere hjemmebesøg
id: hjemmebesoeg

Målets tekst.

**Dokumentation:** Tælles medio 2016.

- og en liste

Resultat: Fire besøg.

## Opfølgning på 2015

Indledning til opfølgningen.

### Gammelt mål
mål: 2015/gammelt
status: achieved
dato: maj 2016
fortsætter-som: hjemmebesoeg

Det gik godt.
"""


def test_headings_with_id_are_focus_areas_and_goals():
    plan, report = parse(PLAN)
    assert report.errors == []
    assert plan.period.key == "2016-2017"
    assert "Indledningen" in plan.intro_html
    [area] = plan.focus_areas
    assert (area.id, area.title) == ("sunde-boern", "Sunde børn")
    [goal] = area.goals
    assert goal.key == "sundhedsplejen/2016-2017/hjemmebesoeg"
    assert goal.text_html == "<p>Målets tekst.</p>\n"


def test_evidence_and_result_start_at_their_labels():
    plan, _ = parse(PLAN)
    goal = plan.goals[0]
    assert goal.evidence_html.startswith("<p>Tælles medio 2016.</p>")
    assert "<li>og en liste</li>" in goal.evidence_html
    assert "Dokumentation" not in goal.evidence_html
    assert goal.result_html == "<p>Fire besøg.</p>\n"


def test_heading_without_id_holds_follow_up_entries():
    plan, _ = parse(PLAN)
    [part] = plan.follow_up_parts
    assert part.title == "Opfølgning på 2015"
    [entry] = part.entries
    assert (entry.target, entry.status, entry.date.iso) == ("2015/gammelt", "achieved",
                                                            "2016-05")
    assert entry.continued_as == "hjemmebesoeg"
    assert entry.line == 29


def test_goal_without_id_suggests_one():
    _, report = parse(PLAN.replace("id: hjemmebesoeg\n", ""))
    [problem] = report.errors
    assert problem.code == "missing-id"
    assert problem.params["suggestion"] == "flere-hjemmebesoeg"
    assert problem.line == 14


def test_unknown_key_suggests_the_near_one():
    _, report = parse(PLAN.replace("status: achieved", "stauts: achieved"))
    codes = {p.code: p for p in report.errors}
    assert codes["unknown-key"].params["suggestion"] == "status"
    assert codes["unknown-key"].line == 31


def test_unknown_status_is_an_error_on_its_line():
    _, report = parse(PLAN.replace("status: achieved", "status: done"))
    [problem] = report.errors
    assert (problem.code, problem.line) == ("unknown-status", 31)


def test_duplicate_goal_id_names_the_first_line():
    text = PLAN.replace("## Opfølgning på 2015", "### Igen\nid: hjemmebesoeg\n\n## Opf")
    _, report = parse(text)
    [problem] = report.errors
    assert problem.code == "duplicate-goal-id"
    assert problem.params["other"] == 15


def test_unreadable_period_and_date():
    _, report = parse(PLAN.replace("2016/2017", "næste år"))
    assert [p.code for p in report.errors] == ["bad-period"]
    _, report = parse(PLAN.replace("maj 2016", "snart"))
    assert [(p.code, p.line) for p in report.errors] == [("bad-date", 32)]


def test_front_matter_problems():
    _, report = parse("Intet hoved\n")
    assert [p.code for p in report.errors] == ["no-front-matter"]
    _, report = parse("---\nunit: x\n")
    assert [p.code for p in report.errors] == ["front-matter-not-closed"]
    _, report = parse("---\nunit: x\nperiod: 2016\ntitle: [oops\n---\n")
    assert [(p.code, p.line) for p in report.errors] == [("yaml-unclosed-bracket", 4)]


def test_indicator_block_reads_danish_numbers():
    text = PLAN.replace("Resultat: Fire besøg.", textwrap.dedent("""
        ```indikator
        navn: Sygefravær
        enhed: "%"
        basis: "4,26"
        basisår: 2013
        mål: højst 4,26
        værdier:
          2013: "4,26"
          2014: "4,45"
          2015: "1.956,8"
        ```
        """))
    plan, report = parse(text)
    assert report.errors == []
    [indicator] = plan.goals[0].indicators
    assert indicator.baseline == 4.26
    assert indicator.values == ((2013, 4.26), (2014, 4.45), (2015, 1956.8))


def test_decode_handles_bom_crlf_and_reports_bad_bytes():
    report = Report()
    assert decode(PATH, "\ufeff---\r\nunit: x\r\n".encode(), report) == "---\nunit: x\n"
    assert decode(PATH, b"---\nok\nbad \xff byte\n", report) is None
    [problem] = report.errors
    assert (problem.code, problem.line, problem.params["offset"]) == ("not-utf8", 3, 11)


def test_indicator_value_error_points_at_the_year():
    text = PLAN.replace("Resultat: Fire besøg.", "```indikator\nnavn: X\nværdier:\n  2013: 1\n"
                        "  2014: mange\n```")
    _, report = parse(text)
    [problem] = report.errors
    assert (problem.code, problem.line, problem.params["year"]) == ("indicator-value", 27, 2014)


def test_ids_must_be_ascii_slugs_and_the_fix_folds_danish_letters():
    _, report = parse(PLAN.replace("id: hjemmebesoeg", "id: Hjemmebesøg/../x"))
    [problem] = report.errors
    assert (problem.code, problem.params["suggestion"]) == ("bad-id", "hjemmebesoeg-x")
