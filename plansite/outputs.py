"""What an output kind is: a pure collector of files, each rendered by a template or a function.

Every file a build writes (pages, open data, the theme's static files) comes
from one entry of `plansite.kinds.OUTPUT_KINDS`. A kind's collector looks at
the linked site and says which files it makes and which plans each file shows;
the pipeline fingerprints, renders, writes and deletes them all the same way.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plansite.i18n import Catalogue
from plansite.model import Plan, Site


@dataclass(frozen=True, slots=True)
class Inputs:
    """What output kinds read: the linked site, the catalogue and the theme folders."""

    site: Site
    catalogue: Catalogue
    theme_dirs: tuple[Path, ...]
    """The site's theme (if any) before the default theme."""
    content_dir: Path = Path("content")
    """The content folder (for files copied as they are, such as content/static/)."""


@dataclass(frozen=True, slots=True)
class Page:
    """What the base template needs of every HTML page."""

    url: str
    """Site-root-relative URL ending in "/": the page is written to <url>index.html."""
    title: str
    breadcrumbs: tuple[tuple[str, str], ...] = ()
    """(label, url) of the pages above this one."""
    description: str = ""


class Later:
    """A context made when it is first needed, then kept.

    Every build lists every file (to fingerprint it), but renders only the changed
    ones: an edit at 10,000 goals renders about 50 pages, and making the contexts of
    the other 17,000 took most of the live preview's time after a save. A collector
    wraps a costly context in `Later(partial(make, ...))`; `OutputFile.data()` makes it.
    """

    __slots__ = ("_make", "_value")
    _UNMADE: Any = object()

    def __init__(self, make: Callable[[], Any]) -> None:
        self._make = make
        self._value = Later._UNMADE

    def value(self) -> Any:
        if self._value is Later._UNMADE:
            self._value = self._make()
        return self._value

    def forget(self) -> None:
        """Drop the context; it is made again if read again."""
        self._value = Later._UNMADE


@dataclass(frozen=True, slots=True)
class OutputFile:
    """One file of the site, with what it is made from."""

    path: str
    """Site-relative path: "social/2015/index.html", "data/goals.json"."""
    sources: tuple[str, ...]
    """Plan keys whose content the file shows, or `shown(...)` of what it shows. Everything
    else it depends on (config, units, theme, base URL) is in every file's fingerprint."""
    context: Any = None
    """A template kind's typed context (its fields become the template's variables);
    a function kind's own data. Read it with `data()`: it may be made `Later`."""
    page: Page | None = None
    """Title, URL and breadcrumbs of an HTML page (the template sees it as `page`)."""

    def data(self) -> Any:
        """The context, made now if the collector deferred it (`Later`)."""
        context = self.context
        return context.value() if isinstance(context, Later) else context

    def done(self) -> None:
        """Let go of a context made `Later`, once the file is written and documented: a
        build's process would otherwise keep the context of every page it rendered
        (15 MB in the main process at 10,000 goals)."""
        if isinstance(self.context, Later):
            self.context.forget()


SHOWN = "shown:"


def shown(*values: object, memo: dict[int, str] | None = None) -> tuple[str]:
    """The sources of a file whose context and page hold everything it shows as plain
    values (strings, numbers, None, frozen dataclasses and tuples of them): a digest of
    them.

    A list drawn from many plans (the overview's 500 goals a page) then counts as
    changed only when a row it shows changes, not whenever one of its plans is
    edited. A collector whose files share values (the same row on the full list and
    on a filter's page) passes one `memo` for all of them: each shared value is then
    written out once (it must stay alive meanwhile: its id is the key).
    """
    memo = memo if memo is not None else {}
    text = "\x1f".join(_flat(value, memo) for value in values)
    return (SHOWN + hashlib.blake2b(text.encode(), digest_size=16).hexdigest(),)


_FIELDS: dict[type, tuple[str, ...]] = {}


def _flat(value: object, memo: dict[int, str]) -> str:
    """`value` as a string in which each part is tagged with its length or type, so no two
    values give the same string (three times faster than `repr` of nested dataclasses)."""
    if isinstance(value, str):
        return f"s{len(value)}:{value}"
    if value is None or isinstance(value, (bool, int, float)):
        return repr(value)
    known = memo.get(id(value))
    if known is not None:
        return known
    # String parts and values already written out are looked up here, not by a call:
    # they are most parts, and this ran some 200,000 times per build at 10,000 goals.
    if isinstance(value, tuple):
        parts = [f"t{len(value)}", *(f"s{len(item)}:{item}" if type(item) is str
                                     else memo.get(id(item)) or _flat(item, memo)
                                     for item in value)]
    else:
        kind = type(value)
        names = _FIELDS.get(kind)
        if names is None:
            if not dataclasses.is_dataclass(kind):
                raise TypeError(f"shown() takes plain values, not {kind.__name__}")
            names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind))
        parts = [kind.__qualname__]
        for name in names:
            item = getattr(value, name)
            parts.append(f"s{len(item)}:{item}" if type(item) is str else _flat(item, memo))
    flat = memo[id(value)] = f"[{len(parts)}\x1e" + "\x1f".join(parts) + "]"
    return flat


Collector = Callable[[Inputs], Iterable[OutputFile]]
PlanCollector = Callable[[Inputs, Plan], Iterable[OutputFile]]
RenderFunction = Callable[[Inputs, OutputFile], bytes]


@dataclass(frozen=True)
class OutputKind:
    """An entry of the output list: a collector and how its files are rendered."""

    name: str
    collect: Collector
    template: str = ""
    """Jinja template (a theme may override it); or else `render` makes the bytes."""
    render: RenderFunction | None = None
    plan_files: PlanCollector | None = None
    """One plan's files, for a kind made `per_plan`: the live preview writes an edited
    plan's own pages with it before it lists the whole site."""

    def __post_init__(self) -> None:
        if bool(self.template) == (self.render is not None):
            raise ValueError(f"output kind {self.name}: give a template or a render function")

    @classmethod
    def per_plan(cls, name: str, plan_files: PlanCollector, template: str = "",
                 render: RenderFunction | None = None) -> OutputKind:
        """A kind whose every file belongs to one plan (its page, its goals' pages): it
        lists each plan's files in turn, in the site's order."""
        def collect(inputs: Inputs) -> Iterator[OutputFile]:
            for plan in inputs.site.plans.values():
                yield from plan_files(inputs, plan)

        return cls(name, collect, template, render, plan_files)


@dataclass(frozen=True, slots=True)
class Planned:
    """A file to write, with the kind that renders it."""

    kind: OutputKind
    file: OutputFile

    @property
    def path(self) -> str:
        return self.file.path


def page_path(url: str) -> str:
    """The file a page URL is served from."""
    return url.lstrip("/") + "index.html"
