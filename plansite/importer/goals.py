"""Reading goals out of blocks, in the four layouts real plans use.

- **Labelled**: "**Mål:**" opens a goal; "Dokumentation:", "Status:", "Resultat:" and
  "Opfølgning:" open its parts, and plain paragraphs continue the part before them.
  An "Opfølgning:" text may hold several entries, each opened by a month and a year.
- **Lists**: "Mål for 2012", "Målene i 2014 var:" followed by list items or by
  paragraphs, one goal each; a "Resultater" list after it answers them in order.
- **Tables**: a header row "Målene i 2014 var:" | "Resultater" (or Dokumentation,
  Status, Opfølgning); a row with an empty goal cell continues the row above.
- Results paired with goals by their words when the counts differ.

Each reader starts at a block index and returns the goals and the index after them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from plansite.importer import labels
from plansite.importer.document import HEADING, ITEM, PARA, TABLE, Block
from plansite.importer.drafts import EntryDraft, GoalDraft
from plansite.importer.text import plain, words

_NUMBERED = re.compile(r"^\s*\d{1,2}[.)]\s+\S")
STOP_WORDS = frozenset((
    "at", "og", "i", "af", "på", "til", "for", "med", "en", "et", "den", "det", "der", "som",
    "er", "om", "fra", "ved", "eller", "samt", "skal", "vil", "kan", "har", "de", "vi", "sin",
    "sit", "sine", "men", "så", "end", "målet", "målene", "mål", "målsætning", "ikke", "blev",
    "være", "været", "bliver", "mere", "flere", "alle", "hele", "samt", "dette", "disse",
    "denne"))


def is_sentence(block: Block) -> bool:
    """A "heading" that is the end of a sentence cut off by the page ("Social & Familie.")."""
    text = plain(block.text).strip()
    return block.kind == HEADING and text.endswith(".") and not re.fullmatch(r"\d+\.", text) \
        and not _NUMBERED.match(text) or (block.kind == HEADING and text[:1].islower())


def markdown_of(block: Block) -> str:
    """A block as Markdown to put in a text: a list item, a table, a paragraph."""
    if block.kind == ITEM:
        return (f"{block.number or '1.'} " if block.ordered else "- ") + block.text
    if block.kind == TABLE:
        return table_markdown(block.rows)
    if block.kind == HEADING and not is_sentence(block):
        return "#### " + plain(block.text)
    return block.text


def table_markdown(rows: list[list[str]]) -> str:
    """Rows of cells as a Markdown (pipe) table; the first row is its header."""
    width = max((len(row) for row in rows), default=0)
    if not width:
        return ""
    cells = [[" ".join(cell.replace("|", "\\|").split()) for cell in row] + [""] *
             (width - len(row)) for row in rows]
    lines = ["| " + " | ".join(row) + " |" for row in cells]
    lines.insert(1, "|" + "---|" * width)
    return "\n".join(lines)


class GoalReader:
    """Reads goals from a part's blocks."""

    def __init__(self, blocks: Sequence[Block]) -> None:
        self.blocks = blocks

    def _at(self, index: int) -> Block | None:
        return self.blocks[index] if 0 <= index < len(self.blocks) else None

    # Labelled goals -------------------------------------------------------------------

    def labelled(self, index: int) -> tuple[GoalDraft, int]:
        """The goal a "Mål:" paragraph opens, with every part that follows it."""
        block = self.blocks[index]
        found = labels.label(block.text)
        assert found is not None
        goal = GoalDraft(block.where, "label", title=found.title)
        if block.kind == HEADING and not found.title:
            goal.title = plain(found.rest)  # "### Mål 2: Flere i job"
        elif found.rest:
            goal.add(found.rest)
        index += 1
        while (following := self._at(index)) is not None:
            if following.kind == HEADING and not is_sentence(following):
                break
            if following.kind not in (PARA, ITEM, TABLE, HEADING):
                break
            if following.kind == TABLE and is_goal_table(following):
                break
            part = labels.label(following.text) if following.kind == PARA else None
            if part is not None and part.kind == labels.GOAL:
                break
            if following.kind == PARA and part is None and labels.list_header(following.text):
                break
            if part is not None:
                self.open_part(goal, part, following)
            elif goal.current == "entry" and following.kind == PARA:
                self.entry_text(goal, following.text, following)
            else:
                goal.add(markdown_of(following))
            index += 1
        goal.entries = [entry for entry in goal.entries if entry.paragraphs or entry.date]
        return goal, index

    def open_part(self, goal: GoalDraft, part: labels.Label, block: Block) -> None:
        if part.kind == labels.EVIDENCE:
            goal.current = "evidence"
        elif part.kind == labels.RESULT:
            goal.current = "result"
        else:  # Opfølgning: or Status: — a new entry
            goal.current = "entry"
            goal.entries.append(EntryDraft(block.where))
        if part.title:
            goal.add(f"**{part.title}**")
        if part.rest:
            if goal.current == "entry":
                self.entry_text(goal, part.rest, block)
            else:
                goal.add(part.rest)

    def entry_text(self, goal: GoalDraft, text: str, block: Block) -> None:
        """Follow-up text: a month and a year at the start of a piece open a new entry."""
        for piece in labels.split_dated(text):
            opened = labels.dated(piece)
            if opened is not None:
                date, rest = opened
                entry = goal.entries[-1] if goal.entries else None
                if entry is None or entry.paragraphs or entry.date:
                    entry = EntryDraft(block.where)
                    goal.entries.append(entry)
                entry.date = date
                if rest:
                    entry.paragraphs.append(rest)
            else:
                goal.add(piece)

    # Lists and tables -----------------------------------------------------------------

    def listed(self, index: int, subject: str) -> tuple[list[GoalDraft], int]:
        """Goals after a list header: items, paragraphs or a table (maybe after a second
        header: "Mål og resultater i forhold til X" then "Målene i 2014 var:")."""
        following = self._at(index)
        if following is None:
            return [], index
        if following.kind in (HEADING, PARA):
            inner = labels.list_header(following.text)
            if inner is not None and labels.label(following.text) is None:
                return self.listed(index + 1, subject or inner.subject)
        if following.kind == TABLE:
            found = self.tabled(following, subject, assume=True)
            return found, index + 1 if found else index
        kind = following.kind if following.kind in (ITEM, PARA) else ""
        goals: list[GoalDraft] = []
        while kind and (block := self._at(index)) is not None and block.kind == kind:
            if kind == PARA and (labels.label(block.text) or labels.list_header(block.text)
                                 or labels.is_results_header(block.text)):
                break
            text = block.text
            goal = GoalDraft(block.where, "list", subject=subject)
            goal.add(text[:1].upper() + text[1:])
            goals.append(goal)
            index += 1
        if goals and (block := self._at(index)) is not None \
                and block.kind in (HEADING, PARA) and labels.is_results_header(block.text):
            index = self.results(index + 1, goals)
        return goals, index

    def results(self, index: int, goals: list[GoalDraft]) -> int:
        """The paragraphs after "Resultater", given to the goals they answer."""
        found: list[str] = []
        while (block := self._at(index)) is not None and block.kind in (PARA, ITEM, TABLE):
            if block.kind == PARA and (labels.label(block.text)
                                       or labels.list_header(block.text)):
                break
            if block.kind == TABLE and is_goal_table(block):
                break  # the next table of goals
            found.append(markdown_of(block))
            index += 1
        for goal, result in zip(pair(goals, found), found, strict=True):
            goal.result.append(result)
        return index

    def tabled(self, block: Block, subject: str, assume: bool = False) -> list[GoalDraft]:
        """Goals of a table whose header row names a goal column and a result, evidence,
        status or follow-up column; with `assume` (a goal-list header right above it), a
        two-column table without such a header is read as goal | result."""
        rows = [row for row in block.rows if any(cell.strip() for cell in row)]
        if not rows:
            return []
        roles = [_role(cell) for cell in rows[0]]
        body = rows[1:]
        if "text" not in roles or len([r for r in roles if r]) < 2:
            if not (assume and len(rows[0]) == 2):
                return []
            roles, body = ["text", "result"], rows
        goals: list[GoalDraft] = []
        for row in body:
            cells = dict(zip(roles, row, strict=False))
            text = cells.get("text", "").strip()
            if text:
                goals.append(GoalDraft(block.where, "table", subject=subject))
                goals[-1].add(text)
            if not goals:
                continue
            goal = goals[-1]
            for role in ("evidence", "result", "entry"):
                value = cells.get(role, "").strip()
                if value:
                    goal.current = role
                    if role == "entry":
                        goal.entries.append(EntryDraft(block.where))
                        self.entry_text(goal, value, block)
                    else:
                        goal.add(value)
            goal.current = "text"
        return goals


def is_goal_table(block: Block) -> bool:
    """A table whose header row names a goal column and a result, evidence or follow-up."""
    header = next((row for row in block.rows if any(cell.strip() for cell in row)), [])
    roles = [_role(cell) for cell in header]
    return "text" in roles and len([role for role in roles if role]) >= 2


def _role(cell: str) -> str:
    text = plain(cell).lower().strip(" :")
    if re.match(r"^(?:de\s+)?(?:mål|målet|målene|målsætning|delmål|goal)", text):
        return "text"
    if "dokumentation" in text:
        return "evidence"
    if "opfølgning" in text or text.startswith("status"):
        return "entry"
    if "resultat" in text or "vurdering" in text or "result" in text:
        return "result"
    return ""


def stems(text: str) -> set[str]:
    """A text's content words (≥ 4 letters, not stop words), cut to their first 7 letters."""
    return {word[:7] for word in words(text) if len(word) >= 4 and word not in STOP_WORDS}


def similarity(first: str, second: str) -> float:
    """How much two texts share: common content words (first 7 letters compared, so
    "sygedagpengeforløb" meets "sygedagforløb")."""
    a, b = stems(first), stems(second)
    return len(a & b) / (min(len(a), len(b)) or 1)


def pair(goals: list[GoalDraft], results: list[str]) -> list[GoalDraft]:
    """The goal each result answers: in order when the counts agree, else the order-keeping
    assignment that shares the most words (a goal may get several results)."""
    if not goals or not results:
        return []
    if len(goals) == len(results):
        return list(goals)
    texts = [" ".join(goal.text) for goal in goals]
    n = len(goals)
    # best[i][j]: best score for results[:i+1] with result i given to goal j
    best = [[0.0] * n for _ in results]
    back = [[0] * n for _ in results]
    for i, result in enumerate(results):
        for j in range(n):
            score = similarity(result, texts[j])
            if i == 0:
                best[i][j] = score - 0.01 * j
                continue
            row = best[i - 1]
            k = max(range(j + 1), key=row.__getitem__)
            best[i][j] = best[i - 1][k] + score
            back[i][j] = k
    j = max(range(n), key=best[-1].__getitem__)
    chosen = [0] * len(results)
    for i in range(len(results) - 1, -1, -1):
        chosen[i] = j
        j = back[i][j]
    return [goals[j] for j in chosen]
