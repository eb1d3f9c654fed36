"""Accounts tables (regnskab): budget against spending, from a CSV file beside a plan.

Finance teams keep these in spreadsheets; an editor saves the sheet as CSV next
to the plan's source and names it in the head:

    regnskab: regnskab-2014.csv

or, with a caption of its own and more than one table:

    regnskab:
      - fil: boern-og-unge.csv
        titel: Regnskab for sektor Børn og Unge

The file's first row is the header: its first cell says what the amounts are
("Beløb i 1.000 kr."), the other cells name the amount columns (oprindeligt
budget, regnskab, korrigeret budget, afvigelse). Each later row is a label and
its amounts, written as a Danish spreadsheet writes them ("1.914.428",
"-264,3"); negative amounts are income. A row with a label and no amounts is a
group heading; a row whose label says "i alt", "netto" or "total" is a total.

The head's `regnskab:` entries are read with the rest of the head
(`frontmatter`). Reading the files happens on every build (`load`), not in the
cached parse: the plan's
text may stay the same while the file changes. The file's hash joins the
plan's, so the pages that show the table are rendered again exactly then. The
file is also published for download as files/<path> (`attachments`).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, replace
from typing import Any

from plansite import attachments
from plansite.blocks import parse_number
from plansite.errors import Report
from plansite.model import AccountsRow, Site

MAX_BYTES = 2_000_000
"""A budget table is a few hundred rows; a bigger file is a mistake (a whole ledger)."""

_TOTAL = re.compile(r"\bi alt\b|^netto\b|\btotal\b|^sum\b", re.IGNORECASE)
_DECIMALS = re.compile(r",(\d+)\s*%?$")


# --- reading a file ---------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong in a CSV file, at its line (`heading` names a cell's column)."""

    line: int
    code: str
    params: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Table:
    heading: str
    columns: tuple[str, ...]
    decimals: tuple[int, ...]
    rows: tuple[AccountsRow, ...]


def decode(data: bytes) -> str:
    """UTF-8 (with or without Excel's byte order mark), else Windows-1252, Excel's default."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter(first_line: str) -> str:
    """Danish spreadsheets write `;` (the comma is the decimal sign); tabs and commas are read."""
    for candidate in (";", "\t"):
        if candidate in first_line:
            return candidate
    return ","


def read_table(text: str) -> tuple[Table | None, list[Problem]]:
    """The table in a CSV text, or None with the problems that stop it being read."""
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if not first:
        return None, [Problem(1, "accounts-empty", {})]
    reader = csv.reader(lines, delimiter=_delimiter(first))
    problems: list[Problem] = []
    header: list[str] | None = None
    rows: list[AccountsRow] = []
    decimals: list[int] = []
    for cells in reader:
        line = reader.line_num
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue
        if header is None:
            header = _trimmed(cells)
            for index, name in enumerate(header[1:], start=2):
                if not name:
                    problems.append(Problem(line, "accounts-header-empty", {"number": index}))
            if len(header) < 2:
                problems.append(Problem(line, "accounts-no-columns", {}))
            decimals = [0] * max(len(header) - 1, 0)
            continue
        row = _row(cells, header, line, problems, decimals)
        if row is not None:
            rows.append(row)
    if header is None or problems:
        return None, problems
    if not rows:
        return None, [Problem(reader.line_num, "accounts-no-rows", {})]
    return Table(header[0], tuple(header[1:]), tuple(decimals), tuple(rows)), []


def _trimmed(cells: list[str]) -> list[str]:
    """The cells without the empty ones a spreadsheet leaves at the end of a row."""
    while cells and not cells[-1]:
        cells = cells[:-1]
    return cells


def _row(cells: list[str], header: list[str], line: int, problems: list[Problem],
         decimals: list[int]) -> AccountsRow | None:
    label, written = cells[0], _trimmed(cells[1:])
    columns = header[1:]
    if len(written) > len(columns):
        problems.append(Problem(line, "accounts-extra-cells",
                                {"count": len(written) + 1, "expected": len(header)}))
        return None
    if not label:
        problems.append(Problem(line, "accounts-no-label", {}))
        return None
    values: list[float | None] = []
    for index, cell in enumerate(written):
        if not cell or cell in {"-", "–", "—"}:
            values.append(None)
            continue
        number = parse_number(cell)
        if number is None:
            problems.append(Problem(line, "accounts-number",
                                    {"value": cell, "heading": columns[index]}))
            values.append(None)
            continue
        found = _DECIMALS.search(cell)
        decimals[index] = max(decimals[index], len(found.group(1)) if found else 0)
        values.append(number)
    values += [None] * (len(columns) - len(values))
    if all(value is None for value in values) and not any(written):
        kind = "group"
    else:
        kind = "total" if _TOTAL.search(label) else "row"
    return AccountsRow(label, tuple(values), kind, line)


# --- on every build -------------------------------------------------------------------------

def load(site: Site, plan_hashes: dict[str, str], report: Report) -> None:
    """Read every plan's accounts files into its tables, and join their hashes to the plan's.

    A file that is missing, or a cell that is not an amount, is an error at its
    line; the plan keeps the tables that could be read.
    """
    if not any(plan.accounts for plan in site.plans.values()):
        return
    files = attachments.listing(site)
    for key, plan in list(site.plans.items()):
        if not plan.accounts:
            continue
        folder = attachments.folder_of(plan.path)
        tables, hashes = [], []
        for table in plan.accounts:
            target = attachments.resolve(folder, table.file)
            path = files.get(target) if target is not None else None
            if path is None:
                report.error(plan.path, table.line, "accounts-missing-file", file=table.file,
                             expected=f"{attachments.PLANS}/{target or table.file}")
                continue
            data = path.read_bytes()
            if len(data) > MAX_BYTES:
                report.error(path, 1, "accounts-too-big", size=len(data) // 1000,
                             limit=MAX_BYTES // 1000)
                continue
            read, problems = read_table(decode(data))
            for problem in problems:
                report.error(path, problem.line, problem.code, file=target, **problem.params)
            hashes.append(attachments.content_hash(path))
            if read is not None:
                tables.append(replace(table, target=target or "", heading=read.heading,
                                      columns=read.columns, decimals=read.decimals,
                                      rows=read.rows))
        site.plans[key] = replace(plan, accounts=tuple(tables))
        plan_hashes[key] = "+".join((plan_hashes.get(key, ""), *hashes))
