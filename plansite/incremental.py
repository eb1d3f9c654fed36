"""Incremental planning: which files to render, keep or delete, from fingerprints alone.

A file's fingerprint hashes everything it is rendered from: what every file
depends on (config, units, theme, base URL), its kind and template, and the
source hash of each plan it shows. Equal fingerprints mean equal bytes, so an
unchanged file is kept from the published site instead of rendered again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from plansite.outputs import Planned
from plansite.sources import digest


def fingerprints(planned: list[Planned], plan_hashes: Mapping[str, str],
                 global_hash: str) -> dict[str, str]:
    """Output path → fingerprint.

    Files sharing kind and sources (the goal pages of one plan) share one
    fingerprint, computed once.
    """
    memo: dict[tuple[str, tuple[str, ...]], str] = {}
    result = {}
    for item in planned:
        key = (item.kind.name, item.file.sources)
        fingerprint = memo.get(key)
        if fingerprint is None:
            parts = [global_hash, item.kind.name, item.kind.template]
            parts += [f"{source}={plan_hashes.get(source, '')}" for source in key[1]]
            fingerprint = memo[key] = digest(*(part.encode() for part in parts))
        result[item.path] = fingerprint
    return result


@dataclass(frozen=True)
class Changes:
    """What a build must do to turn the published site into the new one."""

    render: tuple[str, ...]
    """New or changed files, in output order."""
    keep: tuple[str, ...]
    """Unchanged files: linked from the published site (or left in place)."""
    delete: tuple[str, ...]
    """Files of the published site that are no longer made."""

    @property
    def nothing(self) -> bool:
        return not self.render and not self.delete


def plan(old: Mapping[str, str], new: Mapping[str, str]) -> Changes:
    """Compare the fingerprints of the published site (`old`) with the new ones.

    Pass `old={}` when the published site is not known to match them: then
    every file is rendered.
    """
    render = tuple(path for path, fp in new.items() if old.get(path) != fp)
    keep = tuple(path for path, fp in new.items() if old.get(path) == fp)
    delete = tuple(sorted(set(old) - set(new)))
    return Changes(render, keep, delete)
