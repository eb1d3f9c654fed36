"""Every file the build writes, as one ordered list of output kinds.

To add an output (a sitemap, a feed, focus-area pages) append an entry here:
a collector that yields the files from the linked site, and a template in
themes/default/templates/ or a render function. Fingerprints, incremental
rebuilds, parallel rendering, the atomic publish and the live preview handle
every entry the same way; nothing else needs to change. See docs/architecture.md.
"""

from __future__ import annotations

from collections.abc import Iterable

from plansite import (
    about_pages,
    assets,
    attachments,
    data,
    downloads,
    feeds,
    overview,
    pages,
    priority_pages,
    sitemap,
)
from plansite.outputs import Inputs, OutputKind, Planned

OUTPUT_KINDS: list[OutputKind] = [
    OutputKind("index", pages.index_pages, template="index.html"),
    OutputKind("unit", pages.unit_pages, template="unit.html"),
    OutputKind("period", pages.period_pages, template="period.html"),
    OutputKind.per_plan("plan", pages.plan_page, template="plan.html"),
    OutputKind.per_plan("goal", pages.goal_pages, template="goal.html"),
    OutputKind.per_plan("focus-area", pages.focus_area_pages,
                        template="focus_area.html"),
    OutputKind("track", pages.track_pages, template="track.html"),
    OutputKind.per_plan("print", pages.print_page, template="print.html"),
    OutputKind("data", pages.data_pages, template="data.html"),
    OutputKind("priorities", priority_pages.priorities_index, template="priorities.html"),
    OutputKind("priority", priority_pages.priority_pages, template="priority.html"),
    OutputKind("goals-json", data.goals_json_files, render=data.render_goals_json),
    OutputKind("goals-csv", data.goals_csv_files, render=data.render_goals_csv),
    OutputKind("priorities-json", data.priorities_json_files,
               render=data.render_priorities_json),
    OutputKind("assets", assets.static_files, render=assets.copy),
    OutputKind("attachments", attachments.attachment_files, render=assets.copy),
    OutputKind("static", assets.site_static_files, render=assets.copy),
    # Issue 12: find and share (search, footer pages, downloads, feeds, sitemap).
    OutputKind("overview", overview.overview_pages, template="overview.html"),
    OutputKind("search", about_pages.search_pages, template="search.html"),
    OutputKind("was", about_pages.was_pages, template="was.html"),
    OutputKind("cookies", about_pages.cookies_pages, template="cookies.html"),
    OutputKind("404", about_pages.not_found_pages, template="404.html"),
    OutputKind("downloads-csv", downloads.csv_files, render=downloads.render_csv),
    OutputKind("downloads-json", downloads.json_files, render=downloads.render_json),
    OutputKind("feed", feeds.feed_files, render=feeds.render_feed),
    OutputKind("robots", sitemap.robots_files, render=sitemap.render_robots),
    # Last: it lists the pages of every kind above.
    OutputKind("sitemap", sitemap.sitemap_files, render=sitemap.render_sitemap),
]


class Collision(ValueError):
    """Two output kinds would write the same file."""

    def __init__(self, path: str, first: str, second: str) -> None:
        super().__init__(f"{path} is written twice (output kinds {first} and {second})")
        self.path, self.kinds = path, (first, second)


def plan_files(inputs: Inputs, plan_keys: Iterable[str]) -> list[Planned]:
    """The files of the kinds made `per_plan` that belong to the plans named, in list
    order: an edited plan's own pages, without listing the whole site."""
    plans = [inputs.site.plans[key] for key in plan_keys if key in inputs.site.plans]
    return [Planned(kind, file) for kind in OUTPUT_KINDS if kind.plan_files is not None
            for plan in plans for file in kind.plan_files(inputs, plan)]


def collect(inputs: Inputs) -> list[Planned]:
    """Every file of the site, in list order; two kinds never write the same file."""
    planned = [Planned(kind, file) for kind in OUTPUT_KINDS for file in kind.collect(inputs)]
    seen: dict[str, str] = {}
    for item in planned:
        if item.path in seen:
            raise Collision(item.path, seen[item.path], item.kind.name)
        seen[item.path] = item.kind.name
    return planned
