"""Disclosure control: no masked cell of any table can be worked out from what it shows.

The property test checks :func:`kiosk.disclosure.protect` with a solver of its own (a
small exhaustive search with bound propagation, not the module's max-flow): for every
masked cell it finds two whole fillings of the table that agree with every shown cell
and total and with the bounds a reader knows ("<5" is 1–4, "—" is at least 5), and
differ in that cell.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.disclosure import (
    PRIMARY,
    SECONDARY,
    Month,
    Protected,
    closed_months,
    hub_today,
    is_closed,
    is_withheld,
    mask_count,
    masked_cells_free,
    protect,
    protect_row,
)

# --- an independent exact check ----------------------------------------------------------------


def _elements(cells: list[list[int]], shown: Protected) -> tuple[dict, list]:
    """Every element (cell or total) with its true value and shown value, and the sum
    equations ``(plus, minus)``: sum of ``plus`` == sum of ``minus``."""
    true: dict = {}
    seen: dict = {}
    for r, row in enumerate(cells):
        for c, n in enumerate(row):
            true[("c", r, c)], seen[("c", r, c)] = n, shown.cells[r][c]
    equations = []
    if shown.row_totals is not None:
        for r, row in enumerate(cells):
            true[("r", r)], seen[("r", r)] = sum(row), shown.row_totals[r]
            equations.append(([("c", r, c) for c in range(len(row))], [("r", r)]))
    if shown.column_totals is not None:
        for c in range(len(cells[0])):
            true[("k", c)], seen[("k", c)] = sum(row[c] for row in cells), shown.column_totals[c]
            equations.append(([("c", r, c) for r in range(len(cells))], [("k", c)]))
    if shown.grand_total is not None:
        true[("g",)], seen[("g",)] = sum(map(sum, cells)), shown.grand_total
        everything = [("c", r, c) for r, row in enumerate(cells) for c in range(len(row))]
        equations.append((everything, [("g",)]))
    return {k: (true[k], seen[k]) for k in true}, equations


def _solve(domains: dict, equations: list) -> bool:
    """Whether integer values within ``domains`` satisfy every equation (DFS + bounds)."""
    lo = {k: d[0] for k, d in domains.items()}
    hi = {k: d[1] for k, d in domains.items()}
    changed = True
    while changed:
        changed = False
        for plus, minus in equations:
            terms = [(k, 1) for k in plus] + [(k, -1) for k in minus]
            for k, sign in terms:
                # sign*x_k = -(sum of the other signed terms)
                rest_lo = sum(lo[j] if s > 0 else -hi[j] for j, s in terms if j != k)
                rest_hi = sum(hi[j] if s > 0 else -lo[j] for j, s in terms if j != k)
                new_lo, new_hi = (-rest_hi, -rest_lo) if sign > 0 else (rest_lo, rest_hi)
                if new_lo > lo[k]:
                    lo[k], changed = new_lo, True
                if new_hi < hi[k]:
                    hi[k], changed = new_hi, True
                if lo[k] > hi[k]:
                    return False
    open_ = [k for k in lo if lo[k] < hi[k]]
    if not open_:
        return all(
            sum(lo[k] for k in plus) == sum(lo[k] for k in minus) for plus, minus in equations
        )
    pick = min(open_, key=lambda k: hi[k] - lo[k])
    return any(
        _solve({**{k: (lo[k], hi[k]) for k in lo}, pick: (v, v)}, equations)
        for v in range(lo[pick], hi[pick] + 1)
    )


def _second_value_fits(cells: list[list[int]], shown: Protected) -> dict:
    """For every masked element: whether another value fits (by exhaustive search)."""
    elements, equations = _elements(cells, shown)
    cap = sum(map(sum, cells)) + 10  # witnesses are searched for below this
    domains = {}
    for key, (_, seen) in elements.items():
        if seen == PRIMARY:
            domains[key] = (1, 4)
        elif seen == SECONDARY:
            domains[key] = (5, cap)
        else:
            domains[key] = (seen, seen)
    out = {}
    for key, (true, seen) in elements.items():
        if seen in (PRIMARY, SECONDARY):
            lo, hi = domains[key]
            below = lo <= true - 1 and _solve({**domains, key: (lo, true - 1)}, equations)
            above = true + 1 <= hi and _solve({**domains, key: (true + 1, hi)}, equations)
            out[key] = below or above
    return out


def _assert_safe(cells: list[list[int]], shown: Protected) -> None:
    elements, _ = _elements(cells, shown)
    if is_withheld(shown):
        # Withheld whole: only when some count is small, and then nothing is shown.
        assert any(1 <= true <= 4 for true, _ in elements.values())
        assert all(seen == SECONDARY for _, seen in elements.values())
        assert masked_cells_free(cells, shown)
        return
    for key, (true, seen) in elements.items():
        if seen == PRIMARY:
            assert 1 <= true <= 4, key
        elif seen == SECONDARY:
            assert true >= 5, key  # never a zero, never a small count
        else:
            assert seen == true and not 1 <= true <= 4, key
    pinned = [k for k, free in _second_value_fits(cells, shown).items() if not free]
    assert not pinned, f"{cells} shown as {shown}: {pinned} can be worked out"
    assert masked_cells_free(cells, shown)


# --- properties -------------------------------------------------------------------------------

counts = st.one_of(st.integers(0, 4), st.integers(5, 9), st.integers(0, 30))


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[list[int]], bool, bool, bool]:
    rows = draw(st.integers(1, 3))
    columns = draw(st.booleans())
    width = draw(st.integers(1, 4))
    cells = [
        draw(st.lists(counts, min_size=width, max_size=width))
        if columns
        else draw(st.lists(counts, min_size=1, max_size=5))
        for _ in range(rows)
    ]
    return cells, draw(st.booleans()), columns, draw(st.booleans())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_no_masked_cell_of_any_table_can_be_worked_out(table) -> None:  # type: ignore[no-untyped-def]
    cells, row_totals, column_totals, grand_total = table
    shown = protect(
        cells, row_totals=row_totals, column_totals=column_totals, grand_total=grand_total
    )
    _assert_safe(cells, shown)


@settings(max_examples=200, deadline=None)
@given(st.lists(counts, min_size=1, max_size=6))
def test_a_band_list_and_its_total_never_give_a_masked_band_away(bands: list[int]) -> None:
    shown, total = protect_row(bands)
    assert total is not None
    _assert_safe([bands], Protected((tuple(shown),), (total,), None, None))


# --- examples a reader can follow --------------------------------------------------------------


def test_one_small_band_takes_another_band_with_it() -> None:
    # 12 minimal, 7 mild, 1 severe, 20 in all: "<5" alone would give 1 by subtraction.
    shown, total = protect_row([12, 7, 1])
    assert (shown, total) == ([SECONDARY, 7, PRIMARY], 20)
    _assert_safe([[12, 7, 1]], Protected((tuple(shown),), (total,), None, None))


def test_a_secondary_of_five_is_not_enough_beside_a_one() -> None:
    # "—" is known to be at least 5: 5 + 1 = 6 would leave only (5, 1).
    shown, total = protect_row([5, 1])
    assert shown == [SECONDARY, PRIMARY] and total == SECONDARY


def test_tables_without_small_counts_are_shown_whole() -> None:
    assert protect([[6, 0, 9], [5, 5, 0]], column_totals=True) == Protected(
        ((6, 0, 9), (5, 5, 0)), (15, 10), (11, 5, 9), 25
    )


def test_mask_count_hides_one_to_four_only() -> None:
    assert [mask_count(n) for n in (0, 1, 4, 5, 123)] == [0, PRIMARY, PRIMARY, 5, 123]
    with pytest.raises(ValueError):
        mask_count(-1)


def test_a_check_of_a_table_shown_plainly_finds_the_small_count() -> None:
    cells = [[9, 1]]
    plain = Protected(((9, PRIMARY),), (10,), None, None)
    assert not masked_cells_free(cells, plain)
    assert not _second_value_fits(cells, plain)[("c", 0, 1)]


# --- months --------------------------------------------------------------------------------------


def test_only_months_that_are_over_are_closed() -> None:
    today = date(2026, 12, 5)
    assert closed_months(date(2026, 10, 20), date(2026, 12, 5), today) == [
        Month(2026, 10),
        Month(2026, 11),
    ]
    assert closed_months(date(2026, 12, 1), date(2026, 12, 5), today) == []
    assert is_closed(Month(2026, 11), date(2026, 12, 1))
    assert not is_closed(Month(2026, 11), date(2026, 11, 30))
    assert Month.parse("2026-02").last_day == date(2026, 2, 28)
    assert str(Month(2026, 12).next()) == "2027-01"
    with pytest.raises(ValueError, match="2026-13"):
        Month.parse("2026-13")


def test_the_hub_closes_a_month_only_once_it_is_over_everywhere() -> None:
    # 1 Dec 06:00 UTC: still 30 Nov at UTC-12, so November is not closed on the hub yet.
    assert not is_closed(Month(2026, 11), hub_today(datetime(2026, 12, 1, 6, tzinfo=UTC)))
    assert is_closed(Month(2026, 11), hub_today(datetime(2026, 12, 1, 12, tzinfo=UTC)))


def test_every_screen_of_one_month_masks_the_same_cells() -> None:
    """The console shows bands in each instrument's order, the terminal and kiosk-hub
    report by id. Protected in those orders, the console showed "minimal 9, moderate —"
    and the others "minimal —, moderate 8": together they gave mild = 33 − 9 − 8 − 6 − 7
    = 3, the cell shown as "<5". Every screen must mask the same cells."""
    from kiosk.attendant.monthly import figures_of
    from kiosk.hub.figures.query import month_table

    month = Month(2026, 10)
    raw = {"phq9": {"minimal": 9, "mild": 3, "moderate": 8, "moderately_severe": 6, "severe": 7}}
    terminal = figures_of(month, raw, {})
    console = month_table(
        month, {("assessments", "phq9", band): n for band, n in raw["phq9"].items()}
    )
    assert console.bands["phq9"]["mild"] == "<5"
    assert dict(console.bands["phq9"]) == dict(terminal.bands["phq9"])
    assert list(console.bands["phq9"])[:2] == ["minimal", "mild"]  # shown in band order


def test_four_bands_of_one_are_withheld_whole_not_a_crash() -> None:
    # Four results in four bands: every band "<5" and a total of "<5" would force each
    # band to be 1, and no other cell is left to mask. The table is withheld whole.
    shown, total = protect_row([1, 1, 1, 1])
    assert shown == [SECONDARY] * 4 and total == SECONDARY
    table = protect([[1, 1, 1, 1, 0]])
    assert is_withheld(table) and masked_cells_free([[1, 1, 1, 1, 0]], table)
    # A table protected cell by cell always keeps a "<5", so it is never taken for withheld.
    assert not is_withheld(protect([[5, 1]]))
