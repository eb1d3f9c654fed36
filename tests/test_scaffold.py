"""`build.py init DIR`: from nothing to a site that builds, checks clean and can be published."""

from __future__ import annotations

import json

import yaml

from plansite import scaffold
from plansite.cli import main
from plansite.pipeline import build, load


def test_a_new_site_builds_and_passes_check_at_once(tmp_path, capsys):
    target = tmp_path / "albertslund"
    assert main(["init", str(target), "--name", "Albertslund Kommune",
                 "--url", "https://albertslund.dk/planer"]) == 0
    assert "Den nye side er lavet i" in capsys.readouterr().out

    assert main(["check", "--content", str(target / "content")]) == 0
    assert "0 fejl, 0 advarsler" in capsys.readouterr().out
    loaded = load(target / "content")
    assert loaded.report.problems == []
    site = loaded.site
    assert site.config.publisher == "Albertslund Kommune"
    assert site.config.base_url == "/planer/"
    assert site.config.language == "da"
    assert [unit.municipality for unit in site.units.values()] == ["Albertslund Kommune"]
    (plan_key, plan), (_, later) = site.plans.items()
    assert len(plan.goals) == 1
    assert [entry.target for entry in later.follow_ups] == [plan.goals[0].key]
    assert site.status_of(plan.goals[0].key) == "continued"

    result = build(target / "content", target / "site")
    assert result.warnings == ()
    page = (target / "site" / plan_key / "index.html").read_text("utf-8")
    assert 'href="/planer/assets/style.css"' in page


def test_the_new_repository_has_ci_a_danish_readme_and_ignores_the_build(tmp_path):
    target = tmp_path / "site"
    written = scaffold.create(target, "Albertslund Kommune", year=2026)
    names = {path.relative_to(target).as_posix() for path in written}
    assert {".github/workflows/publish.yml", ".gitlab-ci.yml", "README.md", ".gitignore",
            "build.py", "requirements.txt", "content/site.yaml", "content/units.yaml",
            "content/plans/sundhedsplejen/2025.md",
            "content/plans/sundhedsplejen/2026.md"} == names
    ignored = (target / ".gitignore").read_text("utf-8").split()
    assert {"/site/", "/public/", "/.plansite-cache/"} <= set(ignored)
    readme = (target / "README.md").read_text("utf-8")
    assert readme.startswith("# Planer og opfølgning – Albertslund Kommune\n")
    assert "Før siden udgives første gang" in readme
    assert f"{scaffold.PLANSITE_REPO}/blob/main/docs/publishing.md" in readme
    settings = yaml.safe_load((target / "content/site.yaml").read_text("utf-8"))
    assert {"publisher", "base_url", "language", "statuses", "accessibility_statement",
            "contact"} <= set(settings)
    assert [status["key"] for status in settings["statuses"]] == [
        "achieved", "partly", "not-achieved", "in-progress", "continued", "dropped",
        "not-assessed"]
    assert "@v0.1.0#egg=plansite" in (target / "requirements.txt").read_text("utf-8")
    assert "@@" not in "".join(path.read_text("utf-8") for path in written)


def test_without_an_address_the_site_is_served_from_the_root_and_ci_uses_pages(tmp_path):
    target = tmp_path / "site"
    scaffold.create(target, "Kommunen")
    assert load(target / "content").site.config.base_url == "/"
    workflow = (target / ".github/workflows/publish.yml").read_text("utf-8")
    assert scaffold.GITHUB_PAGES_URL in workflow


def test_a_name_with_yaml_punctuation_stays_a_name(tmp_path):
    name = 'Kommune: "Nord" # 1'
    scaffold.create(tmp_path / "site", name)
    loaded = load(tmp_path / "site" / "content")
    assert loaded.report.errors == []
    assert loaded.site.config.publisher == name
    assert json.dumps(name, ensure_ascii=False) in (
        tmp_path / "site/content/units.yaml").read_text("utf-8")


def test_init_refuses_a_folder_with_files_and_writes_nothing(tmp_path, capsys):
    target = tmp_path / "existing"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["init", str(target)]) == 1
    assert "er ikke tom" in capsys.readouterr().err
    assert [path.name for path in target.iterdir()] == ["notes.txt"]


def test_init_accepts_an_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    assert main(["init", str(tmp_path / "empty")]) == 0


def test_init_refuses_an_address_it_cannot_write_safely(tmp_path, capsys):
    assert main(["init", str(tmp_path / "x"), "--url", "https://a.dk/'; rm -rf /"]) == 1
    assert "er ikke en adresse" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()
