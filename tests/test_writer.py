"""The writer writes sources as an editor of the site would: in the site's language.

A Danish site's sources are Danish all through (`enhed:`, `mål:`, `status: ikke
vurderet`, `Dokumentation:`); an English site's English. Whatever it writes
reads back as the same plan.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from plansite.config import DEFAULT_STATUSES
from plansite.content import parse_plan
from plansite.errors import Report
from plansite.writer import FocusAreaSource, FollowUpSource, GoalSource, PlanSource, write


def _report() -> PlanSource:
    return PlanSource(
        unit="sundhedsplejen", period="2016", title="Årsberetning: 2016", kind="report",
        published="februar 2017", intro="Året i korte træk.",
        focus_areas=[FocusAreaSource("trivsel", "Trivsel", "Om trivsel.", [
            GoalSource("ro-paa", "Ro på", "Færre afbrydelser.", evidence="Vi måler det.",
                       result="Halvdelen nået.", status="partly", date="december 2016")])],
        follow_up_title="Opfølgning på 2015",
        follow_ups=[
            FollowUpSource("2015/hjemmebesoeg", "Hjemmebesøg", "not-assessed",
                           comment="UDFYLD: skriv status --> og tekst"),
            FollowUpSource("2015/boformer", "Boformer", "continued", date="maj 2016",
                           continued_as="ro-paa", text="Videreføres."),
        ])


def test_a_danish_site_gets_danish_sources():
    text = write(_report(), "da")
    assert text.startswith("---\nenhed: sundhedsplejen\nperiode: 2016\n"
                           "titel: 'Årsberetning: 2016'\ntype: årsberetning\n"
                           "offentliggjort: februar 2017\n---\n")
    assert "### Ro på\nid: ro-paa\nstatus: delvist opfyldt\ndato: december 2016\n" in text
    assert "Dokumentation: Vi måler det." in text and "Resultat: Halvdelen nået." in text
    assert "### Hjemmebesøg\nmål: 2015/hjemmebesoeg\nstatus: ikke vurderet\n" in text
    assert ("mål: 2015/boformer\nstatus: videreført\ndato: maj 2016\n"
            "fortsætter-som: ro-paa\n") in text


def test_an_english_site_gets_english_sources():
    text = write(_report(), "en")
    assert text.startswith("---\nunit: sundhedsplejen\nperiod: 2016\n")
    assert "kind: report\npublished: februar 2017\n" in text
    assert "goal: 2015/boformer\nstatus: continued\ndate: maj 2016\ncontinued-as: ro-paa\n" \
        in text
    assert "Evidence: Vi måler det." in text


def test_a_comment_for_the_editor_cannot_end_early():
    text = write(_report(), "da")
    assert "<!-- UDFYLD: skriv status - -> og tekst -->" in text


@pytest.mark.parametrize("title", ["Ventetid --> under 3 uger", "Ventetid ---> under 3 uger",
                                   "Ventetid --!> under 3 uger", "A <!-- B", "Pil ----> ud"])
def test_no_title_ends_the_comment_it_is_written_into(title):
    from plansite.writer import comment
    written = comment(f"Mål: {title}")
    assert written.startswith("<!-- ") and written.endswith(" -->")
    inner = written[len("<!-- "):-len(" -->")]
    assert "--" not in inner
    assert inner.replace(" ", "").replace("-", "") == f"Mål:{title}".replace(" ", "").replace(
        "-", "")  # nothing of the title is lost


@pytest.mark.parametrize("language", ["da", "en"])
def test_what_the_writer_writes_reads_back_as_the_same_plan(language):
    report = Report()
    plan = parse_plan(Path("2016.md"), write(_report(), language), DEFAULT_STATUSES, "/",
                      report, language)
    assert report.problems == []
    assert plan is not None
    assert (plan.unit, plan.period.key, plan.title, plan.kind) == (
        "sundhedsplejen", "2016", "Årsberetning: 2016", "report")
    [goal] = plan.goals
    assert (goal.id, goal.evidence_md, goal.result_md) == ("ro-paa", "Vi måler det.",
                                                          "Halvdelen nået.")
    assert [(e.target, e.status, e.continued_as) for e in plan.follow_ups] == [
        ("sundhedsplejen/2016/ro-paa", "partly", None),
        ("2015/hjemmebesoeg", "not-assessed", None),
        ("2015/boformer", "continued", "ro-paa")]
