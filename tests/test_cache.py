"""The build cache is checked, never trusted: a stale, damaged or crafted cache cannot give a
wrong site or run code; at worst everything is built again."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from plansite import cache, inputfiles, links, search
from plansite.errors import Report
from plansite.i18n import Catalogue
from plansite.pipeline import build, load
from tests.conftest import DEMO, ROOT


def _content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    return content


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def test_a_same_size_edit_with_its_mtime_set_back_is_still_seen(tmp_path):
    content, out, store = _content(tmp_path), tmp_path / "site", tmp_path / "cache"
    build(content, out, cache_dir=store)
    plan = content / "plans/fbf/2014.md"
    stat = plan.stat()
    text = plan.read_text("utf-8")
    edited = text.replace("Årsberetning 2014", "Årsberetning 2O14", 1)  # same size
    assert len(edited.encode()) == len(text.encode()) and edited != text
    plan.write_text(edited, "utf-8")
    os.utime(plan, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # `touch -d` back, git checkout …
    result = build(content, out, cache_dir=store)
    assert result.rendered > 0
    assert "Årsberetning 2O14" in (out / "fbf/2014/index.html").read_text("utf-8")


def test_every_damaged_byte_gives_the_right_site(tmp_path):
    content, out, store = _content(tmp_path), tmp_path / "site", tmp_path / "cache"
    build(content, out, cache_dir=store)
    [path] = store.glob("*.pickle")
    good = path.read_bytes()
    expected = _tree(out)
    step = max(1, len(good) // 16)
    for offset in range(0, len(good), step):  # 16 places: header, checksum and payload
        damaged = bytearray(good)
        damaged[offset] ^= 0x5A
        path.write_bytes(bytes(damaged))
        shutil.rmtree(out)
        build(content, out, cache_dir=store)
        assert _tree(out) == expected, offset
        path.write_bytes(good)


def test_a_damaged_cache_is_discarded_with_a_one_line_notice(tmp_path):
    content, out, store = _content(tmp_path), tmp_path / "site", tmp_path / "cache"
    build(content, out, cache_dir=store)
    [path] = store.glob("*.pickle")
    data = bytearray(path.read_bytes())
    data[-10] ^= 0xFF
    path.write_bytes(bytes(data))
    assert cache.load(path).discarded
    plan = content / "plans/fbf/2014.md"  # an edit, so the build needs the parsed plans
    plan.write_text(plan.read_text("utf-8") + "\nEn ny sætning.\n", "utf-8")
    run = subprocess.run([sys.executable, str(ROOT / "build.py"), "--content", str(content),
                          "--out", str(out), "--cache", str(store)],
                         capture_output=True, text=True, cwd=ROOT, check=False)
    assert run.returncode == 0, run.stderr
    notice = [line for line in run.stderr.splitlines() if "Byggecachen" in line]
    assert len(notice) == 1 and "bygget forfra" in notice[0]


class _Exploit:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch PWNED",))


def test_a_crafted_cache_cannot_run_code(tmp_path):
    content, out, store = _content(tmp_path), tmp_path / "site", tmp_path / "cache"
    build(content, out, cache_dir=store)
    [path] = store.glob("*.pickle")
    payload = pickle.dumps(_Exploit())
    import hashlib
    checksum = hashlib.blake2b(payload, digest_size=32).hexdigest().encode()
    path.write_bytes(b"".join((cache.MAGIC, cache.code_version().encode(), b"\n", checksum,
                               b"\n", payload)))  # even with a valid header and checksum
    state = cache.load(path)
    assert state.discarded and not (Path.cwd() / "PWNED").exists()
    assert not (tmp_path / "PWNED").exists()
    build(content, out, cache_dir=store)


def test_a_cache_from_another_version_is_not_used(tmp_path):
    content, out, store = _content(tmp_path), tmp_path / "site", tmp_path / "cache"
    build(content, out, cache_dir=store)
    [path] = store.glob("*.pickle")
    magic, _version, rest = path.read_bytes().split(b"\n", 2)
    path.write_bytes(magic + b"\nolder\n" + rest)
    assert cache.load(path).discarded


def test_a_cache_path_that_is_a_file_or_folder_only_costs_time(tmp_path):
    content, out = _content(tmp_path), tmp_path / "site"
    not_a_folder = tmp_path / "cache-file"
    not_a_folder.write_text("x", "utf-8")
    build(content, out, cache_dir=not_a_folder)  # cannot be written: built all the same
    assert (out / "index.html").is_file()
    store = tmp_path / "cache"
    target = cache.cache_file(store, content, out, None)
    target.mkdir(parents=True)  # a folder where the cache file should be
    build(content, out, cache_dir=store)
    assert (out / "index.html").is_file()


def test_a_build_with_nothing_changed_reads_only_the_stamp(tmp_path):
    """The stamp beside the cache says what the last build read and left; the cache itself
    (every parsed plan) is read only when something changed."""
    content, out, store = _content(tmp_path), tmp_path / "site", tmp_path / "cache"
    first = build(content, out, cache_dir=store)
    [path] = store.glob("*.pickle")
    assert cache.load_stamp(path) is not None
    path.write_bytes(b"not a cache")  # unread below: nothing changed
    again = build(content, out, cache_dir=store)
    assert again.rendered == 0 and again.goals == first.goals and not again.cache_discarded


def test_a_damaged_or_stale_stamp_only_costs_time(tmp_path):
    content, out, store = _content(tmp_path), tmp_path / "site", tmp_path / "cache"
    build(content, out, cache_dir=store)
    expected = _tree(out)
    [path] = store.glob("*.pickle")
    stamp = cache.stamp_file(path)
    good = stamp.read_bytes()
    for damaged in (good[:-5] + b"xxxxx", b"", good.replace(b"plansite-cache", b"x", 1)):
        stamp.write_bytes(damaged)
        assert cache.load_stamp(path) is None
        build(content, out, cache_dir=store)
        assert _tree(out) == expected
    (out / "index.html").write_text("changed by hand", "utf-8")  # the stamp's manifest differs
    result = build(content, out, cache_dir=store)
    assert result.rendered > 0 and _tree(out) == expected


def test_the_site_remembered_is_the_site_on_disk_after_the_swap(tmp_path):
    """The build lists its stage (the pages while Pagefind runs, then the index) and
    swaps that folder in as it is: the list is what a later listing of the site gives,
    so the next build trusts the site, and a hand edit is still noticed."""
    content, out, store = _content(tmp_path), tmp_path / "site", tmp_path / "cache"
    for edit in ("", "Tandklinikken"):
        if edit:
            plan = content / "plans/social-familie/2015.md"
            plan.write_text(plan.read_text("utf-8").replace("Tandplejen", edit), "utf-8")
        build(content, out, cache_dir=store)
        [path] = store.glob("*.pickle")
        state = cache.load(path)
        assert state.manifest == cache.manifest_of(out)
        assert cache.site_digest(out) == cache.manifest_digest(state.manifest)
        assert any(name.startswith("pagefind/") for name in state.manifest)
    plan.write_text(plan.read_text("utf-8") + "\n", "utf-8")
    assert 0 < build(content, out, cache_dir=store).rendered < 40  # the site was trusted


def test_kept_open_data_lines_give_a_clean_builds_bytes_and_damage_only_costs_time(
        tmp_path):
    content, out, store = _content(tmp_path), tmp_path / "site", tmp_path / "cache"
    build(content, out, cache_dir=store)
    plan = content / "plans/social-familie/2015.md"
    names = ("Tandplejen", "Tandklinikken", "Tandlægen", "Tandplejen")
    for number, name in enumerate(names[1:]):
        plan.write_text(plan.read_text("utf-8").replace(names[number], name), "utf-8")
        if number == 2:
            [lines] = store.glob("*.lines")
            lines.write_bytes(lines.read_bytes()[:-9] + b"damaged!!")
        assert build(content, out, cache_dir=store).rendered > 0
        clean = tmp_path / f"clean-{number}"
        build(content, clean)
        for name in ("data/goals.csv", "data/goals.json", "social-familie/maal.json"):
            assert (out / name).read_bytes() == (clean / name).read_bytes()
    assert cache.load_lines(next(store.glob("*.pickle")))  # kept again after the damage


def test_a_rebuild_resolves_the_references_of_the_edited_plan_only(tmp_path, monkeypatch):
    content, out, store = _content(tmp_path), tmp_path / "site", tmp_path / "cache"
    build(content, out, cache_dir=store)
    resolved: list[str] = []
    real = links._resolve_plan
    monkeypatch.setattr(links, "_resolve_plan", lambda site, plan, previous: (
        resolved.append(plan.key), real(site, plan, previous))[1])
    plan = content / "plans/fbf/2014.md"
    plan.write_text(plan.read_text("utf-8") + "\nEn ny sætning.\n", "utf-8")
    build(content, out, cache_dir=store)
    assert resolved == ["fbf/2014"]
    expected = _tree(out)
    shutil.rmtree(out)
    build(content, out)  # no cache: the same site
    assert _tree(out) == expected


def test_a_remembered_resolution_counts_only_for_the_same_plan_object(tmp_path):
    loaded = load(DEMO)
    plans = list(loaded.site.plans.values())
    first = plans[0]
    unresolved = replace(first, follow_up_parts=())
    # A memo entry under the key a new plan would have, but made for another object (as
    # when a freed plan's id is taken by a new one): it must not be used.
    memo = {(id(unresolved), ""): (first, replace(first, title="Forkert"))}
    site = links.link(loaded.site.config, loaded.site.units, [unresolved], Report(), memo)
    assert site.plans[first.key].title == first.title
    assert memo[(id(unresolved), "")][0] is unresolved


def test_a_rebuild_pickles_the_edited_plan_only(tmp_path, monkeypatch):
    content, out, store = _content(tmp_path), tmp_path / "site", tmp_path / "cache"
    build(content, out, cache_dir=store)
    pickled: list[str] = []
    real = pickle.dumps

    def counting(value: object, *args: object, **kwargs: object) -> bytes:
        if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], tuple) \
                and len(value[0]) == 4:  # a source's part: (parsed entry, resolved plans)
            pickled.append(value[0][1].key)
        return real(value, *args, **kwargs)

    monkeypatch.setattr(cache.pickle, "dumps", counting)
    plan = content / "plans/fbf/2014.md"
    plan.write_text(plan.read_text("utf-8") + "\nEn ny sætning.\n", "utf-8")
    build(content, out, cache_dir=store)
    assert pickled == ["fbf/2014"]
    monkeypatch.undo()
    [path] = store.glob("*.pickle")
    state = cache.load(path)
    assert not state.discarded and len(state.parsed) == len(list(content.glob("plans/*/*.md")))
    expected = _tree(out)
    plan.write_text(plan.read_text("utf-8") + "\nEndnu en.\n", "utf-8")
    build(content, out, cache_dir=store)  # from the copied parts
    plan.write_text(plan.read_text("utf-8").replace("\nEndnu en.\n", ""), "utf-8")
    build(content, out, cache_dir=store)
    assert _tree(out) == expected


def test_a_damaged_site_part_renders_everything_and_gives_the_right_site(tmp_path):
    content, out, store = _content(tmp_path), tmp_path / "site", tmp_path / "cache"
    build(content, out, cache_dir=store)
    [site_part] = store.glob("*.site")
    site_part.write_bytes(b"damaged")
    plan = content / "plans/fbf/2014.md"  # an edit: the build reads the cache
    plan.write_text(plan.read_text("utf-8") + "\n", "utf-8")
    result = build(content, out, cache_dir=store)
    assert result.rendered == sum(1 for item in load(content).planned
                                  if item.file.page is not None)
    clean = tmp_path / "clean"
    build(content, clean)
    assert _tree(out) == _tree(clean)


def test_a_build_that_fails_after_keeping_its_sources_keeps_what_the_site_holds(
        tmp_path, monkeypatch):
    """The parsed sources are kept while Pagefind runs, before the site is published; if
    the build then fails, the next one still knows the site on disk and renders only what
    changed."""
    content, out, store = _content(tmp_path), tmp_path / "site", tmp_path / "cache"
    build(content, out, cache_dir=store)
    plan = content / "plans/social-familie/2015.md"
    plan.write_text(plan.read_text("utf-8").replace("Tandplejen", "Tandklinikken"), "utf-8")
    with monkeypatch.context() as patched:
        patched.setattr(search, "_command", lambda pages, output: [
            sys.executable, "-c", "import sys; sys.exit(3)"])
        try:
            build(content, out, cache_dir=store)
        except search.SearchIndexFailed:
            pass
        else:
            raise AssertionError("the build should have failed")
    result = build(content, out, cache_dir=store)
    assert 0 < result.rendered < 40
    clean = tmp_path / "clean"
    build(content, clean)
    assert _tree(out) == _tree(clean)


def test_a_no_change_build_on_the_command_line_loads_no_build_machinery(tmp_path):
    """Nothing changed: the command compares the inputs, lists the site and says what the
    last build said, without importing Jinja, Markdown, the model or the catalogue."""
    content, out, store = _content(tmp_path), tmp_path / "site", tmp_path / "cache"
    (content / "plans/fbf/2014.md").write_text(  # a warning to say again
        (content / "plans/fbf/2014.md").read_text("utf-8") + "\n[Læs mere](/findes-ikke/)\n",
        "utf-8")
    command = [sys.executable, "-X", "importtime", str(ROOT / "build.py"), "--content",
               str(content), "--out", str(out), "--cache", str(store)]
    first = subprocess.run(command, capture_output=True, text=True, check=True)
    again = subprocess.run(command, capture_output=True, text=True, check=True)
    loaded = {line.rsplit("|", 1)[-1].strip() for line in again.stderr.splitlines()
              if line.startswith("import time:")}
    assert "plansite.pipeline" in first.stderr and "plansite.unchanged" in loaded
    assert not loaded & {"plansite.pipeline", "plansite.render", "plansite.model",
                         "plansite.i18n", "jinja2", "markdown_it", "babel", "yaml"}
    said = Catalogue("da").t("ui.unchanged", goals=len(load(content).site.goals), pages=0,
                             out=str(out))
    assert again.stdout.strip().splitlines()[-1] == said

    def warnings(stderr: str) -> list[str]:
        return [line for line in stderr.splitlines() if not line.startswith("import time:")]
    assert warnings(again.stderr) == warnings(first.stderr)
    assert any("fbf/2014.md" in line for line in warnings(again.stderr))


def test_a_no_change_build_trusts_the_inputs_stats_once_they_have_settled(tmp_path,
                                                                          monkeypatch):
    """Sources saved a moment before a build are read again by the next one; once they
    have settled, that build keeps their stats and the one after reads no source."""
    content, out, store = _content(tmp_path), tmp_path / "site", tmp_path / "cache"
    build(content, out, cache_dir=store)
    [path] = store.glob("*.pickle")
    assert cache.load_stamp(path).inputs.signature == ""  # copied just now
    monkeypatch.setattr(inputfiles, "SETTLED_NS", 0)
    assert build(content, out, cache_dir=store).rendered == 0
    assert cache.load_stamp(path).inputs.signature

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("an input file was read")
    monkeypatch.setattr(inputfiles, "open", refuse, raising=False)
    assert build(content, out, cache_dir=store).rendered == 0
