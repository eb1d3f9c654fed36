"""The Pagefind index: built with the pages, current after every build, the same bytes."""

from __future__ import annotations

import gzip
import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from plansite import pagemeta, parallel, search
from plansite.incremental import fingerprints
from plansite.outputs import Planned
from plansite.pipeline import build, load, render_all
from plansite.render import Renderer
from tests.conftest import DEMO

GOAL = "social-familie/2015/tandpleje-samarbejde/index.html"


def _fragments(site: Path) -> str:
    """Every indexed page's text, as Pagefind stored it."""
    return "\n".join(gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
                     for path in sorted((site / "pagefind" / "fragment").iterdir()))


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def demo_files() -> dict[str, bytes]:
    return render_all(load(DEMO))


@pytest.fixture(scope="module")
def demo_documents() -> dict[str, str]:
    loaded = load(DEMO)
    return search.documents(loaded.inputs, loaded.planned)


def _facts(document: str, attribute: str) -> set[str]:
    main = BeautifulSoup(document, "html.parser").find("main")
    assert main.has_attr("data-pagefind-body")
    return {span[attribute] for span in main.find_all(attrs={attribute: True})}


def test_goals_are_indexed_with_filters_and_result_facts(demo_documents):
    document = demo_documents[GOAL]
    assert {"unit:Social & Familie", "period:2015", "status:I gang"} <= _facts(
        document, "data-pagefind-filter")
    assert {"unit:Social & Familie", "period:2015", "status:I gang"} <= _facts(
        document, "data-pagefind-meta")
    themed = demo_documents["fbf/2014/sygefravaer/index.html"]
    assert {"theme:Sundhed og trivsel", "status:Ikke opfyldt"} <= _facts(
        themed, "data-pagefind-filter")


def test_a_goal_is_found_by_its_text_focus_area_and_follow_ups(demo_documents, demo_files):
    document = BeautifulSoup(demo_documents[GOAL], "html.parser").get_text(" ")
    page = BeautifulSoup(demo_files[GOAL], "html.parser").find("main").get_text(" ")
    assert "Tandplejen" in document
    # every word of the goal's own text on its page is in what is indexed
    prose = BeautifulSoup(demo_files[GOAL], "html.parser").find("main").find_all(
        class_="prose")
    assert prose
    for body in prose:
        assert set(body.get_text(" ").split()) <= set(document.split())
    assert len(document) < len(page)  # no navigation, headers or repeated lists


@pytest.mark.parametrize("path, indexed", [
    ("social-familie/2015/index.html", True),  # plan
    ("social-familie/2015/bo-i-albertslund/index.html", True),  # focus area
    ("tema/leve-godt/index.html", True),  # shared theme
    ("index.html", False), ("oversigt/index.html", False), ("soeg/index.html", False),
    ("404.html", False), ("social-familie/index.html", False),
])
def test_plans_areas_themes_and_goals_are_indexed_and_nothing_else(demo_documents, demo_files,
                                                                   path, indexed):
    assert path in demo_files
    assert (path in demo_documents) is indexed


def test_pages_themselves_carry_no_search_markup(demo_files):
    assert "data-pagefind" not in demo_files[GOAL].decode("utf-8")


def test_search_page_without_javascript_lists_every_plan(demo_files):
    soup = BeautifulSoup(demo_files["soeg/index.html"], "html.parser")
    links = [a["href"] for a in soup.find(id="ps-all-plans").find_all("a")]
    plans = sorted({"/" + path[:-len("udskrift.html")] for path in demo_files
                    if path.endswith("udskrift.html")})
    assert sorted(links) == plans
    assert soup.find("script", src="/assets/search.js")
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "script-src 'self' 'wasm-unsafe-eval'" in csp
    assert "http" not in csp  # nothing from other hosts


def test_other_pages_keep_the_strict_policy(demo_files):
    soup = BeautifulSoup(demo_files["index.html"], "html.parser")
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "wasm" not in csp and "script-src" not in csp


def test_build_writes_the_index_in_danish_with_the_pages(tmp_path):
    build(DEMO, tmp_path / "site")
    bundle = tmp_path / "site" / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    assert '"da"' in (bundle / "pagefind-entry.json").read_text()
    assert "Tandplejen ser små børn" in _fragments(tmp_path / "site")


def test_index_is_the_same_bytes_every_build(tmp_path):
    build(DEMO, tmp_path / "a")
    build(DEMO, tmp_path / "b")
    assert _digest(tmp_path / "a" / "pagefind") == _digest(tmp_path / "b" / "pagefind")


def test_canonical_index_reads_back_unchanged(tmp_path):
    build(DEMO, tmp_path / "site")
    bundle = tmp_path / "site" / "pagefind"
    before = _digest(bundle)
    assert search.canonicalise(bundle)
    assert _digest(bundle) == before


def test_incremental_build_keeps_the_index_current(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(content, out, cache_dir=cache)
    assert "Kvalitetsløft i tandplejen" not in _fragments(out)
    source = content / "plans/social-familie/2015.md"
    source.write_text(source.read_text("utf-8").replace(
        "### Tandplejen med i samarbejdet om små børn",
        "### Kvalitetsløft i tandplejen"), encoding="utf-8")
    result = build(content, out, cache_dir=cache)
    assert result.rendered > 0
    assert "Kvalitetsløft i tandplejen" in _fragments(out)


def test_live_preview_reindexes_after_a_save(tmp_path):
    from plansite.serve import Preview

    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    preview = Preview(content, tmp_path / "site", str)
    preview.initial_build()
    source = content / "plans/social-familie/2015.md"
    source.write_text(source.read_text("utf-8").replace(
        "### Tandplejen med i samarbejdet om små børn",
        "### Tandklinikken med i samarbejdet"), encoding="utf-8")
    preview.rebuild()
    preview.finish()  # starts the reindexing in the background
    assert search.wait(tmp_path / "site") == 0
    text = _fragments(tmp_path / "site")
    assert "Tandklinikken med i samarbejdet" in text
    assert not (tmp_path / "site" / ".pagefind.new").exists()


def test_the_live_preview_documents_only_the_pages_a_save_changed(tmp_path, monkeypatch):
    """The preview keeps each page's document with its fingerprint: after a save it makes
    the documents of the pages whose fingerprints changed, and its index is a clean
    build's."""
    from plansite.serve import Preview

    content, out = tmp_path / "content", tmp_path / "site"
    shutil.copytree(DEMO, content)
    preview = Preview(content, out, str)
    preview.initial_build()
    source = content / "plans/social-familie/2015.md"
    made: list[str] = []
    real = search.document
    monkeypatch.setattr(search, "document", lambda inputs, item, meta: (
        made.append(item.path), real(inputs, item, meta))[1])
    for number, title in enumerate(("Tandklinikken med i samarbejdet", "Tandlægen med")):
        before = dict(preview.session.state.fingerprints)
        source.write_text(source.read_text("utf-8").replace(
            "### Tandplejen med i samarbejdet om små børn" if number == 0
            else "### Tandklinikken med i samarbejdet", f"### {title}"), encoding="utf-8")
        made.clear()
        preview.rebuild()
        preview.finish()
        assert search.wait(out) == 0
        after = preview.session.state.fingerprints
        changed = {path for path in after if before.get(path) != after[path]}
        assert GOAL in made
        assert set(made) <= changed if number else made  # the first save documents all
    clean = tmp_path / "clean"
    build(content, clean)
    assert _digest(out / "pagefind") == _digest(clean / "pagefind")


def test_a_newer_save_stops_the_reindexing_of_an_older_one(tmp_path, demo_documents):
    build(DEMO, tmp_path / "site")
    site = tmp_path / "site"
    older = dict(demo_documents)
    older[GOAL] = older[GOAL].replace("Tandplejen", "Tandklinikken")
    search.reindex_in_background(site, lambda index: [search.Shard("older\nolder", older)])
    first = search._RUNNING[site.resolve()]
    loaded = load(DEMO)
    prints = fingerprints(loaded.planned, loaded.plan_hashes, loaded.global_hash)
    search.reindex_in_background(site, lambda index: search.shards(  # the next save, at once
        loaded.inputs, loaded.planned, prints, 1, index))
    assert first.poll() is not None  # stopped (or already done)
    assert search.wait(site) in (0, None)  # None: the index already had these documents
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert "Tandplejen ser små børn" in _fragments(site)


def test_a_build_that_changes_no_indexed_text_reuses_the_index(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    out = tmp_path / "site"
    build(content, out)
    stamp, script = out / "pagefind" / search.STAMP, out / "pagefind" / "pagefind.js"
    key, documents = stamp.read_text("utf-8").split("\n")[:2]
    inode = script.stat().st_ino
    site_yaml = content / "site.yaml"  # the description is on no indexed page
    site_yaml.write_text(site_yaml.read_text("utf-8").replace("En demo af plansite",
                                                              "En demo af Plansite"), "utf-8")
    build(content, out)
    # every page's fingerprint holds site.yaml, so the shard's key changed; its documents'
    # digest did not, and shows Pagefind need not run
    new_key, new_documents = stamp.read_text("utf-8").split("\n")[:2]
    assert new_key != key and new_documents == documents
    assert script.stat().st_ino == inode  # linked, not rebuilt


def test_a_failed_pagefind_run_leaves_the_published_site_and_no_temporary_files(
        tmp_path, monkeypatch):
    out = tmp_path / "site"
    build(DEMO, out)
    before = _digest(out)
    source = DEMO / "plans/social-familie/2015.md"
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    edited = content / source.relative_to(DEMO)
    edited.write_text(edited.read_text("utf-8").replace("Tandplejen", "Tandklinikken"), "utf-8")
    monkeypatch.setattr(search, "_command", lambda pages, output: [
        "python3", "-c", "import sys; sys.exit(3)"])
    with pytest.raises(search.SearchIndexFailed):
        build(content, out)
    assert _digest(out) == before
    assert not list(tmp_path.glob(".site.new-*"))  # its work folder, beside the site


def _sharded_build(content: Path, out: Path, monkeypatch) -> None:
    monkeypatch.setenv("PLANSITE_SEARCH_SHARD_GOALS", "10")
    build(content, out)


def test_a_large_site_splits_its_index_in_shards_the_search_page_merges(tmp_path,
                                                                        monkeypatch):
    out = tmp_path / "site"
    _sharded_build(DEMO, out, monkeypatch)
    loaded = load(DEMO)
    count = search.shard_count(loaded.site)
    assert count > 2
    shards = sorted(p.name for p in (out / "pagefind").iterdir() if p.name.startswith("shard-"))
    assert shards == [f"shard-{n}" for n in range(1, count)]
    for shard in [out / "pagefind", *((out / "pagefind" / name) for name in shards)]:
        assert (shard / "pagefind.js").is_file() and (shard / search.STAMP).is_file()
    page = BeautifulSoup((out / "soeg/index.html").read_text("utf-8"), "html.parser")
    assert page.find(id="ps-search")["data-more"].split() == [
        f"/pagefind/shard-{n}/" for n in range(1, count)]
    every = "\n".join(gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
                      for path in sorted(out.glob("pagefind/**/fragment/*")))
    assert "Tandplejen ser små børn" in every
    documents = search.documents(loaded.inputs, loaded.planned)
    assert sum(1 for _ in out.glob("pagefind/**/fragment/*")) == len(documents)


def test_an_edit_reindexes_only_the_shard_of_its_unit(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    out = tmp_path / "site"
    _sharded_build(content, out, monkeypatch)
    stamps = {path.parent.name: path.stat().st_ino
              for path in out.glob("pagefind/**/pagefind.js")}
    source = content / "plans/social-familie/2015.md"
    source.write_text(source.read_text("utf-8").replace(
        "### Tandplejen med i samarbejdet om små børn", "### Kvalitetsløft i tandplejen"),
        encoding="utf-8")
    _sharded_build(content, out, monkeypatch)
    after = {path.parent.name: path.stat().st_ino
             for path in out.glob("pagefind/**/pagefind.js")}
    assert after.keys() == stamps.keys()
    changed = [name for name in after if after[name] != stamps[name]]
    assert len(changed) == 1, changed  # the shard holding social-familie; the rest linked
    assert "Kvalitetsløft i tandplejen" in "\n".join(
        gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        for path in out.glob("pagefind/**/fragment/*"))


def test_indexed_kinds_are_the_pages_pagemeta_indexes(demo_documents):
    loaded = load(DEMO)
    indexed = {item.path for item in loaded.planned if item.kind.name in search.INDEXED_KINDS}
    assert indexed == set(demo_documents)



def test_the_same_sources_in_another_folder_give_the_same_index(tmp_path):
    """The stamps beside the index hold the pages' fingerprints: nothing in them may
    depend on where the sources are (a site theme's files are named by their place
    in the theme)."""
    sites = []
    for name in ("a", "b"):
        content = tmp_path / name / "content"
        shutil.copytree(DEMO, content)
        (content / "theme" / "templates").mkdir(parents=True)
        (content / "theme" / "templates" / "404.html").write_text(
            '{% extends "base.html" %}{% block content %}<p>Væk</p>{% endblock %}', "utf-8")
        build(content, tmp_path / name / "site")
        sites.append(_digest(tmp_path / name / "site"))
    assert sites[0] == sites[1]


def test_a_build_works_out_each_indexed_page_s_head_once(tmp_path, monkeypatch):
    # The search document reads the head the page was rendered with.
    monkeypatch.setenv("PLANSITE_WORKERS", "1")
    described: dict[str, int] = {}
    real = pagemeta.page_meta

    def counting(inputs: object, item: Planned) -> pagemeta.PageMeta:
        described[item.path] = described.get(item.path, 0) + 1
        return real(inputs, item)  # type: ignore[arg-type]

    monkeypatch.setattr(pagemeta, "page_meta", counting)
    build(DEMO, tmp_path / "site")
    assert described[GOAL] == 1
    assert set(described.values()) == {1}


def test_pagefind_indexes_a_shard_while_later_pages_are_still_rendered(tmp_path, monkeypatch):
    events: list[str] = []
    real_render, real_popen = Renderer.render, subprocess.Popen

    def render(self, item):
        events.append("render")
        return real_render(self, item)

    def popen(command, *args, **kwargs):
        if "--site" in command:
            events.append("pagefind")
        return real_popen(command, *args, **kwargs)

    monkeypatch.setattr(Renderer, "render", render)
    monkeypatch.setattr(search.subprocess, "Popen", popen)
    monkeypatch.setenv("PLANSITE_WORKERS", "1")
    _sharded_build(DEMO, tmp_path / "site", monkeypatch)
    first = events.index("pagefind")
    assert "render" in events[first:]  # the first shard's run began before the last page
    assert events.count("pagefind") == search.shard_count(load(DEMO).site)


def test_workers_hand_their_documents_over_to_the_same_index_as_one_process(
        tmp_path, monkeypatch):
    if not parallel._can_fork():
        pytest.skip("one process where fork is missing")
    for workers in ("1", "2"):
        monkeypatch.setenv("PLANSITE_WORKERS", workers)
        _sharded_build(DEMO, tmp_path / workers, monkeypatch)
    assert parallel.parts_for(len(load(DEMO).planned)) == 2  # the demo is split in two
    assert _digest(tmp_path / "1" / "pagefind") == _digest(tmp_path / "2" / "pagefind")


def test_an_edit_makes_the_documents_of_its_changed_pages_only(tmp_path, monkeypatch):
    content, out, store = tmp_path / "content", tmp_path / "site", tmp_path / "cache"
    shutil.copytree(DEMO, content)
    monkeypatch.setenv("PLANSITE_SEARCH_SHARD_GOALS", "10")
    build(content, out, cache_dir=store)
    before = fingerprints(load(content).planned, load(content).plan_hashes,
                          load(content).global_hash)
    source = content / "plans/social-familie/2015.md"
    source.write_text(source.read_text("utf-8").replace(
        "### Tandplejen med i samarbejdet om små børn", "### Kvalitetsløft i tandplejen"),
        encoding="utf-8")
    loaded = load(content)
    after = fingerprints(loaded.planned, loaded.plan_hashes, loaded.global_hash)
    changed = {item.path for item in loaded.planned if item.kind.name in search.INDEXED_KINDS
               and before.get(item.path) != after[item.path]}
    made: list[str] = []
    real = search.document
    monkeypatch.setattr(search, "document", lambda inputs, item, meta: (
        made.append(item.path), real(inputs, item, meta))[1])
    build(content, out, cache_dir=store)
    assert made and set(made) <= changed
    shard = search.Layout.of(loaded.planned, after, search.shard_count(loaded.site),
                             out / "pagefind").shard_of
    assert len(made) < sum(1 for page in shard if shard[page] == shard[GOAL])
    clean = tmp_path / "clean"
    build(content, clean)
    assert _digest(out / "pagefind") == _digest(clean / "pagefind")


def test_damaged_kept_documents_are_made_again(tmp_path, monkeypatch):
    content, out, store = tmp_path / "content", tmp_path / "site", tmp_path / "cache"
    shutil.copytree(DEMO, content)
    build(content, out, cache_dir=store)
    [kept] = store.glob("*.docs-0")
    kept.write_bytes(b"damaged")
    source = content / "plans/social-familie/2015.md"
    source.write_text(source.read_text("utf-8").replace("Tandplejen", "Tandklinikken"), "utf-8")
    build(content, out, cache_dir=store)
    clean = tmp_path / "clean"
    build(content, clean)
    assert _digest(out / "pagefind") == _digest(clean / "pagefind")
