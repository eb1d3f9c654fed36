"""The live preview: a saved edit is served without a manual rebuild; errors show in the browser."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import DEMO, ROOT


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.read().decode("utf-8")


def _wait_for(url: str, text: str, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    body = ""
    while time.monotonic() < deadline:
        try:
            body = _get(url)
            if text in body:
                return body
        except OSError:  # not listening yet, or busy
            pass
        time.sleep(0.05)
    raise AssertionError(f"{text!r} never appeared at {url}; last body starts {body[:300]!r}")


@pytest.fixture
def preview(tmp_path: Path, request: pytest.FixtureRequest):
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    port = _free_port()
    sub_path = getattr(request, "param", "")
    extra = ["--base-url", sub_path] if sub_path else []
    process = subprocess.Popen(
        [sys.executable, "build.py", "serve", "--content", str(content), "--out",
         str(tmp_path / "site"), "--port", str(port), *extra],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}" + sub_path.rstrip("/")
    try:
        _wait_for(base + "/", "<h1>")
        yield content, base
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_saved_edit_is_served_without_a_manual_rebuild(preview):
    content, base = preview
    page = base + "/social-familie/2016-2017/"
    body = _get(page)
    assert "/livereload.js?port=" in body
    source = content / "plans/social-familie/2016-2017.md"
    text = source.read_text("utf-8")
    source.write_text(text.replace("titel: Virksomhedsplan for Social & Familie 2016-2017",
                                   "titel: Redigeret plan 2016-2017"), encoding="utf-8")
    _wait_for(page, "<h1>Redigeret plan 2016-2017</h1>")


def test_error_shows_as_overlay_and_fix_clears_it(preview):
    content, base = preview
    page = base + "/social-familie/2015/"
    source = content / "plans/social-familie/2015.md"
    good = source.read_text("utf-8")
    source.write_text(good.replace("id: ", "idd: ", 1), encoding="utf-8")
    body = _wait_for(page, "Fejl i indholdet")
    assert "2015.md:" in body and "Mente du" in body
    source.write_text(good, encoding="utf-8")
    body = _wait_for(page, "<h1>Virksomhedsplan")
    assert "Fejl i indholdet" not in body


def test_livereload_client_script_is_served(preview):
    _, base = preview
    assert "LiveReload" in _get(base + "/livereload.js")


@pytest.mark.parametrize("preview", ["/planer/"], indirect=True)
def test_preview_works_under_a_sub_path(preview):
    _, base = preview
    body = _get(base + "/social-familie/2015/")
    assert 'href="/planer/assets/style.css"' in body
    assert "body" in _get(base + "/assets/style.css")


def test_error_page_wraps_long_lines(tmp_path: Path):
    """A long hint (every status) or a long value must wrap, not widen the page on a phone.

    tests/browser/test_browser_overlay.py measures it at 375 px in Chromium.
    """
    from plansite.diagnostics import human
    from plansite.serve import OVERLAY_CSS, Preview

    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    source = content / "plans/social-familie/2016-2017.md"
    source.write_text(source.read_text("utf-8").replace("offentliggjort: 2016-01-15",
                                                        "kilde: www." + "x" * 300 + ".dk"),
                      encoding="utf-8")
    preview = Preview(content, tmp_path / "site", lambda p: human(p, preview.catalogue))
    preview.rebuild()
    assert preview.errors
    page = preview.overlay()
    assert "x" * 300 in page
    assert f"<style>{OVERLAY_CSS}</style>" in page
    assert "white-space:pre-wrap" in OVERLAY_CSS and "overflow-wrap:anywhere" in OVERLAY_CSS
    css = (ROOT / "themes/default/static/style.css").read_text("utf-8")
    rule = css[css.index(".error-overlay pre {"):]
    rule = rule[:rule.index("}")]
    assert "white-space: pre-wrap" in rule and "overflow-wrap: anywhere" in rule


# --- hardening: the preview answers only this machine -----------------------------------------

def _status(base: str, path: str, headers: dict[str, str] | None = None) -> int:
    import http.client
    host, port = base.removeprefix("http://").split("/")[0].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=20)
    connection.putrequest("GET", path, skip_host=True)
    connection.putheader("Host", (headers or {}).get("Host", f"{host}:{port}"))
    for name, value in (headers or {}).items():
        if name != "Host":
            connection.putheader(name, value)
    connection.endheaders()
    status = connection.getresponse().status
    connection.close()
    return status


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000",
                                  "127.0.0.1.nip.io"])
def test_a_request_for_another_host_name_is_refused(preview, host):
    _content, base = preview
    assert _status(base, "/", {"Host": host}) == 403  # DNS rebinding
    assert _status(base, "/livereload.js", {"Host": host}) == 403


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "[::1]:8000"])
def test_this_machine_by_any_name_is_served(preview, host):
    _content, base = preview
    assert _status(base, "/", {"Host": host}) == 200


@pytest.mark.parametrize("path", ["/%00", "/a%00b/index.html", "/" + "x" * 5000,
                                  "/" + "a/" * 3000])
def test_odd_paths_get_404_not_a_server_error(preview, path):
    _content, base = preview
    assert _status(base, path) == 404


def test_the_reload_socket_refuses_pages_of_other_sites(preview):
    _content, base = preview
    upgrade = {"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
               "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}
    assert _status(base, "/livereload", {**upgrade, "Origin": "https://evil.example"}) == 403
    host = base.removeprefix("http://").split("/")[0]
    assert _status(base, "/livereload", {**upgrade, "Origin": f"http://{host}"}) == 101


def test_trusted_hosts():
    from plansite.serve import trusted_host
    assert trusted_host("localhost:8000", "127.0.0.1")
    assert trusted_host("192.168.1.20:8000", "0.0.0.0")
    assert trusted_host("preview.lan:8000", "preview.lan")
    assert not trusted_host("evil.example", "127.0.0.1")
    assert not trusted_host("localhost.evil.example", "127.0.0.1")
