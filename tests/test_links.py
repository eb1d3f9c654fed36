"""Linking: follow-ups find their goals, statuses come from the latest entry, chains connect."""

import shutil

from plansite import links
from plansite.pipeline import Session, load
from plansite.sources import Loaded
from tests.conftest import DEMO, PLAN_2015, PLAN_2016, make_content

GOAL = "sundhedsplejen/2009/hjemmebesoeg"


def test_goal_with_several_dated_follow_ups_in_date_order(fixture_site):
    loaded = load(fixture_site("several-follow-ups"))
    assert loaded.report.errors == []
    entries = loaded.site.follow_ups[GOAL]
    assert [(e.date.iso, e.status, e.published_in) for e in entries] == [
        ("2010-05", "in-progress", "sundhedsplejen/2010"),
        ("2010-12", "continued", "sundhedsplejen/2010"),
        ("2012-01", "achieved", "sundhedsplejen/2011"),
    ]
    assert loaded.site.status_of(GOAL) == "achieved"


def test_reference_forms_resolve_to_the_same_unit(fixture_site):
    site = load(fixture_site("several-follow-ups")).site
    assert site.status_of("sundhedsplejen/2009/overvaegt") == "partly"
    assert site.status_of("sundhedsplejen/2010/besoeg-til-alle") == "achieved"


def test_continued_as_links_both_ways(fixture_site):
    site = load(fixture_site("several-follow-ups")).site
    assert site.continued_as[GOAL] == "sundhedsplejen/2010/besoeg-til-alle"
    assert site.continues["sundhedsplejen/2010/besoeg-til-alle"] == GOAL


def test_entry_anchors_are_unique_on_the_publishing_page(fixture_site):
    site = load(fixture_site("several-follow-ups")).site
    anchors = [e.anchor for e in site.plans["sundhedsplejen/2010"].follow_ups]
    assert anchors == ["opfoelgning-sundhedsplejen-2009-hjemmebesoeg",
                       "opfoelgning-sundhedsplejen-2009-hjemmebesoeg-2",
                       "opfoelgning-sundhedsplejen-2009-overvaegt"]


def test_follow_up_of_a_missing_goal_lists_the_closest_ids(tmp_path):
    report = load(make_content(tmp_path, {"s/2015.md": PLAN_2015, "s/2016.md": PLAN_2016.replace(
        "2015/hjemmebesoeg", "2015/hjemmebesog")})).report
    [problem] = report.errors
    assert (problem.code, problem.line) == ("unknown-goal", 18)
    assert "sundhedsplejen/2015/hjemmebesoeg" in problem.params["suggestions"]


def test_two_plans_for_the_same_unit_and_period(tmp_path):
    report = load(make_content(tmp_path, {"a/2015.md": PLAN_2015, "b/2015.md": PLAN_2015})).report
    [problem] = report.errors
    assert problem.code == "duplicate-plan"
    assert problem.path.name == "2015.md" and "b" in str(problem.path)


def test_unknown_unit_suggests_the_near_key(tmp_path):
    report = load(make_content(tmp_path, {"s/2015.md": PLAN_2015.replace(
        "unit: sundhedsplejen", "unit: sundhedspleje")})).report
    [problem] = report.errors
    assert (problem.code, problem.line, problem.params["suggestion"]) == (
        "unknown-unit", 2, "sundhedsplejen")


def test_goal_without_follow_up_in_the_next_plan_is_a_warning(tmp_path):
    report = load(make_content(tmp_path, {"s/2015.md": PLAN_2015,
                                          "s/2016.md": PLAN_2016})).report
    assert report.errors == [] and report.warnings == []
    report = load(make_content(tmp_path / "x", {"s/2015.md": PLAN_2015,
                                                "s/2016.md": PLAN_2016.split("## Opf")[0]}))\
        .report
    [warning] = report.warnings
    assert (warning.code, warning.line) == ("goal-not-followed-up", 10)


def _tables(loaded: Loaded) -> tuple[object, ...]:
    site = loaded.site
    return (site.follow_ups, site.followers, list(site.continued_as.items()),
            list(site.continues.items()), loaded.report.errors)


def test_a_save_collects_the_saved_plans_follow_ups_as_a_whole_link_would(tmp_path,
                                                                           monkeypatch):
    """The live preview collects again only the goals a saved plan follows up (when the
    goals stay the same); the tables, the chains and their errors are a fresh link's."""
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    plan = content / "plans/social-familie/2016-2017.md"
    original = plan.read_text("utf-8")
    edits = [
        ("status: i gang", "status: opfyldt"),  # a status
        ("dato: januar 2016", "dato: marts 2016"),  # the order of a goal's entries
        ("fortsætter-som: tidlig-indsats", "fortsætter-som: tidlig-forebyggende"),  # conflict
        ("fortsætter-som: tidlig-forebyggende\n\nOrdningen",  # the conflict moves
         "\n\nOrdningen"),
        ("### Tværfaglige fora", "### Igen\nmål: 2015/tvaerfaglige-fora\nstatus: udgået\n\n"
                                 "Udgået.\n\n### Tværfaglige fora"),  # an entry more
    ]
    session = Session(content)
    load(content, session=session, warnings=False, outputs=False)
    whole = links._collect_all
    walks: list[int] = []

    def counted(site: object) -> object:
        walks.append(1)
        return whole(site)  # type: ignore[arg-type]
    monkeypatch.setattr(links, "_collect_all", counted)
    text, seen = original, set()
    for old, new in [*edits, (None, None)]:
        text = original if old is None else text.replace(old, new, 1)
        plan.write_text(text, "utf-8")
        saved = load(content, session=session, warnings=False, outputs=False)
        assert walks == [], old  # the preview walked only the saved plan's entries
        assert _tables(saved) == _tables(load(content, warnings=False, outputs=False))
        seen.update(problem.code for problem in saved.report.errors)
        walks.clear()
    assert seen == {"chain-conflict"}
