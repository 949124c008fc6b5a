"""An exact upper bound for topic wishes on one-round benchmark cases, to judge the search.

    pip install ortools        # not a dependency of the app: only this measurement uses it
    .venv/bin/python benchmarks/exact_topics.py seedtopics1_130 seedtopics1b_130

For each case (an instance of benchmarks/instances with ``table_topics`` and one round) an
OR-Tools CP-SAT model seats everybody (hosts at their table, table sizes within one, at most
one person of an organisation at a table, each table's count of each sector between the floor
and the ceiling of its share, keep-together groups at one table, keep-apart pairs at two) and
maximises the people at their 1st or 2nd wish; a keep-together group counts once towards its
organisations (colleagues in one group sit together by rule). A plan with
the sector mix at its exact bound keeps every count within floor and ceiling (a count outside
could move one step closer and lower the deviation), so the proven optimum here is an upper
bound for what any plan with the mix at its bound can reach. The search's own plan
(``solve`` with the benchmark's time limit) is printed beside it.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import grouping as bench  # noqa: E402

from gdb_facilitator.core.algorithms.grouping import solve  # noqa: E402


def exact(problem, seconds: float) -> tuple[int, int, str, float]:
    from ortools.sat.python import cp_model

    people = problem.people
    tables = problem.tables
    n = len(people)
    numbers = [t.number for t in tables]
    topic_of = {t.number: t.topic for t in tables}
    sectors = sorted({p.sector for p in people if p.sector})
    total = {s: sum(1 for p in people if p.sector == s) for s in sectors}
    m = cp_model.CpModel()
    x = {(i, t): m.NewBoolVar(f"x{i}_{t}") for i in range(n) for t in numbers}
    for i, p in enumerate(people):
        m.AddExactlyOne(x[i, t] for t in numbers)
        if p.pinned_table is not None:
            m.Add(x[i, p.pinned_table] == 1)
    low = n // len(numbers)
    index = {p.id: i for i, p in enumerate(people)}
    # keep-together pairs chain into groups; one member stands for the group
    head = list(range(n))

    def find(i: int) -> int:
        while head[i] != i:
            i = head[i]
        return i

    for pair in problem.keep_together:
        a, b = sorted(index[x] for x in pair)
        ra, rb = find(a), find(b)
        if ra != rb:
            head[max(ra, rb)] = min(ra, rb)
        for t in numbers:
            m.Add(x[a, t] == x[b, t])
    for pair in problem.keep_apart:
        a, b = (index[x] for x in pair)
        for t in numbers:
            m.Add(x[a, t] + x[b, t] <= 1)
    by_org: dict[str, list[int]] = {}
    for i, p in enumerate(people):
        if p.organisation and find(i) not in by_org.get(p.organisation, []):
            by_org.setdefault(p.organisation, []).append(find(i))
    for t in numbers:
        size = sum(x[i, t] for i in range(n))
        big = m.NewBoolVar(f"big{t}")
        m.Add(size == low + 1).OnlyEnforceIf(big)
        m.Add(size == low).OnlyEnforceIf(big.Not())
        for s in sectors:
            count = sum(x[i, t] for i, p in enumerate(people) if p.sector == s)
            for seats, lit in ((low, big.Not()), (low + 1, big)):
                share = seats * total[s] / n
                m.Add(count >= math.floor(share)).OnlyEnforceIf(lit)
                m.Add(count <= math.ceil(share)).OnlyEnforceIf(lit)
        for members in by_org.values():
            if len(members) > 1:
                m.Add(sum(x[i, t] for i in members) <= 1)
    m.Maximize(sum(x[i, t] for i, p in enumerate(people) for t in numbers
                   if topic_of[t] in p.topic_choices[:2]))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    status = solver.Solve(m)
    return (int(solver.ObjectiveValue()), int(solver.BestObjectiveBound()),
            solver.StatusName(status), solver.WallTime())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cases", nargs="+", help="instance names in benchmarks/instances")
    ap.add_argument("--seconds", type=float, default=120.0, help="CP-SAT time limit")
    a = ap.parse_args()
    try:
        import ortools  # noqa: F401
    except ImportError:
        print("needs OR-Tools: pip install ortools")
        return 2
    for name in a.cases:
        _meta, problem = bench.load(bench.OWN / f"{name}.json")
        if problem.rounds != 1:
            print(f"{name}: {problem.rounds} rounds; only one-round cases are modelled")
            continue
        best, bound, status, wall = exact(problem, a.seconds)
        started = time.perf_counter()
        plan = solve(problem, seed=0, time_limit=3.0)
        took = time.perf_counter() - started
        q = plan.quality
        n = len(problem.people)
        print(f"{name}: exact (CP-SAT {status}, {wall:.1f} s): {best} of {n} at 1st or 2nd wish "
              f"({best / n:.1%}), proven bound {bound}; the search: "
              f"{q.topic_first_or_second} ({q.topic_first_or_second / n:.1%}) in {took:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
