"""Repeat search and designed starts: counters, constructions, golfer schedules, higher goals."""

from __future__ import annotations

import itertools
import random
from collections import Counter

import pytest

from gdb_facilitator.core.algorithms.grouping import Person, SeatingProblem, Table, solve
from gdb_facilitator.core.algorithms.grouping_design import design_rounds
from gdb_facilitator.core.algorithms.grouping_model import prepare
from gdb_facilitator.core.algorithms.grouping_repeats import RepeatSearch

SECTORS = ("Verwaltung", "Wissenschaft", "Wirtschaft", "Zivilgesellschaft")


def frozen_clock():
    return 0.0


def golfers(n: int) -> list[Person]:
    return [Person(f"G{i:02d}", "golf", f"Club{i}") for i in range(n)]


def meetings(seats, rounds: int) -> Counter:
    meet = Counter()
    for r in range(1, rounds + 1):
        tables: dict[int, list[str]] = {}
        for (pid, rr), t in seats.items():
            if rr == r:
                tables.setdefault(t, []).append(pid)
        for mem in tables.values():
            for a, b in itertools.combinations(sorted(mem), 2):
                meet[(a, b)] += 1
    return meet


# --------------------------------------------------------------------------- designs

@pytest.mark.parametrize("n, k, rounds, perfect", [
    (32, 4, 10, 9),   # affine spread: a partial line spread of PG(4,2) has at most 9 lines
    (16, 4, 5, 5),    # full spread of GF(2)^4 by planes
    (25, 5, 6, 6),    # affine plane of order 5
    (20, 4, 5, 5),    # transversal design over Z_5
    (9, 3, 4, 4),
])
def test_design_rounds_are_partitions_without_repeats(n, k, rounds, perfect):
    groups, free = design_rounds(n, k, rounds, random.Random(1))
    assert free == perfect
    assert len(groups) >= perfect
    seen = set()
    for i, row in enumerate(groups):
        assert sorted(Counter(row).values()) == [k] * (n // k)
        for a, b in itertools.combinations(range(n), 2):
            if row[a] == row[b]:
                if i < free:
                    assert (a, b) not in seen
                seen.add((a, b))


def test_design_rounds_refuse_what_they_cannot_build():
    assert design_rounds(36, 6, 5, random.Random(0)) == ([], 0)  # 6 is no prime power
    assert design_rounds(30, 4, 3, random.Random(0)) == ([], 0)  # unequal tables


# --------------------------------------------------------------------------- counters

def test_repeat_counters_follow_every_swap():
    rng = random.Random(5)
    people = [Person(f"P{i:02d}", SECTORS[i % 3], f"O{rng.randrange(12)}",
                     topic_choices=tuple(rng.sample("ABC", 2))) for i in range(24)]
    tabs = [Table(t + 1, 6, "ABC"[t % 3]) for t in range(4)]
    prep = prepare(SeatingProblem(people, tabs, 4))
    tab = []
    for _ in range(4):
        order = list(range(24))
        rng.shuffle(order)
        row = [0] * 24
        for i, p in enumerate(order):
            row[p] = i // 6
        tab.append(row)
    movable = {r: list(range(24)) for r in range(4)}
    rs = RepeatSearch(prep, tab, list(range(4)), movable, 7)
    for _ in range(300):
        r = rng.randrange(4)
        a, b = rng.sample(range(24), 2)
        if rs.tab[r][a] != rs.tab[r][b]:
            rs.swap(r, a, b)
    fresh = RepeatSearch(prep, rs.tab, list(range(4)), movable, 7)
    assert rs.cnt == fresh.cnt
    assert rs.known == fresh.known
    assert rs.again == fresh.again
    assert (rs.excess, rs.top) == (fresh.excess, fresh.top)
    assert [[sorted(m) for m in rnd] for rnd in rs.members] == \
        [[sorted(m) for m in rnd] for rnd in fresh.members]


# --------------------------------------------------------------------------- whole solves

def test_social_golfer_8_4_10_is_solved():
    # 32 golfers, 8 groups of 4, 10 weeks: a schedule in which nobody meets twice exists
    prob = SeatingProblem(golfers(32), [Table(t + 1, 5) for t in range(8)], 10)
    plan = solve(prob, seed=0, time_limit=60, clock=frozen_clock, max_iterations=20000)
    q = plan.quality
    assert q.valid and q.size_spread == 0
    assert q.repeat_excess == 0
    assert plan.stop_reason == "bounds"
    assert max(meetings(plan.seats, 10).values()) == 1


def test_designed_start_gives_a_whole_kirkman_style_schedule():
    prob = SeatingProblem(golfers(16), [Table(t + 1, 4) for t in range(4)], 5)
    plan = solve(prob, seed=3, time_limit=5)
    assert plan.quality.repeat_excess == 0
    assert plan.iterations == 0 and plan.stop_reason == "bounds"


def _mixed_event(seed: int) -> SeatingProblem:
    rng = random.Random(seed)
    people = [Person(f"P{i:02d}", SECTORS[i % 2], f"O{rng.randrange(14)}") for i in range(24)]
    for t in range(3):  # hosts
        p = people[t]
        people[t] = Person(p.id, p.sector, p.organisation, t + 1)
    apart = {frozenset({"P10", "P12"})}
    # 24 people at 6 tables of 4 over 6 rounds, two sectors: no designed start, and more
    # rounds than the general search settles, so it hands over to the repeat phase
    return SeatingProblem(people, [Table(t + 1, 4) for t in range(6)], 6, keep_apart=apart)


def test_repeat_phase_keeps_the_higher_goals_and_is_deterministic(monkeypatch):
    import gdb_facilitator.core.algorithms.grouping as grouping

    runs = []

    class Counting(grouping.RepeatSearch):
        def run(self, *args, **kwargs):
            runs.append(self.excess)
            return super().run(*args, **kwargs)

    monkeypatch.setattr(grouping, "RepeatSearch", Counting)
    prob = _mixed_event(2)
    a = solve(prob, seed=4, time_limit=60, clock=frozen_clock, max_iterations=4000)
    b = solve(prob, seed=4, time_limit=60, clock=frozen_clock, max_iterations=4000)
    assert runs, "the repeat phase never took over"
    assert a.seats == b.seats
    q = a.quality
    assert q.valid, q.hard_violations
    at = q.at_bounds()
    assert at["sector_deviation"] and at["colleague_pairs"] and at["keep_apart_violations"]
    assert q.repeat_excess <= runs[0]
    for r in range(1, 7):
        for t in (1, 2, 3):
            assert a.seats[(f"P0{t - 1}", r)] == t
        assert a.seats[("P10", r)] != a.seats[("P12", r)]
