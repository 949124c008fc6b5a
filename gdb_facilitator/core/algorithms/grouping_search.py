"""Construction and local search for the seating plan.

Costs are one integer, the goals weighted so that one move can never trade a higher goal for
a lower one (keep-apart > sector mix > colleagues > repeat encounters > topic choices).  The
sector mix is otherwise never allowed to get worse: the construction starts at the exact optimum
of each round (``grouping_flow``) and the search only makes moves that keep or improve it, which
swaps of two people of the same sector always do.  A keep-apart pair is a promise to people
(a manager and their team), so it comes first: a move that parts such a pair may cost mix.

Keep-together groups (an interpreter with guests) move as one: a group trades places with as
many people at another table, or with one fewer or more where the table sizes allow.

The search is a tabu search on "conflicted" people (a colleague, a keep-apart partner or a
person already met at their table, or a missed topic): such a person is swapped with somebody at
another table of the same round (or moved to a smaller table when the sizes allow it), the best
move that is not tabu wins even when it is worse, and moving back is tabu for a few iterations.
"""

from __future__ import annotations

import random
from collections import Counter
from typing import Callable

from gdb_facilitator.core.algorithms.grouping_flow import Composition
from gdb_facilitator.core.algorithms.grouping_model import InfeasibleSeating, Prepared
from gdb_facilitator.core.algorithms.grouping_bounds import round_totals

__all__ = ["Weights", "State", "construct", "search"]

TENURE = (3, 8)
BATCH_EVALS = 240
BATCH_MAX = 12
GROUP_TABLES = 6  # tables a keep-together group is tried at in one search step
HANDOVER_STALL = 1000  # steps without a better plan before ``settled`` is asked to take over


class Weights:
    """Lexicographic weights: each exceeds the largest change one move makes in the levels below."""

    def __init__(self, prep: Prepared) -> None:
        max_size = max(prep.caps)
        # a group move changes up to 2k+1 seats where a swap changes two
        f = max((len(g) for g in prep.blocks), default=0) + 1
        self.top = 1
        self.rep = (2 * prep.max_pen + 1) * f
        self.org = self.rep * (4 * max_size + 2) * f
        self.sec = self.org * (4 * max_size + 2) * f
        # one seat moved changes a table's scaled deviation by at most 3N (two categories by
        # N each, the size term by N), at two tables
        self.apart = self.sec * (6 * prep.n * (2 * max_size + 2) + 1)


class State:
    """A full assignment with its running cost parts and the counters that make deltas O(table)."""

    def __init__(self, prep: Prepared, comps: dict[int, Composition], w: Weights) -> None:
        self.prep = prep
        self.w = w
        n, R, T, C = prep.n, prep.rounds, len(prep.caps), len(prep.cats)
        self.T = T
        self.C = C
        self.tab = [[-1] * n for _ in range(R)]
        self.members: list[list[list[int]]] = [[[] for _ in range(T)] for _ in range(R)]
        self.orgc: list[list[dict[int, int]]] = [[{} for _ in range(T)] for _ in range(R)]
        self.secc = [[[0] * C for _ in range(T)] for _ in range(R)]
        self.meet: list[dict[int, int]] = [{} for _ in range(n)]
        self.totals = [round_totals(prep, r) for r in range(R)]
        self.N = [sum(t) or 1 for t in self.totals]
        self.is_planned = [False] * R
        for r in prep.planned:
            self.is_planned[r] = True
        self.comps = comps
        # sizes only move between "eligible" tables, from a table at q+1 to one at q
        self.q = [0] * R
        self.eligible = [[False] * T for _ in range(R)]
        for r, c in comps.items():
            self.q[r] = c.q
            self.eligible[r] = list(c.eligible)
        self.sec_r = [0] * R
        self.org_cost = 0
        self.apart_cost = 0
        self.rep_cost = 0
        self.top_cost = 0
        self.pen = prep.pen
        # With ``hold_topics`` no move may lower the number of people at a first or second
        # choice (penalty 0 or 1): used while repairing a plan built for the topics.
        self.hold_topics = False
        # In a keep-together group, colleagues and meeting again among its members are
        # forced, and its members may want different topics: only what a move of the whole
        # group could change marks a member as conflicted.
        self.own_org = [1] * n
        self.group_pen = [0] * len(prep.blocks)
        for bi, g in enumerate(prep.blocks):
            orgs = Counter(prep.org[p] for p in g)
            for p in g:
                self.own_org[p] = orgs[prep.org[p]]
            if self.pen is not None:
                self.group_pen[bi] = min(sum(self.pen[p][t] for p in g) for t in range(T))

    # ------------------------------------------------------------------ bookkeeping
    def total(self) -> int:
        w = self.w
        return (w.sec * sum(self.sec_r) + w.apart * self.apart_cost + w.org * self.org_cost
                + w.rep * self.rep_cost + w.top * self.top_cost)

    def table_sec(self, r: int, t: int) -> int:
        N = self.N[r]
        tot = self.totals[r]
        s = len(self.members[r][t])
        x = self.secc[r][t]
        return sum(abs(N * x[c] - s * tot[c]) for c in range(self.C))

    def place(self, r: int, p: int, t: int) -> None:
        prep = self.prep
        planned = self.is_planned[r]
        if planned:
            self.sec_r[r] -= self.table_sec(r, t)
        mem = self.members[r][t]
        mp = self.meet[p]
        meet = self.meet
        rep = 0
        for m in mem:
            k = mp.get(m, 0) + 1
            mp[m] = k
            meet[m][p] = k
            if k >= 2:
                rep += 1
        self.rep_cost += rep
        mem.append(p)
        self.tab[r][p] = t
        self.secc[r][t][prep.cat[p]] += 1
        o = prep.org[p]
        if o >= 0:
            oc = self.orgc[r][t]
            k = oc.get(o, 0)
            oc[o] = k + 1
            if planned:
                self.org_cost += k
        if planned:
            tr = self.tab[r]
            for q in prep.apart[p]:
                if tr[q] == t:
                    self.apart_cost += 1
            self.sec_r[r] += self.table_sec(r, t)
            if self.pen is not None:
                self.top_cost += self.pen[p][t]

    def remove(self, r: int, p: int) -> None:
        prep = self.prep
        planned = self.is_planned[r]
        t = self.tab[r][p]
        if planned:
            self.sec_r[r] -= self.table_sec(r, t)
        mem = self.members[r][t]
        mem.remove(p)
        self.tab[r][p] = -1
        mp = self.meet[p]
        meet = self.meet
        rep = 0
        for m in mem:
            k = mp[m]
            if k >= 2:
                rep += 1
            if k == 1:
                del mp[m]
                del meet[m][p]
            else:
                mp[m] = k - 1
                meet[m][p] = k - 1
        self.rep_cost -= rep
        self.secc[r][t][prep.cat[p]] -= 1
        o = prep.org[p]
        if o >= 0:
            oc = self.orgc[r][t]
            k = oc[o] - 1
            if k:
                oc[o] = k
            else:
                del oc[o]
            if planned:
                self.org_cost -= k
        if planned:
            tr = self.tab[r]
            for q in prep.apart[p]:
                if tr[q] == t:
                    self.apart_cost -= 1
            self.sec_r[r] += self.table_sec(r, t)
            if self.pen is not None:
                self.top_cost -= self.pen[p][t]

    # ------------------------------------------------------------------ move evaluation
    def swap_delta(self, r: int, a: int, b: int) -> int | None:
        """Cost change of swapping a and b (at different tables) in round r; None if the sector
        mix would get worse."""
        prep = self.prep
        w = self.w
        tr = self.tab[r]
        A = tr[a]
        B = tr[b]
        d = 0
        ap = prep.apart
        dd = 0
        if ap[a] or ap[b]:
            for q in ap[a]:
                tq = tr[q]
                if tq == A:
                    dd -= 1
                elif tq == B and q != b:
                    dd += 1
            for q in ap[b]:
                tq = tr[q]
                if tq == B:
                    dd -= 1
                elif tq == A and q != a:
                    dd += 1
            d += w.apart * dd
        ca = prep.cat[a]
        cb = prep.cat[b]
        if ca != cb:
            N = self.N[r]
            tot = self.totals[r]
            xa = self.secc[r][A]
            xb = self.secc[r][B]
            sa = len(self.members[r][A])
            sb = len(self.members[r][B])
            ea, eb = sa * tot[ca], sa * tot[cb]
            fa, fb = sb * tot[ca], sb * tot[cb]
            ds = (abs(N * (xa[ca] - 1) - ea) - abs(N * xa[ca] - ea)
                  + abs(N * (xa[cb] + 1) - eb) - abs(N * xa[cb] - eb)
                  + abs(N * (xb[cb] - 1) - fb) - abs(N * xb[cb] - fb)
                  + abs(N * (xb[ca] + 1) - fa) - abs(N * xb[ca] - fa))
            if ds > 0 and dd >= 0:
                return None
            d += w.sec * ds
        oa = prep.org[a]
        ob = prep.org[b]
        if oa != ob:
            orgA = self.orgc[r][A]
            orgB = self.orgc[r][B]
            do = 0
            if oa >= 0:
                do += orgB.get(oa, 0) - orgA[oa] + 1
            if ob >= 0:
                do += orgA.get(ob, 0) - orgB[ob] + 1
            d += w.org * do
        memA = self.members[r][A]
        memB = self.members[r][B]
        ma = self.meet[a]
        mb = self.meet[b]
        dr = 0
        for m in memA:
            if m != a:
                if ma.get(m, 0) >= 2:
                    dr -= 1
                if mb.get(m, 0) >= 1:
                    dr += 1
        for m in memB:
            if m != b:
                if mb.get(m, 0) >= 2:
                    dr -= 1
                if ma.get(m, 0) >= 1:
                    dr += 1
        d += w.rep * dr
        pen = self.pen
        if pen is not None:
            pa = pen[a]
            pb = pen[b]
            if self.hold_topics and (pa[B] <= 1) + (pb[A] <= 1) < (pa[A] <= 1) + (pb[B] <= 1):
                return None
            d += pa[B] - pa[A] + pb[A] - pb[B]
        return d

    def move_delta(self, r: int, a: int, B: int) -> int | None:
        """Cost change of moving a to table B (sizes already checked); None if the mix gets worse."""
        prep = self.prep
        w = self.w
        tr = self.tab[r]
        A = tr[a]
        ca = prep.cat[a]
        N = self.N[r]
        tot = self.totals[r]
        xa = self.secc[r][A]
        xb = self.secc[r][B]
        sa = len(self.members[r][A])
        sb = len(self.members[r][B])
        ds = 0
        for c in range(self.C):
            na = xa[c] - (1 if c == ca else 0)
            nb = xb[c] + (1 if c == ca else 0)
            ds += (abs(N * na - (sa - 1) * tot[c]) - abs(N * xa[c] - sa * tot[c])
                   + abs(N * nb - (sb + 1) * tot[c]) - abs(N * xb[c] - sb * tot[c]))
        dd = 0
        for q in prep.apart[a]:
            if tr[q] == A:
                dd -= 1
            elif tr[q] == B:
                dd += 1
        if ds > 0 and dd >= 0:
            return None
        d = w.sec * ds + w.apart * dd
        oa = prep.org[a]
        if oa >= 0:
            d += w.org * (self.orgc[r][B].get(oa, 0) - self.orgc[r][A][oa] + 1)
        ma = self.meet[a]
        dr = 0
        for m in self.members[r][A]:
            if m != a and ma.get(m, 0) >= 2:
                dr -= 1
        for m in self.members[r][B]:
            if ma.get(m, 0) >= 1:
                dr += 1
        d += w.rep * dr
        if self.pen is not None:
            if self.hold_topics and self.pen[a][B] > 1 >= self.pen[a][A]:
                return None
            d += self.pen[a][B] - self.pen[a][A]
        return d

    def apply_group(self, r: int, group: list[int], singles: list[int], B: int) -> int:
        """Move ``group`` (one keep-together block, all at one table A) to table B and
        ``singles`` (people at B) to A.  Returns A."""
        A = self.tab[r][group[0]]
        self._seat_both(r, group, B, singles, A)
        return A

    def _seat_both(self, r: int, group: list[int], g_table: int, singles: list[int], s_table: int) -> None:
        # everybody leaves first: the group and the singles may trade the same two tables
        for x in group + singles:
            self.remove(r, x)
        for x in group:
            self.place(r, x, g_table)
        for x in singles:
            self.place(r, x, s_table)

    def group_delta(self, r: int, group: list[int], singles: list[int], B: int) -> int | None:
        """Cost change of ``apply_group``, found by making the move and taking it back: the
        move touches several people at two tables, and the running totals make that exact
        (sector mix, keep-apart, colleagues, repeats over all rounds, topics).  None if the
        sector mix would get worse, or (with ``hold_topics``) fewer people would sit at a
        first or second choice."""
        before = self.total()
        sec_before = self.sec_r[r]
        apart_before = self.apart_cost
        pen = self.pen
        held = 0
        if pen is not None and self.hold_topics:
            tr = self.tab[r]
            held = sum(1 for x in group + singles if pen[x][tr[x]] <= 1)
        A = self.apply_group(r, group, singles, B)
        d: int | None = self.total() - before
        if self.sec_r[r] > sec_before and self.apart_cost >= apart_before:
            d = None
        elif pen is not None and self.hold_topics:
            tr = self.tab[r]
            if sum(1 for x in group + singles if pen[x][tr[x]] <= 1) < held:
                d = None
        self._seat_both(r, group, A, singles, B)  # take it back
        return d

    def conflicted(self, r: int, p: int, sec_hot: bool) -> bool:
        prep = self.prep
        t = self.tab[r][p]
        o = prep.org[p]
        bi = prep.block_of[p]
        if o >= 0 and self.orgc[r][t][o] > self.own_org[p]:
            return True
        tr = self.tab[r]
        for q in prep.apart[p]:
            if tr[q] == t:
                return True
        mp = self.meet[p]
        bo = prep.block_of
        for m in self.members[r][t]:
            if m != p and mp.get(m, 0) >= 2 and (bi < 0 or bo[m] != bi):
                return True
        if self.pen is not None:
            if bi < 0:
                if self.pen[p][t] > 0:
                    return True
            elif sum(self.pen[m][t] for m in prep.blocks[bi]) > self.group_pen[bi]:
                return True
        if sec_hot:
            c = prep.cat[p]
            if self.N[r] * self.secc[r][t][c] > len(self.members[r][t]) * self.totals[r][c]:
                return True
        return False


def construct(st: State, rng: random.Random,
              preset: dict[int, list[int]] | None = None) -> None:
    """Fixed seats first, then round by round keep-together groups and everybody else greedily:
    each person takes a seat their sector still has at a table (the counts come from the exact
    mix), preferring no keep-apart partner, no colleague, nobody met before, a wanted topic.

    ``preset`` gives whole rounds (table index per person) that are taken as they are; the
    caller vouches that they keep the round's sizes and sector counts."""
    prep = st.prep
    w = st.w
    n, R, T, C = prep.n, prep.rounds, st.T, st.C
    for r in range(R):
        for p in range(n):
            if prep.present[r][p] and prep.fixed[r][p] >= 0:
                st.place(r, p, prep.fixed[r][p])
    org_size = Counter(o for o in prep.org if o >= 0)
    for r in prep.planned:
        if preset and r in preset:
            row = preset[r]
            for p in range(n):
                if prep.present[r][p] and st.tab[r][p] < 0:
                    st.place(r, p, row[p])
            continue
        comp = st.comps[r]
        slots = [[comp.counts[t][c] - st.secc[r][t][c] for c in range(C)] for t in range(T)]
        room = [comp.sizes[t] - len(st.members[r][t]) for t in range(T)]
        tr = st.tab[r]
        pen = st.pen

        def met_at(p: int) -> dict[int, int]:
            out: dict[int, int] = {}
            for m in st.meet[p]:
                tm = tr[m]
                if tm >= 0:
                    out[tm] = out.get(tm, 0) + 1
            return out

        blocks = [g for g in prep.blocks if tr[g[0]] < 0 and all(prep.present[r][p] for p in g)]
        rng.shuffle(blocks)
        blocks.sort(key=len, reverse=True)
        for g in blocks:
            need = Counter(prep.cat[p] for p in g)
            best, best_key, ties = -1, None, 0
            # The balanced sizes may leave no table two free seats (latecomers spread one a
            # table); then a table with the chairs takes the group, one more than balanced.
            fits = [t for t in range(T) if room[t] >= len(g)]
            if not fits:
                fits = [t for t in range(T)
                        if prep.caps[t] - len(st.members[r][t]) >= len(g)]
            for t in fits:
                over = sum(max(0, k - slots[t][c]) for c, k in need.items())
                key = over * w.sec
                for p in g:
                    o = prep.org[p]
                    if o >= 0:
                        key += w.org * st.orgc[r][t].get(o, 0)
                    key += w.apart * sum(1 for q in prep.apart[p] if tr[q] == t)
                    key += w.rep * sum(1 for m in st.members[r][t] if st.meet[p].get(m, 0))
                    if pen is not None:
                        key += pen[p][t]
                if best_key is None or key < best_key:
                    best, best_key, ties = t, key, 1
                elif key == best_key:
                    ties += 1
                    if rng.randrange(ties) == 0:
                        best = t
            if best < 0:
                raise InfeasibleSeating("together_no_room", round=r + 1,
                                        people=[prep.ids[p] for p in g])
            for p in g:
                st.place(r, p, best)
                slots[best][prep.cat[p]] -= 1
                room[best] -= 1

        singles = [p for p in range(n) if prep.present[r][p] and tr[p] < 0]
        keys = {p: rng.random() for p in singles}
        singles.sort(key=lambda p: (-len(prep.apart[p]), -org_size.get(prep.org[p], 0), keys[p]))
        open_t = [t for t in range(T) if room[t] > 0]
        for p in singles:
            c = prep.cat[p]
            o = prep.org[p]
            met = met_at(p)
            ap = prep.apart[p]
            pp = pen[p] if pen is not None else None
            best, best_key, ties = -1, None, 0
            orgc = st.orgc[r]
            for t in open_t:
                if room[t] <= 0:
                    continue
                key = 0 if slots[t][c] > 0 else w.sec
                if o >= 0:
                    key += w.org * orgc[t].get(o, 0)
                if ap:
                    for q in ap:
                        if tr[q] == t:
                            key += w.apart
                key += w.rep * met.get(t, 0)
                if pp is not None:
                    key += pp[t]
                if best_key is None or key < best_key:
                    best, best_key, ties = t, key, 1
                elif key == best_key:
                    ties += 1
                    if rng.randrange(ties) == 0:
                        best = t
            if best < 0:
                # a group took a seat beyond the balanced sizes: the next chair free
                best = min((t for t in range(T) if len(st.members[r][t]) < prep.caps[t]),
                           key=lambda t: len(st.members[r][t]))
            st.place(r, p, best)
            slots[best][c] -= 1
            room[best] -= 1
            if room[best] == 0 and best in open_t:
                open_t.remove(best)


def search(st: State, rng: random.Random, target: int, out_of_time: Callable[[int], bool],
           max_iterations: int | None = None,
           settled: Callable[[State, bool], bool] | None = None,
           give_up: int | None = None) -> tuple[list[list[int]], int, int, str]:
    """Tabu search from the current state.  Returns (best tables per round, its cost,
    iterations, why it stopped).

    ``settled(state, stalled)`` is asked whenever the best plan improves (with the state at
    that plan) and when the search stalls; when it says yes the search stops with reason
    "settled", so that a more specialised phase can take over from the best plan.

    ``give_up``: stop with reason "stalled" after that many steps without a better plan
    (a budget that scales with the problem, for starts that are already close to the best);
    the shakes of a stuck search happen within it, a shake does not restart the count."""
    prep = st.prep
    n, T = prep.n, st.T
    planned = prep.planned
    movable = {r: [p for p in range(n) if prep.present[r][p] and prep.fixed[r][p] < 0
                   and prep.block_of[p] < 0] for r in planned}
    by_cat = {r: [[p for p in movable[r] if prep.cat[p] == c] for c in range(st.C)]
              for r in planned}
    # keep-together groups move as one: all members present and none fixed (a fixed member
    # fixes the whole group in ``prepare``)
    gmov = {r: [bi for bi, g in enumerate(prep.blocks)
                if all(prep.present[r][p] and prep.fixed[r][p] < 0 for p in g)] for r in planned}
    is_mov = [[False] * n for _ in range(prep.rounds)]
    for r in planned:
        for p in movable[r]:
            is_mov[r][p] = True
        for bi in gmov[r]:
            for p in prep.blocks[bi]:
                is_mov[r][p] = True
    rounds = [r for r in planned if len(movable[r]) >= 1]
    cost = st.total()
    best_cost = cost
    best_tab = [list(row) for row in st.tab]
    if cost <= target or not rounds:
        return best_tab, best_cost, 0, "bounds" if cost <= target else "nothing_to_move"
    if settled is not None and settled(st, False):
        return best_tab, best_cost, 0, "settled"
    best_would_settle = settled is not None and settled(st, True)
    sec_lb = {r: (st.comps[r].cost if st.comps[r].exact else st.comps[r].free_bound)
              for r in planned}
    full_scan = 150  # up to this many movable people a round, try all of them as partners
    per_pick = max(1, min(full_scan, max(len(m) for m in movable.values())))
    batch = max(1, min(BATCH_MAX, BATCH_EVALS // per_pick))
    tabu: dict[int, int] = {}
    btabu: dict[tuple[int, int, int], int] = {}  # (round, block, table it left) -> until
    tenure, tenure_spread = TENURE
    pool: list[tuple[int, int]] = []
    it = 0
    last_best = 0  # last better plan or shake
    last_gain = 0  # last better plan: what ``give_up`` counts from, across shakes
    stall = max(3000, 20 * sum(len(m) for m in movable.values()))
    rebuild_at = 0

    def rebuild() -> None:
        pool.clear()
        for r in rounds:
            hot = st.sec_r[r] > sec_lb[r]
            for p in movable[r]:
                if st.conflicted(r, p, hot):
                    pool.append((r, p))
            for bi in gmov[r]:
                for p in prep.blocks[bi]:
                    if st.conflicted(r, p, hot):
                        pool.append((r, p))

    reason = "time"
    while True:
        if max_iterations is not None and it >= max_iterations:
            reason = "iterations"
            break
        if it % 32 == 0 and out_of_time(it):
            reason = "time"
            break
        it += 1
        if it >= rebuild_at or not pool:
            rebuild()
            rebuild_at = it + 500
            if not pool:
                reason = "no_conflicts"
                break
        # Look at a few conflicted people (stale pool entries are dropped on the way) and
        # take the best non-tabu move of any of them: one person alone rarely has an
        # improving move, the best of several usually does.
        picks: list[tuple[int, int]] = []
        tries = 0
        while len(picks) < batch and pool and tries < 4 * batch:
            tries += 1
            i = rng.randrange(len(pool))
            r, p = pool[i]
            if st.conflicted(r, p, st.sec_r[r] > sec_lb[r]):
                picks.append((r, p))
            else:
                pool[i] = pool[-1]
                pool.pop()
        if not picks:
            rebuild()
            rebuild_at = it + 500
            if not pool:
                reason = "no_conflicts"
                break
            picks.append(pool[rng.randrange(len(pool))])
        best_d = None
        best_move = None
        ties = 0
        aspire = best_cost - cost
        tried_groups: set[tuple[int, int]] = set()
        for r, p in picks:
            tr = st.tab[r]
            A = tr[p]
            bi = prep.block_of[p]
            if bi >= 0:
                if (r, bi) in tried_groups:
                    continue
                tried_groups.add((r, bi))
                for d, B, singles in _group_moves(st, rng, r, prep.blocks[bi], is_mov[r]):
                    # only moves that make the plan better: a group trades places with
                    # several people, and as a step through worse plans it churns theirs
                    if d >= 0 or (btabu.get((r, bi, B), 0) > it and d >= aspire):
                        continue
                    move = (r, p, -1, B, singles)
                    if best_d is None or d < best_d:
                        best_d, best_move, ties = d, move, 1
                    elif d == best_d:
                        ties += 1
                        if rng.randrange(ties) == 0:
                            best_move = move
                continue
            mov = movable[r]
            if len(mov) <= full_scan:
                cands = mov
            else:
                same = by_cat[r][prep.cat[p]]
                cands = [same[rng.randrange(len(same))] for _ in range(40)]
                cands += [mov[rng.randrange(len(mov))] for _ in range(12)]
            base = (r * n + p) * T
            for b in cands:
                B = tr[b]
                if B == A:
                    continue
                d = st.swap_delta(r, p, b)
                if d is None:
                    continue
                if (tabu.get(base + B, 0) > it or tabu.get((r * n + b) * T + A, 0) > it) \
                        and d >= aspire:
                    continue
                if best_d is None or d < best_d:
                    best_d, best_move, ties = d, (r, p, b, B, None), 1
                elif d == best_d:
                    ties += 1
                    if rng.randrange(ties) == 0:
                        best_move = (r, p, b, B, None)
            q = st.q[r]
            elig = st.eligible[r]
            if elig[A] and len(st.members[r][A]) == q + 1:
                for B in range(T):
                    if B == A or not elig[B] or len(st.members[r][B]) != q:
                        continue
                    d = st.move_delta(r, p, B)
                    if d is None:
                        continue
                    if tabu.get(base + B, 0) > it and d >= aspire:
                        continue
                    if best_d is None or d < best_d:
                        best_d, best_move, ties = d, (r, p, -1, B, None), 1
                    elif d == best_d:
                        ties += 1
                        if rng.randrange(ties) == 0:
                            best_move = (r, p, -1, B, None)
        if best_move is None:
            continue
        r, p, b, B, singles = best_move
        A = st.tab[r][p]
        if singles is not None:
            group = prep.blocks[prep.block_of[p]]
            st.apply_group(r, group, singles, B)
            btabu[(r, prep.block_of[p], A)] = it + tenure + rng.randrange(tenure_spread)
            for x in singles:
                tabu[(r * n + x) * T + B] = it + tenure + rng.randrange(tenure_spread)
            movers = list(group) + list(singles)
        else:
            base = (r * n + p) * T
            st.remove(r, p)
            if b >= 0:
                st.remove(r, b)
                st.place(r, b, A)
                tabu[(r * n + b) * T + B] = it + tenure + rng.randrange(tenure_spread)
                pool.append((r, b))
            st.place(r, p, B)
            tabu[base + A] = it + tenure + rng.randrange(tenure_spread)
            movers = [p, b]
        cost += best_d
        mv = is_mov[r]
        for m in st.members[r][A]:
            if mv[m]:
                pool.append((r, m))
        for m in st.members[r][B]:
            if mv[m]:
                pool.append((r, m))
        # who the movers meet changed, so their tables in the other rounds may have new
        # (or fewer) repeat encounters
        for x in movers:
            if x < 0:
                continue
            for r2 in rounds:
                if r2 == r:
                    continue
                t2 = st.tab[r2][x]
                if t2 >= 0:
                    mv2 = is_mov[r2]
                    for m in st.members[r2][t2]:
                        if mv2[m]:
                            pool.append((r2, m))
        if cost < best_cost:
            best_cost = cost
            best_tab = [list(row) for row in st.tab]
            last_best = last_gain = it
            if cost <= target:
                reason = "bounds"
                break
            if settled is not None:
                if settled(st, False):
                    reason = "settled"
                    break
                best_would_settle = settled(st, True)
        elif best_would_settle and it - last_best >= HANDOVER_STALL:
            _restore(st, best_tab)
            cost = best_cost
            reason = "settled"
            break
        elif give_up is not None and it - last_gain >= give_up:
            reason = "stalled"
            break
        elif it - last_best > stall:
            # stuck: go back to the best plan and shake it with a few random same-sector swaps
            _restore(st, best_tab)
            cost = best_cost
            for _ in range(2 + rng.randrange(4)):
                r2 = rounds[rng.randrange(len(rounds))]
                c2 = by_cat[r2][prep.cat[movable[r2][rng.randrange(len(movable[r2]))]]]
                if len(c2) < 2:
                    continue
                a2, b2 = c2[rng.randrange(len(c2))], c2[rng.randrange(len(c2))]
                A2, B2 = st.tab[r2][a2], st.tab[r2][b2]
                if A2 == B2:
                    continue
                d = st.swap_delta(r2, a2, b2)
                if d is None:
                    continue
                st.remove(r2, a2)
                st.remove(r2, b2)
                st.place(r2, a2, B2)
                st.place(r2, b2, A2)
                cost += d
            tabu.clear()
            btabu.clear()
            last_best = it
            rebuild_at = 0
        if len(tabu) > 200000:
            tabu = {k: v for k, v in tabu.items() if v > it}
    if cost != st.total():  # pragma: no cover - the deltas and the bookkeeping disagree
        raise AssertionError("incremental cost drifted")
    return best_tab, best_cost, it, reason


def _group_moves(st: State, rng: random.Random, r: int, group: list[int],
                 movable: list[bool]) -> list[tuple[int, int, list[int]]]:
    """Moves of one keep-together group in round r: (cost change, table, people it trades
    places with).  At each other table the group trades places with as many movable people
    there, of the group's sectors where possible (so the mix stays as it is); where the sizes
    may shift by one (a table at q+1 to one at q, as for a single move) also with one fewer
    or one more.  Hosts, fixed seats and other groups never move."""
    prep = st.prep
    k = len(group)
    A = st.tab[r][group[0]]
    q = st.q[r]
    elig = st.eligible[r]
    size_a = len(st.members[r][A])
    out = []
    # a group move is tried by making it (2k+ seats each way), so a pick looks at a few
    # tables, not all: the search comes back to a conflicted group often enough
    tables = [B for B in range(st.T) if B != A]
    if len(tables) > GROUP_TABLES:
        tables = rng.sample(tables, GROUP_TABLES)
    for B in tables:
        size_b = len(st.members[r][B])
        others = [m for m in st.members[r][B] if movable[m] and prep.block_of[m] < 0]
        rng.shuffle(others)
        chosen: list[int] = []
        rest = list(others)
        for x in group:  # a partner of the same sector for each member, where there is one
            c = prep.cat[x]
            for i, m in enumerate(rest):
                if prep.cat[m] == c:
                    chosen.append(rest.pop(i))
                    break
        for m in list(rest):
            if len(chosen) >= k:
                break
            chosen.append(m)
            rest.remove(m)
        options = []
        if len(chosen) == k:
            options.append(chosen)
        # room at B: the group takes one seat more there than it leaves at A
        if (elig[A] and elig[B] and size_a == q + 1 and size_b == q
                and size_b + 1 <= prep.caps[B] and len(chosen) >= k - 1):
            options.append(chosen[:k - 1])
        if (elig[A] and elig[B] and size_a == q and size_b == q + 1
                and len(chosen) == k and rest):
            options.append(chosen + [rest[0]])
        for singles in options:
            if size_b - len(singles) + k > prep.caps[B] or size_a - k + len(singles) > prep.caps[A]:
                continue
            d = st.group_delta(r, group, singles, B)
            if d is not None:
                out.append((d, B, singles))
    return out


def _restore(st: State, tab: list[list[int]]) -> None:
    for r in st.prep.planned:
        cur = st.tab[r]
        want = tab[r]
        moved = [p for p in range(st.prep.n) if cur[p] != want[p]]
        for p in moved:
            st.remove(r, p)
        for p in moved:
            st.place(r, p, want[p])
