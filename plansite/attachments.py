"""Images and files beside a plan's source, copied to files/ and linked from its text.

An editor puts `kort.png` or the original plan as a PDF next to
content/plans/<unit>/<period>.md and writes `![Kort over området](kort.png)` or
`[Planen som PDF](plan.pdf)`. Three steps make that work:

1. Rendering (`References`): a plan text's relative references become the
   file's stable URL, <base>files/<path under content/plans/>, so they work on
   every page that shows the text. They are kept on the plan as `FileRef`s;
   references out of plans/ or to types that are not allowed are errors, an
   image without alt text a warning (all parse-time: they depend on the text only).
2. Loading (`check`): every reference must name a file that is copied. This
   runs on every build, since plans are parse-cached by their bytes and a
   file deleted later must still be reported.
3. Output (`attachment_files`, an output kind): every allowed file under
   content/plans/ is copied, linked or not (a PDF of the original plan is
   useful even when no text links it). Its fingerprint holds a hash of its
   bytes, so a changed file is copied again and a removed one deleted.

SVG and HTML are never copied: served from the site's own origin they could
run script. Other files in plans/ (the sources, Word's lock files) stay out.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote

from plansite.errors import Report
from plansite.markdown import Reference
from plansite.model import FileRef, Site
from plansite.outputs import Inputs, OutputFile

FILES = "files"
"""The site's top-level folder for attachments (reserved, see `slugs.RESERVED`)."""
ALLOWED = ("png", "jpg", "jpeg", "gif", "webp", "avif", "pdf", "docx", "xlsx", "odt", "ods",
           "csv", "txt")
"""File types that are copied: images browsers show, and documents they download."""
PLANS = "plans"

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def is_local(url: str) -> bool:
    """A reference to a file beside the plan: no scheme, not site-absolute, not a fragment."""
    return bool(url) and not url.startswith(("/", "#", "?", "\\")) and not _SCHEME.match(url)


def plans_root(source: Path) -> Path:
    """The content/plans/ folder a plan source is in.

    Sources are found under <content>/plans/ (`sources.plan_sources`); the
    nearest folder of that name is taken, so parsing needs no more than the
    source's path. Every step uses this one function, so the URL a text links
    to and the place a file is copied to always agree.
    """
    for folder in source.parents:
        if folder.name == PLANS:
            return folder
    return source.parent


def folder_of(source: Path) -> PurePosixPath:
    """The source's folder under content/plans/: relative references start there."""
    return PurePosixPath(_nfc(source.parent.relative_to(plans_root(source)).as_posix()))


def _path_part(url: str) -> str:
    """The URL without its #fragment or ?query."""
    return url.split("#", 1)[0].split("?", 1)[0]


def _nfc(name: str) -> str:
    """Names as the text has them: macOS may store "å" in a file name as "a" + "°"."""
    return unicodedata.normalize("NFC", name)


def resolve(folder: PurePosixPath, url: str) -> str | None:
    """The path under content/plans/ a relative URL names; None when it leaves plans/."""
    name = _nfc(unquote(_path_part(url)).replace("\\", "/"))
    parts: list[str] = []
    for part in (*folder.parts, *name.split("/")):
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def url_of(target: str, base_url: str, url: str = "") -> str:
    """The site URL of a file under content/plans/, keeping `url`'s #fragment or ?query."""
    rest = url[len(_path_part(url)):]
    return f"{base_url.rstrip('/')}/{FILES}/{quote(target)}{rest}"


def allowed(target: str) -> bool:
    return PurePosixPath(target).suffix.lower().lstrip(".") in ALLOWED


@dataclass
class _Found:
    written: str
    target: str | None
    """Path under content/plans/; None when the reference leaves plans/."""
    line: int


@dataclass
class References:
    """A `markdown.Rewriter` for one plan: rewrites its file references, remembers them.

    One object sees every text of the plan; `finish` reports what is wrong
    and returns the plan's `FileRef`s.
    """

    folder: PurePosixPath
    """The plan's folder under content/plans/."""
    base_url: str
    found: list[_Found] = field(default_factory=list)
    no_alt: list[tuple[str, int]] = field(default_factory=list)
    """(url, line) of each image without alt text, local or not."""

    def __call__(self, ref: Reference) -> str | None:
        if ref.alt is not None and not ref.alt.strip():
            self.no_alt.append((unquote(ref.url), ref.line))
        if not is_local(ref.url):
            return None
        target = resolve(self.folder, ref.url)
        self.found.append(_Found(unquote(ref.url), target, ref.line))
        if target is None or not allowed(target):
            return None
        return url_of(target, self.base_url, ref.url)

    def finish(self, path: Path, offset: int, report: Report) -> tuple[FileRef, ...]:
        """Report references out of plans/, of types not allowed, and images without alt.

        `offset` is the number of file lines before the body (token maps count from it).
        """
        refs = []
        for url, line in self.no_alt:
            report.warning(path, offset + line + 1, "attachment-no-alt", file=url)
        for found in self.found:
            line = offset + found.line + 1
            if found.target is None:
                report.error(path, line, "attachment-outside", file=found.written)
            elif not allowed(found.target):
                report.error(path, line, "attachment-type", file=found.written,
                             allowed=", ".join(ALLOWED))
            else:
                refs.append(FileRef(found.target, line, found.written))
        return tuple(sorted(refs, key=lambda ref: (ref.line, ref.target)))


def listing(site: Site) -> dict[str, Path]:
    """Every file to copy: path under content/plans/ → file, in path order.

    Files of allowed types anywhere under plans/, except hidden ones, Word's
    lock files (~$plan.docx) and links that lead out of plans/.
    """
    found: dict[str, Path] = {}
    for root in sorted({plans_root(plan.path) for plan in site.plans.values()}):
        inside = root.resolve()
        for path in sorted(root.rglob("*")):
            name = _nfc(path.relative_to(root).as_posix())
            if not allowed(name) or any(part.startswith((".", "~$")) for part in name.split("/")):
                continue
            if path.is_file() and path.resolve().is_relative_to(inside):
                found.setdefault(name, path)
    return dict(sorted(found.items()))


def check(site: Site, report: Report) -> None:
    """Every plan's file references name a file that is copied (exact name, case too)."""
    files = listing(site) if any(plan.files for plan in site.plans.values()) else {}
    for plan in site.plans.values():
        for ref in plan.files:
            if ref.target not in files:
                report.error(plan.path, ref.line, "attachment-missing", file=ref.written,
                             expected=f"{PLANS}/{ref.target}")


_HASHES: dict[Path, tuple[tuple[int, int, int], str]] = {}
"""File → ((mtime_ns, size, inode), hash of its bytes): the live preview hashes only
files that changed. Like the parse cache, it trusts a file whose stat is unchanged."""


def content_hash(path: Path) -> str:
    stat = path.stat()
    signature = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
    known = _HASHES.get(path)
    if known is None or known[0] != signature:
        known = _HASHES[path] = (signature, hashlib.blake2b(path.read_bytes(),
                                                            digest_size=16).hexdigest())
    return known[1]


def attachment_files(inputs: Inputs) -> Iterator[OutputFile]:
    """files/<path under content/plans/> for every file of `listing`.

    A file shows no plan: its `sources` hold a hash of its bytes instead, so
    its fingerprint changes exactly when the bytes do.
    """
    for name, path in listing(inputs.site).items():
        yield OutputFile(f"{FILES}/{name}", (f"bytes:{content_hash(path)}",), path)
