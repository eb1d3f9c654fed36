"""check and new-plan, as editors and CI use them."""

from __future__ import annotations

import shutil
import subprocess
import sys

from plansite.cli import main
from plansite.pipeline import load
from tests.conftest import DEMO, ROOT


def _copy_demo(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    return content


def test_check_passes_on_the_demo_and_writes_nothing(tmp_path, capsys):
    assert main(["check", "--content", str(DEMO)]) == 0
    assert "0 fejl" in capsys.readouterr().out


def test_check_fails_with_github_annotations(tmp_path, capsys):
    content = _copy_demo(tmp_path)
    plan = content / "plans/social-familie/2016-2017.md"
    plan.write_text(plan.read_text("utf-8").replace("status: videreført", "status: ok", 1),
                    encoding="utf-8")
    assert main(["check", "--content", str(content), "--format", "github"]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"::error file={plan},line=")
    assert "Ukendt status 'ok'." in out


def test_new_plan_follows_up_every_goal_of_the_previous_plan(tmp_path):
    content = _copy_demo(tmp_path)
    result = subprocess.run([sys.executable, "build.py", "new-plan", "--content", str(content),
                             "social-familie", "2018/2019"], cwd=ROOT, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    written = content / "plans/social-familie/2018-2019.md"
    text = written.read_text("utf-8")
    assert text.startswith("---\nenhed: social-familie\nperiode: 2018-2019\n")
    loaded = load(content)
    assert loaded.report.errors == []
    previous = loaded.site.plans["social-familie/2016-2017"]
    new = loaded.site.plans["social-familie/2018-2019"]
    assert {area.title for area in new.focus_areas} == {a.title for a in previous.focus_areas}
    assert {entry.target for entry in new.follow_ups} == {goal.key for goal in previous.goals}
    assert all(entry.status == "not-assessed" for entry in new.follow_ups)
    for goal in previous.goals:
        assert f"### {goal.title}\nmål: 2016-2017/{goal.id}\nstatus: ikke vurderet\n" in text
    assert text.count("<!-- UDFYLD: Ret status til en af: opfyldt, delvist opfyldt, ikke "
                      "opfyldt, i gang, videreført, udgået. ") == len(previous.goals)


def test_after_new_plan_check_warns_about_every_follow_up_still_to_fill_in(tmp_path, capsys):
    content = _copy_demo(tmp_path)
    assert main(["new-plan", "--content", str(content), "social-familie", "2018-2019"]) == 0
    goals = len(load(content).site.plans["social-familie/2016-2017"].goals)
    capsys.readouterr()
    assert main(["check", "--content", str(content)]) == 0
    captured = capsys.readouterr()
    assert captured.err.count("er ikke udfyldt endnu") == goals
    assert f"0 fejl, {goals} advarsler" in captured.out


def test_new_plan_in_an_english_site_writes_english(tmp_path):
    content = _copy_demo(tmp_path)
    site = content / "site.yaml"
    site.write_text(site.read_text("utf-8").replace("language: da", "language: en"),
                    encoding="utf-8")
    assert main(["new-plan", "--content", str(content), "social-familie", "2018-2019"]) == 0
    text = (content / "plans/social-familie/2018-2019.md").read_text("utf-8")
    assert text.startswith("---\nunit: social-familie\nperiod: 2018-2019\n")
    assert "\ngoal: 2016-2017/boformer\nstatus: not-assessed\n\n<!-- TODO: Change the " \
        "status to one of: achieved, partly, not-achieved, in-progress, continued, dropped." \
        in text
    assert load(content).report.errors == []


def test_new_plan_refuses_to_overwrite(tmp_path, capsys):
    content = _copy_demo(tmp_path)
    before = (content / "plans/social-familie/2015.md").read_bytes()
    assert main(["new-plan", "--content", str(content), "social-familie", "2015"]) == 1
    assert "bliver ikke overskrevet" in capsys.readouterr().err
    assert (content / "plans/social-familie/2015.md").read_bytes() == before


def test_new_plan_for_unknown_unit(tmp_path, capsys):
    assert main(["new-plan", "--content", str(DEMO), "sundhed", "2020"]) == 1
    assert "findes ikke i units.yaml" in capsys.readouterr().err


def test_a_bug_in_plansite_says_so_and_how_to_report_it(monkeypatch, capsys):
    from plansite.commands import check

    def broken(args):
        raise RuntimeError("internal")

    monkeypatch.setattr(check, "run", broken)
    assert main(["check", "--content", str(DEMO)]) == 2
    err = capsys.readouterr().err
    assert "This is a bug in plansite, not in your content" in err
    assert "Dette er en fejl i plansite" in err
