"""A start for the search that puts the topics first, and the rule the search follows from it.

With hosts staying at their tables, people who want fewer topics than there are rounds have to
come back to a topic to sit at a wanted one in every round, and coming back is tightly limited
(see ``grouping_bounds.topic_rounds_bound``): a topic's three tables over three rounds give
each pair of rounds only six ways to return without meeting somebody twice.  A search that
starts from a plan free of repeats and improves topics by swaps rarely finds the
rearrangements that use those returns; it stays some 20 placements below the bound.

So the plan is built the other way round: ``topic_start`` decides first who visits which topic
in which round (flows over the topic seats of each sector, the returns capped by the cells),
then seats people within a topic's tables.  The search then repairs colleagues and repeats
while holding the number of people at a wanted topic (``State.hold_topics``), and only then
the repeat search removes what repeats are left, giving up as few topic placements as it must.

Keep-together groups (a couple, an interpreter with guests) are seated before the flows, one
unit each at the topics their members want most together, and then count as fixed; the flows
work on everybody else.  (Before, the start gave up on any event with a group; the greedy
start it fell back to met some ten wishes fewer on the 130-person pairs benchmark.)
"""

from __future__ import annotations

import random
from collections import Counter

from gdb_facilitator.core.algorithms.grouping_flow import Composition, min_cost_flow
from gdb_facilitator.core.algorithms.grouping_model import Prepared

__all__ = ["topic_round_start", "topic_start"]

REBALANCE = 6  # flows of the topic start spent on sharing a topic's return cells


def topic_start(prep: Prepared, comps: dict[int, Composition], rng: random.Random
                ) -> dict[int, list[int]] | None:
    """Whole planned rounds (table index per person) that put as many people at a wanted
    topic as the seats allow, for the search to start from.

    Topics first, tables second: (1) over all rounds together, how often each person visits
    each topic - a min-cost flow into the topic seats of the person's sector, where a second
    visit to a topic takes one of the topic's limited return "cells" (see
    ``grouping_bounds.topic_rounds_bound``) and nobody visits one topic three times; (2) the
    visits are dealt to the rounds one round at a time, each a flow that fills every topic's
    seats of every sector exactly (possible because what is left stays regular);
    (3) within a topic each person takes the table of their sector where they meet the fewest
    people met before and colleagues.  Keep-together groups are seated before (1), one topic
    a round each, and then count as fixed (``_place_groups_rounds``).  Only for the plain
    case: everybody present in every planned round; otherwise None.
    """
    if not prep.has_topics or len(prep.planned) < 2:
        return None
    planned = prep.planned
    n, T, C = prep.n, len(prep.caps), len(prep.cats)
    for r in planned:
        if not all(prep.present[r]):
            return None
    groups = _loose_groups(prep, planned)
    grouped = {p for g in groups for p in g}
    free = [p for p in range(n)
            if all(prep.fixed[r][p] < 0 for r in planned) and p not in grouped]
    if any(prep.fixed[r][p] >= 0 and any(prep.fixed[r2][p] < 0 for r2 in planned)
           for p in range(n) for r in planned):
        return None  # somebody fixed in some rounds only
    names = sorted({tp for tp in prep.topics if tp is not None})
    # "no topic" tables form one more group that nobody wants
    M = len(names) + 1
    tid = {tp: k for k, tp in enumerate(names)}
    group_of = [tid[tp] if tp is not None else M - 1 for tp in prep.topics]
    tables_in = [[t for t in range(T) if group_of[t] == m] for m in range(M)]
    R = len(planned)
    cells = [0] * M
    for m in range(M - 1):
        ts = tables_in[m]
        anchored = sum(1 for t in ts
                       if any(prep.fixed[planned[0]][p] == t for p in range(n)))
        cells[m] = (R * (R - 1) // 2) * (len(ts) ** 2 - anchored)
    # the sector counts per table, which seating a group may trade between tables
    counts = {r: [list(row) for row in comps[r].counts] for r in planned}
    group_table: dict[int, list[tuple[list[int], int]]] = {r: [] for r in planned}
    if groups:
        placed = _place_groups_rounds(prep, comps, counts, groups, tables_in, cells, rng)
        if placed is None:
            return None
        group_table = placed
    slots = {}
    for r in planned:
        cnt = [[0] * C for _ in range(M)]
        for t in range(T):
            for c in range(C):
                cnt[group_of[t]][c] += counts[r][t][c]
        for p in range(n):
            t = prep.fixed[r][p]
            if t >= 0:
                cnt[group_of[t]][prep.cat[p]] -= 1
        for g, t in group_table[r]:
            for p in g:
                cnt[group_of[t]][prep.cat[p]] -= 1
        slots[r] = cnt
    wants = [[tid[tp] for tp in prep.choices[p][:2] if tp in tid] for p in range(n)]

    # (1) visits per person and topic over all rounds.  Nodes: people, then per (topic,
    # sector) a first-visit seat node and a return node, then the sink.
    seat_cap = [[sum(slots[r][m][c] for r in planned) for c in range(C)] for m in range(M)]
    # The cells of a topic are shared by its sectors, which a flow cannot say; they are split
    # in proportion to the sectors' seats and then moved from sectors that leave theirs
    # unused to sectors that use all of theirs, while that helps.
    cell_cap = [[0] * C for _ in range(M)]
    for m in range(M - 1):
        tot = sum(seat_cap[m]) or 1
        share = [cells[m] * seat_cap[m][c] / tot for c in range(C)]
        for c in range(C):
            cell_cap[m][c] = int(share[c])
        order = sorted(range(C), key=lambda c: -(share[c] - int(share[c])))
        for c in order[:cells[m] - sum(cell_cap[m])]:
            cell_cap[m][c] += 1
    P = len(free)
    src = 0
    seat_node = lambda m, c: 1 + P + m * C + c  # noqa: E731
    ret_node = lambda m, c: 1 + P + M * C + m * C + c  # noqa: E731
    sink = 1 + P + 2 * M * C
    noise = [[rng.randrange(8) for _ in range(M)] for _ in range(P)]
    visits: list[list[int]] = []
    for _attempt in range(REBALANCE):
        arcs = []
        owner = []
        for i, p in enumerate(free):
            c = prep.cat[p]
            arcs.append((src, 1 + i, R, 0))
            owner.append(None)
            for m in range(M):
                good = m in wants[p]
                # a tiny random cost spreads equal choices over the seed
                e = noise[i][m]
                arcs.append((1 + i, seat_node(m, c), 1, (-1000 if good else 0) + e))
                owner.append((i, m))
                if good and R > 1:
                    arcs.append((1 + i, ret_node(m, c), 1, -1000 + e))
                    owner.append((i, m))
                elif not good:
                    arcs.append((1 + i, seat_node(m, c), R - 1, 1 + e))
                    owner.append((i, m))
        ret_arc = {}
        for m in range(M):
            for c in range(C):
                ret_arc[(m, c)] = len(arcs)
                arcs.append((ret_node(m, c), seat_node(m, c), cell_cap[m][c], 0))
                owner.append(None)
                arcs.append((seat_node(m, c), sink, seat_cap[m][c], 0))
                owner.append(None)
        flow, _cost, on = min_cost_flow(sink + 1, arcs, src, sink, P * R)
        if flow < P * R:
            return None
        visits = [[0] * M for _ in range(P)]
        for o, f in zip(owner, on):
            if o is not None and f:
                visits[o[0]][o[1]] += f
        moved = False
        for m in range(M - 1):
            used = [on[ret_arc[(m, c)]] for c in range(C)]
            spare = [c for c in range(C) if used[c] < cell_cap[m][c]]
            full = [c for c in range(C) if cell_cap[m][c] and used[c] == cell_cap[m][c]
                    or not cell_cap[m][c] and seat_cap[m][c]]
            for c_from, c_to in zip(spare, full):
                cell_cap[m][c_from] -= 1
                cell_cap[m][c_to] += 1
                moved = True
        if not moved:
            break

    # (2) one round at a time, every (topic, sector) filled exactly
    topic_at = {r: [-1] * n for r in planned}
    for k, r in enumerate(planned):
        arcs = []
        owner = []
        for i, p in enumerate(free):
            arcs.append((src, 1 + i, 1, 0))
            owner.append(None)
            c = prep.cat[p]
            for m in range(M):
                if visits[i][m]:
                    # prefer topics with more visits left: they need more rounds
                    arcs.append((1 + i, seat_node(m, c), 1, -visits[i][m]))
                else:
                    # the rounds' seats differ a little: a visit off the plan where needed
                    good = m in wants[p] and all(topic_at[r2][p] != m for r2 in planned[:k])
                    arcs.append((1 + i, seat_node(m, c), 1, 100 if good else 1000))
                owner.append((i, m))
        for m in range(M):
            for c in range(C):
                if slots[r][m][c]:
                    arcs.append((seat_node(m, c), sink, slots[r][m][c], 0))
                    owner.append(None)
        flow, _cost, on = min_cost_flow(sink + 1, arcs, src, sink, P)
        if flow < P:
            return None
        for o, f in zip(owner, on):
            if o is not None and f:
                i, m = o
                if visits[i][m]:
                    visits[i][m] -= 1
                topic_at[r][free[i]] = m

    # (3) tables within the topic, greedily, people with most constraints first
    out: dict[int, list[int]] = {}
    met: list[set[int]] = [set() for _ in range(n)]
    org_size: dict[int, int] = {}
    for p in range(n):
        if prep.org[p] >= 0:
            org_size[prep.org[p]] = org_size.get(prep.org[p], 0) + 1
    for r in planned:
        row = [-1] * n
        room = [[counts[r][t][c] for c in range(C)] for t in range(T)]
        members: list[list[int]] = [[] for _ in range(T)]
        for p in range(n):
            t = prep.fixed[r][p]
            if t >= 0:
                row[p] = t
                room[t][prep.cat[p]] -= 1
                members[t].append(p)
        for g, t in group_table[r]:
            for p in g:
                row[p] = t
                room[t][prep.cat[p]] -= 1
                members[t].append(p)
        order = list(free)
        rng.shuffle(order)
        order.sort(key=lambda p: -org_size.get(prep.org[p], 0))
        for p in order:
            c = prep.cat[p]
            best, best_key = -1, None
            for t in tables_in[topic_at[r][p]]:
                if room[t][c] <= 0:
                    continue
                key = 0
                o = prep.org[p]
                for q in members[t]:
                    if q in met[p]:
                        key += 10
                    if o >= 0 and prep.org[q] == o:
                        key += 100
                    if q in prep.apart[p]:
                        key += 1000
                key = key * 64 + rng.randrange(64)
                if best_key is None or key < best_key:
                    best, best_key = t, key
            if best < 0:
                return None
            row[p] = best
            room[best][c] -= 1
            members[best].append(p)
        for mem in members:
            for a in mem:
                met[a].update(mem)
        out[r] = row
    return out


COLLEAGUE = 1000  # cost of a colleague at the table in the one-round start: above any topic


def topic_round_start(prep: Prepared, comps: dict[int, Composition], rng: random.Random
                      ) -> dict[int, list[int]] | None:
    """One planned round seated for the topics first, exactly where that is possible.

    (1) Who sits at which topic: a min-cost flow of the people free to move into the seats each
    topic has for their sector (the exact sector mix of ``comps``), at the cost of their rank
    penalty; at most one person of an organisation and sector per table of the topic, more
    only at a cost above any topic.  Without colleagues this is the best assignment there is
    for these table sizes.  (2) Within a topic, people go to its tables by a second flow
    that keeps colleagues apart where the seats allow.  The search then only polishes.
    Keep-together groups are seated before (1), each as one unit at the table of the topic
    its members want most together (least summed penalty) where their sectors have seats
    and no colleague or keep-apart partner sits; then they count as fixed.
    None when there is no single planned round with topics or another round has seats
    (encounters to avoid)."""
    if not prep.has_topics or len(prep.planned) != 1:
        return None
    r = prep.planned[0]
    # the flows do not see encounters: only when no other round has seats to meet again in
    if any(prep.present[q][p] and prep.fixed[q][p] >= 0
           for q in range(prep.rounds) if q != r for p in range(prep.n)):
        return None
    n, T, C = prep.n, len(prep.caps), len(prep.cats)
    pen = prep.pen
    names = sorted({tp for tp in prep.topics if tp is not None})
    M = len(names) + 1  # the last group: tables without a topic
    tid = {tp: k for k, tp in enumerate(names)}
    group_of = [tid[tp] if tp is not None else M - 1 for tp in prep.topics]
    tables_in = [[t for t in range(T) if group_of[t] == m] for m in range(M)]
    slots = [[comps[r].counts[t][c] for c in range(C)] for t in range(T)]
    fixed_org: set[tuple[int, int]] = set()
    for p in range(n):
        t = prep.fixed[r][p]
        if prep.present[r][p] and t >= 0:
            slots[t][prep.cat[p]] -= 1
            if prep.org[p] >= 0:
                fixed_org.add((prep.org[p], t))
    if any(v < 0 for row in slots for v in row):
        return None
    # fixed seats of this round: pins and locks, then the keep-together groups
    fx = list(prep.fixed[r])
    groups = _loose_groups(prep, [r])
    if groups:
        at: list[list[int]] = [[] for _ in range(T)]
        for p in range(n):
            if prep.present[r][p] and fx[p] >= 0:
                at[fx[p]].append(p)
        everywhere = [(m, t) for m in range(M) for t in tables_in[m]]
        order = list(groups)
        rng.shuffle(order)
        order.sort(key=len, reverse=True)
        for g in order:
            pick = _pick_table(prep, g, everywhere, slots, at, set(),
                               _group_cost(prep, g, tables_in), rng)
            if pick is None:
                return None
            t = pick[1]
            for p in g:
                fx[p] = t
                slots[t][prep.cat[p]] -= 1
                if prep.org[p] >= 0:
                    fixed_org.add((prep.org[p], t))
            at[t].extend(g)
    free = [p for p in range(n) if prep.present[r][p] and fx[p] < 0]
    rng.shuffle(free)
    P = len(free)
    # a table that stands for its topic: the penalty is the same at all of them
    rep_table = [ts[0] if ts else -1 for ts in tables_in]

    # (1) people -> [organisation, topic, sector] -> (topic, sector) -> table -> sink.  The
    # arcs into a table carry the sector deviation as convex unit steps, weighted above
    # everything else: the flow keeps the least deviation for these table sizes and picks,
    # among the many mixes that reach it, the one that serves the topics best.
    sizes = comps[r].sizes
    tot = [0] * C
    for p in range(n):
        if prep.present[r][p]:
            tot[prep.cat[p]] += 1
    N = sum(tot) or 1
    low = [[0] * C for _ in range(T)]
    for p in range(n):
        t = fx[p]
        if prep.present[r][p] and t >= 0:
            low[t][prep.cat[p]] += 1
    heavy = P * (COLLEAGUE + prep.max_pen) + 1
    src = 0
    node = 1 + P
    seat_node: dict[tuple[int, int], int] = {}
    table_node = {}
    arcs: list[tuple[int, int, int, int]] = []
    tail: list[tuple[int, int, int, int]] = []
    free_c = [0] * C
    for p in free:
        free_c[prep.cat[p]] += 1
    for t in range(T):
        table_node[t] = node
        node += 1
    for m in range(M):
        for c in range(C):
            if not free_c[c] or not tables_in[m]:
                continue
            seat_node[(m, c)] = node
            node += 1
            for t in tables_in[m]:
                room = sizes[t] - sum(low[t])
                if room <= 0:
                    continue
                e = sizes[t] * tot[c]
                j, left = low[t][c], min(room, free_c[c])
                while left > 0 and N * j < e:
                    tail.append((node - 1, table_node[t], 1,
                                 heavy * (abs(N * (j + 1) - e) - abs(N * j - e))))
                    j += 1
                    left -= 1
                if left > 0:
                    tail.append((node - 1, table_node[t], left, heavy * N))
    org_node: dict[tuple[int, int, int], int] = {}
    owner: list[tuple[int, int] | None] = []
    for i, p in enumerate(free):
        arcs.append((src, 1 + i, 1, 0))
        owner.append(None)
        c, o = prep.cat[p], prep.org[p]
        for m in range(M):
            sn = seat_node.get((m, c))
            if sn is None:
                continue
            cost = pen[p][rep_table[m]]
            if o >= 0:
                key = (o, m, c)
                if key not in org_node:
                    room = sum(1 for t in tables_in[m] if (o, t) not in fixed_org)
                    org_node[key] = node
                    node += 1
                    tail.append((node - 1, sn, room, 0))
                arcs.append((1 + i, org_node[key], 1, cost))
                owner.append((i, m))
                arcs.append((1 + i, sn, 1, cost + COLLEAGUE))
            else:
                arcs.append((1 + i, sn, 1, cost))
            owner.append((i, m))
    sink = node
    for t in range(T):
        room = sizes[t] - sum(low[t])
        if room > 0:
            tail.append((table_node[t], sink, room, 0))
    n_arcs = len(arcs)
    arcs.extend(tail)
    owner.extend([None] * len(tail))
    flow, _cost, on = min_cost_flow(sink + 1, arcs, src, sink, P)
    if flow < P:
        return None
    topic_of = [-1] * n
    for o, f in zip(owner, on):
        if o is not None and f:
            topic_of[free[o[0]]] = o[1]
    # the sector counts the flow chose per table
    slots = [[0] * C for _ in range(T)]
    rev_seat = {v: k for k, v in seat_node.items()}
    rev_table = {v: t for t, v in table_node.items()}
    for (u, v, _cap, _cost), f in zip(arcs[n_arcs:], on[n_arcs:]):
        if f and u in rev_seat and v in rev_table:
            slots[rev_table[v]][rev_seat[u][1]] += f

    # (2) within each topic: people -> [organisation, table, sector] -> (table, sector)
    row = [-1] * n
    for p in range(n):
        if prep.present[r][p] and fx[p] >= 0:
            row[p] = fx[p]
    for m in range(M):
        people = [p for p in free if topic_of[p] == m]
        if not people:
            continue
        ts = tables_in[m]
        arcs = []
        owner2: list[tuple[int, int] | None] = []
        node = 1 + len(people)
        slot_node: dict[tuple[int, int], int] = {}
        tail = []
        for t in ts:
            for c in range(C):
                if slots[t][c] > 0:
                    slot_node[(t, c)] = node
                    node += 1
                    tail.append((node - 1, -1, slots[t][c]))
        org_node2: dict[tuple[int, int, int], int] = {}
        for i, p in enumerate(people):
            arcs.append((0, 1 + i, 1, 0))
            owner2.append(None)
            c, o = prep.cat[p], prep.org[p]
            for t in ts:
                sn = slot_node.get((t, c))
                if sn is None:
                    continue
                apart = sum(1 for q in prep.apart[p] if row[q] == t)
                if o >= 0 and (o, t) not in fixed_org:
                    key = (o, t, c)
                    if key not in org_node2:
                        org_node2[key] = node
                        node += 1
                        tail.append((node - 1, sn, 1))
                    arcs.append((1 + i, org_node2[key], 1, apart * COLLEAGUE))
                    owner2.append((i, t))
                arcs.append((1 + i, sn, 1, (1 if o >= 0 else 0) + apart * COLLEAGUE))
                owner2.append((i, t))
        sink = node
        for u, v, cap in tail:
            arcs.append((u, sink if v < 0 else v, cap, 0))
            owner2.append(None)
        flow, _cost, on = min_cost_flow(sink + 1, arcs, 0, sink, len(people))
        if flow < len(people):
            return None
        for o2, f in zip(owner2, on):
            if o2 is not None and f:
                row[people[o2[0]]] = o2[1]
    return {r: row}


# --------------------------------------------------------------------------- keep-together groups
# A keep-together group sits at one table, so the flows, which move people one by one, cannot
# carry it.  The starts seat the groups first, as one unit each: at the topic its members want
# most together (the sum of their penalties), at a table of that topic with room for each
# member's sector, then treat the members like hosts.  Groups are few (couples, an
# interpreter with guests), so deciding them first costs the flows next to nothing.


def _loose_groups(prep: Prepared, rounds: list[int]) -> list[list[int]]:
    """The keep-together groups the start places: all members present in ``rounds`` and none
    fixed (a fixed member has already pulled the group to their table in ``prepare``)."""
    return [g for g in prep.blocks
            if all(prep.present[r][p] and prep.fixed[r][p] < 0 for r in rounds for p in g)]


def _group_cost(prep: Prepared, g: list[int], tables_in: list[list[int]]) -> list[int]:
    """The group's topic penalty at each topic group (sum over members), a huge one where
    the topic has no table."""
    pen = prep.pen
    return [sum(pen[p][ts[0]] for p in g) if ts else 1 << 30 for ts in tables_in]


def _table_dev(x: list[int], size: int, tot: list[int], N: int) -> int:
    return sum(abs(N * x[c] - size * tot[c]) for c in range(len(tot)))


def _make_room(cnt: list[list[int]], rem: list[list[int]], sizes: list[int], t: int,
               need: dict[int, int], tot: list[int], N: int) -> None:
    """Give table t a free seat of every sector the group ``need``s by trading seats with
    other tables: t takes a seat of sector c from t2 and gives t2 one of a sector c2 it has
    spare.  Sizes stay; the trade with the least added deviation is taken, none at all
    where the two tables differ only in which of them has the extra seat of c and c2."""
    for c, k in need.items():
        while rem[t][c] < k:
            best = None
            for t2 in range(len(cnt)):
                if t2 == t or rem[t2][c] <= 0:
                    continue
                for c2 in range(len(tot)):
                    if c2 == c or rem[t][c2] - need.get(c2, 0) <= 0:
                        continue
                    before = (_table_dev(cnt[t], sizes[t], tot, N)
                              + _table_dev(cnt[t2], sizes[t2], tot, N))
                    a = list(cnt[t])
                    b = list(cnt[t2])
                    a[c] += 1
                    a[c2] -= 1
                    b[c] -= 1
                    b[c2] += 1
                    d = _table_dev(a, sizes[t], tot, N) + _table_dev(b, sizes[t2], tot, N) - before
                    if best is None or d < best[0]:
                        best = (d, t2, c2)
            if best is None:
                return
            _d, t2, c2 = best
            for arr in (cnt, rem):
                arr[t][c] += 1
                arr[t][c2] -= 1
                arr[t2][c] -= 1
                arr[t2][c2] += 1


def _round_totals(prep: Prepared, r: int) -> tuple[list[int], int]:
    tot = [0] * len(prep.cats)
    for p in range(prep.n):
        if prep.present[r][p]:
            tot[prep.cat[p]] += 1
    return tot, sum(tot) or 1


def _pick_table(prep: Prepared, g: list[int], candidates: list[tuple[int, int]],
                rem: list[list[int]], at: list[list[int]], avoid: set[int], cost: list[int],
                rng: random.Random) -> tuple[int, int] | None:
    """The (topic, table) among ``candidates`` for group ``g`` with the fewest keep-apart
    partners, then missing sector seats, colleagues, tables it sat at before (``avoid``:
    meeting that host again) and topic cost; ``at[t]`` are the people already there."""
    need = Counter(prep.cat[p] for p in g)
    orgs = Counter(prep.org[p] for p in g if prep.org[p] >= 0)
    apart = {q for p in g for q in prep.apart[p]}
    best, best_key = None, None
    for m, t in candidates:
        if sum(rem[t]) < len(g):
            continue
        key = (sum(1 for q in at[t] if q in apart),
               sum(max(0, k - rem[t][c]) for c, k in need.items()),
               sum(orgs.get(prep.org[q], 0) for q in at[t] if prep.org[q] >= 0),
               t in avoid, cost[m], rng.random())
        if best_key is None or key < best_key:
            best, best_key = (m, t), key
    return best


def _place_groups_rounds(prep: Prepared, comps: dict[int, Composition],
                         counts: dict[int, list[list[int]]], groups: list[list[int]],
                         tables_in: list[list[int]], cells: list[int], rng: random.Random
                         ) -> dict[int, list[tuple[list[int], int]]] | None:
    """Seat each keep-together group in every planned round before the flows of
    ``topic_start``: the topics the members want most together (least summed penalty),
    a topic a second time only while it has a return cell (the whole group takes one, it
    meets itself anyway), never three times; in each round the table of that topic where
    the members' sectors have seats (traded in from other tables where needed, see
    ``_make_room``), no colleague or keep-apart partner sits and the group has not sat.
    Updates ``counts`` and ``cells``; None if a group cannot be seated."""
    planned = prep.planned
    T, C, M = len(prep.caps), len(prep.cats), len(tables_in)
    R = len(planned)
    rem = {}
    at: dict[int, list[list[int]]] = {}
    for r in planned:
        rem[r] = [list(row) for row in counts[r]]
        at[r] = [[] for _ in range(T)]
        for p in range(prep.n):
            t = prep.fixed[r][p]
            if t >= 0:
                rem[r][t][prep.cat[p]] -= 1
                at[r][t].append(p)
    out: dict[int, list[tuple[list[int], int]]] = {r: [] for r in planned}
    order = list(groups)
    rng.shuffle(order)
    order.sort(key=len, reverse=True)
    for g in order:
        cost = _group_cost(prep, g, tables_in)
        seen = [0] * M
        seq = []
        for _ in range(R):
            options = [m for m in range(M) if tables_in[m] and seen[m] < 2
                       and (seen[m] == 0 or m == M - 1 or cells[m] > 0)]
            if not options:
                options = [m for m in range(M) if tables_in[m]]
            m = min(options, key=lambda m: (cost[m], seen[m], rng.random()))
            seen[m] += 1
            if seen[m] == 2 and m < M - 1:
                cells[m] -= 1
            seq.append(m)
        rng.shuffle(seq)
        need = Counter(prep.cat[p] for p in g)
        sat: set[int] = set()
        for r, m in zip(planned, seq):
            sizes = comps[r].sizes
            tot, N = _round_totals(prep, r)
            pick = _pick_table(prep, g, [(m, t) for t in tables_in[m]], rem[r], at[r], sat,
                               cost, rng)
            if pick is None:  # no table of the topic has room: any table
                pick = _pick_table(prep, g, [(m2, t) for m2 in range(M)
                                             for t in tables_in[m2]],
                                   rem[r], at[r], sat, cost, rng)
            if pick is None:
                return None
            t = pick[1]
            _make_room(counts[r], rem[r], sizes, t, dict(need), tot, N)
            if any(rem[r][t][c] < k for c, k in need.items()):
                return None
            for p in g:
                rem[r][t][prep.cat[p]] -= 1
            at[r][t].extend(g)
            sat.add(t)
            out[r].append((g, t))
    return out
