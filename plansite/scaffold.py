"""A new site repository from the starter (`build.py init`), and the CI files it carries.

The starter lives in `plansite/starter/`: `site/` is the new repository (content
with one example unit and its plans, a Danish README, .gitignore, build.py,
requirements.txt) and `ci/` holds the GitHub Actions and GitLab CI files. Files
are templates with `@@NAME@@` placeholders, filled here.

The project's own `.github/workflows/publish.yml` and `.gitlab-ci.yml` are the
same templates filled for the project (`project_ci_files`), so the demo and
every new site run one workflow; `python -m plansite.scaffold` rewrites them
and tests/test_workflows.py fails when they are stale.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import plansite

STARTER = Path(__file__).resolve().parent / "starter"
PLANSITE_REPO = "https://github.com/plansite/plansite"

GITHUB_WORKFLOW = ".github/workflows/publish.yml"
GITLAB_CI = ".gitlab-ci.yml"

GITHUB_PAGES_URL = ("format('https://{0}.github.io/{1}/', github.repository_owner, "
                    "github.event.repository.name)")
"""The workflow's SITE_URL when none is given: the repository's GitHub Pages address."""
GITLAB_PAGES_URL = '"${CI_PAGES_URL}/"'
"""The GitLab CI SITE_URL when none is given: the project's GitLab Pages address."""

CONTACT_PLACEHOLDER = "kontakt@example.dk"
"""The e-mail address in a new site's contact line, for the web team to replace."""

_PLACEHOLDER = re.compile(r"@@([A-Z_]+)@@")
_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(?::\d+)?(?:/[A-Za-z0-9._~%/-]*)?$")
"""A site address init accepts: it is written into YAML and a workflow expression, so no
quotes, spaces or `$`."""


class ScaffoldError(Exception):
    """`init` cannot create the site; `code` names the catalogue message (init.<code>)."""

    def __init__(self, code: str, **params: str) -> None:
        super().__init__(code)
        self.code, self.params = code, params


@dataclass(frozen=True)
class CiSettings:
    """What differs between the project's CI files and a site's."""

    install: str
    """The shell command that installs plansite."""
    dependencies: str
    """The file that pins plansite's version: pip's cache and the build cache key on it."""
    url: str = ""
    """The site's address ("https://…/"); "" = the repository's Pages address."""


PROJECT_CI = CiSettings("python -m pip install -e .", "pyproject.toml")
"""The project itself: the demo, built from this checkout."""


def site_ci(url: str = "") -> CiSettings:
    return CiSettings("python -m pip install -r requirements.txt", "requirements.txt", url)


def fill(template: str, values: dict[str, str]) -> str:
    """Replace every @@KEY@@; a placeholder without a value is a bug in the starter."""
    def value(match: re.Match[str]) -> str:
        return values[match.group(1)]
    return _PLACEHOLDER.sub(value, template)


def ci_files(settings: CiSettings) -> dict[str, str]:
    """The two CI files, filled: path in the repository → text."""
    github_url = f"'{settings.url}'" if settings.url else GITHUB_PAGES_URL
    gitlab_url = json.dumps(settings.url) if settings.url else GITLAB_PAGES_URL
    common = {"INSTALL": settings.install, "DEPENDENCIES": settings.dependencies}
    return {
        GITHUB_WORKFLOW: fill((STARTER / "ci" / "publish.yml").read_text("utf-8"),
                              {**common, "SITE_URL": github_url}),
        GITLAB_CI: fill((STARTER / "ci" / "gitlab-ci.yml").read_text("utf-8"),
                        {**common, "SITE_URL": gitlab_url}),
    }


def project_ci_files() -> dict[str, str]:
    return ci_files(PROJECT_CI)


def normalise_url(url: str) -> str:
    """"https://planer.kommune.dk" → "https://planer.kommune.dk/"; "" stays ""."""
    url = url.strip()
    if not url:
        return ""
    if not _URL.match(url):
        raise ScaffoldError("bad_url", url=url)
    return url if url.endswith("/") else url + "/"


def site_files(name: str, url: str = "", year: int | None = None) -> dict[str, str]:
    """Every file of a new site repository: path → text."""
    url = normalise_url(url)
    year = year if year is not None else dt.date.today().year
    values = {
        "NAME": name, "URL": url or "/", "YEAR": str(year), "PREVIOUS": str(year - 1),
        "VERSION": plansite.__version__, "PLANSITE_REPO": PLANSITE_REPO,
    }
    # YAML values are quoted strings: a name with ":" or "#" stays a name.
    yaml_values = {key: json.dumps(value, ensure_ascii=False) for key, value in {
        **values, "DESCRIPTION": f"Planer, mål og opfølgning fra {name}.",
        "CONTACT": f"{name} · [Skriv til os](mailto:{CONTACT_PLACEHOLDER})"}.items()}
    site = STARTER / "site"
    files = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        relative = fill(path.relative_to(site).as_posix(), values)
        text = fill(path.read_text("utf-8"), yaml_values if path.suffix == ".yaml" else values)
        files[".gitignore" if relative == "gitignore" else relative] = text
    return {**files, **ci_files(site_ci(url))}


def create(target: Path, name: str, url: str = "", year: int | None = None) -> list[Path]:
    """Write a new site into `target` (new or empty); returns the files written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ScaffoldError("not_empty", path=str(target))
    files = site_files(name, url, year)
    written = []
    for relative, text in files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    (target / "build.py").chmod(0o755)
    return written


def write_project_ci(root: Path) -> None:
    """Rewrite the project's CI files from the starter (`python -m plansite.scaffold`)."""
    for relative, text in project_ci_files().items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    write_project_ci(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd())
