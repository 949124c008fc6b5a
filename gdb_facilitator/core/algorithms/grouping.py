"""Seating plan for several rounds of table work: the public face of the algorithm.

Goals, most important first:

1. hard rules: everybody present seated once per round, capacities kept, table sizes within one
   of each other (as far as capacities and fixed seats allow), pinned and locked seats and
   keep-together groups kept;
2. each table's sector mix as close to the room's as the table sizes allow - reached exactly;
3. no colleagues (same organisation) at a table where avoidable, keep-apart pairs apart;
4. nobody meets the same person twice where avoidable;
5. ranked topic choices.

``solve`` builds the plan (``grouping_flow`` for the exact sector mix, ``grouping_search`` for
everything else), ``evaluate`` reports the quality of any plan and ``lower_bounds`` says what
is achievable at best.  The same seed gives the same plan whenever the search ends by reaching
the bounds or ``max_iterations`` (not the clock).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from typing import Callable, Mapping

from gdb_facilitator.core.algorithms.grouping_bounds import (
    Bounds,
    apart_forced_round,
    compositions,
    compute_bounds,
    org_bound_round,
)
from gdb_facilitator.core.algorithms.grouping_model import (
    InfeasibleSeating,
    Person,
    SeatingProblem,
    Table,
    prepare,
)
from gdb_facilitator.core.algorithms.grouping_quality import (
    QualityReport,
    SeatIssue,
    SectorCount,
    TableQuality,
    evaluate,
)
from gdb_facilitator.core.algorithms.grouping_search import State, Weights, construct, search

__all__ = [
    "Bounds",
    "InfeasibleSeating",
    "Person",
    "QualityReport",
    "SeatIssue",
    "SeatingPlan",
    "SeatingProblem",
    "SectorCount",
    "Table",
    "TableQuality",
    "evaluate",
    "lower_bounds",
    "solve",
]

PROGRESS_TOTAL = 1000

Seats = dict[tuple[str, int], int]


@dataclass(frozen=True)
class SeatingPlan:
    seats: Mapping[tuple[str, int], int]  # (person id, round) -> table number
    seed: int
    quality: QualityReport
    iterations: int = 0
    stop_reason: str = ""  # bounds, no_conflicts, time, iterations, nothing_to_move


def lower_bounds(problem: SeatingProblem) -> Bounds:
    prep = prepare(problem)
    return compute_bounds(prep, compositions(prep))


def solve(problem: SeatingProblem, *, seed: int = 0, time_limit: float = 5.0,
          progress: Callable[[int, int], None] | None = None,
          clock: Callable[[], float] = time.monotonic,
          max_iterations: int | None = None) -> SeatingPlan:
    """Plan the seats.  Raises InfeasibleSeating when the hard rules cannot all hold.

    Stops as soon as every metric reaches its bound, otherwise after ``time_limit`` seconds of
    ``clock`` (or ``max_iterations`` search steps) with the best plan found."""
    start = clock()
    rng = random.Random(seed)
    last = [-1]

    def report(done: int) -> None:
        if progress is not None and done != last[0]:
            last[0] = done
            progress(done, PROGRESS_TOTAL)

    report(0)
    prep = prepare(problem)
    comps = compositions(prep, rng)
    bounds = compute_bounds(prep, comps)
    w = Weights(prep)
    st = State(prep, comps, w)
    construct(st, rng)
    report(50)

    target = w.top * bounds.topic_penalty + w.rep * bounds.repeat_excess
    for r in prep.planned:
        c = comps[r]
        target += w.sec * (c.cost if c.exact else c.free_bound)
        target += w.org * org_bound_round(prep, r) + w.apart * apart_forced_round(prep, r)

    def out_of_time(_it: int) -> bool:
        spent = clock() - start
        if time_limit > 0:
            report(50 + min(949, int(950 * spent / time_limit)))
        return spent >= time_limit

    best_tab, _cost, iterations, reason = search(st, rng, target, out_of_time, max_iterations)
    seats: Seats = {}
    for r in range(prep.rounds):
        row = best_tab[r]
        for p in range(prep.n):
            if row[p] >= 0:
                seats[(prep.ids[p], r + 1)] = prep.numbers[row[p]]
    quality = evaluate(problem, seats, bounds=bounds, _prep=prep)
    report(PROGRESS_TOTAL)
    return SeatingPlan(seats=seats, seed=seed, quality=quality, iterations=iterations,
                       stop_reason=reason)
