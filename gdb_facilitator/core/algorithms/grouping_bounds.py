"""Lower bounds for each quality metric on its own (upper bounds for topic choices met).

The solver stops as soon as its plan meets all of them; the quality report shows them next to
the plan's values so that "how good is it" has an answer.  Each bound is valid for any plan that
keeps the hard rules; the sector bound is also exact (reachable) whenever ``exact`` says so.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from gdb_facilitator.core.algorithms.grouping_flow import (
    Composition,
    TopicDemand,
    compose_round,
    min_cost_flow,
)
from gdb_facilitator.core.algorithms.grouping_model import Prepared, _pen_table

__all__ = ["Bounds", "compute_bounds", "compositions", "round_totals"]


@dataclass(frozen=True)
class Bounds:
    sector_deviation: float  # Σ over rounds; exact minimum given the fixed seats when sector_exact
    sector_exact: bool
    sector_deviation_by_round: tuple[float, ...]
    sector_deviation_free: float  # ignoring pinned/locked seats: what score.py reports
    colleague_pairs: int
    keep_apart_violations: int
    repeat_excess: int
    size_spread: int
    topic_penalty: int  # least possible Σ of rank penalties (0 without topics)
    topic_first_or_second_max: int | None  # most placements at a first or second choice
    topic_first_max: int | None
    # per round (index 0 = round 1), so that each round can be shown on its own
    colleague_pairs_by_round: tuple[int, ...] = ()
    keep_apart_by_round: tuple[int, ...] = ()
    # most placements at a 1st or 2nd choice per round, ignoring the sector mix and colleagues
    # (a started round counts as it sits): the "best possible" beside a round's wishes met
    topic_first_or_second_by_round: tuple[int, ...] = ()
    topic_wanted_by_round: tuple[int, ...] = ()  # ... out of these people with wishes


def round_totals(prep: Prepared, r: int) -> tuple[int, ...]:
    tot = [0] * len(prep.cats)
    for p in range(prep.n):
        if prep.present[r][p]:
            tot[prep.cat[p]] += 1
    return tuple(tot)


def compositions(prep: Prepared, rng=None, memo: dict | None = None) -> dict[int, Composition]:
    """Best sizes and sector counts for every planned round, given its fixed seats."""
    if memo is None:
        memo = {}
    C = len(prep.cats)
    T = len(prep.caps)
    out = {}
    for r in prep.planned:
        fixed_counts = [[0] * C for _ in range(T)]
        free = [0] * C
        for p in range(prep.n):
            if not prep.present[r][p]:
                continue
            t = prep.fixed[r][p]
            if t >= 0:
                fixed_counts[t][prep.cat[p]] += 1
            else:
                free[prep.cat[p]] += 1
        out[r] = compose_round(fixed_counts, prep.caps, tuple(free), round_totals(prep, r),
                               rng=rng, memo=memo, demand=topic_demand(prep, r))
    return out


def topic_demand(prep: Prepared, r: int) -> TopicDemand | None:
    """First and second choices per topic of the people free to move in round r."""
    if not prep.has_topics:
        return None
    names = sorted({tp for tp in prep.topics if tp is not None})
    tid = {tp: k for k, tp in enumerate(names)}
    wanted = [0] * len(names)
    for p in range(prep.n):
        if prep.present[r][p] and prep.fixed[r][p] < 0:
            for tp in prep.choices[p][:2]:
                if tp in tid:
                    wanted[tid[tp]] += 1
    return TopicDemand([tid[tp] if tp is not None else -1 for tp in prep.topics], wanted)


def _even_pairs(k: int, tables: int) -> int:
    q, rem = divmod(k, tables)
    return rem * (q + 1) * q // 2 + (tables - rem) * q * (q - 1) // 2


def org_bound_round(prep: Prepared, r: int) -> int:
    T = len(prep.caps)
    n_org = Counter()
    fixed_at = Counter()
    for p in range(prep.n):
        if prep.present[r][p] and prep.org[p] >= 0:
            n_org[prep.org[p]] += 1
            if prep.fixed[r][p] >= 0:
                fixed_at[(prep.org[p], prep.fixed[r][p])] += 1
    forced = Counter()
    for (o, _t), k in fixed_at.items():
        forced[o] += k * (k - 1) // 2
    # colleagues in one keep-together group sit together (a fixed group is counted above)
    for g in prep.blocks:
        if any(prep.fixed[r][p] >= 0 or not prep.present[r][p] for p in g):
            continue
        for o, k in Counter(prep.org[p] for p in g if prep.org[p] >= 0).items():
            forced[o] += k * (k - 1) // 2
    return sum(max(_even_pairs(k, T), forced[o]) for o, k in n_org.items())


def apart_forced_round(prep: Prepared, r: int) -> int:
    fx = prep.fixed[r]
    return sum(1 for a, b in prep.apart_pairs
               if prep.present[r][a] and prep.present[r][b] and fx[a] >= 0 and fx[a] == fx[b])


def forced_repeats(prep: Prepared) -> int:
    """Repeat encounters the rules force: people fixed at one table, or in one keep-together
    group, in more than one round."""
    n, R = prep.n, prep.rounds
    # pairs the rules force together: fixed at one table, or one keep-together group
    together = Counter()
    for r in range(R):
        by_table: dict[int, list[int]] = {}
        for p in range(n):
            if prep.present[r][p] and prep.fixed[r][p] >= 0:
                by_table.setdefault(prep.fixed[r][p], []).append(p)
        seen = set()
        for ps in by_table.values():
            for i in range(len(ps)):
                for j in range(i + 1, len(ps)):
                    together[(ps[i], ps[j])] += 1
                    seen.add((ps[i], ps[j]))
        for g in prep.blocks:
            for i in range(len(g)):
                for j in range(i + 1, len(g)):
                    a, b = min(g[i], g[j]), max(g[i], g[j])
                    if prep.present[r][a] and prep.present[r][b] and (a, b) not in seen:
                        together[(a, b)] += 1
    return sum(k - 1 for k in together.values() if k > 1)


def repeat_bound(prep: Prepared, sizes_by_round: dict[int, list[int]]) -> int:
    n, R = prep.n, prep.rounds
    b_forced = forced_repeats(prep)
    slots = sum(s * (s - 1) // 2 for sz in sizes_by_round.values() for s in sz)
    b_count = max(0, slots - n * (n - 1) // 2)
    per_person = 0
    for p in range(n):
        mine = 0
        for r in range(R):
            if prep.present[r][p] and sizes_by_round.get(r):
                mine += min(s for s in sizes_by_round[r] if s > 0) - 1
        per_person += max(0, mine - (n - 1))
    b_person = math.ceil(per_person / 2)
    b_pair = 0
    everybody = all(all(row) for row in prep.present)
    T = len(prep.caps)
    if everybody and R >= 2:
        # A table of size s in round r2 takes its people from the T tables of round r1, so at
        # least evenC(s, T) of its pairs met in r1 (the argument score.py uses as well).
        co = 0
        for r1 in range(R):
            for r2 in range(r1 + 1, R):
                co += max(sum(_even_pairs(s, T) for s in sizes_by_round[r2]),
                          sum(_even_pairs(s, T) for s in sizes_by_round[r1]))
        b_pair = math.ceil(2 * co / R - 1e-9)
    return max(b_forced, b_count, b_person, b_pair)


def topic_bounds(prep: Prepared, r: int, sizes: list[int]) -> tuple[int, int, int]:
    """(least penalty, most placements at choice 1 or 2, most at choice 1) for one round.

    The best assignment that ignores the sector mix and colleagues: people fixed at a table
    (hosts, locked or kept seats) count as they sit, everybody else fills the seats the topics
    have left - an exact transportation problem.  That is the ceiling the page shows as
    "best possible".  With tables of two sizes, which of them are the larger ones is left
    open, so that the ceiling holds for every plan with the least size spread."""
    if not prep.has_topics:
        return 0, 0, 0
    T = len(prep.caps)
    fixed_pen = fixed12 = fixed1 = 0
    free: list[tuple[str, ...]] = []
    fixed_at = [0] * T
    for p in range(prep.n):
        if not prep.present[r][p]:
            continue
        t = prep.fixed[r][p]
        ch = prep.choices[p]
        if t < 0:
            if ch:
                free.append(ch)
            continue
        fixed_at[t] += 1
        tp = prep.topics[t]
        if ch:
            fixed_pen += _pen_table(ch, tp)
            fixed12 += tp is not None and tp in ch[:2]
            fixed1 += tp is not None and tp in ch[:1]
    # With tables of two sizes (n and n+1, the least spread) any tables may be the larger
    # ones: the ceiling lets the flow choose, one shared pool of extra seats.
    lo = min(sizes) if sizes else 0
    two_sizes = bool(sizes) and max(sizes) - lo == 1
    extra_total = sum(sizes) - lo * T if two_sizes else 0
    cap: dict[str, int] = {}
    extra_cap: dict[str, int] = {}
    for t, tp in enumerate(prep.topics):
        base = lo if two_sizes else sizes[t]
        over = max(0, fixed_at[t] - base)
        extra_total -= over if two_sizes else 0
        if tp is None:
            continue
        cap[tp] = cap.get(tp, 0) + max(0, base - fixed_at[t])
        can_grow = two_sizes and not over and prep.caps[t] > lo
        extra_cap[tp] = extra_cap.get(tp, 0) + int(can_grow)
    extra_total = max(0, extra_total)
    topics = sorted(cap)
    types = Counter(free)
    tkeys = sorted(types)
    K, M = len(tkeys), len(topics)
    src, miss, sink, pool = 0, 1 + K + M, 2 + K + M, 3 + K + M

    def solve(cost_of) -> int:
        arcs = []
        for k, ch in enumerate(tkeys):
            arcs.append((src, 1 + k, types[ch], 0))
            for m, tp in enumerate(topics):
                c = cost_of(ch, tp)
                if c is not None and cap[tp] + extra_cap[tp] > 0:
                    arcs.append((1 + k, 1 + K + m, types[ch], c))
            arcs.append((1 + k, miss, types[ch], cost_of(ch, None)))
        for m, tp in enumerate(topics):
            if cap[tp] > 0:
                arcs.append((1 + K + m, sink, cap[tp], 0))
            if extra_total and extra_cap[tp] > 0:
                arcs.append((1 + K + m, pool, extra_cap[tp], 0))
        if extra_total:
            arcs.append((pool, sink, extra_total, 0))
        arcs.append((miss, sink, sum(types.values()), 0))
        return min_cost_flow(pool + 1, arcs, src, sink, sum(types.values()))[1]

    least = solve(_pen_table)
    most12 = -solve(lambda ch, tp: -1 if tp is not None and tp in ch[:2] else 0)
    most1 = -solve(lambda ch, tp: -1 if tp is not None and tp in ch[:1] else 0)
    return least + fixed_pen, most12 + fixed12, most1 + fixed1


def topic_rounds_bound(prep: Prepared, sizes_by_round: dict[int, list[int]],
                       repeat_budget: int) -> int | None:
    """Most placements at a first or second choice over all planned rounds together, for plans
    whose repeat encounters are at most ``repeat_budget``; None without topics.

    The per-round bound lets a person sit at a wanted topic in every round.  Over several
    rounds that needs a person to come back to a topic, and coming back is limited: two people
    who sit at table i of a topic in round r1 and both at table j of it in round r2 meet twice,
    and nobody can return to a table whose host (a person fixed there in both rounds) they
    have met.  So for each pair of rounds a topic has at most |S|^2 - (tables with such a host)
    "cells" (i, j) for returning people, one person each, and every repeat allowed opens one
    more.  A return costs a person's second, third... visit at least one cell; the cap on the
    topic's free seats over all rounds and on the cells is a max-flow: people -> topic (first
    visit) or -> the topic's cells (further visits) -> the topic's seats.

    Repeats the rules force (hosts, keep-together groups) open no cell for anybody else; a
    keep-together group of k people free to move can share one cell: k - 1 more returns per
    pair of rounds, at one topic.  Both kinds of extra returns are shared by all topics: the
    bound is the smaller of two relaxations, every topic getting all of them, or one pool of
    them that may end at any topic's seats.
    """
    if not prep.has_topics or len(prep.planned) < 2:
        return None
    planned = prep.planned
    tables_of: dict[str, list[int]] = {}
    for t, tp in enumerate(prep.topics):
        if tp is not None:
            tables_of.setdefault(tp, []).append(t)
    topics = sorted(tables_of)
    seats = {tp: 0 for tp in topics}
    good_fixed = 0
    for r in planned:
        sizes = sizes_by_round[r]
        fixed_at = [0] * len(prep.caps)
        for p in range(prep.n):
            t = prep.fixed[r][p]
            if prep.present[r][p] and t >= 0:
                fixed_at[t] += 1
                if prep.topics[t] is not None and prep.topics[t] in prep.choices[p][:2]:
                    good_fixed += 1
        for tp in topics:
            seats[tp] += sum(max(0, sizes[t] - fixed_at[t]) for t in tables_of[tp])
    cells = {}
    for tp in topics:
        ts = tables_of[tp]
        total = 0
        for i, r1 in enumerate(planned):
            for r2 in planned[i + 1:]:
                anchored = 0
                for t in ts:
                    f1 = {p for p in range(prep.n) if prep.present[r1][p] and prep.fixed[r1][p] == t}
                    if f1 and any(prep.present[r2][p] and prep.fixed[r2][p] == t for p in f1):
                        anchored += 1
                total += len(ts) ** 2 - anchored
        cells[tp] = total
    extra = max(0, repeat_budget - forced_repeats(prep))
    for i, r1 in enumerate(planned):
        for r2 in planned[i + 1:]:
            for g in prep.blocks:
                if all(prep.present[r][p] and prep.fixed[r][p] < 0 for r in (r1, r2) for p in g):
                    extra += len(g) - 1
    free = []
    for p in range(prep.n):
        units = sum(1 for r in planned if prep.present[r][p] and prep.fixed[r][p] < 0)
        wanted = [tp for tp in prep.choices[p][:2] if tp in tables_of]
        if units and wanted:
            free.append((units, tuple(wanted)))
    kinds = Counter(free)
    K, M = len(kinds), len(topics)
    tid = {tp: m for m, tp in enumerate(topics)}

    def most(per_topic: int, pooled: int) -> int:
        src, sink = 0, 1 + K + 2 * M
        pool_in, pool_out = sink + 1, sink + 2
        arcs = []
        need = 0
        for k, ((units, wanted), count) in enumerate(sorted(kinds.items())):
            node = 1 + k
            need += units * count
            arcs.append((src, node, units * count, 0))
            arcs.append((node, sink, units * count, 0))  # a missed choice
            for tp in wanted:
                m = tid[tp]
                arcs.append((node, 1 + K + m, count, -1))
                if units > 1:
                    arcs.append((node, 1 + K + M + m, (units - 1) * count, -1))
        for tp in topics:
            m = tid[tp]
            arcs.append((1 + K + M + m, 1 + K + m, cells[tp] + per_topic, 0))
            arcs.append((1 + K + m, sink, seats[tp], 0))
            if pooled:
                arcs.append((1 + K + M + m, pool_in, need, 0))
                arcs.append((pool_out, 1 + K + m, need, 0))
        if pooled:
            arcs.append((pool_in, pool_out, pooled, 0))
        _flow, cost, _on = min_cost_flow(pool_out + 1, arcs, src, sink, need)
        return good_fixed - cost

    if not extra:
        return most(0, 0)
    return min(most(extra, 0), most(0, extra))


def actual_sector_scaled(prep: Prepared, r: int, table_of: list[int]) -> int:
    tot = round_totals(prep, r)
    N = sum(tot)
    T, C = len(prep.caps), len(prep.cats)
    cnt = [[0] * C for _ in range(T)]
    for p in range(prep.n):
        if prep.present[r][p] and table_of[p] >= 0:
            cnt[table_of[p]][prep.cat[p]] += 1
    return sum(abs(N * cnt[t][c] - sum(cnt[t]) * tot[c]) for t in range(T) for c in range(C))


def actual_org_pairs(prep: Prepared, r: int, table_of: list[int]) -> int:
    cnt = Counter((table_of[p], prep.org[p]) for p in range(prep.n)
                  if prep.present[r][p] and table_of[p] >= 0 and prep.org[p] >= 0)
    return sum(k * (k - 1) // 2 for k in cnt.values())


def _topic_actual(prep: Prepared, r: int, table_of: list[int]) -> tuple[int, int, int]:
    """Penalty and placements of a round that cannot change any more."""
    if not prep.has_topics:
        return 0, 0, 0
    pen = m12 = m1 = 0
    for p in range(prep.n):
        t = table_of[p]
        ch = prep.choices[p]
        if not prep.present[r][p] or t < 0 or not ch:
            continue
        tp = prep.topics[t]
        pen += _pen_table(ch, tp)
        m12 += tp is not None and tp in ch[:2]
        m1 += tp is not None and tp in ch[:1]
    return pen, m12, m1


def compute_bounds(prep: Prepared, comps: dict[int, Composition]) -> Bounds:
    R = prep.rounds
    T = len(prep.caps)
    by_round = []
    free_total = 0.0
    exact = True
    org_by_round: list[int] = []
    apart_by_round: list[int] = []
    sizes_by_round: dict[int, list[int]] = {}
    pen = m12 = m1 = kept12 = 0
    m12_by_round: list[int] = []
    for r in range(R):
        tot = round_totals(prep, r)
        N = sum(tot) or 1
        if r in comps:
            c = comps[r]
            scaled = c.cost if c.exact else c.free_bound
            exact = exact and c.exact
            free_total += c.free_bound / N
            sizes_by_round[r] = list(c.sizes)
            org_by_round.append(org_bound_round(prep, r))
            apart_by_round.append(apart_forced_round(prep, r))
            a, b, d = topic_bounds(prep, r, c.sizes)
            m12_by_round.append(b)
            pen += a
            m12 += b
            m1 += d
        else:
            # a round that has started cannot change: its bound is what it is
            table_of = prep.fixed[r]
            scaled = actual_sector_scaled(prep, r, table_of)
            free_total += scaled / N
            sz = [0] * T
            for p in range(prep.n):
                if prep.present[r][p] and table_of[p] >= 0:
                    sz[table_of[p]] += 1
            sizes_by_round[r] = sz
            org_by_round.append(actual_org_pairs(prep, r, table_of))
            apart_by_round.append(apart_forced_round(prep, r))
            # the search's cost counts only planned rounds: the penalty bound must too
            _a, b, d = _topic_actual(prep, r, table_of)
            m12_by_round.append(b)
            m12 += b
            m1 += d
            kept12 += b
        by_round.append(scaled / N)
    rep = repeat_bound(prep, sizes_by_round)
    if prep.has_topics:
        most = topic_rounds_bound(prep, sizes_by_round, rep)
        if most is not None:
            m12 = min(m12, most + kept12)
    spread = 0
    for r in prep.planned:
        # water-filling gives the smallest spread there is; capacities or fixed seats may
        # force more than one
        sz = comps[r].sizes
        spread = max(spread, max(sz) - min(sz))
    return Bounds(
        sector_deviation=round(sum(by_round), 6),
        sector_exact=exact,
        sector_deviation_by_round=tuple(round(x, 6) for x in by_round),
        sector_deviation_free=round(free_total, 6),
        colleague_pairs=sum(org_by_round),
        keep_apart_violations=sum(apart_by_round),
        repeat_excess=rep,
        size_spread=spread,
        topic_penalty=pen,
        topic_first_or_second_max=m12 if prep.has_topics else None,
        topic_first_max=m1 if prep.has_topics else None,
        colleague_pairs_by_round=tuple(org_by_round),
        keep_apart_by_round=tuple(apart_by_round),
        topic_first_or_second_by_round=tuple(m12_by_round) if prep.has_topics else (),
        topic_wanted_by_round=tuple(
            sum(1 for p in range(prep.n) if prep.present[r][p] and prep.choices[p])
            for r in range(R)) if prep.has_topics else (),
    )
