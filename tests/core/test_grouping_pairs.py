"""Keep-together groups move as one in the search; every plan keeps pairs; refusals name why."""

from __future__ import annotations

import random

import pytest

from gdb_facilitator.core.algorithms.grouping import (
    InfeasibleSeating,
    Person,
    SeatingProblem,
    Table,
    solve,
)
from gdb_facilitator.core.algorithms.grouping_bounds import compositions
from gdb_facilitator.core.algorithms.grouping_model import prepare
from gdb_facilitator.core.algorithms.grouping_search import State, Weights, construct, search

SECTORS = ("Verwaltung", "Wissenschaft", "Wirtschaft", "Zivilgesellschaft")


def _state(problem: SeatingProblem, seed: int = 0) -> tuple[State, random.Random]:
    prep = prepare(problem)
    rng = random.Random(seed)
    comps = compositions(prep, rng)
    st = State(prep, comps, Weights(prep))
    construct(st, rng)
    return st, rng


def _colleague_case() -> SeatingProblem:
    """Four tables of four, one host pinned at each; host H1 is from org "Amt", and so is A,
    who is to sit with her interpreter B.  Everybody else has an organisation of their own."""
    people = [Person(f"H{t}", "Verwaltung", "Amt" if t == 1 else f"OH{t}", t) for t in range(1, 5)]
    people += [Person("A", "Verwaltung", "Amt"), Person("B", "Verwaltung", "Dolmetsch")]
    people += [Person(f"P{i}", "Verwaltung", f"O{i}") for i in range(10)]
    return SeatingProblem(people, [Table(t, 4) for t in range(1, 5)], 1,
                          keep_together={frozenset({"A", "B"})})


def test_search_moves_a_together_pair_away_from_a_host_colleague():
    prob = _colleague_case()
    st, rng = _state(prob)
    prep = st.prep
    a, b = prep.index["A"], prep.index["B"]
    host = prep.index["H1"]
    # a bad start: the pair at the table of A's colleague, who is a host and cannot move
    if st.tab[0][a] != 0:
        others = [m for m in st.members[0][0] if m != host][:2]
        st.apply_group(0, [a, b], others, 0)
    assert st.tab[0][a] == st.tab[0][b] == 0 and st.org_cost == 1
    best, cost, _it, _reason = search(st, rng, target=0, out_of_time=lambda _i: False,
                                      max_iterations=200)
    assert cost == 0
    assert best[0][a] == best[0][b] != 0  # the pair moved, as one
    assert best[0][host] == 0  # the host stayed
    for t in range(1, 5):
        assert best[0][prep.index[f"H{t}"]] == t - 1


def test_search_repairs_the_sector_mix_by_moving_the_pair_with_the_same_sectors():
    # two of Wissenschaft together; the start puts them where Wissenschaft is too many
    people = [Person(f"H{t}", "Verwaltung", f"OH{t}", t) for t in range(1, 5)]
    people += [Person("A", "Wissenschaft", "OA"), Person("B", "Wissenschaft", "OB")]
    people += [Person(f"W{i}", "Wissenschaft", f"OW{i}") for i in range(2)]
    people += [Person(f"V{i}", "Verwaltung", f"OV{i}") for i in range(8)]
    prob = SeatingProblem(people, [Table(t, 4) for t in range(1, 5)], 1,
                          keep_together={frozenset({"A", "B"})})
    st, rng = _state(prob)
    prep = st.prep
    a, b = prep.index["A"], prep.index["B"]
    best_sec = st.sec_r[0]
    w0 = prep.index["W0"]
    # put the pair at W0's table, trading places with two Verwaltung people there
    T = st.tab[0][w0]
    if st.tab[0][a] == T:
        pytest.skip("start already shares the table")
    others = [m for m in st.members[0][T] if prep.cat[m] == prep.cat[prep.index["V0"]]
              and prep.fixed[0][m] < 0][:2]
    A0 = st.tab[0][a]
    mates = [m for m in st.members[0][A0] if m not in (a, b)]
    assert len(others) == 2
    # the table the pair leaves must take back two Verwaltung people: the mix gets worse
    st.apply_group(0, [a, b], others, T)
    assert st.sec_r[0] > best_sec or mates
    before = st.total()
    best, cost, _it, _r = search(st, rng, target=0, out_of_time=lambda _i: False,
                                 max_iterations=300)
    assert cost <= before
    assert best[0][a] == best[0][b]
    counts = {}
    for p in range(prep.n):
        if prep.cat[p] == prep.cat[a]:
            counts[best[0][p]] = counts.get(best[0][p], 0) + 1
    assert max(counts.values()) <= 2  # the four of Wissenschaft spread over two tables


def _random_problem(seed: int, rounds: int = 3) -> SeatingProblem:
    rng = random.Random(seed)
    n, T, cap = 40, 5, 9
    people = [Person(f"P{i:02d}", rng.choice(SECTORS), f"O{rng.randrange(25)}") for i in range(n)]
    for t in range(1, T + 1):
        p = people[t]
        people[t] = Person(p.id, p.sector, p.organisation, t)  # hosts P01..P05
    together = {frozenset({"P10", "P11"}), frozenset({"P11", "P12"}),  # interpreter + two
                frozenset({"P20", "P21"}), frozenset({"P01", "P30"})}  # one with a host
    apart = {frozenset({"P10", "P13"}), frozenset({"P20", "P22"}), frozenset({"P02", "P31"}),
             frozenset({"P32", "P33"})}
    return SeatingProblem(people, [Table(t, cap) for t in range(1, T + 1)], rounds,
                          keep_apart=apart, keep_together=together)


def _check_pairs(problem: SeatingProblem, seats, rounds) -> None:
    for r in rounds:
        for pair in problem.keep_together:
            a, b = sorted(pair)
            if (a, r) in seats and (b, r) in seats:
                assert seats[(a, r)] == seats[(b, r)], (a, b, r)
        for pair in problem.keep_apart:
            a, b = sorted(pair)
            if (a, r) in seats and (b, r) in seats:
                assert seats[(a, r)] != seats[(b, r)], (a, b, r)


@pytest.mark.parametrize("seed", range(4))
def test_every_plan_keeps_pairs(seed):
    prob = _random_problem(seed)
    plan = solve(prob, seed=seed, time_limit=5, max_iterations=3000)
    _check_pairs(prob, plan.seats, (1, 2, 3))
    q = plan.quality
    assert q.valid and q.keep_together_violations == 0 and q.keep_apart_violations == 0
    for r in (1, 2, 3):
        assert plan.seats[("P30", r)] == 1  # the host's partner sits at the host's table
        for t in range(1, 6):
            assert plan.seats[(f"P{t:02d}", r)] == t


def test_latecomers_honour_pairs():
    prob = _random_problem(3)
    late = {"P11", "P12", "P21", "P22", "P33", "P34", "P35"}
    first = SeatingProblem([p for p in prob.people if p.id not in late], prob.tables, 3,
                           keep_apart=prob.keep_apart, keep_together=prob.keep_together)
    before = solve(first, seed=0, time_limit=5, max_iterations=2000)
    again = SeatingProblem(prob.people, prob.tables, 3, keep_apart=prob.keep_apart,
                           keep_together=prob.keep_together, existing=before.seats,
                           from_round=1, keep_existing=True)
    plan = solve(again, seed=0, time_limit=5, max_iterations=2000)
    for key, t in before.seats.items():
        assert plan.seats[key] == t  # nobody already seated moves
    _check_pairs(again, plan.seats, (1, 2, 3))
    for r in (1, 2, 3):
        assert plan.seats[("P11", r)] == plan.seats[("P10", r)] == plan.seats[("P12", r)]
        assert plan.seats[("P21", r)] == plan.seats[("P20", r)]
        assert plan.seats[("P22", r)] != plan.seats[("P20", r)]


def test_latecomer_pair_gets_a_table_with_two_free_chairs():
    # 16 seated at 4 tables of 5: the balanced sizes would give each table one of the four
    # latecomers; the together pair still finds a table with two chairs
    people = [Person(f"P{i:02d}", SECTORS[i % 4], f"O{i}") for i in range(20)]
    seated = people[:16]
    tables = [Table(t, 6) for t in range(1, 5)]
    before = solve(SeatingProblem(seated, tables, 2), seed=0, time_limit=1)
    again = SeatingProblem(people, tables, 2, keep_together={frozenset({"P16", "P17"})},
                           existing=before.seats, keep_existing=True)
    plan = solve(again, seed=0, time_limit=1)
    for r in (1, 2):
        assert plan.seats[("P16", r)] == plan.seats[("P17", r)]
        for key, t in before.seats.items():
            assert plan.seats[key] == t


# --------------------------------------------------------------------------- refusals

def _small() -> list[Person]:
    return [Person(f"P{i}", SECTORS[i % 4], None) for i in range(8)]


def test_apart_pair_both_pinned_at_one_table_is_refused():
    people = _small()
    people[0] = Person("P0", "Verwaltung", None, 1)
    people[1] = Person("P1", "Verwaltung", None, 1)
    with pytest.raises(InfeasibleSeating) as e:
        solve(SeatingProblem(people, [Table(1, 4), Table(2, 4)], 1,
                             keep_apart={frozenset({"P0", "P1"})}))
    assert e.value.code == "apart_fixed_together"
    assert e.value.params == {"first": "P0", "second": "P1", "round": 1, "table": 1}


def test_apart_pair_locked_together_is_refused():
    people = _small()
    with pytest.raises(InfeasibleSeating) as e:
        solve(SeatingProblem(people, [Table(1, 4), Table(2, 4)], 2,
                             locked={("P0", 2): 2, ("P1", 2): 2},
                             keep_apart={frozenset({"P0", "P1"})}))
    assert e.value.code == "apart_fixed_together" and e.value.params["round"] == 2


def test_apart_pair_seated_together_by_an_old_plan_does_not_block_latecomers():
    people = _small()
    existing = {(p.id, 1): 1 + i % 2 for i, p in enumerate(people[:6])}
    existing[("P2", 1)] = 1  # P0 and P2 sit at table 1 from before the pair was added
    plan = solve(SeatingProblem(people, [Table(1, 4), Table(2, 4)], 1, existing=existing,
                                keep_existing=True, keep_apart={frozenset({"P0", "P2"})}))
    assert plan.seats[("P6", 1)] and plan.seats[("P7", 1)]


def test_together_partner_of_a_host_at_a_full_table_is_refused():
    people = _small()
    people[0] = Person("P0", "Verwaltung", None, 1)
    people[1] = Person("P1", "Verwaltung", None, 1)
    tables = [Table(1, 2), Table(2, 6)]
    with pytest.raises(InfeasibleSeating) as e:
        solve(SeatingProblem(people, tables, 1, keep_together={frozenset({"P0", "P5"})}))
    assert e.value.code == "together_table_full"
    assert e.value.params["table"] == 1 and e.value.params["fixed"] == ["P0"]
    assert sorted(e.value.params["people"]) == ["P0", "P5"]


def test_together_group_without_room_in_a_round_is_refused():
    # every table but one is full of seated people; the latecomer group of three needs three
    people = [Person(f"P{i:02d}", "Verwaltung", None) for i in range(11)]
    existing = {(f"P{i:02d}", 1): 1 + i % 2 for i in range(8)}
    tables = [Table(1, 5), Table(2, 5), Table(3, 1)]
    with pytest.raises(InfeasibleSeating) as e:
        solve(SeatingProblem(people, tables, 1, existing=existing, keep_existing=True,
                             keep_together={frozenset({"P08", "P09"}), frozenset({"P09", "P10"})}))
    assert e.value.code == "together_no_room"
    assert sorted(e.value.params["people"]) == ["P08", "P09", "P10"]
