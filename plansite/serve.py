"""Live preview: build, serve, watch content and theme, rebuild what changed, reload tabs.

The server is tornado with livereload's WebSocket handler and client script
(served as a file, so the pages' Content Security Policy stays strict). inotify
(or a 50 ms poll) tells us about saves; each rebuild runs the same steps as
`build` (`pipeline.load`, then `pipeline.update_site`) and re-renders only the
files whose inputs changed, each replaced atomically. A content error is shown in the
browser as an overlay page with the same message as on the command line; the
last good site stays on disk, and saving a fix clears the overlay.
"""

from __future__ import annotations

import gc
import html
import ipaddress
import logging
import mimetypes
import os
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from livereload.watcher import Watcher
from tornado import ioloop, web

from plansite import publish, themes
from plansite.errors import Problem
from plansite.i18n import Catalogue
from plansite.inputfiles import theme_dirs
from plansite.pipeline import (
    Session,
    catalogue,
    list_outputs,
    load,
    publish_site,
    refuse_output_folder,
    update_site,
)
from plansite.sources import Loaded
from plansite.watch import Inotify

POLL_MS = 50
"""Polling interval where inotify is missing."""
SAFETY_POLL_MS = 1000
"""With inotify, a slow poll still catches what the kernel did not report."""
RELOAD_SCRIPT = '<script src="/livereload.js?port={port}" defer></script>'
OVERLAY_CSS = (".error-overlay pre{white-space:pre-wrap;overflow-wrap:anywhere;"
               "word-break:break-word;max-width:100%}"
               ".error-overlay li,.error-overlay code{overflow-wrap:anywhere}")
"""The overlay's own rules, so long lines (a hint listing every status, a long URL)
wrap on a phone even before the first good build wrote /assets/style.css, or when a
site's theme replaces style.css; themes/default/static/style.css styles it further."""


def snapshot(content_dir: Path) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every source and theme file, to notice saves (a few ms for 1,000)."""
    result: dict[str, tuple[int, int]] = {}
    folders = [str(content_dir), *(str(d) for d in theme_dirs(content_dir / "theme"))]
    for folder in folders:
        stack = [folder]
        while stack:
            try:
                entries = list(os.scandir(stack.pop()))
            except OSError:
                continue
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                else:
                    try:
                        stat = entry.stat()
                    except OSError:
                        continue
                    result[entry.path] = (stat.st_mtime_ns, stat.st_size)
    return result


@contextmanager
def _collection_deferred() -> Iterator[None]:
    """No garbage collection until the browsers were told to reload (`finish` then pays
    for it): at 10,000 goals the collections during a save took 20 to 130 ms."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Preview:
    """The state of a running preview: the session, the last problems, the output folder."""

    def __init__(self, content_dir: Path, out: Path, format_problem: Callable[[Problem], str],
                 base_url: str | None = None) -> None:
        self.content_dir, self.out = content_dir, out
        self.session = Session(content_dir, base_url)
        self.format_problem = format_problem
        self.errors: list[Problem] = []
        self.loaded: Loaded | None = None
        self.retired: Loaded | None = None
        """The site `loaded` replaced, until `finish`."""
        self.files_seen = snapshot(content_dir)
        self.pending: Callable[[], int] | None = None
        self.published = False
        self.rendered_last = 0
        """Pages the last rebuild rendered."""

    @property
    def catalogue(self) -> Catalogue:
        """The site's catalogue (from the last build, or site.yaml before the first)."""
        if self.loaded is not None:
            return self.loaded.catalogue
        return catalogue(self.content_dir, self.session)

    def initial_build(self) -> None:
        refuse_output_folder(self.content_dir, self.out, self.session)
        self.rebuild()

    def rebuild(self) -> bool:
        """Rebuild after a change; True when browsers should reload.

        The first good build publishes the whole site atomically; later ones
        rewrite only the files whose inputs changed, each atomically.
        """
        self.finish()  # the previous update's open data, if nobody asked for it yet
        with _collection_deferred():
            return self._rebuild()

    def _rebuild(self) -> bool:
        # The site is listed after the edited plans' pages are written (`update_site`).
        loaded = load(self.content_dir, self.session.base_url, self.session, warnings=False,
                      outputs=False)
        # The last save's site is freed in `finish`, after the browsers reloaded: at 10,000
        # goals freeing it took 25 ms.
        self.retired, self.loaded = self.loaded, loaded
        self.errors = loaded.report.errors
        self.rendered_last = 0
        if not self.errors:
            try:
                with publish.locked(self.out):  # a build into the same folder waits for us
                    if self.published and self.out.is_dir():
                        update = update_site(self.session, loaded, self.out)
                        self.pending, self.rendered_last = update.finish, update.rendered
                    else:
                        list_outputs(loaded)
                        if not loaded.report.errors:
                            self.rendered_last = publish_site(self.session, loaded, self.out)
                            self.published = True
                self.errors = loaded.report.errors
            except themes.ThemeError as error:  # shown in the overlay like any source error
                self._theme_failed(error)
        return True

    def finish(self) -> bool:
        """Work left after browsers were told to reload (the other changed pages, open
        data, stale files); True when it found a problem, for the overlay to show."""
        self.retired = None
        if self.pending is None:
            return False
        pending, self.pending = self.pending, None
        try:
            with publish.locked(self.out):
                self.rendered_last += pending()
        except themes.ThemeError as error:
            self._theme_failed(error)
        if self.loaded is not None and self.loaded.report.errors:
            self.errors = self.loaded.report.errors
        return bool(self.errors)

    def _theme_failed(self, error: themes.ThemeError) -> None:
        self.errors = [error.problem()]
        self.session.state.fingerprints = {}  # render everything once it is fixed
        self.session.written = None

    def poll(self) -> bool:
        current = snapshot(self.content_dir)
        if current == self.files_seen:
            return False
        self.files_seen = current
        return self.rebuild()

    def overlay(self) -> str:
        cat = self.catalogue
        title, intro = cat.t("serve.overlay_title"), cat.t("serve.overlay_intro")
        items = "\n".join(f"<li><pre>{html.escape(self.format_problem(p))}</pre></li>"
                          for p in self.errors)
        lang = cat.language
        return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">'
                f"<title>{html.escape(title)}</title>"
                '<link rel="stylesheet" href="/assets/style.css">'
                f"<style>{OVERLAY_CSS}</style></head><body>"
                f'<main class="wrap error-overlay"><h1>{html.escape(title)}</h1>'
                f"<p>{html.escape(intro)}</p><ol>{items}</ol></main></body></html>")


MAX_PATH = 1024
"""Longer request paths are answered 404 before they reach the file system."""


def trusted_host(host: str, bound: str) -> bool:
    """Whether a Host (or Origin) names this machine: localhost, an IP address, or the
    address the preview is bound to. A DNS name that a hostile page points at
    127.0.0.1 (DNS rebinding) is none of these, so its requests are refused."""
    name = host.rsplit("@", 1)[-1]
    if name.startswith("["):
        name = name[1:].partition("]")[0]
    elif name.count(":") == 1:
        name = name.partition(":")[0]
    name = name.lower()
    if name in ("localhost", bound.lower()):
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class _HostCheck:
    """Refuses requests whose Host is not this machine (see `trusted_host`); mixed into
    every handler of the preview."""

    bound = "127.0.0.1"
    request: Any

    def prepare(self) -> None:
        if not trusted_host(self.request.host, self.bound):
            raise web.HTTPError(403)


class GuardedReloadHandler(_HostCheck, LiveReloadHandler):  # type: ignore[misc]
    """The reload WebSocket: a page from another site may not open it (Origin check)."""

    def check_origin(self, origin: str) -> bool:
        return trusted_host(urllib.parse.urlsplit(origin).netloc, self.bound)


class GuardedReloadJSHandler(_HostCheck, LiveReloadJSHandler):  # type: ignore[misc]
    """The reload client script."""


class SiteHandler(_HostCheck, web.RequestHandler):
    """Serves the output folder, the overlay while there are errors, and the reload script."""

    def initialize(self, preview: Preview, port: int) -> None:
        self.preview, self.port = preview, port

    def get(self, path: str) -> None:
        if "\x00" in path or len(path) > MAX_PATH:
            raise web.HTTPError(404)
        try:
            self._get(path)
        except (OSError, ValueError):  # a name the file system cannot take
            raise web.HTTPError(404) from None

    def _get(self, path: str) -> None:
        out = self.preview.out.resolve()
        loaded = self.preview.loaded
        base = loaded.site.config.base_url if loaded is not None else "/"
        if base != "/" and ("/" + path).startswith(base):
            path = path[len(base) - 1:]  # the site is served under a sub-path
        elif base != "/" and not path:
            self.redirect(base)
            return
        target = (out / path).resolve()
        if out not in target.parents and target != out:
            raise web.HTTPError(404)
        if target.is_dir():
            if not path.endswith("/") and path:
                self.redirect("/" + path + "/")
                return
            target = target / "index.html"
        is_html = target.suffix == ".html" or not target.suffix
        if self.preview.errors and is_html:
            self._send_html(self.preview.overlay(), 200)
            return
        if not target.is_file():
            missing = out / "404.html"
            self._send_html(missing.read_text("utf-8") if missing.is_file() else
                            "<!DOCTYPE html><title>404</title><h1>404</h1>", 404)
            return
        data = target.read_bytes()
        if target.suffix == ".html":
            self._send_html(data.decode("utf-8"), 200)
            return
        self.set_header("Content-Type", mimetypes.guess_type(target.name)[0] or
                        "application/octet-stream")
        self.set_header("Cache-Control", "no-store")
        self.finish(data)

    def _send_html(self, text: str, status: int) -> None:
        script = RELOAD_SCRIPT.format(port=self.port)
        text = text.replace("</head>", script + "</head>", 1)
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(text)


def serve(preview: Preview, port: int, host: str = "127.0.0.1",
          on_ready: Callable[[str], None] | None = None,
          on_rebuild: Callable[[Preview, float], None] | None = None) -> None:
    """Run the preview server until interrupted."""
    logging.getLogger("tornado.access").setLevel(logging.WARNING)
    preview.initial_build()
    LiveReloadHandler.watcher = Watcher()
    LiveReloadHandler._last_reload_time = time.time()  # we trigger reloads, not its watcher
    _HostCheck.bound = host
    app = web.Application([
        (r"/livereload", GuardedReloadHandler),
        (r"/livereload.js", GuardedReloadJSHandler),
        (r"/(.*)", SiteHandler, {"preview": preview, "port": port}),
    ])
    app.listen(port, address=host)

    def tick() -> None:
        started = time.perf_counter()
        if preview.poll():
            LiveReloadHandler.reload_waiters(path="*")
            elapsed = time.perf_counter() - started
            if preview.finish():  # listing the site found a problem: show the overlay
                LiveReloadHandler.reload_waiters(path="*")
            if on_rebuild is not None:
                on_rebuild(preview, elapsed)

    loop = ioloop.IOLoop.current()
    notify = Inotify.create()
    if notify is not None:  # the kernel says when a file is saved: no polling delay
        for folder in (preview.content_dir, *theme_dirs(preview.content_dir / "theme")):
            notify.watch_tree(folder)

        def on_event(fd: int, events: int) -> None:
            if notify.read():
                tick()

        loop.add_handler(notify.fd, on_event, ioloop.IOLoop.READ)
        ioloop.PeriodicCallback(tick, SAFETY_POLL_MS).start()  # for file systems without events
    else:
        ioloop.PeriodicCallback(tick, POLL_MS).start()
    if on_ready is not None:
        on_ready(f"http://{host}:{port}/")
    loop.start()
