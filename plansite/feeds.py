"""Atom feeds of new plans and follow-ups: one for the site, one per unit.

A plan (or annual report with follow-ups) is news on the day it was published
(`offentliggjort:`, or 1 January of its period when the source gives no date).
Entries are newest first; the feed's own date is its newest entry's, so an
unchanged site gives the same bytes. The site's feed also carries each change made
to a plan after it was published (the edit history from git, `history`), so a
reader notices a plan that is quietly rewritten.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from plansite.history import published_changes
from plansite.model import Plan, Unit
from plansite.outputs import Inputs, OutputFile
from plansite.pagemeta import FEED_FILE
from plansite.pages import plan_url, unit_url
from plansite.sitemap import absolute

FEED_LENGTH = 100
"""Entries per feed: feed readers want what is new, not the archive."""


@dataclass(frozen=True, slots=True)
class FeedContext:
    title: str
    page_url: str
    """The page the feed is about (the front page or the unit's page)."""
    plans: tuple[str, ...]
    """Plan keys, newest first."""
    changes: bool = False
    """Whether the feed carries changes to published plans too (the site's feed)."""


def published(plan: Plan) -> str:
    """The plan's date as an Atom date-time (midnight UTC; day or month 1 when unknown)."""
    date = plan.published
    if date is None:
        return f"{plan.period.start:04d}-01-01T00:00:00Z"
    return f"{date.year:04d}-{date.month or 1:02d}-{date.day or 1:02d}T00:00:00Z"


def _newest_first(plans: list[Plan]) -> tuple[str, ...]:
    ordered = sorted(plans, key=lambda plan: (published(plan), plan.key), reverse=True)
    return tuple(plan.key for plan in ordered[:FEED_LENGTH])


def feed_url(unit: Unit | None) -> str:
    return (unit_url(unit) if unit is not None else "/") + FEED_FILE


def feed_files(inputs: Inputs) -> Iterator[OutputFile]:
    site, cat = inputs.site, inputs.catalogue
    plans = _newest_first(list(site.plans.values()))
    yield OutputFile(FEED_FILE, tuple(site.plans),
                     FeedContext(cat.t("feed.site_title", title=site.config.title), "/", plans,
                                 changes=True))
    for unit in site.units.values():
        own = site.plans_of(unit.key)
        if own:
            yield OutputFile(feed_url(unit).lstrip("/"), tuple(plan.key for plan in own),
                             FeedContext(cat.t("feed.unit_title", unit=unit.name),
                                         unit_url(unit), _newest_first(own)))


def _id(inputs: Inputs, path: str) -> str:
    """A permanent id: the public address, or a name-based UUID when that is unknown."""
    if inputs.site.config.site_url:
        return absolute(inputs, path)
    return uuid.uuid5(uuid.NAMESPACE_URL, inputs.site.config.title + path).urn


def _entry(inputs: Inputs, title: str, url: str, when: str, summary: str,
           change: str = "") -> list[str]:
    """One Atom entry; a change to a published plan is told apart by its commit."""
    entry_id = _id(inputs, url) if not change else uuid.uuid5(
        uuid.NAMESPACE_URL, _id(inputs, url) + "/" + change).urn
    return [
        "  <entry>",
        f"    <title>{escape(title)}</title>",
        f"    <id>{escape(entry_id)}</id>",
        f"    <updated>{when}</updated>",
        f'    <link rel="alternate" type="text/html" href={quoteattr(absolute(inputs, url))}/>',
        f"    <summary>{escape(summary)}</summary>",
        "  </entry>",
    ]


def render_feed(inputs: Inputs, file: OutputFile) -> bytes:
    site, cat = inputs.site, inputs.catalogue
    context: FeedContext = file.data()
    entries: list[tuple[str, list[str]]] = []
    for plan in (site.plans[key] for key in context.plans):
        unit = site.units[plan.unit]
        text = cat.t("feed.summary", title=plan.title, goals=cat.number(len(plan.goals)),
                     follow_ups=cat.number(len(plan.follow_ups)))
        entries.append((published(plan), _entry(inputs, unit.name + ": " + plan.title,
                                                plan_url(plan), published(plan), text)))
    if context.changes:
        for change in published_changes(site)[:FEED_LENGTH]:
            plan, revision = change.plan, change.revision
            when = f"{revision.date.isoformat()}T00:00:00Z"
            title = cat.t("feed.change_title", unit=site.units[plan.unit].name,
                          title=plan.title)
            entries.append((when, _entry(inputs, title, plan_url(plan) + "#ps-history", when,
                                         revision.subject, revision.commit)))
    entries.sort(key=lambda entry: entry[0], reverse=True)  # stable: plans before changes
    entries = entries[:FEED_LENGTH]
    updated = entries[0][0] if entries else "2000-01-01T00:00:00Z"
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(cat.language)}>',
        f"  <title>{escape(context.title)}</title>",
        f"  <id>{escape(_id(inputs, '/' + file.path))}</id>",
        f"  <updated>{updated}</updated>",
        f"  <author><name>{escape(site.config.publisher or site.config.title)}</name></author>",
        f'  <link rel="self" type="application/atom+xml" '
        f"href={quoteattr(absolute(inputs, '/' + file.path))}/>",
        f'  <link rel="alternate" type="text/html" '
        f"href={quoteattr(absolute(inputs, context.page_url))}/>",
    ]
    for _when, entry in entries:
        lines += entry
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode()
