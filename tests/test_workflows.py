"""The CI files: valid against GitHub's and GitLab's schemas, and safe to run on pull requests.

Both the project's own files and the ones `init` writes into a new site come
from the starter (`plansite/scaffold.py`); the project's must be what the
starter makes (`python -m plansite.scaffold` rewrites them). Schemas are
check-jsonschema's built-in copies, so this runs offline.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from plansite import scaffold
from tests.conftest import ROOT

WORKFLOW = ROOT / scaffold.GITHUB_WORKFLOW
GITLAB = ROOT / scaffold.GITLAB_CI

PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")
"""`owner/repo@<full commit SHA> # vX.Y.Z`: a tag can be moved, a commit cannot."""

UNTRUSTED_GITLAB = ("CI_MERGE_REQUEST_TITLE", "CI_MERGE_REQUEST_DESCRIPTION",
                    "CI_COMMIT_MESSAGE", "CI_COMMIT_TITLE", "CI_COMMIT_DESCRIPTION",
                    "CI_COMMIT_BRANCH", "CI_COMMIT_REF_NAME",
                    "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "CI_COMMIT_AUTHOR")
"""GitLab variables a merge request's author writes."""


def _load(text: str) -> dict[str, Any]:
    data = yaml.safe_load(text)
    if True in data:  # YAML 1.1 reads the key `on` as true
        data["on"] = data.pop(True)
    return data


def _site_ci(tmp_path: Path, url: str = "https://planer.albertslund.dk/") -> dict[str, Path]:
    files = {}
    for relative, text in scaffold.ci_files(scaffold.site_ci(url)).items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        files[relative] = path
    return files


def _steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def _step(workflow: dict[str, Any], uses: str) -> dict[str, Any]:
    return next(step for step in _steps(workflow) if step.get("uses", "").startswith(uses))


# --- what the checks look for (kept apart so a test can show they catch the bad) ----------

def unpinned_actions(text: str) -> list[str]:
    """Every `uses:` that is not pinned to a full commit SHA with its version in a comment."""
    uses = [line.split("uses:", 1)[1].strip() for line in text.splitlines()
            if re.match(r"^\s*(- )?uses:", line)]
    return [use for use in uses if not PINNED.match(use)]


def interpolated_shell(workflow: dict[str, Any]) -> list[str]:
    """`run:` scripts with a `${{ … }}` expression: GitHub pastes it into the script before the
    shell sees it, so a crafted PR title or branch name becomes code. Values go through env."""
    return [step["run"] for step in _steps(workflow) if "${{" in step.get("run", "")]


def gitlab_untrusted(ci: dict[str, Any]) -> list[str]:
    """Script lines of any job that read a variable the merge request's author controls."""
    lines = [line for job in ci.values() if isinstance(job, dict)
             for key in ("before_script", "script", "after_script") for line in job.get(key, [])]
    return [line for line in lines if any(name in line for name in UNTRUSTED_GITLAB)]


# --- schemas -----------------------------------------------------------------------------

@pytest.mark.parametrize("which", ["project", "new site"])
@pytest.mark.parametrize("relative, schema", [
    (scaffold.GITHUB_WORKFLOW, "vendor.github-workflows"),
    (scaffold.GITLAB_CI, "vendor.gitlab-ci"),
])
def test_ci_files_validate_against_the_official_schemas(tmp_path, which, relative, schema):
    path = ROOT / relative if which == "project" else _site_ci(tmp_path)[relative]
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_fails_on_a_broken_workflow(tmp_path):
    """The schema test can fail: a job without runs-on and steps is refused."""
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  build:\n    name: no runner, no steps\n",
                      encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                             "vendor.github-workflows", str(broken)], capture_output=True)
    assert result.returncode == 1


def test_project_ci_files_are_what_the_starter_makes():
    for relative, text in scaffold.project_ci_files().items():
        assert (ROOT / relative).read_text("utf-8") == text, (
            f"{relative} differs from the starter: edit plansite/starter/ci/ and run "
            "`python -m plansite.scaffold`")


# --- security ----------------------------------------------------------------------------

def test_every_action_is_pinned_to_a_full_commit_sha_with_its_version():
    text = WORKFLOW.read_text("utf-8")
    assert unpinned_actions(text) == []
    assert len(re.findall(r"uses:", text)) >= 6


def test_no_expression_is_interpolated_into_a_shell_command():
    workflow = _load(WORKFLOW.read_text("utf-8"))
    assert interpolated_shell(workflow) == []
    assert "github.event" not in "\n".join(step.get("run", "") for step in _steps(workflow))


def test_gitlab_scripts_never_read_what_a_merge_request_author_writes():
    assert gitlab_untrusted(_load(GITLAB.read_text("utf-8"))) == []


def test_the_checks_catch_an_unpinned_action_and_an_interpolated_title():
    bad = """\
on: pull_request
jobs:
  x:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/cache@27d5ce7f107fe9357f9df03efb73ab90386fccae
      - run: echo "${{ github.event.pull_request.title }}"
"""
    assert unpinned_actions(bad) == ["actions/checkout@v4",
                                     "actions/cache@27d5ce7f107fe9357f9df03efb73ab90386fccae"]
    assert interpolated_shell(_load(bad)) == ['echo "${{ github.event.pull_request.title }}"']
    assert gitlab_untrusted({"review": {"script": ['echo "$CI_MERGE_REQUEST_TITLE"']}})


def test_permissions_are_least_privilege_per_job():
    workflow = _load(WORKFLOW.read_text("utf-8"))
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    assert jobs["build"]["permissions"] == {"contents": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    checkout = _step(workflow, "actions/checkout")
    assert checkout["with"]["persist-credentials"] is False


# --- what the workflow does ------------------------------------------------------------

def test_runs_on_pull_requests_and_on_pushes_to_main():
    on = _load(WORKFLOW.read_text("utf-8"))["on"]
    assert "pull_request" in on
    assert on["push"]["branches"] == ["main"]


def test_pull_requests_get_annotations_a_named_preview_and_a_summary():
    workflow = _load(WORKFLOW.read_text("utf-8"))
    runs = "\n".join(step.get("run", "") for step in _steps(workflow))
    assert "python build.py check --format github" in runs
    assert 'python build.py --out site --base-url "$SITE_URL"' in runs
    preview = _step(workflow, "actions/upload-artifact")
    assert preview["if"] == "github.event_name == 'pull_request'"
    assert preview["with"]["name"] == "preview-pr-${{ github.event.pull_request.number }}"
    summary = next(step for step in _steps(workflow) if "GITHUB_STEP_SUMMARY" in step.get(
        "run", ""))
    assert "python build.py diff --format markdown" in summary["run"]
    assert "published-goals.json" in summary["run"]
    assert "::warning" in summary["run"]


def test_setup_python_caches_pip_and_the_build_cache_is_keyed_on_the_plansite_version():
    workflow = _load(WORKFLOW.read_text("utf-8"))
    assert _step(workflow, "actions/setup-python")["with"]["cache"] == "pip"
    cache = _step(workflow, "actions/cache")["with"]
    assert ".plansite-cache" in cache["path"].split()
    assert cache["key"].startswith("plansite-${{ steps.plansite.outputs.version }}-")
    assert cache["restore-keys"].startswith("plansite-${{ steps.plansite.outputs.version }}-")


def test_the_whole_history_is_checked_out_for_the_edit_history():
    workflow = _load(WORKFLOW.read_text("utf-8"))
    assert _step(workflow, "actions/checkout")["with"]["fetch-depth"] == 0
    assert _load(GITLAB.read_text("utf-8"))["variables"]["GIT_DEPTH"] == "0"


def test_main_is_deployed_to_pages_one_deployment_at_a_time():
    workflow = _load(WORKFLOW.read_text("utf-8"))
    assert "concurrency" in workflow
    pages = _step(workflow, "actions/upload-pages-artifact")
    assert "refs/heads/main" in pages["if"] and pages["with"]["path"] == "site/"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert "refs/heads/main" in deploy["if"]
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_gitlab_publishes_public_from_the_default_branch_and_reviews_merge_requests():
    ci = _load(GITLAB.read_text("utf-8"))
    pages, review = ci["pages"], ci["review"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert pages["artifacts"]["paths"] == ["public"]
    assert pages["resource_group"] == "pages"
    assert review["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert "public/" in review["artifacts"]["paths"]
    assert "summary.md" in review["artifacts"]["paths"]
    script = "\n".join(review["script"])
    assert "python build.py diff --format markdown published-goals.json public" in script


def test_a_new_site_builds_with_its_own_address_and_installs_its_pinned_plansite(tmp_path):
    files = _site_ci(tmp_path, "https://planer.albertslund.dk/")
    workflow = _load(files[scaffold.GITHUB_WORKFLOW].read_text("utf-8"))
    assert workflow["env"]["SITE_URL"] == (
        "${{ vars.SITE_URL || 'https://planer.albertslund.dk/' }}")
    assert _step(workflow, "actions/setup-python")["with"]["cache-dependency-path"] == \
        "requirements.txt"
    gitlab = _load(files[scaffold.GITLAB_CI].read_text("utf-8"))
    assert gitlab["variables"]["SITE_URL"] == "https://planer.albertslund.dk/"
    assert "python -m pip install -r requirements.txt" in gitlab[".plansite"]["before_script"]


def test_the_publishing_guide_exists_its_links_land_and_the_readme_links_it():
    from tests.test_docs import DOCS, test_links_between_the_pages_land

    guide = DOCS / "publishing.md"
    test_links_between_the_pages_land(guide)
    assert "](docs/publishing.md)" in (ROOT / "README.md").read_text("utf-8")
    text = guide.read_text("utf-8")
    for topic in ("## GitHub Pages trin for trin", "## GitLab Pages trin for trin",
                  "## Eget domæne", "## Sådan bliver en ændring gennemgået",
                  "## Hvor er forhåndsvisningen?", "## Fortryd en udgivelse"):
        assert topic in text
