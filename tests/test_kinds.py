"""Every file the site has comes from one list of output kinds."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from plansite import kinds
from plansite.outputs import Inputs, OutputFile, OutputKind
from plansite.pipeline import build, load, render_all
from tests.conftest import DEMO, PLAN_2015, PLAN_2016, make_content


def test_every_file_of_the_built_demo_comes_from_an_output_kind(tmp_path):
    build(DEMO, tmp_path / "site")
    written = {p.relative_to(tmp_path / "site").as_posix()
               for p in (tmp_path / "site").rglob("*") if p.is_file()}
    # The search index is Pagefind's reading of the written pages (plansite.search).
    written = {path for path in written if not path.startswith("pagefind/")}
    planned = {item.path: item.kind.name for item in load(DEMO).planned}
    assert written == set(planned)
    assert set(planned.values()) == {kind.name for kind in kinds.OUTPUT_KINDS}  # demo has all


def test_a_kind_gives_a_template_or_a_render_function_not_both():
    with pytest.raises(ValueError):
        OutputKind("both", lambda inputs: [], template="x.html", render=lambda i, f: b"")
    with pytest.raises(ValueError):
        OutputKind("neither", lambda inputs: [])


def test_two_kinds_writing_the_same_file_is_refused(monkeypatch):
    def clash(inputs: Inputs) -> Iterator[OutputFile]:
        yield OutputFile("data/goals.json", ())

    monkeypatch.setattr(kinds, "OUTPUT_KINDS",
                        [*kinds.OUTPUT_KINDS, OutputKind("clash", clash, render=lambda i, f: b"")])
    with pytest.raises(ValueError, match="written twice"):
        load(DEMO)


@dataclass(frozen=True, slots=True)
class _CountContext:
    plans: int


def test_a_new_kind_is_one_entry_and_one_template(tmp_path, monkeypatch):
    """The worked example of docs/architecture.md, with a site theme template."""
    content = make_content(tmp_path, {"sundhedsplejen/2015.md": PLAN_2015,
                                      "sundhedsplejen/2016.md": PLAN_2016})
    (content / "theme/templates").mkdir(parents=True)
    (content / "theme/templates/count.txt").write_text("{{ plans }} planer\n", "utf-8")

    def count_files(inputs: Inputs) -> Iterator[OutputFile]:
        yield OutputFile("count.txt", tuple(inputs.site.plans),
                         _CountContext(len(inputs.site.plans)))

    monkeypatch.setattr(kinds, "OUTPUT_KINDS",
                        [*kinds.OUTPUT_KINDS, OutputKind("count", count_files,
                                                         template="count.txt")])
    assert render_all(load(content))["count.txt"] == b"2 planer"
    build(content, tmp_path / "site")
    assert (tmp_path / "site/count.txt").read_text("utf-8") == "2 planer"
