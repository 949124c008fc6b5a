"""Seating algorithm: hard rules, exact sector bound, determinism, latecomers, no-shows."""

from __future__ import annotations

import itertools
import random
from collections import Counter

import pytest

from gdb_facilitator.core.algorithms.grouping import (
    InfeasibleSeating,
    Person,
    SeatingProblem,
    Table,
    evaluate,
    lower_bounds,
    solve,
)
from gdb_facilitator.core.algorithms.grouping_flow import compose_round

SECTORS = ("Verwaltung", "Wissenschaft", "Wirtschaft", "Zivilgesellschaft")


def make_people(rng: random.Random, n: int, n_orgs: int, shares=(0.45, 0.2, 0.15, 0.2),
                none_share: float = 0.0, topics: tuple[str, ...] = ()) -> list[Person]:
    people = []
    for i in range(n):
        sector = None if rng.random() < none_share else rng.choices(SECTORS, shares)[0]
        org = f"Org{rng.randrange(n_orgs)}" if n_orgs else None
        choices = tuple(rng.sample(topics, min(2, len(topics)))) if topics else ()
        people.append(Person(f"P{i:03d}", sector, org, None, choices))
    return people


def tables(count: int, capacity: int, topics: tuple[str, ...] = ()) -> list[Table]:
    return [Table(t + 1, capacity, topics[t % len(topics)] if topics else None)
            for t in range(count)]


def frozen_clock():
    return 0.0


def check_hard_rules(problem: SeatingProblem, seats) -> None:
    """Independent of the report: every rule checked from the seats alone."""
    caps = {t.number: t.capacity for t in problem.tables}
    ids = [p.id for p in problem.people]
    for r in range(problem.from_round if problem.existing else 1, problem.rounds + 1):
        sizes = Counter()
        for pid in ids:
            assert (pid, r) in seats, (pid, r)
            sizes[seats[(pid, r)]] += 1
        for t, k in sizes.items():
            assert k <= caps[t]
        fixed = Counter()
        for p in problem.people:
            if p.pinned_table is not None and (p.id, r) not in problem.locked:
                assert seats[(p.id, r)] == p.pinned_table
                fixed[p.pinned_table] += 1
        for (pid, rr), t in problem.locked.items():
            if rr == r and pid in set(ids):
                assert seats[(pid, r)] == t
                fixed[t] += 1
        all_sizes = {t: sizes.get(t, 0) for t in caps}
        for t1, s1 in all_sizes.items():
            if s1 <= fixed[t1]:
                continue
            for t2, s2 in all_sizes.items():
                assert not (s2 + 2 <= s1 and s2 < caps[t2]), ("unbalanced", r, all_sizes)
        for pair in problem.keep_together:
            a, b = sorted(pair)
            assert seats[(a, r)] == seats[(b, r)]
    assert set(k[0] for k in seats) <= set(ids)


# --------------------------------------------------------------------------- exact sector bound

def brute_force_sector(sizes: list[int], counts: list[int],
                       fixed: list[list[int]] | None = None) -> float:
    """Try every way to give each table its sector counts (tiny cases only)."""
    N = sum(counts)
    C = len(counts)
    T = len(sizes)
    fixed = fixed or [[0] * C for _ in range(T)]

    def rows(size, low):
        out = []
        for combo in itertools.product(*(range(low[c], size + 1) for c in range(C))):
            if sum(combo) == size:
                out.append(combo)
        return out

    best = float("inf")
    options = [rows(s, fixed[t]) for t, s in enumerate(sizes)]
    for choice in itertools.product(*options):
        if [sum(row[c] for row in choice) for c in range(C)] != counts:
            continue
        dev = sum(abs(row[c] - sizes[t] * counts[c] / N) for t, row in enumerate(choice)
                  for c in range(C))
        best = min(best, dev)
    return best


@pytest.mark.parametrize("seed", range(12))
def test_sector_composition_is_the_exact_minimum(seed):
    rng = random.Random(seed)
    T = rng.randint(2, 4)
    C = rng.randint(2, 3)
    n = rng.randint(T * 2, T * 4)
    counts = [0] * C
    for _ in range(n):
        counts[rng.randrange(C)] += 1
    fixed = [[0] * C for _ in range(T)]
    # a few hosts pinned to tables
    pool = [c for c in range(C) for _ in range(counts[c])]
    rng.shuffle(pool)
    for t in range(T):
        if rng.random() < 0.6 and pool:
            fixed[t][pool.pop()] += 1
    free = list(counts)
    for row in fixed:
        for c in range(C):
            free[c] -= row[c]
    caps = [n] * T
    comp = compose_round(fixed, caps, tuple(free), tuple(counts))
    assert comp.exact
    # every size choice that keeps tables within one of each other
    q, extra = divmod(n, T)
    best = float("inf")
    for hi in itertools.combinations(range(T), extra):
        sizes = [q + (1 if t in hi else 0) for t in range(T)]
        best = min(best, brute_force_sector(sizes, counts, fixed))
    assert comp.cost / n == pytest.approx(best)
    assert sorted(comp.sizes) == sorted([q + 1] * extra + [q] * (T - extra))
    for t in range(T):
        assert sum(comp.counts[t]) == comp.sizes[t]
        assert all(comp.counts[t][c] >= fixed[t][c] for c in range(C))


# --------------------------------------------------------------------------- hard rules

@pytest.mark.parametrize("seed", range(25))
def test_hard_rules_hold_on_random_instances(seed):
    rng = random.Random(1000 + seed)
    n = rng.randint(6, 60)
    T = rng.randint(2, 9)
    cap = -(-n // T) + rng.randint(0, 2)
    rounds = rng.randint(1, 4)
    people = make_people(rng, n, rng.randint(1, n), none_share=0.1)
    ids = [p.id for p in people]
    pinned = rng.sample(range(n), min(n // 6, T))
    for k, i in enumerate(pinned):
        people[i] = Person(people[i].id, people[i].sector, people[i].organisation, k + 1)
    free = [i for i in range(n) if i not in pinned]
    locked = {}
    for i in rng.sample(free, min(3, len(free))):
        locked[(ids[i], rng.randint(1, rounds))] = rng.randint(1, T)
    rest = [i for i in free if all(k[0] != ids[i] for k in locked)]
    apart = set()
    together = set()
    if len(rest) >= 4:
        a, b, c, d = rng.sample(rest, 4)
        together.add(frozenset((ids[a], ids[b])))
        apart.add(frozenset((ids[c], ids[d])))
    prob = SeatingProblem(people, tables(T, cap), rounds, locked=locked, keep_apart=apart,
                          keep_together=together)
    try:
        plan = solve(prob, seed=seed, time_limit=0.3)
    except InfeasibleSeating as e:
        # random locks may overfill a table; that is the only expected refusal here
        assert e.code == "table_over_capacity"
        return
    check_hard_rules(prob, plan.seats)
    q = plan.quality
    assert q.valid, q.hard_violations
    assert q.sector_deviation <= q.bounds.sector_deviation + 1e-6 or not q.bounds.sector_exact \
        or together
    assert q.keep_apart_violations == 0


def test_no_sector_counts_as_its_own_category():
    rng = random.Random(5)
    people = make_people(rng, 40, 40, none_share=0.3)
    prob = SeatingProblem(people, tables(5, 9), 2)
    plan = solve(prob, seed=1, time_limit=1)
    assert any(s.sector is None for s in plan.quality.tables[0].sectors)
    assert plan.quality.at_bounds()["sector_deviation"]


# --------------------------------------------------------------------------- bounds reached

@pytest.mark.parametrize("seed", range(4))
def test_small_instances_reach_every_bound(seed):
    rng = random.Random(seed)
    people = make_people(rng, 36, 20)
    hosts = rng.sample(range(36), 6)
    for k, i in enumerate(hosts):
        p = people[i]
        people[i] = Person(p.id, p.sector, p.organisation, k + 1)
    # 36 people at 7 tables: a plan without any repeat exists with room to spare (at 6 tables
    # of 6 it would take a Latin square that also respects sectors and hosts)
    prob = SeatingProblem(people, tables(7, 7), 3)
    plan = solve(prob, seed=seed, time_limit=3)
    assert plan.quality.valid
    assert all(plan.quality.at_bounds().values()), plan.quality.at_bounds()
    assert plan.stop_reason == "bounds"
    assert plan.quality.bounds.sector_exact


def test_lower_bounds_match_the_scorer_formula_for_one_table_size():
    # 24 people, 4 tables of 6 (the shared small_24 case): sector 8.0, repeats 8 over 2 rounds
    counts = {"administration": 10, "science": 6, "business": 4, "civil_society": 4}
    people = []
    k = 0
    for sector, c in counts.items():
        for _ in range(c):
            people.append(Person(f"S{k:02d}", sector, f"Org{k}"))
            k += 1
    b = lower_bounds(SeatingProblem(people, tables(4, 6), 2))
    assert b.sector_deviation == pytest.approx(8.0)
    assert b.repeat_excess == 8
    assert b.colleague_pairs == 0


# --------------------------------------------------------------------------- determinism

def test_same_seed_same_plan_and_seed_returned():
    rng = random.Random(3)
    people = make_people(rng, 50, 15, topics=("A", "B", "C"))
    prob = SeatingProblem(people, tables(6, 10, ("A", "B", "C")), 3)
    a = solve(prob, seed=42, time_limit=10, clock=frozen_clock, max_iterations=300)
    b = solve(prob, seed=42, time_limit=10, clock=frozen_clock, max_iterations=300)
    assert a.seats == b.seats
    assert a.seed == 42
    c = solve(prob, seed=43, time_limit=10, clock=frozen_clock, max_iterations=300)
    assert c.seed == 43


def test_time_budget_and_progress_use_the_injected_clock():
    rng = random.Random(4)
    people = make_people(rng, 40, 40)
    prob = SeatingProblem(people, tables(5, 8), 12)  # too many rounds to avoid all repeats
    now = [0.0]

    def clock():
        now[0] += 0.01
        return now[0]

    calls = []
    plan = solve(prob, seed=0, time_limit=0.5, clock=clock,
                 progress=lambda done, total: calls.append((done, total)))
    assert plan.stop_reason == "time"
    assert calls[-1] == (1000, 1000)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert plan.quality.valid


# --------------------------------------------------------------------------- pins, locks, pairs

def test_pinned_and_locked_seats_are_kept():
    rng = random.Random(7)
    people = make_people(rng, 30, 10)
    people[0] = Person("P000", "Verwaltung", "Org1", 2)
    people[1] = Person("P001", "Verwaltung", "Org1", 2)  # co-hosts at one table
    locked = {("P005", 1): 3, ("P005", 2): 3, ("P006", 2): 1, ("P000", 3): 4}
    prob = SeatingProblem(people, tables(4, 8), 3, locked=locked)
    plan = solve(prob, seed=0, time_limit=1)
    check_hard_rules(prob, plan.seats)
    assert plan.seats[("P000", 1)] == 2 and plan.seats[("P000", 2)] == 2
    assert plan.seats[("P000", 3)] == 4  # a manual move overrides the pin for its round
    assert plan.seats[("P005", 1)] == 3 and plan.seats[("P006", 2)] == 1
    # co-hosts must meet in rounds 1 and 2: one forced repeat, and the bound knows it
    assert plan.quality.bounds.repeat_excess >= 1


def test_keep_together_and_keep_apart():
    rng = random.Random(8)
    people = make_people(rng, 32, 32)
    together = {frozenset({"P001", "P002"}), frozenset({"P002", "P003"})}  # a chain of three
    apart = {frozenset({"P010", "P011"}), frozenset({"P010", "P012"})}
    prob = SeatingProblem(people, tables(4, 9), 3, keep_apart=apart, keep_together=together)
    plan = solve(prob, seed=0, time_limit=1)
    for r in (1, 2, 3):
        assert len({plan.seats[(p, r)] for p in ("P001", "P002", "P003")}) == 1
        assert plan.seats[("P010", r)] != plan.seats[("P011", r)]
        assert plan.seats[("P010", r)] != plan.seats[("P012", r)]
    assert plan.quality.keep_together_violations == 0
    assert plan.quality.valid


def test_keep_together_follows_a_pinned_member():
    people = [Person(f"P{i}", SECTORS[i % 4], f"O{i}") for i in range(12)]
    people[0] = Person("P0", "Verwaltung", "O0", 3)
    prob = SeatingProblem(people, tables(3, 5), 2, keep_together={frozenset({"P0", "P5"})})
    plan = solve(prob, seed=0, time_limit=1)
    assert plan.seats[("P5", 1)] == 3 and plan.seats[("P5", 2)] == 3


# --------------------------------------------------------------------------- latecomers, no-shows

def _base_event(seed=11, n=60, T=8, rounds=3):
    rng = random.Random(seed)
    people = make_people(rng, n, 25)
    for k in range(T):
        p = people[k]
        people[k] = Person(p.id, p.sector, p.organisation, k + 1)
    return people, tables(T, -(-n // T) + 1)


@pytest.mark.parametrize("from_round", [1, 2, 3])
def test_latecomers_join_without_moving_anybody(from_round):
    # with few tables everybody's earlier table-mates are spread over all the later tables,
    # so a latecomer cannot avoid meeting one again; 13 tables leave room
    people, tbls = _base_event(n=90, T=13)
    early, late = people[:-4], people[-4:]
    first = solve(SeatingProblem(early, tbls, 3), seed=0, time_limit=1)
    prob = SeatingProblem(people, tbls, 3, existing=first.seats, from_round=from_round)
    plan = solve(prob, seed=0, time_limit=1)
    for key, t in first.seats.items():
        assert plan.seats[key] == t
    for p in late:
        for r in range(1, 4):
            assert ((p.id, r) in plan.seats) == (r >= from_round)
    q = plan.quality
    assert q.valid, q.hard_violations
    assert q.colleague_pairs == 0
    assert q.repeat_excess <= 4


def test_a_few_latecomers_stop_long_before_the_time_budget():
    # seating a handful of people among seated ones is a tiny problem: the search must not
    # spend the whole budget on it (the clock counts calls, so this does not depend on speed)
    people, tbls = _base_event(n=90, T=13)
    first = solve(SeatingProblem(people[:-4], tbls, 3), seed=0, time_limit=1)
    now = [0.0]

    def clock():
        now[0] += 0.001
        return now[0]

    prob = SeatingProblem(people, tbls, 3, existing=first.seats, from_round=1)
    plan = solve(prob, seed=0, time_limit=1000, clock=clock)
    assert plan.stop_reason in ("bounds", "stalled", "no_conflicts")
    assert now[0] < 100
    assert all(plan.seats[k] == t for k, t in first.seats.items())
    assert plan.quality.colleague_pairs == 0


def test_no_shows_rebalance_only_rounds_not_started():
    people, tbls = _base_event(seed=12)
    first = solve(SeatingProblem(people, tbls, 3), seed=0, time_limit=1)
    gone = {p.id for p in people[10:16]}
    stay = [p for p in people if p.id not in gone]
    prob = SeatingProblem(stay, tbls, 3, existing=first.seats, from_round=2, keep_existing=False)
    plan = solve(prob, seed=0, time_limit=1)
    for p in stay:
        assert plan.seats[(p.id, 1)] == first.seats[(p.id, 1)]
    assert all(k[0] not in gone for k in plan.seats)
    q = plan.quality
    assert q.valid, q.hard_violations
    assert q.size_spread_by_round[1] <= 1 and q.size_spread_by_round[2] <= 1
    assert q.sector_deviation_by_round[1] == pytest.approx(q.bounds.sector_deviation_by_round[1])


# --------------------------------------------------------------------------- infeasible input

def _simple(n=10, T=2, cap=5):
    return [Person(f"P{i}", "Verwaltung", None) for i in range(n)], tables(T, cap)


def test_more_people_than_seats_is_refused():
    people, tbls = _simple(n=11)
    with pytest.raises(InfeasibleSeating) as e:
        solve(SeatingProblem(people, tbls, 1))
    assert e.value.code == "too_many_people"
    assert e.value.params == {"round": 1, "people": 11, "seats": 10}
    assert isinstance(e.value, ValueError)


def test_keep_together_pinned_apart_is_refused():
    people, tbls = _simple()
    people[0] = Person("P0", "Verwaltung", None, 1)
    people[1] = Person("P1", "Verwaltung", None, 2)
    with pytest.raises(InfeasibleSeating) as e:
        solve(SeatingProblem(people, tbls, 1, keep_together={frozenset({"P0", "P1"})}))
    assert e.value.code == "together_split"



def test_a_pair_split_by_earlier_seats_is_reported_and_latecomers_still_seated():
    # P0 and P1 were seated at two tables before they became a pair: a latecomer run keeps
    # them where they are, seats the newcomer (P1's partner P9) beside one of them, and the
    # quality report names the split instead of refusing.
    people, tbls = _simple(n=10, T=2, cap=6)
    existing = {(f"P{i}", 1): 1 + i % 2 for i in range(9)}
    problem = SeatingProblem(people, tbls, 1, existing=existing, keep_existing=True,
                             keep_together={frozenset({"P0", "P1"}), frozenset({"P1", "P9"})})
    plan = solve(problem, seed=1, time_limit=1.0)
    assert all(plan.seats[(pid, 1)] == t for (pid, _r), t in existing.items())
    assert plan.seats[("P9", 1)] in (1, 2)
    assert [v.code for v in plan.quality.hard_violations] == ["together_split"]
    assert plan.quality.keep_together_violations == 1
    report = evaluate(problem, plan.seats)
    assert [v.code for v in report.hard_violations] == ["together_split"]

@pytest.mark.parametrize("change, code", [
    (dict(tables=[]), "no_tables"),
    (dict(rounds=0), "invalid_rounds"),
    (dict(locked={("P0", 1): 9}), "unknown_table"),
    (dict(locked={("P0", 5): 1}), "invalid_round"),
    (dict(keep_apart={frozenset({"P0", "P1"})}, keep_together={frozenset({"P0", "P1"})}),
     "pair_together_and_apart"),
    (dict(tables=[Table(1, 5), Table(1, 5)]), "duplicate_table"),
    (dict(tables=[Table(1, 0), Table(2, 10)]), "invalid_capacity"),
    (dict(locked={(f"P{i}", 1): 1 for i in range(6)}), "table_over_capacity"),
    (dict(keep_together={frozenset({f"P{i}", f"P{i + 1}"}) for i in range(6)}),
     "together_too_large"),
])
def test_infeasible_inputs_raise(change, code):
    people, tbls = _simple()
    args = dict(people=people, tables=tbls, rounds=1)
    args.update(change)
    with pytest.raises(InfeasibleSeating) as e:
        solve(SeatingProblem(**args))
    assert e.value.code == code


def test_duplicate_people_are_refused():
    people, tbls = _simple()
    with pytest.raises(InfeasibleSeating) as e:
        solve(SeatingProblem(people + [people[0]], tbls, 1))
    assert e.value.code == "duplicate_person"


# --------------------------------------------------------------------------- report

def test_evaluate_reports_what_the_seats_show():
    people = [Person("A", "X", "O1"), Person("B", "X", "O1"), Person("C", "Y", None),
              Person("D", "Y", None, topic_choices=("t1", "t2"))]
    prob = SeatingProblem(people, [Table(1, 2, "t2"), Table(2, 2, "t1")], 2)
    seats = {("A", 1): 1, ("B", 1): 1, ("C", 1): 2, ("D", 1): 2,
             ("A", 2): 1, ("B", 2): 1, ("C", 2): 2, ("D", 2): 1}
    q = evaluate(prob, seats)
    assert q.colleague_pairs == 2  # A and B in both rounds; D makes table 1 three in round 2
    assert any(v.code in ("over_capacity", "size_unbalanced") for v in q.hard_violations)
    seats[("D", 2)] = 2
    q = evaluate(prob, seats)
    assert q.valid
    assert q.colleague_pairs == 2
    assert q.repeat_excess == 2 and q.pairs_repeated == 2 and q.max_meetings == 2
    assert q.sector_deviation == pytest.approx(8.0)  # every table all-X or all-Y
    assert q.topic_first == 2 and q.topic_first_or_second == 2 and q.topic_rate == 1.0
    t = q.tables[0]
    assert (t.round, t.table, t.size, t.colleague_pairs, t.repeat_pairs) == (1, 1, 2, 1, 1)
    assert {s.sector: (s.count, s.expected) for s in t.sectors} == {"X": (2, 1.0), "Y": (0, 1.0)}
