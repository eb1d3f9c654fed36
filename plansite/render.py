"""Rendering one output file: Jinja2 for template kinds, the kind's function for the rest.

One environment per theme, templates from the site's theme first. A template
sees what every page sees (`shared_context`), `page`, and the fields of its
kind's typed context.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterator
from dataclasses import fields
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

import jinja2
import jinja2.ext
import jinja2.lexer
import jinja2.meta
import jinja2.nodes
import jinja2.runtime
import jinja2.utils
import markupsafe
from markupsafe import Markup

from plansite import attachments, charts, pagemeta, themes
from plansite import pages as urls
from plansite.i18n import Catalogue
from plansite.inputfiles import DEFAULT_THEME
from plansite.outputs import Inputs, Planned

CSP = ("default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
       "form-action 'self'")


class ConstantHelpers(jinja2.ext.Extension):
    """Resolve `t('key')` and `url('/path')` with a literal argument when the default theme's
    templates are compiled, instead of on every page.

    The text of a key and a site URL do not change during a build, and a page calls
    these helpers dozens of times, each through Jinja's `Context.call`. The literal
    then takes the call's place in the template, so Jinja escapes it once, at compile
    time, as it would have escaped the call's result. Only templates of the default
    theme are changed (a site's own templates are compiled as written), and only
    calls with exactly one string argument: `t('key', count=n)` is left to run.
    """

    def filter_stream(self, stream: jinja2.lexer.TokenStream) -> Iterator[jinja2.lexer.Token]:
        helpers: dict[str, Callable[[str], str]] = getattr(self.environment, "constants", {})
        if not helpers or not (stream.filename or "").startswith(str(DEFAULT_THEME)):
            yield from stream
            return
        window: list[jinja2.lexer.Token] = []
        previous = ""
        for token in stream:
            window.append(token)
            if len(window) < 4:
                continue
            name, open_, argument, close = window
            if (name.type == "name" and name.value in helpers and previous != "dot"
                    and open_.type == "lparen" and argument.type == "string"
                    and close.type == "rparen"):
                yield jinja2.lexer.Token(name.lineno, "string",
                                         helpers[name.value](argument.value))
                previous = "string"
                window.clear()
                continue
            first = window.pop(0)
            previous = first.type
            yield first
        yield from window


_PLAIN_CALLABLES = frozenset({types.FunctionType, types.MethodType, types.BuiltinFunctionType,
                              types.BuiltinMethodType, partial})


class HelperContext(jinja2.runtime.Context):
    """Jinja's context, calling plain functions directly.

    Every call in a template goes through `Context.call`, which looks for a
    `pass_context`-style marker on the callable and on its `__call__` first; a page
    makes dozens of calls (`url(goal_url(g))`), and this look-up took a fifth of its
    rendering. A function, method or partial has no `__call__` of its own that could
    carry the marker, so one look-up on the object itself decides the same thing.
    Everything else (macros, callable objects, marked helpers) takes Jinja's path.
    The sandbox's checks run before this, in `SandboxedEnvironment.call`.
    """

    def call(__self, __obj: Callable[..., Any], *args: Any,  # noqa: N805
             **kwargs: Any) -> Any:
        if __obj.__class__ in _PLAIN_CALLABLES and \
                getattr(__obj, "jinja_pass_arg", None) is None:
            if kwargs:
                kwargs.pop("_block_vars", None)
                kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __self.environment.undefined(
                    "value was undefined because a callable raised a StopIteration exception")
        return super().call(__obj, *args, **kwargs)


_escape_text: Callable[[str], str] = getattr(
    markupsafe, "_escape_inner", lambda text: str(markupsafe.escape(text)))
"""MarkupSafe's own escaping of a plain string, as a plain string (its C function where it
has one; else `escape`, which gives the same characters)."""


def escape_output(value: Any) -> str:
    """What `{{ value }}` writes: markupsafe's `escape`, without making a `Markup` of a plain
    string's escaped text.

    Autoescaping calls `escape` on every value a template writes, and `escape` wraps
    each result in `Markup`, a Python-level `__new__`: 11 % of a cold build's serial
    rendering at 10,000 goals. What is written is joined into the page as a plain
    string either way, so the characters are the same. Markup, numbers and undefined
    values still take markupsafe's path (`__html__`, `str`, the StrictUndefined error).
    """
    kind = type(value)
    if kind is str:
        return _escape_text(value)
    if kind is Markup:  # already safe: written as it is (`escape` would copy it)
        safe: str = value
        return safe
    return markupsafe.escape(value)


_UNSEEN = ()
"""`reads` of a template that may read names `find_undeclared_variables` cannot see."""


def reads(environment: jinja2.Environment, name: str | None) -> tuple[str, ...]:
    """The variables a template reads from the context it is given, sorted; empty when it
    can read more than its names show (`{% include %}`, imports, `extends`, `self`)."""
    if name is None or environment.loader is None:
        return _UNSEEN
    try:
        source = environment.loader.get_source(environment, name)[0]
        tree = environment.parse(source)
    except jinja2.TemplateError:
        return _UNSEEN
    if any(True for _ in tree.find_all((jinja2.nodes.Include, jinja2.nodes.Import,
                                        jinja2.nodes.FromImport, jinja2.nodes.Extends))) or \
            any(node.name == "self" for node in tree.find_all(jinja2.nodes.Name)):
        return _UNSEEN
    return tuple(sorted(jinja2.meta.find_undeclared_variables(tree)))


class FastTemplate(jinja2.Template):
    """Jinja's template, with two shortcuts that change no output.

    - Its `{{ … }}` output goes through `escape_output`. The compiled template looks
      `escape` up in its module's globals, and only output statements call it (filters
      such as `|e` call markupsafe directly).
    - `{% from "macros.html" import … with context %}` makes the macros' module once
      per build, not once per page. With context, Jinja runs macros.html again for
      every page that imports it (a tenth of a page's rendering). The module is reused
      while every variable the imported template reads is the very same object as
      when it was made: the page's helpers (`t`, `url`, `status_badge` …), made once
      per build. A template that can read its context in ways its names do not show
      (an include, an import, `self`), or that is given a helper that takes the
      context, is made anew every time, as Jinja does.
    """

    _reads: tuple[str, ...] | None = None
    _made: tuple[tuple[Any, ...], jinja2.environment.TemplateModule] | None = None

    @classmethod
    def _from_namespace(cls, environment: jinja2.Environment,
                        namespace: Any, globals: Any) -> jinja2.Template:
        namespace["escape"] = escape_output
        return super()._from_namespace(environment, namespace, globals)

    def make_module(self, vars: dict[str, Any] | None = None, shared: bool = False,
                    locals: Any = None) -> jinja2.environment.TemplateModule:
        if self._reads is None:
            self._reads = reads(self.environment, self.name)
        if not self._reads or vars is None:
            return super().make_module(vars, shared, locals)
        local = {key: value for key, value in (locals or {}).items()
                 if value is not jinja2.utils.missing}
        values = (shared, *(local[name] if name in local else
                            vars.get(name, jinja2.utils.missing) for name in self._reads))
        made = self._made
        if made is not None and all(old is new for old, new in zip(made[0], values,
                                                                    strict=True)):
            return made[1]
        module = super().make_module(vars, shared, locals)
        if not any(getattr(value, "jinja_pass_arg", None) is not None for value in values):
            self._made = (values, module)
        return module


@lru_cache(maxsize=16)
def _environment(template_dirs: tuple[str, ...],
                 listing: tuple[tuple[tuple[str, int, int], ...], ...],
                 language: str, base_url: str) -> jinja2.Environment:
    """One environment per theme, state of its template files, language and base URL:
    templates compile once.

    `listing` (every file with its mtime and size) makes a changed, added or
    removed template a new environment, so Jinja need not check each template's
    file on every page (`auto_reload=False` saves a `stat` per template and page).
    """
    loader = jinja2.FileSystemLoader(list(template_dirs))
    kind = themes.environment_class(template_dirs, DEFAULT_THEME / "templates")
    env = kind(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
               auto_reload=False, extensions=[ConstantHelpers])
    env.context_class = HelperContext
    env.template_class = FastTemplate
    strings = Catalogue(language).t
    env.constants = {"t": lambda key: strings(key), "url": partial(site_url, base_url)}  # type: ignore[attr-defined]
    return env


def _listing(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Each file under `folder` as (path, mtime in ns, size), sorted."""
    found = []
    for path in folder.rglob("*"):
        stat = path.stat()
        found.append((path.relative_to(folder).as_posix(), stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(found))


def environment(themes: tuple[Path, ...] | list[Path], language: str = "da",
                base_url: str = "/") -> jinja2.Environment:
    folders = [d / "templates" for d in themes]
    listing = tuple(_listing(folder) if folder.is_dir() else () for folder in folders)
    return _environment(tuple(str(folder) for folder in folders), listing, language, base_url)


def site_url(base: str, path: str) -> str:
    """A site path ("/fbf/") under the base URL; anything else as it is."""
    return base.rstrip("/") + path if path.startswith("/") else path


def status_badge(cat: Catalogue) -> Callable[[str | None], Markup]:
    """`status_badge(key)`: a status as text in a span whose class carries the key, made
    once per status (pages show several; the `status` macro of macros.html gives the same)."""
    made: dict[str | None, Markup] = {}

    def badge(key: str | None) -> Markup:
        html = made.get(key)
        if html is None:
            html = made[key] = Markup('<span class="status status-{}">{}</span>').format(
                key or "none", cat.status(key))
        return html

    return badge


def shared_context(inputs: Inputs, scripts: tuple[str, ...] = ()) -> dict[str, Any]:
    """What every template sees: the config, the catalogue's helpers and URL helpers."""
    site, cat = inputs.site, inputs.catalogue
    base = site.config.base_url

    url = partial(site_url, base)
    return dict(
        config=site.config, lang=cat.language, csp=CSP, scripts=scripts, t=cat.t,
        status_label=cat.status, status_badge=status_badge(cat), date=cat.date,
        number=cat.number, url=url,
        status_of=site.status_of, unit_url=urls.unit_url, plan_url=urls.plan_url,
        goal_url=urls.goal_url, period_url=urls.period_url, entry_url=urls.entry_url,
        focus_area_url=urls.focus_area_url, print_url=urls.print_url,
        has_priorities=bool(site.priorities),
        file_url=partial(attachments.url_of, base_url=base),
        status_chart_of=partial(charts.status_chart, cat=cat),
    )


_NAMES: dict[type, tuple[str, ...]] = {}


def _names(kind: type) -> tuple[str, ...]:
    """The field names of a context dataclass (`fields()` builds them anew on each call)."""
    names = _NAMES.get(kind)
    if names is None:
        names = _NAMES[kind] = tuple(f.name for f in fields(kind))
    return names


class Renderer:
    """Renders planned files of one build; made once, before rendering forks."""

    def __init__(self, inputs: Inputs) -> None:
        self.inputs = inputs
        self.env = environment(inputs.theme_dirs, inputs.catalogue.language,
                               inputs.site.config.base_url)
        self.shared = shared_context(inputs)
        self._head: tuple[Planned | None, pagemeta.PageMeta | None] = (None, None)

    @property
    def template_dirs(self) -> tuple[Path, ...]:
        return tuple(theme / "templates" for theme in self.inputs.theme_dirs)

    def compile_all(self) -> None:
        """Compile every template now, so forked workers inherit them compiled."""
        for name in self.env.list_templates():
            try:
                self.env.get_template(name)
            except jinja2.TemplateError as error:
                raise themes.theme_error(error, self.template_dirs, name) from None

    def head(self, item: Planned) -> pagemeta.PageMeta | None:
        """What base.html adds to a page (`pagemeta`), kept for the page last asked for: a
        build makes the page's search document from it right after rendering it."""
        if self._head[0] is not item:
            self._head = (item, pagemeta.head(self.inputs, item))
        return self._head[1]

    def render(self, item: Planned) -> bytes:
        kind, file = item.kind, item.file
        if kind.render is not None:
            return kind.render(self.inputs, file)
        variables = {**self.shared, "page": file.page, "head": self.head(item)}
        context = file.data()
        if context is not None:
            variables.update({name: getattr(context, name) for name in _names(type(context))})
        try:
            return self.env.get_template(kind.template).render(variables).encode()
        except jinja2.TemplateError as error:  # a site theme's mistake: the editor's error
            raise themes.theme_error(error, self.template_dirs, kind.template) from None
