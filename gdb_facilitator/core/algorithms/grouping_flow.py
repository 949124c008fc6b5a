"""Exact sector mix per round: a convex transportation problem solved by min-cost flow.

For one round, table t of size s_t and category c (a sector, or "no sector") with n_c of the
N people, the deviation is |x_tc - s_t n_c / N|.  Scaled by N it is the integer
g(x) = |N x - s_t n_c|, convex and piecewise linear with integer break points, so the minimum
over integer x with row sums s_t and column sums n_c is a min-cost flow with one arc per unit
step of g.  Tables that look alike (same size, same people already fixed there) are merged into
one row carrying m times the flow: by convexity an even split over the m tables is optimal and
dealing the units round-robin produces one.

Which tables take the extra person when N does not divide evenly is a free choice among the
balanced options; fixed people (hosts) make that choice matter, so it is searched as well.
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass

from gdb_facilitator.core.algorithms.grouping_model import balanced_levels

__all__ = ["Composition", "TopicDemand", "compose_round", "free_bound_scaled", "min_cost_flow"]


def min_cost_flow(n_nodes: int, arcs: list[tuple[int, int, int, int]], s: int, t: int,
                  need: int) -> tuple[int, int, list[int]]:
    """Successive shortest paths (SPFA, negative arc costs allowed, no negative cycles).

    Returns (flow, cost, flow on each input arc)."""
    to: list[int] = []
    cap: list[int] = []
    cost: list[int] = []
    adj: list[list[int]] = [[] for _ in range(n_nodes)]
    for u, v, c, w in arcs:
        adj[u].append(len(to))
        to.append(v)
        cap.append(c)
        cost.append(w)
        adj[v].append(len(to))
        to.append(u)
        cap.append(0)
        cost.append(-w)
    flow = total = 0
    INF = float("inf")
    while flow < need:
        dist = [INF] * n_nodes
        prev_e = [-1] * n_nodes
        inq = [False] * n_nodes
        dist[s] = 0
        dq = deque([s])
        while dq:
            u = dq.popleft()
            inq[u] = False
            du = dist[u]
            for e in adj[u]:
                if cap[e] > 0:
                    v = to[e]
                    nd = du + cost[e]
                    if nd < dist[v]:
                        dist[v] = nd
                        prev_e[v] = e
                        if not inq[v]:
                            inq[v] = True
                            dq.append(v)
        if dist[t] == INF:
            break
        push = need - flow
        v = t
        while v != s:
            e = prev_e[v]
            if cap[e] < push:
                push = cap[e]
            v = to[e ^ 1]
        v = t
        while v != s:
            e = prev_e[v]
            cap[e] -= push
            cap[e ^ 1] += push
            v = to[e ^ 1]
        flow += push
        total += push * dist[t]
    return flow, int(total), [cap[2 * i + 1] for i in range(len(arcs))]


# A row: (table size, people already fixed there per category, how many such tables).
Row = tuple[int, tuple[int, ...], int]


def transport(rows: list[Row], free: tuple[int, ...], totals: tuple[int, ...],
              memo: dict | None = None) -> tuple[int, list[list[int]]] | None:
    """Minimum of sum N*|x - s n_c/N| over the rows; returns (cost, units added per row and category)."""
    key = (tuple(rows), free, totals)
    if memo is not None and key in memo:
        return memo[key]
    N = sum(totals)
    C = len(totals)
    K = len(rows)
    S, T = 0, C + K + 1
    arcs: list[tuple[int, int, int, int]] = []
    owner: list[tuple[int, int]] = []
    base = 0
    for c in range(C):
        if free[c]:
            arcs.append((S, 1 + c, free[c], 0))
            owner.append((-1, -1))
    room_total = 0
    for k, (size, low, m) in enumerate(rows):
        room = size - sum(low)
        if room < 0 or m <= 0:
            if m > 0:
                return None
            continue
        for c in range(C):
            e = size * totals[c]
            base += m * abs(N * low[c] - e)
        if room == 0:
            continue
        room_total += m * room
        for c in range(C):
            if not free[c]:
                continue
            e = size * totals[c]
            j, left = low[c], room
            while left > 0 and N * j < e:
                arcs.append((1 + c, 1 + C + k, m, abs(N * (j + 1) - e) - abs(N * j - e)))
                owner.append((k, c))
                j += 1
                left -= 1
            if left > 0:
                arcs.append((1 + c, 1 + C + k, m * min(left, free[c]), N))
                owner.append((k, c))
        arcs.append((1 + C + k, T, m * room, 0))
        owner.append((-1, -1))
    need = sum(free)
    if room_total != need:
        result = None
    else:
        flow, cst, on_arc = min_cost_flow(T + 1, arcs, S, T, need)
        if flow < need:
            result = None
        else:
            X = [[0] * C for _ in range(K)]
            for (k, c), f in zip(owner, on_arc):
                if k >= 0 and f:
                    X[k][c] += f
            result = (base + cst, X)
    if memo is not None:
        memo[key] = result
    return result


def _deal(units: list[int], m: int, C: int) -> list[list[int]]:
    # Round-robin over the m tables with one running pointer: every table gets the same
    # total and every category is split as evenly as possible.
    out = [[0] * C for _ in range(m)]
    pos = 0
    for c in range(C):
        for _ in range(units[c]):
            out[pos % m][c] += 1
            pos += 1
    return out


@dataclass
class Composition:
    sizes: list[int]  # per table
    counts: list[list[int]]  # per table and category, fixed people included
    cost: int  # scaled by N: sum |N x - s n_c|
    free_bound: int  # scaled bound for the size multiset ignoring fixed people (score.py's)
    exact: bool  # cost is proven minimal for these fixed people
    q: int
    eligible: list[bool]


def _size_multiset(q: int, eligible: list[bool], extra: int, base: list[int]) -> list[int]:
    sizes = list(base)
    k = extra
    for t, e in enumerate(eligible):
        if e and k > 0:
            sizes[t] += 1
            k -= 1
    return sizes


def free_bound_scaled(sizes: list[int], totals: tuple[int, ...], memo: dict | None = None) -> int:
    """The bound score.py computes: best mix for these sizes with nobody fixed."""
    C = len(totals)
    by_size: dict[int, int] = {}
    for s in sizes:
        by_size[s] = by_size.get(s, 0) + 1
    rows = [(s, (0,) * C, m) for s, m in sorted(by_size.items())]
    res = transport(rows, totals, totals, memo)
    return res[0] if res else 0


def _count_choices(ms: list[int], extra: int, limit: int) -> int:
    # number of ways to put `extra` hi-tables into types with ms[k] tables each, capped at limit
    ways = [1] + [0] * extra
    for m in ms:
        new = [0] * (extra + 1)
        for total in range(extra + 1):
            if ways[total]:
                for a in range(min(m, extra - total) + 1):
                    new[total + a] += ways[total]
        ways = [min(w, limit + 1) for w in new]
    return ways[extra]


def _enumerate(ms: list[int], extra: int):
    if not ms:
        if extra == 0:
            yield []
        return
    rest_cap = sum(ms[1:])
    for a in range(min(ms[0], extra), max(0, extra - rest_cap) - 1, -1):
        for tail in _enumerate(ms[1:], extra - a):
            yield [a] + tail


class TopicDemand:
    """Which of the equally good ways to hand out the extra seats serves the topics best.

    ``topic_of[t]`` is table t's topic index (-1: none); ``wanted[k]`` how many people free to
    move name topic k as a first or second choice.  An extra seat is worth wanted / (free seats
    the topic has with it): a seat goes where the most people compete for each seat, and a
    topic's second extra seat is worth less than its first."""

    def __init__(self, topic_of: list[int], wanted: list[int]) -> None:
        self.topic_of = topic_of
        self.wanted = wanted

    def pick(self, quota: list[int], groups: list[list[int]], base_seats: list[int]
             ) -> tuple[float, list[list[int]]]:
        """Greedy: the next extra seat goes to the table of a group with quota left whose
        topic gains most.  Returns (total worth, chosen tables per group)."""
        seats = list(base_seats)
        left = list(quota)
        pools = [list(g) for g in groups]
        chosen: list[list[int]] = [[] for _ in groups]
        worth = 0.0
        for _ in range(sum(quota)):
            best = None
            for k, pool in enumerate(pools):
                if left[k] <= 0:
                    continue
                for i, t in enumerate(pool):
                    tp = self.topic_of[t]
                    v = self.wanted[tp] / (seats[tp] + 1) if tp >= 0 else 0.0
                    if best is None or v > best[0]:
                        best = (v, k, i)
            if best is None:
                break
            v, k, i = best
            t = pools[k].pop(i)
            chosen[k].append(t)
            left[k] -= 1
            if self.topic_of[t] >= 0:
                seats[self.topic_of[t]] += 1
            worth += v
        return worth, chosen


def compose_round(fixed_counts: list[list[int]], caps: list[int], free: tuple[int, ...],
                  totals: tuple[int, ...], rng: random.Random | None = None,
                  memo: dict | None = None, enum_limit: int = 60,
                  climb_limit: int = 400, demand: TopicDemand | None = None) -> Composition:
    """Table sizes and per-table category counts with the least deviation for one round.

    ``fixed_counts[t][c]`` people of category c already sit at table t; ``free[c]`` more are to
    be seated.  ``rng`` only decides which of several equivalent tables gets which share.
    With ``demand``, the extra seats (when the people do not divide evenly) go, among the
    choices that keep the least deviation, to the tables whose topics are most wanted.
    """
    if memo is None:
        memo = {}
    T = len(caps)
    C = len(totals)
    N = sum(totals)
    lows = [sum(v) for v in fixed_counts]
    q, eligible, extra = balanced_levels(lows, caps, N)
    base = [min(max(q, lo), cap) for lo, cap in zip(lows, caps)]
    free_bound = free_bound_scaled(_size_multiset(q, eligible, extra, base), totals, memo)

    fixed_groups: dict[tuple[int, tuple[int, ...]], list[int]] = {}
    types: dict[tuple[int, ...], list[int]] = {}
    for t in range(T):
        vec = tuple(fixed_counts[t])
        if eligible[t]:
            types.setdefault(vec, []).append(t)
        else:
            fixed_groups.setdefault((base[t], vec), []).append(t)
    tkeys = list(types)
    ms = [len(types[k]) for k in tkeys]

    def rows_for(assign: list[int]) -> list[Row]:
        rows = [(s, vec, len(ts)) for (s, vec), ts in fixed_groups.items()]
        for k, a in zip(tkeys, assign):
            if a:
                rows.append((q + 1, k, a))
            if len(types[k]) - a:
                rows.append((q, k, len(types[k]) - a))
        return rows

    def cost_of(assign: list[int]):
        res = transport(rows_for(assign), free, totals, memo)
        return (res[0], res) if res is not None else (None, None)

    # Start with the extra seats spread over the types in proportion to their size: when the
    # fixed people do not get in the way, that already meets the free bound.
    total_m = sum(ms)
    assign = [0] * len(ms)
    if extra and total_m:
        shares = [extra * m / total_m for m in ms]
        assign = [int(x) for x in shares]
        order = sorted(range(len(ms)), key=lambda k: -(shares[k] - assign[k]))
        left = extra - sum(assign)
        for k in order:
            if left <= 0:
                break
            if assign[k] < ms[k]:
                assign[k] += 1
                left -= 1
    best_cost, best_res = cost_of(assign)
    best_assign = assign
    exact = best_cost is not None and best_cost <= free_bound
    # Topic demand only matters when there is a choice: some extra seats, and tables with
    # topics among those that could take them.
    by_topic = demand is not None and extra > 0 and any(
        demand.topic_of[t] >= 0 for ts in types.values() for t in ts)
    if by_topic:
        groups = [sorted(types[k]) for k in tkeys]
        if rng is not None:
            for g in groups:
                rng.shuffle(g)  # equal worth: which table is left to the seed
        n_topics = len(demand.wanted)
        base_seats = [0] * n_topics
        for t in range(T):
            tp = demand.topic_of[t]
            if tp >= 0:
                base_seats[tp] += max(0, base[t] - lows[t])
        worth_memo: dict[tuple[int, ...], tuple[float, list[list[int]]]] = {}

        def worth(cand: list[int]) -> tuple[float, list[list[int]]]:
            key = tuple(cand)
            if key not in worth_memo:
                worth_memo[key] = demand.pick(cand, groups, base_seats)
            return worth_memo[key]

        def better(c: int | None, cand: list[int]) -> bool:
            # least deviation first, then the most worth for the topics
            if c is None:
                return False
            if best_cost is None or c < best_cost:
                return True
            return c == best_cost and worth(cand)[0] > worth(best_assign)[0] + 1e-9

        if _count_choices(ms, extra, enum_limit) <= enum_limit:
            for cand in _enumerate(ms, extra):
                c, res = cost_of(cand)
                if better(c, cand):
                    best_cost, best_res, best_assign = c, res, cand
            exact = True
        else:
            evals = 0
            improved = True
            while improved and evals < climb_limit and best_cost is not None:
                improved = False
                for a in range(len(ms)):
                    if best_assign[a] == 0:
                        continue
                    for b in range(len(ms)):
                        if a == b or best_assign[b] >= ms[b]:
                            continue
                        cand = list(best_assign)
                        cand[a] -= 1
                        cand[b] += 1
                        c, res = cost_of(cand)
                        evals += 1
                        if better(c, cand):
                            best_cost, best_res, best_assign = c, res, cand
                            improved = True
                            break
                    if improved or evals >= climb_limit:
                        break
            exact = best_cost is not None and best_cost <= free_bound
    elif not exact:
        if _count_choices(ms, extra, enum_limit) <= enum_limit:
            for cand in _enumerate(ms, extra):
                c, res = cost_of(cand)
                if c is not None and (best_cost is None or c < best_cost):
                    best_cost, best_res, best_assign = c, res, cand
                    if c <= free_bound:
                        break
            exact = True
        else:
            # Too many choices to try them all: move one extra seat between types while that
            # helps.  The result is still a valid plan; only its optimality is unproven.
            evals = 0
            improved = True
            while improved and evals < climb_limit and best_cost is not None \
                    and best_cost > free_bound:
                improved = False
                for a in range(len(ms)):
                    if best_assign[a] == 0:
                        continue
                    for b in range(len(ms)):
                        if a == b or best_assign[b] >= ms[b]:
                            continue
                        cand = list(best_assign)
                        cand[a] -= 1
                        cand[b] += 1
                        c, res = cost_of(cand)
                        evals += 1
                        if c is not None and c < best_cost:
                            best_cost, best_res, best_assign = c, res, cand
                            improved = True
                            break
                    if improved or evals >= climb_limit:
                        break
            exact = best_cost is not None and best_cost <= free_bound
    if best_res is None:
        raise RuntimeError("no table mix for a round whose sizes were checked")

    sizes = list(base)
    counts = [list(v) for v in fixed_counts]
    X = best_res[1]
    rows = rows_for(best_assign)
    # rows_for lists fixed groups first, then per type its hi and lo rows (when non-empty)
    row_tables: list[list[int]] = [list(ts) for ts in fixed_groups.values()]
    hi_tables = worth(best_assign)[1] if by_topic else None
    for i, (k, a) in enumerate(zip(tkeys, best_assign)):
        ts = list(types[k])
        if hi_tables is not None:
            hi = hi_tables[i]
            ts = hi + [t for t in ts if t not in hi]
        elif rng is not None:
            rng.shuffle(ts)
        if a:
            row_tables.append(ts[:a])
        if len(ts) - a:
            row_tables.append(ts[a:])
    for (size, _vec, m), ts, units in zip(rows, row_tables, X):
        ts = list(ts)
        if rng is not None:
            rng.shuffle(ts)
        for t, add in zip(ts, _deal(units, m, C)):
            sizes[t] = size
            for c in range(C):
                counts[t][c] += add[c]
    return Composition(sizes=sizes, counts=counts, cost=best_cost, free_bound=free_bound,
                       exact=exact, q=q, eligible=eligible)
