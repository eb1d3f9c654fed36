"""A site's own theme is untrusted: its templates render sandboxed, its mistakes are editors'.

Sites are edited through pull requests by many hands, so `content/theme/` is
as untrusted as the plans. Three rules follow:

- When the site has templates of its own, every template renders in Jinja's
  `SandboxedEnvironment`: no attribute starting with `_`, no unsafe callables,
  so `{{ cycler.__init__.__globals__.os }}` is refused instead of running.
  The trusted default theme alone keeps the plain environment (the fast path).
- A template that does not compile, names a template that does not exist
  (`{% include '../..' %}`), or fails while rendering is an editor's error at
  the template's file and line, not "a bug in plansite".
- Symlinks that leave `content/` are refused everywhere under it
  (`sources.escaping_links`), so a theme cannot publish files from elsewhere.
"""

from __future__ import annotations

import traceback
from pathlib import Path

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from plansite.errors import Problem, Report


def environment_class(template_dirs: tuple[str, ...],
                      default_dir: Path) -> type[jinja2.Environment]:
    """The sandbox as soon as any template folder but the default theme's has a template."""
    for folder in template_dirs:
        path = Path(folder)
        if path.resolve() != default_dir.resolve() and path.is_dir() and \
                any(p.is_file() for p in path.rglob("*")):
            return SandboxedEnvironment
    return jinja2.Environment


class ThemeError(Exception):
    """A template of the site's theme failed: where, and the catalogue code and detail.

    Plain arguments only, so it crosses from a forked render worker intact.
    """

    def __init__(self, path: str, line: int, code: str, detail: str) -> None:
        super().__init__(path, line, code, detail)
        self.path, self.line, self.code, self.detail = path, line, code, detail

    def problem(self) -> Problem:
        return Problem(Path(self.path), self.line, self.code, {"detail": self.detail})


def _template_frame(error: BaseException, template_dirs: tuple[Path, ...]) -> tuple[str, int]:
    """The innermost template file and line in the error's traceback (Jinja rewrites
    tracebacks so that template frames carry the template's own file and line)."""
    roots = [folder.resolve() for folder in template_dirs]
    found = ("", 0)
    for frame in traceback.extract_tb(error.__traceback__):
        path = Path(frame.filename)
        if path.suffix and any(path.resolve().is_relative_to(root) for root in roots):
            found = (str(path), frame.lineno or 0)
    return found


def theme_error(error: jinja2.TemplateError, template_dirs: tuple[Path, ...],
                template: str) -> ThemeError:
    """The editor's error for a Jinja failure while rendering `template`."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        return ThemeError(error.filename or template, error.lineno, "theme-syntax",
                          error.message or str(error))
    path, line = _template_frame(error, template_dirs)
    path = path or _find(template, template_dirs)
    if isinstance(error, SecurityError):
        return ThemeError(path, line, "theme-unsafe", str(error))
    if isinstance(error, jinja2.TemplateNotFound):
        return ThemeError(path, line, "theme-missing", str(error.name or error))
    return ThemeError(path, line, "theme-render", str(error))


def _find(template: str, template_dirs: tuple[Path, ...]) -> str:
    for folder in template_dirs:
        if (folder / template).is_file():
            return str(folder / template)
    return template


def check(env: jinja2.Environment, site_dir: Path | None, report: Report) -> None:
    """Compile every template of the site's own theme; each that fails is an error."""
    if site_dir is None or not site_dir.is_dir():
        return
    for path in sorted(site_dir.rglob("*.html")):
        name = path.relative_to(site_dir).as_posix()
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as error:
            report.error(Path(error.filename or path), error.lineno, "theme-syntax",
                         detail=error.message or str(error))
        except jinja2.TemplateError as error:
            report.error(path, 0, "theme-render", detail=str(error))
