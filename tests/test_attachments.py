"""Images and files beside a plan: copied to files/, linked from every page that shows the text.

An editor puts kort.png (or the plan as a PDF) next to the plan's source and
writes ![Kort](kort.png); the built site has it at /files/<unit>/kort.png and
every page showing that text points there. A reference to a missing file is an
error on every build (not only when the plan is parsed again), an image without
alt text a warning, and SVG, HTML and paths out of plans/ are refused.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

import pytest

from plansite import attachments
from plansite.diagnostics import human
from plansite.errors import BuildFailed
from plansite.i18n import Catalogue
from plansite.incremental import fingerprints, plan
from plansite.pipeline import Session, build, load, publish_site, update_site
from tests.conftest import PLAN_2016, UNITS_YAML, make_content

# The image is on line 8; the PDF link on line 16.
PLAN_2015 = """\
---
unit: sundhedsplejen
period: 2015
title: Plan 2015
---

Indledning.
![Kort over distrikterne](kort.png)

## Sundhed
id: sundhed

### Hjemmebesøg
id: hjemmebesoeg

Se [planen som PDF](bilag/plan.pdf#page=2), [logoet](../faelles/logo.png),
[enheden](/sundhedsplejen/), [nettet](https://example.org/a.png),
[mail](mailto:a@b.dk) og [afsnittet](#top).
"""

FOLLOW_UP_2016 = PLAN_2016.replace("Det gik godt.",
                                   "Det gik godt. ![Kort over besøgene](./kort.png)")  # line 22

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(40))
PDF = b"%PDF-1.4 planen\n"
UNIT = "plans/sundhedsplejen"


def _content(tmp_path: Path, plan_2015: str = PLAN_2015) -> Path:
    content = make_content(tmp_path, {"sundhedsplejen/2015.md": plan_2015,
                                      "sundhedsplejen/2016.md": FOLLOW_UP_2016})
    files = {f"{UNIT}/kort.png": PNG, f"{UNIT}/bilag/plan.pdf": PDF,
             f"{UNIT}/original.pdf": b"%PDF original", "plans/faelles/logo.png": PNG[:20],
             f"{UNIT}/noter.svg": b"<svg onload='alert(1)'/>", f"{UNIT}/side.html": b"<script>",
             f"{UNIT}/~$plan.docx": b"lock", f"{UNIT}/.skjult.png": PNG, f"{UNIT}/data.json": b"{}"}
    for name, data in files.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_bytes(data)
    return content


def _source(content: Path) -> Path:
    return content / UNIT / "2015.md"


def _edit(content: Path, old: str, new: str) -> None:
    path = _source(content)
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _problems(content: Path, code: str, severity: str = "error") -> list[tuple[str, int]]:
    found = load(content).report.problems
    return [(p.path.name, p.line) for p in found if p.code == code and p.severity == severity]


def test_allowed_files_beside_plans_are_copied_byte_for_byte(tmp_path):
    content, out = _content(tmp_path), tmp_path / "site"
    build(content, out)
    copied = sorted(p.relative_to(out / "files").as_posix()
                    for p in (out / "files").rglob("*") if p.is_file())
    # original.pdf is linked from nowhere and copied all the same: the plan as published
    assert copied == ["faelles/logo.png", "sundhedsplejen/bilag/plan.pdf",
                      "sundhedsplejen/kort.png", "sundhedsplejen/original.pdf"]
    assert (out / "files/sundhedsplejen/kort.png").read_bytes() == PNG
    assert (out / "files/sundhedsplejen/bilag/plan.pdf").read_bytes() == PDF


def test_references_get_the_file_url_on_the_plan_goal_and_followed_up_pages(tmp_path):
    content, out = _content(tmp_path), tmp_path / "site"
    build(content, out, base_url="/plans/")
    plan_page = (out / "sundhedsplejen/2015/index.html").read_text("utf-8")
    assert '<img src="/plans/files/sundhedsplejen/kort.png" alt="Kort over distrikterne">' \
        in plan_page
    goal_page = (out / "sundhedsplejen/2015/hjemmebesoeg/index.html").read_text("utf-8")
    for href in ("/plans/files/sundhedsplejen/bilag/plan.pdf#page=2",
                 "/plans/files/faelles/logo.png",  # ../ inside plans/ is fine
                 "/plans/sundhedsplejen/", "https://example.org/a.png", "mailto:a@b.dk",
                 "#top"):  # site-absolute, external, mail and fragments: as before
        assert f'href="{href}"' in goal_page
    # the 2016 follow-up's text is shown on the 2015 goal page, with its image
    assert 'src="/plans/files/sundhedsplejen/kort.png" alt="Kort over besøgene"' in goal_page
    assert load(content, base_url="/plans/").report.problems == []


def test_a_missing_file_is_an_error_with_file_line_and_what_to_do(tmp_path):
    content = _content(tmp_path)
    (content / UNIT / "kort.png").unlink()
    problems = [p for p in load(content).report.errors if p.code == "attachment-missing"]
    # the 2016 follow-up shows it too
    assert [(p.path.name, p.line) for p in problems] == [("2015.md", 8), ("2016.md", 22)]
    danish = human(problems[0], Catalogue("da"))
    assert f"{_source(content)}:8:1: fejl: Billedet eller filen 'kort.png' findes ikke." in danish
    assert "plans/sundhedsplejen/kort.png" in danish
    assert "Læg filen i samme mappe som planen" in danish
    assert "does not exist" in human(problems[0], Catalogue("en"))


def test_the_line_is_that_of_the_reference_inside_its_paragraph(tmp_path):
    content = _content(tmp_path)
    _edit(content, "https://example.org/a.png", "mangler.pdf")  # 2nd line of the paragraph
    assert _problems(content, "attachment-missing") == [("2015.md", 17)]


def test_a_file_removed_after_the_plan_was_parsed_is_still_reported(tmp_path):
    content, out, cache = _content(tmp_path), tmp_path / "site", tmp_path / "cache"
    build(content, out, cache_dir=cache)
    (content / UNIT / "bilag/plan.pdf").unlink()  # the plan's bytes are unchanged
    with pytest.raises(BuildFailed) as failed:
        build(content, out, cache_dir=cache)
    assert [(p.code, p.line) for p in failed.value.problems] == [("attachment-missing", 16)]
    assert (out / "files/sundhedsplejen/bilag/plan.pdf").is_file()  # the site is untouched


def test_the_live_preview_reports_a_removed_file_without_parsing_again(tmp_path):
    content = _content(tmp_path)
    session = Session(content)
    assert not load(content, session=session).report.errors
    parsed = session.sources.parsed[_source(content)]
    (content / UNIT / "kort.png").unlink()
    errors = load(content, session=session, warnings=False).report.errors
    assert session.sources.parsed[_source(content)] is parsed  # from the parse cache
    assert [(p.code, p.path.name, p.line) for p in errors] == [
        ("attachment-missing", "2015.md", 8), ("attachment-missing", "2016.md", 22)]


def test_an_image_without_alt_text_is_a_warning(tmp_path):
    content, out = _content(tmp_path), tmp_path / "site"
    _edit(content, "![Kort over distrikterne](kort.png)", "![](kort.png)")
    result = build(content, out)
    assert [(w.code, w.line) for w in result.warnings] == [("attachment-no-alt", 8)]
    assert "Billedet 'kort.png' mangler alt-tekst." in human(result.warnings[0], result.catalogue)
    assert (out / "files/sundhedsplejen/kort.png").is_file()


@pytest.mark.parametrize("name", ["noter.svg", "side.html", "data.json", "www.example.dk"])
def test_svg_html_and_other_types_are_refused_even_when_the_file_is_there(tmp_path, name):
    content = _content(tmp_path)
    _edit(content, "(kort.png)", f"({name})")
    problems = [p for p in load(content).report.errors if p.code == "attachment-type"]
    assert [(p.path.name, p.line) for p in problems] == [("2015.md", 8)]
    message = human(problems[0], Catalogue("da"))
    assert f"'{name}' kan ikke lægges på siden" in message and "png, jpg, jpeg" in message


@pytest.mark.parametrize("target", ["../../site.yaml", "../../../hemmelig.png",
                                    "bilag/../../../units.yaml"])
def test_a_reference_out_of_the_plans_folder_is_refused(tmp_path, target):
    content = _content(tmp_path)
    _edit(content, "(kort.png)", f"({target})")
    assert _problems(content, "attachment-outside") == [("2015.md", 8)]


def test_a_link_out_of_the_content_folder_is_refused_and_not_copied(tmp_path):
    content, out = _content(tmp_path), tmp_path / "site"
    secret = tmp_path / "hemmelig.txt"
    secret.write_text("adgangskode", encoding="utf-8")
    os.symlink(secret, content / UNIT / "hemmelig.txt")
    with pytest.raises(BuildFailed) as failed:
        build(content, out)
    assert [p.code for p in failed.value.problems] == ["outside-content"]
    assert not out.exists()
    _edit(content, "(kort.png)", "(hemmelig.txt)")
    assert _problems(content, "attachment-missing") == [("2015.md", 8)]


def test_file_names_with_danish_letters_and_spaces_work_without_warnings(tmp_path):
    content, out = _content(tmp_path), tmp_path / "site"
    (content / UNIT / "Økonomi 2015.pdf").write_bytes(PDF)
    _edit(content, "og [afsnittet](#top).", "og [økonomien](<Økonomi 2015.pdf>).")
    result = build(content, out)
    assert result.warnings == ()
    page = (out / "sundhedsplejen/2015/hjemmebesoeg/index.html").read_text("utf-8")
    assert 'href="/files/sundhedsplejen/%C3%98konomi%202015.pdf"' in page
    assert (out / "files/sundhedsplejen/Økonomi 2015.pdf").read_bytes() == PDF


def test_only_a_changed_file_is_copied_again(tmp_path):
    content = _content(tmp_path)
    before = load(content)
    (content / UNIT / "kort.png").write_bytes(PNG + b"ny")
    after = load(content)
    old = fingerprints(before.planned, before.plan_hashes, before.global_hash)
    new = fingerprints(after.planned, after.plan_hashes, after.global_hash)
    assert plan(old, new).render == ("files/sundhedsplejen/kort.png",)


def test_a_rebuild_copies_changed_files_and_deletes_removed_ones(tmp_path):
    content, out, cache = _content(tmp_path), tmp_path / "site", tmp_path / "cache"
    build(content, out, cache_dir=cache)
    page = out / "sundhedsplejen/2015/index.html"
    inode = page.stat().st_ino
    (content / UNIT / "kort.png").write_bytes(PNG + b"ny udgave")
    (content / UNIT / "original.pdf").unlink()
    result = build(content, out, cache_dir=cache)
    assert result.rendered == 0  # no page changed
    assert page.stat().st_ino == inode
    assert (out / "files/sundhedsplejen/kort.png").read_bytes() == PNG + b"ny udgave"
    assert not (out / "files/sundhedsplejen/original.pdf").exists()


def test_the_live_preview_copies_changed_files_and_deletes_removed_ones(tmp_path):
    content, out = _content(tmp_path), tmp_path / "site"
    session = Session(content)
    publish_site(session, load(content, session=session), out)
    (content / UNIT / "bilag/plan.pdf").write_bytes(PDF + b"rettet")
    (content / UNIT / "original.pdf").unlink()
    (content / UNIT / "ny.csv").write_bytes(b"a;b\n")
    update = update_site(session, load(content, session=session, warnings=False), out)
    update.finish()
    assert update.rendered == 0
    assert (out / "files/sundhedsplejen/bilag/plan.pdf").read_bytes() == PDF + b"rettet"
    assert not (out / "files/sundhedsplejen/original.pdf").exists()
    assert (out / "files/sundhedsplejen/ny.csv").read_bytes() == b"a;b\n"


def test_no_unit_may_be_called_files(tmp_path):
    units = UNITS_YAML + "files:\n  name: Filer\n  level: unit\n"
    content = make_content(tmp_path, {}, units=units)
    assert [p.code for p in load(content).report.errors] == ["bad-unit-key"]


@pytest.mark.parametrize(("url", "target"), [
    ("kort.png", "enhed/kort.png"), ("./sub/x.png", "enhed/sub/x.png"),
    ("../faelles/a.pdf", "faelles/a.pdf"), ("sub/../kort.png", "enhed/kort.png"),
    ("%C3%B8konomi.pdf#page=2", "enhed/økonomi.pdf"), ("sub\\x.png", "enhed/sub/x.png"),
    ("../../x.png", None),
])
def test_relative_references_resolve_under_plans(url, target):
    assert attachments.resolve(PurePosixPath("enhed"), url) == target


@pytest.mark.parametrize("url", ["/enhed/2015/", "//cdn.example.org/x.png", "#top", "?q=1",
                                 "https://example.org/x.png", "mailto:a@b.dk", "tel:12345678",
                                 "data:image/png;base64,AAAA", "JAVASCRIPT:alert(1)", ""])
def test_absolute_urls_fragments_and_schemes_are_not_files(url):
    assert not attachments.is_local(url)


def test_a_name_stored_decomposed_as_macos_may_matches_the_text(tmp_path):
    content, out = _content(tmp_path), tmp_path / "site"
    (content / UNIT / "A\u030arhus.pdf").write_bytes(PDF)  # "Århus" as "A" + ring above
    _edit(content, "og [afsnittet](#top).", "og [Århus](\u00c5rhus.pdf).")
    build(content, out)
    assert (out / "files/sundhedsplejen/\u00c5rhus.pdf").read_bytes() == PDF
