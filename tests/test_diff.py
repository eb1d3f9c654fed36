"""`build.py diff OLD NEW`: what a pull request changes, read from two sites' goals.json."""

from __future__ import annotations

import json

import pytest

from plansite import config, diff
from plansite.cli import main
from plansite.i18n import Catalogue
from plansite.pipeline import build
from tests.conftest import PLAN_2015, PLAN_2016, make_content

DA = Catalogue("da", config.DEFAULT_STATUSES)


def _row(goal_id: str, title: str = "Et mål", status: str | None = None, **more):
    unit, period, _ = goal_id.split("/")
    return {"id": goal_id, "unit": unit, "unit_name": unit, "period": period,
            "plan_title": f"Plan {period}", "focus_area": "Sundhed", "title": title,
            "status": status, "url": f"/{goal_id}/", "plan_url": f"/{unit}/{period}/",
            "follow_ups": [], "continues": None, "continued_as": None, **more}


def test_a_status_change_made_in_a_test_is_reported(tmp_path, capsys):
    content = make_content(tmp_path, {"sundhedsplejen/2015.md": PLAN_2015,
                                      "sundhedsplejen/2016.md": PLAN_2016})
    build(content, tmp_path / "old")
    plan = content / "plans/sundhedsplejen/2016.md"
    plan.write_text(plan.read_text("utf-8").replace("status: achieved", "status: dropped"),
                    encoding="utf-8")
    build(content, tmp_path / "new")

    assert main(["diff", "--content", str(content), str(tmp_path / "old"),
                 str(tmp_path / "new")]) == 0
    out = capsys.readouterr().out
    assert "Ny status: 1 mål" in out
    assert "sundhedsplejen/2015/hjemmebesoeg  Hjemmebesøg: Opfyldt → Udgået" in out
    assert "Mål: 0 nye, 0 fjernet, 0 ændret" in out

    assert main(["diff", "--format", "markdown", "--content", str(content),
                 str(tmp_path / "old" / "data" / "goals.json"), str(tmp_path / "new")]) == 0
    summary = capsys.readouterr().out
    assert "| Opfyldt | 1 | 0 | -1 |" in summary
    assert "| Udgået | 0 | 1 | +1 |" in summary
    assert "**Ny status (1)**" in summary
    assert "- `sundhedsplejen/2015/hjemmebesoeg` Hjemmebesøg: Opfyldt → **Udgået**" in summary


def test_plans_and_goals_added_removed_and_changed():
    old = [_row("a/2015/x"), _row("a/2015/y", "Gammel titel"), _row("b/2015/z")]
    new = [_row("a/2015/x", status="achieved"), _row("a/2015/y", "Ny titel"),
           _row("c/2016/w")]
    result = diff.compare(old, new)
    assert [p.key for p in result.plans_added] == ["c/2016"]
    assert [p.key for p in result.plans_removed] == ["b/2015"]
    assert [p.key for p in result.plans_changed] == ["a/2015"]
    assert [g.id for g in result.goals_added] == ["c/2016/w"]
    assert [g.id for g in result.goals_removed] == ["b/2015/z"]
    assert [(c.goal.id, c.fields) for c in result.goals_changed] == [("a/2015/y", ("title",))]
    assert [(s.goal.id, s.old, s.new) for s in result.status_changes] == [
        ("a/2015/x", None, "achieved")]
    assert result.old_totals == {None: 3}
    assert result.new_totals == {"achieved": 1, None: 2}


def test_a_new_status_is_not_also_a_changed_goal():
    entry = {"status": "achieved", "date": "2016-05", "url": "/a/2016/#x"}
    result = diff.compare([_row("a/2015/x")],
                          [_row("a/2015/x", status="achieved", follow_ups=[entry])])
    assert result.goals_changed == ()
    assert len(result.status_changes) == 1


def test_a_renamed_plan_is_changed_without_its_goals():
    renamed = _row("a/2015/x") | {"plan_title": "Virksomhedsplan 2015"}
    result = diff.compare([_row("a/2015/x")], [renamed])
    assert [p.title for p in result.plans_changed] == ["Virksomhedsplan 2015"]
    assert result.goals_changed == ()


def test_fields_only_one_side_has_are_ignored():
    """An older site's goals.json (contract 1.0) lacks focus_area_key and priority."""
    old = [{k: v for k, v in _row("a/2015/x").items() if k != "priority"}]
    assert diff.compare(old, [_row("a/2015/x", priority="leve-godt")]).empty


def test_no_change_says_so():
    rows = [_row("a/2015/x")]
    assert diff.human(diff.compare(rows, rows), DA) == "Ingen ændringer i planer og mål."
    assert "Ingen ændringer i planer og mål." in diff.markdown(diff.compare(rows, rows), DA)


def test_markdown_escapes_what_editors_wrote():
    """A title is text, never markup, in the pull request's summary."""
    title = "Mål | <script>alert(1)</script> [link](javascript:x) **fed**"
    text = diff.markdown(diff.compare([], [_row("a/2015/x", title)]), DA)
    assert "<script>" not in text
    assert "\\<script\\>" in text
    assert "\\[link\\]\\(javascript:x\\)" in text
    assert "Mål \\| " in text


@pytest.mark.parametrize("body, message", [
    (None, "findes ikke"),
    ("{not json", "kan ikke læses som JSON"),
    ('{"goals": [{"title": "no id"}]}', "er ikke en goals.json fra plansite"),
])
def test_unreadable_input_is_a_message_and_exit_1(tmp_path, capsys, body, message):
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"goals": []}), encoding="utf-8")
    bad = tmp_path / "bad.json"
    if body is not None:
        bad.write_text(body, encoding="utf-8")
    assert main(["diff", "--content", str(tmp_path), str(bad), str(good)]) == 1
    assert message in capsys.readouterr().err


def test_english_site_gets_an_english_summary(tmp_path, capsys):
    content = make_content(tmp_path, {}, site="title: T\npublisher: P\nlanguage: en\n")
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps({"goals": [_row("a/2015/x")]}), encoding="utf-8")
    new.write_text(json.dumps({"goals": [_row("a/2015/x", status="partly")]}),
                   encoding="utf-8")
    assert main(["diff", "--content", str(content), str(old), str(new)]) == 0
    assert "a/2015/x  Et mål: Not followed up yet → Partly achieved" in capsys.readouterr().out
