"""The real plans in ../shared/seeds import, build and keep every word.

Seed 002 (Albertslund, Virksomhedsplan 2016-2017) gives the plan with all its goals
under its four focus areas and the 2015 plan with its eleven follow-ups; seed 000
(Aalborg, Mål og Strategier 2012) gives the 2012 goals per unit; seed 001 (Aalborg,
Årsberetning 2014) is an annual report that follows up its own goals. These tests skip
only when ../shared is absent.
"""

from __future__ import annotations

import pytest

from plansite.importer import import_file
from plansite.writer import write
from tests.test_importer_support import SEEDS, builds, missing_words, run, site

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent")

SEED_PLANS = {"000": ("000_a05f35fff90263ee.txt", "socialafdelingen"),
              "001": ("001_71e20f666aa113c0.txt", "fbf"),
              "002": ("002_25e85268d17e29d5.txt", "social-familie")}


def _import(seed: str):
    name, unit = SEED_PLANS[seed]
    return import_file(SEEDS / name, unit)


def test_seed_002_gives_the_plan_under_its_four_focus_areas():
    plan = _import("002").converted.plan
    assert (plan.unit, plan.period, plan.kind) == ("social-familie", "2016-2017", "plan")
    assert plan.title == "Virksomhedsplan for Social & Familie 2016-2017"
    assert [(area.title, len(area.goals)) for area in plan.focus_areas] == [
        ("Flere borgere skal leve godt og længe", 3),
        ("Vores børn skal rustes til fremtiden", 4),
        ("Organisationen skal tilpasses til en ny virkelighed", 5),
        ("Økonomisk og faglig styring", 5)]
    text = (SEEDS / SEED_PLANS["002"][0]).read_text("utf-8")
    plan_part = text[: text.index("## Opfølgning")]
    assert sum(len(area.goals) for area in plan.focus_areas) == plan_part.count("**Mål:**")
    assert all(goal.evidence for area in plan.focus_areas for goal in area.goals)


def test_seed_002_gives_the_2015_goals_with_their_eleven_follow_ups():
    converted = _import("002").converted
    [earlier] = converted.earlier
    assert (earlier.period, earlier.title) == ("2015", "Virksomhedsplan for Social & Familie 2015")
    assert [(area.title, len(area.goals)) for area in earlier.focus_areas] == [
        ("Bo i Albertslund", 3), ("Godt i gang", 3), ("Udvikling af social & Familie", 5)]
    goals = [f"2015/{goal.id}" for area in earlier.focus_areas for goal in area.goals]
    follow_ups = converted.plan.follow_ups
    assert len(follow_ups) == 11
    assert [entry.goal for entry in follow_ups] == goals  # one each, in order
    assert [entry.status for entry in follow_ups] == [
        "continued", "in-progress", "continued", "continued", "dropped", "not-assessed",
        "not-assessed", "continued", "not-achieved", "not-achieved", "not-assessed"]
    assert follow_ups[2].comment.startswith(
        "Status sat af importen ud fra teksten: \"Målet kommer til at indgå i "
        "virksomhedsplanen for 2016-2017")


def test_seed_000_gives_the_2012_goals_per_unit():
    imported = _import("000")
    plan = imported.converted.plan
    assert (plan.period, plan.title) == ("2012", "Plan for Socialafdelingen 2012")
    assert [(area.title, len(area.goals)) for area in plan.focus_areas] == [
        ("Socialområder og socialcentre", 4), ("Familiegrupper", 5),
        ("Center for Misbrug og Socialt Udsatte (CMU)", 3),
        ("Mål og Strategier i 2012 for it, ledere og medarbejdere", 12)]
    assert plan.focus_areas[1].goals[0].title == \
        "Styrke faglig udvikling og styring af indsatser til børn og unge med …"
    assert plan.focus_areas[1].goals[0].text == \
        "Styrke faglig udvikling og styring af indsatser til børn og unge med særlige behov"
    assert len(imported.layout.repeats) == 12  # the department's list repeats the units'


def test_seed_001_is_an_annual_report_following_up_its_own_goals():
    imported = _import("001")
    plan = imported.converted.plan
    assert (plan.kind, plan.period) == ("report", "2014")
    assert [area.title for area in plan.focus_areas] == [
        "Borgerinddragelse", "Sundhed og trivsel", "Sundhed og trivsel for medarbejderne",
        "Tværfaglig, forebyggende og helhedsorienteret indsats", "Professionel ledelse",
        "Innovation og digitalisering", "Kvalitet og faglighed i ydelserne"]
    goals = [goal for area in plan.focus_areas for goal in area.goals]
    assert len(goals) == 59 and all(goal.result and goal.date == "2014" for goal in goals)
    sick_leave = plan.focus_areas[2].goals[0]
    assert (sick_leave.status, sick_leave.comment) == (
        "not-achieved", "Status sat af importen ud fra teksten: \"Målet er således ikke "
                        "opfyldt\". Tjek den.")
    assert "4,45 %" in sick_leave.result
    assert imported.layout.themes == [
        "Borgerinddragelse", "Sundhed og trivsel",
        "Tværfaglig, forebyggende og helhedsorienteret indsats", "Professionel ledelse",
        "Innovation og digitalisering", "Kvalitet og faglighed i ydelserne"]


@pytest.mark.parametrize("seed", sorted(SEED_PLANS))
def test_every_word_of_a_seed_is_in_the_sources(seed):
    imported = _import(seed)
    written = "\n".join(write(source) for source in imported.sources)
    source = (SEEDS / SEED_PLANS[seed][0]).read_text("utf-8")
    assert missing_words(source, written, [f.text for f in imported.document.furniture]) == set()


def test_the_seeds_import_together_build_and_reimport_byte_for_byte(tmp_path, capsys):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    sites = [site(tmp_path / "a"), site(tmp_path / "b")]
    for content in sites:
        for name, unit in SEED_PLANS.values():
            assert run(content, SEEDS / name, unit) == 0
    out = capsys.readouterr().out
    assert out.count("Resultatet bygger uden fejl") == 6
    assert builds(sites[0], tmp_path) == 17 + 11 + 24 + 59
    files = [{path.relative_to(content): path.read_bytes() for path in content.rglob("*")
              if path.is_file()} for content in sites]
    assert files[0] == files[1]


def test_the_report_lists_every_unplaced_paragraph_with_its_line(tmp_path, capsys):
    content = site(tmp_path)
    for name, unit in SEED_PLANS.values():
        imported = import_file(SEEDS / name, unit)
        assert run(content, SEEDS / name, unit) == 0
        report = capsys.readouterr().out
        for item in imported.layout.unplaced:
            assert f"  {item.block.span()}: " in report
        written = (content / "plans" / unit / f"{imported.period.key}.md").read_text("utf-8")
        for item in imported.layout.unplaced:
            assert item.block.text.split()[0] in written
