"""The body's structure: every text keeps the Markdown it was rendered from."""

import logging
import sys
import textwrap
from pathlib import Path

import pytest

from plansite import attachments, markdown
from plansite.content import parse_plan
from plansite.errors import Report
from plansite.model import Plan
from tests.conftest import DEMO
from tests.test_content import PLAN, STATUSES, parse


def _texts(plan: Plan):
    """(HTML, Markdown) of every text of a plan."""
    yield plan.intro_html, plan.intro_md
    for area in plan.focus_areas:
        yield area.intro_html, area.intro_md
        for goal in area.goals:
            yield goal.text_html, goal.text_md
            yield goal.evidence_html, goal.evidence_md
            yield goal.result_html, goal.result_md
    for part in plan.follow_up_parts:
        yield part.intro_html, part.intro_md
        for entry in part.entries:
            yield entry.text_html, entry.text_md
    for entry in plan.follow_ups_in_goals:
        yield entry.text_html, entry.text_md


def test_each_text_keeps_its_markdown_source():
    plan, _ = parse(PLAN)
    assert plan.intro_md == "Indledningen."
    [area] = plan.focus_areas
    assert area.intro_md == "Indsatsområdets tekst."
    [goal] = area.goals
    assert goal.text_md == "Målets tekst."
    [part] = plan.follow_up_parts
    assert part.intro_md == "Indledning til opfølgningen."
    assert part.entries[0].text_md == "Det gik godt."


def test_evidence_and_result_sources_lose_their_labels():
    plan, _ = parse(PLAN)
    goal = plan.goals[0]
    assert goal.evidence_md == "Tælles medio 2016.\n\n- og en liste"
    assert goal.result_md == "Fire besøg."


@pytest.mark.parametrize("label", ["Resultat: Fire", "**Resultat:** Fire", "**Resultat**: Fire",
                                   "__Resultat:__ Fire", "Resultat:\nFire"])
def test_every_way_of_writing_a_label_is_removed_from_the_source(label):
    plan, _ = parse(PLAN.replace("Resultat: Fire besøg.", label + " besøg."))
    goal = plan.goals[0]
    assert goal.result_md == "Fire besøg."
    assert goal.result_html == "<p>Fire besøg.</p>\n"


def test_an_indicator_block_is_not_part_of_the_text():
    text = PLAN.replace("Målets tekst.", "Målets tekst.\n\n```indikator\nnavn: X\n```\n\nMere.")
    plan, report = parse(text)
    assert report.errors == []
    assert plan.goals[0].text_md == "Målets tekst.\n\nMere."


def test_a_status_on_a_goal_carries_the_result_source():
    text = PLAN.replace("id: hjemmebesoeg", "id: hjemmebesoeg\nstatus: achieved")
    plan, _ = parse(text)
    [entry] = plan.follow_ups_in_goals
    assert entry.text_md == "Fire besøg."


def test_focus_areas_know_their_plan():
    plan, _ = parse(PLAN)
    [area] = plan.focus_areas
    assert area.plan == plan.key
    assert area.key == "sundhedsplejen/2016-2017/sunde-boern"


@pytest.mark.parametrize("path", sorted(DEMO.rglob("*.md")), ids=lambda p: p.stem)
def test_demo_sources_render_the_same_from_their_markdown(path: Path):
    report = Report()
    plan = parse_plan(path, path.read_text(encoding="utf-8"), STATUSES, "/base/", report)
    assert plan is not None, report.errors
    files = attachments.References(attachments.folder_of(path), "/base/")
    for html, source in _texts(plan):
        assert markdown.render_text(source, "/base/", files) == html
        assert source == textwrap.dedent(source).strip("\n")


def test_parsing_leaves_markdown_it_logging_as_the_library_set_it():
    markdown.parse("# Titel\n\nEt afsnit.\n\n- en liste\n")
    loggers = [module.LOGGER for name, module in list(sys.modules.items())
               if name.startswith("markdown_it.") and hasattr(module, "LOGGER")]
    assert loggers and all(isinstance(logger, logging.Logger) for logger in loggers)
