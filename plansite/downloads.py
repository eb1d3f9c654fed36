"""Goals as CSV and JSON per unit and per plan, beside the pages that link them.

The files hold the same rows and columns as data/goals.csv and goals.json (the
data contract in docs/reference.md), cut to one unit or one plan, so a
journalist can take a unit's goals into a spreadsheet from the unit's page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from plansite.data import open_csv, open_json, row_sources
from plansite.model import Plan, Site, Unit
from plansite.outputs import Inputs, OutputFile
from plansite.pages import plan_url, unit_url

FILE_NAME = "maal"
"""Goal ids and unit keys are slugs without dots, so <folder>/maal.csv takes no page's name."""


@dataclass(frozen=True, slots=True)
class Download:
    """The goals of one unit or plan, as the files and the link text show them."""

    csv_url: str
    json_url: str
    count: int
    name: str
    """A file name for the browser to save as ("tandplejen-2016-maal")."""


@dataclass(frozen=True, slots=True)
class Selection:
    """Which plans a download file holds (the render function's context)."""

    plans: tuple[str, ...]


def unit_download(site: Site, unit: Unit) -> Download:
    base = unit_url(unit) + FILE_NAME
    count = sum(len(plan.goals) for plan in site.plans_of(unit.key))
    return Download(base + ".csv", base + ".json", count, f"{unit.key}-{FILE_NAME}")


def plan_download(plan: Plan) -> Download:
    base = plan_url(plan) + FILE_NAME
    return Download(base + ".csv", base + ".json", len(plan.goals),
                    f"{plan.unit}-{plan.period.key}-{FILE_NAME}")


def _files(site: Site) -> Iterator[tuple[Download, list[Plan]]]:
    for unit in site.units.values():
        plans = site.plans_of(unit.key)
        if plans:
            yield unit_download(site, unit), plans
    for plan in site.plans.values():
        yield plan_download(plan), [plan]


def csv_files(inputs: Inputs) -> Iterator[OutputFile]:
    site = inputs.site
    for download, plans in _files(site):
        yield OutputFile(download.csv_url.lstrip("/"), row_sources(site, plans),
                         Selection(tuple(plan.key for plan in plans)))


def json_files(inputs: Inputs) -> Iterator[OutputFile]:
    site = inputs.site
    for download, plans in _files(site):
        yield OutputFile(download.json_url.lstrip("/"), row_sources(site, plans),
                         Selection(tuple(plan.key for plan in plans)))


def _plans(inputs: Inputs, file: OutputFile) -> list[Plan]:
    selection: Selection = file.data()
    return [inputs.site.plans[key] for key in selection.plans]


def render_csv(inputs: Inputs, file: OutputFile) -> bytes:
    return open_csv(inputs.site, _plans(inputs, file)).encode()


def render_json(inputs: Inputs, file: OutputFile) -> bytes:
    return open_json(inputs.site, _plans(inputs, file)).encode()
