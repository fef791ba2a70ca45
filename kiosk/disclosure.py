"""Disclosure control: the one rule for every table of counts a person sees.

DESIGN.md's privacy section: counts of assessment results (and of staff calls, whose
reasons reveal the safety item) are broken down by band only for **closed calendar
months**, station-local, each month on its own; the open month shows at most how many
assessments there were. Inside a table:

- a count from 1 to 4 is masked, shown as :data:`PRIMARY` ("<5");
- **complementary suppression** masks enough other cells, or totals, shown as
  :data:`SECONDARY` ("—"), that for every masked cell at least two values fit what the
  table shows: its shown cells, its shown totals and the bounds a reader knows.

Bounds a reader knows: a "<5" cell is 1–4; a "—" cell is never 1–4 (it would be "<5")
and never 0 (zeros are shown, never chosen as secondaries), so it is at least 5. The
check uses these tight bounds; it implies the looser one (≥ 0) too.

A table no mask can protect (every non-zero cell "<5" and still pinned, as four bands of
one each with a total of 4) is **withheld** whole: every cell and total "—", zeros too.
:func:`is_withheld` tells such a table apart; it says nothing about any one cell.

API (pure Python, no database, no Qt; the terminal and the hub both import it):

- :func:`protect` — a table of non-negative int counts, rows × columns, with the
  totals that are shown (row totals, column totals, the grand total) → a
  :class:`Protected` table whose cells are ``int | "<5" | "—"``. Rows may differ in
  length (say, one row per instrument, one column per band of that instrument) as long
  as column totals are not shown.
- :func:`protect_row` — the one-row case: a band list and its total.
- :func:`protect_bands` — a month's instrument × band table, always protected in one
  order, so every screen of the same month masks the same cells.
- :func:`mask_count` — a count standing alone (the open month's number of assessments).
- :func:`is_withheld` — whether a table was withheld whole.
- :func:`masked_cells_free` — the exact check: for every masked cell, whether at least
  two values fit. :func:`protect` only returns tables that pass it.
- :class:`Month`, :func:`closed_months`, :func:`is_closed`, :func:`hub_today` — which
  months may be broken down, station-local.

The check is exact: a table's cells, row totals, column totals and grand total are the
flows of a network (source → row → column → sink → source), so "which values fit" is a
circulation with bounds, and a network's bounds polytope has integer corners; a masked
cell has a second value iff a circulation exists with that cell's bounds moved just
below or just above its true value (a max-flow each, Edmonds–Karp).

How secondaries are chosen: for a masked cell that is still pinned, the first unmasked
non-zero cell in a fixed order (its row from the left, its column, then the row total,
the column total, the grand total, then any cell in reading order) — an order that
looks at no hidden value, only at positions and at what the table shows. Known limit
(as in all cell suppression): a reader who re-runs this procedure may learn that fewer
masks did not suffice.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

PRIMARY = "<5"
SECONDARY = "—"
Cell = int | str

_SMALL = range(1, 5)  # counts a table never shows
_INF = 1 << 40


@dataclass(frozen=True)
class Protected:
    """A table as a person may see it. Each cell is an ``int``, ``"<5"`` or ``"—"``;
    a total that is not shown is ``None`` (``row_totals`` / ``column_totals`` are
    ``None`` when that margin is not shown at all)."""

    cells: tuple[tuple[Cell, ...], ...]
    row_totals: tuple[Cell, ...] | None
    column_totals: tuple[Cell, ...] | None
    grand_total: Cell | None


def mask_count(n: int) -> Cell:
    """A count that stands alone (no table around it): 1–4 become ``"<5"``."""
    if n < 0:
        raise ValueError("counts are never negative")
    return PRIMARY if n in _SMALL else n


def protect_row(counts: Sequence[int], total: bool = True) -> tuple[list[Cell], Cell | None]:
    """One row (say, the bands of one instrument) and its total, protected.

    Returns the shown cells and the shown total (``None`` when ``total`` is false).
    """
    shown = protect([counts], row_totals=total, grand_total=False)
    return list(shown.cells[0]), (shown.row_totals[0] if shown.row_totals else None)


def protect(
    cells: Sequence[Sequence[int]],
    *,
    row_totals: bool = True,
    column_totals: bool = False,
    grand_total: bool = True,
) -> Protected:
    """The table as a person may see it: primary and complementary suppression.

    ``cells`` are non-negative counts, one sequence per row. The totals are computed
    here from the cells; the flags say which of them the table shows.
    """
    table = _Table(cells, row_totals, column_totals, grand_total)
    masks: dict[_Key, str] = {k: PRIMARY for k in table.keys if table.value[k] in _SMALL}
    while True:
        pinned = next((k for k in table.keys if k in masks and not table.free(k, masks)), None)
        if pinned is None:
            break
        extra = next(
            (
                k
                for k in table.partners(pinned)
                if k not in masks and table.value[k] > 0  # zeros stay shown
            ),
            None,
        )
        if extra is None:
            # Every non-zero cell is masked and one is still pinned: say four bands of one
            # each and a total of 4, where the bounds alone force every "<5" to be 1. No
            # mask inside the table frees it, so the table is withheld whole.
            return table.shown(dict.fromkeys(table.keys, SECONDARY))
        masks[extra] = SECONDARY
    return table.shown(masks)


def protect_bands(
    raw: Mapping[str, Mapping[str, int]],
) -> tuple[dict[str, dict[str, Cell]], dict[str, Cell], Cell]:
    """A month's results (instrument → band → count), protected: rows are instruments,
    one cell per band the month saw, with row totals and the grand total.

    Returns (instrument → band → shown cell, instrument → shown total, shown total).
    Rows and columns always go to :func:`protect` in one order (sorted by id), whatever
    order the caller shows them in: the choice of secondaries depends on positions, so
    two screens protecting the same month in different orders would mask different
    cells, and the two together would give the masked cells away.
    """
    instruments = sorted(raw)
    band_ids = [sorted(raw[i]) for i in instruments]
    shown = protect(
        [[raw[i][b] for b in bands] for i, bands in zip(instruments, band_ids, strict=True)]
    )
    bands = {
        i: dict(zip(ids, row, strict=True))
        for i, ids, row in zip(instruments, band_ids, shown.cells, strict=True)
    }
    totals = dict(zip(instruments, shown.row_totals or (), strict=True))
    return bands, totals, shown.grand_total if shown.grand_total is not None else 0


def is_withheld(shown: Protected) -> bool:
    """Whether the whole table is withheld: every cell and total "—" (a table protected
    cell by cell always keeps at least one "<5", so a reader can tell the two apart)."""
    shown_totals = [*(shown.row_totals or ()), *(shown.column_totals or ())]
    if shown.grand_total is not None:
        shown_totals.append(shown.grand_total)
    every = [v for row in shown.cells for v in row] + shown_totals
    return bool(every) and all(v == SECONDARY for v in every)


def masked_cells_free(cells: Sequence[Sequence[int]], shown: Protected) -> bool:
    """Whether every masked cell of ``shown`` (made from ``cells``) has ≥ 2 values that
    fit the shown cells, the shown totals and the bounds (1–4 for "<5", ≥ 5 for "—").
    A withheld table shows nothing, so nothing in it can be worked out."""
    if is_withheld(shown):
        return True
    table = _Table(
        cells,
        shown.row_totals is not None,
        shown.column_totals is not None,
        shown.grand_total is not None,
    )
    masks = table.masks_of(shown)
    return all(table.free(k, masks) for k in masks)


# --- the table as a network -------------------------------------------------------------------

# ("cell", row, col), ("row", row, 0), ("col", col, 0) or ("all", 0, 0)
_Key = tuple[str, int, int]


class _Table:
    def __init__(
        self, cells: Sequence[Sequence[int]], rows: bool, columns: bool, grand: bool
    ) -> None:
        self.cells = [list(row) for row in cells]
        if any(n < 0 or not isinstance(n, int) for row in self.cells for n in row):
            raise ValueError("counts must be non-negative integers")
        width = max((len(row) for row in self.cells), default=0)
        if columns and any(len(row) != width for row in self.cells):
            raise ValueError("column totals need every row to have the same columns")
        self.width = width
        self.show_rows, self.show_columns, self.show_grand = rows, columns, grand
        self.value: dict[_Key, int] = {}
        self.keys: list[_Key] = []
        for r, row in enumerate(self.cells):
            for c, n in enumerate(row):
                self._add(("cell", r, c), n)
        if rows:
            for r, row in enumerate(self.cells):
                self._add(("row", r, 0), sum(row))
        if columns:
            for c in range(width):
                self._add(("col", c, 0), sum(row[c] for row in self.cells))
        if grand:
            self._add(("all", 0, 0), sum(map(sum, self.cells)))

    def _add(self, key: _Key, n: int) -> None:
        self.keys.append(key)
        self.value[key] = n

    def shown(self, masks: dict[_Key, str]) -> Protected:
        def cell(key: _Key) -> Cell:
            return masks.get(key, self.value[key])

        rows = len(self.cells)
        return Protected(
            cells=tuple(
                tuple(cell(("cell", r, c)) for c in range(len(row)))
                for r, row in enumerate(self.cells)
            ),
            row_totals=tuple(cell(("row", r, 0)) for r in range(rows)) if self.show_rows else None,
            column_totals=tuple(cell(("col", c, 0)) for c in range(self.width))
            if self.show_columns
            else None,
            grand_total=cell(("all", 0, 0)) if self.show_grand else None,
        )

    def masks_of(self, shown: Protected) -> dict[_Key, str]:
        """The masks of a Protected table, checked against the true values."""
        seen: dict[_Key, Cell] = {}
        for r, row in enumerate(shown.cells):
            for c, v in enumerate(row):
                seen[("cell", r, c)] = v
        for r, v in enumerate(shown.row_totals or ()):
            seen[("row", r, 0)] = v
        for c, v in enumerate(shown.column_totals or ()):
            seen[("col", c, 0)] = v
        if shown.grand_total is not None:
            seen[("all", 0, 0)] = shown.grand_total
        if seen.keys() != set(self.keys):
            raise ValueError("the shown table does not have the counts' shape")
        masks: dict[_Key, str] = {}
        for key, v in seen.items():
            if v in (PRIMARY, SECONDARY):
                masks[key] = str(v)
            elif v != self.value[key]:
                raise ValueError(f"{key} shows {v!r}, not its count")
        return masks

    def partners(self, key: _Key) -> list[_Key]:
        """Cells to mask next for a pinned ``key``, nearest first (no value looked at)."""
        kind, a, _ = key
        out: list[_Key] = []
        if kind == "cell":
            r, c = a, key[2]
            row = self.cells[r]
            out += [("cell", r, (c + i) % len(row)) for i in range(1, len(row))]
            if self.show_columns:
                out += [("cell", (r + i) % len(self.cells), c) for i in range(1, len(self.cells))]
            out += [("row", r, 0), ("col", c, 0)]
        elif kind == "row":
            out += [("row", (a + i) % len(self.cells), 0) for i in range(1, len(self.cells))]
            out += [("cell", a, c) for c in range(len(self.cells[a]))]
        elif kind == "col":
            out += [("col", (a + i) % self.width, 0) for i in range(1, self.width)]
            out += [("cell", r, a) for r in range(len(self.cells))]
        out += [("all", 0, 0), *self.keys]
        return [k for k in out if k in self.value]

    def free(self, key: _Key, masks: dict[_Key, str]) -> bool:
        """Whether a value other than the true one fits for ``key``."""
        true = self.value[key]
        low, high = _bounds(masks.get(key), true)
        return (low <= true - 1 and self._feasible(masks, key, (low, true - 1))) or (
            true + 1 <= high and self._feasible(masks, key, (true + 1, high))
        )

    def _feasible(self, masks: dict[_Key, str], moved: _Key, bounds: tuple[int, int]) -> bool:
        """A circulation within every element's bounds, ``moved`` within ``bounds``."""
        rows = len(self.cells)
        source, sink = 0, 1
        row_node = [2 + r for r in range(rows)]
        col_node = [2 + rows + c for c in range(self.width)]
        net = _Network(2 + rows + self.width)

        def edge(u: int, v: int, key: _Key | None) -> None:
            if key is None or key not in self.value:
                low, high = 0, _INF  # a total the table does not show
            elif key == moved:
                low, high = bounds
            else:
                low, high = _bounds(masks.get(key), self.value[key])
            net.add(u, v, low, high)

        for r in range(rows):
            edge(source, row_node[r], ("row", r, 0))
            for c in range(len(self.cells[r])):
                edge(row_node[r], col_node[c], ("cell", r, c))
        for c in range(self.width):
            edge(col_node[c], sink, ("col", c, 0))
        edge(sink, source, ("all", 0, 0))
        return net.feasible()


def _bounds(mask: str | None, true: int) -> tuple[int, int]:
    if mask == PRIMARY:
        return 1, 4
    if mask == SECONDARY:
        return 5, _INF
    return true, true


class _Network:
    """A circulation with lower and upper bounds, decided by one max-flow."""

    def __init__(self, nodes: int) -> None:
        self.n = nodes + 2  # plus a super source and a super sink
        self.cap: list[dict[int, int]] = [{} for _ in range(self.n)]
        self.excess = [0] * nodes
        self.bad = False

    def add(self, u: int, v: int, low: int, high: int) -> None:
        if low > high:
            self.bad = True
            return
        self.cap[u][v] = self.cap[u].get(v, 0) + (high - low)
        self.cap[v].setdefault(u, 0)
        self.excess[v] += low
        self.excess[u] -= low

    def feasible(self) -> bool:
        if self.bad:
            return False
        s, t = self.n - 2, self.n - 1
        need = 0
        for node, e in enumerate(self.excess):
            if e > 0:
                self.cap[s][node] = e
                self.cap[node].setdefault(s, 0)
                need += e
            elif e < 0:
                self.cap[node][t] = -e
                self.cap[t].setdefault(node, 0)
        return _max_flow(self.cap, s, t, need) >= need


def _max_flow(cap: list[dict[int, int]], s: int, t: int, enough: int) -> int:
    """Edmonds–Karp on residual capacities ``cap`` (changed in place), stopping at ``enough``."""
    flow = 0
    while flow < enough:
        parent = {s: s}
        queue = deque([s])
        while queue and t not in parent:
            u = queue.popleft()
            for v, c in cap[u].items():
                if c > 0 and v not in parent:
                    parent[v] = u
                    queue.append(v)
        if t not in parent:
            break
        push, v = enough - flow, t
        while v != s:
            push = min(push, cap[parent[v]][v])
            v = parent[v]
        v = t
        while v != s:
            u = parent[v]
            cap[u][v] -= push
            cap[v][u] += push
            v = u
        flow += push
    return flow


# --- months ------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month, station-local."""

    year: int
    month: int

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, text: str) -> Month:
        """``"2026-11"`` → Month(2026, 11); ValueError naming the text otherwise."""
        try:
            year, month = (int(part) for part in text.split("-"))
            return cls.of(date(year, month, 1))
        except ValueError:
            raise ValueError(f"{text!r}: a month is written like 2026-11") from None

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> Month:
        return Month.of(self.first_day - timedelta(days=1))

    @property
    def last_day(self) -> date:
        return self.next().first_day - timedelta(days=1)


def is_closed(month: Month, today: date) -> bool:
    """Whether ``month`` is over on ``today`` (the station's local date)."""
    return today > month.last_day


def closed_months(first: date, last: date, today: date) -> list[Month]:
    """The closed months that the days ``first``..``last`` touch, oldest first.

    Each is shown whole and on its own, never summed with another: a range asked for
    is widened to whole months, so two ranges subtracted show nothing new.
    """
    out: list[Month] = []
    month = Month.of(first)
    while month.first_day <= last and is_closed(month, today):
        out.append(month)
        month = month.next()
    return out


def hub_today(now: datetime | None = None) -> date:
    """The newest date every station has reached, for a hub that knows no station's
    time zone: the date at UTC−12, the last zone on Earth. A month is closed on the
    hub once it is closed there, so it is closed at every station too."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    return (moment - timedelta(hours=12)).date()
