"""Tabu search on repeat encounters alone, once the higher goals are settled.

When sector mix, keep-apart and colleagues are at their bounds, what is left is the repeat
count (and the topic choices below it).  The general search in ``grouping_search`` pays for
its generality with dictionaries and a delta that walks two tables; on schedules with many
rounds (the social golfer problem and its relatives) that is too slow to climb out of the
deep local minima.  This phase follows Dotú & Van Hentenryck's local search for the social
golfer problem: swap two people of different tables in one round where at least one of them
meets somebody again, take the best swap that is not tabu, and perturb the best plan when the
search stalls.

What makes it fast is that a swap's effect on repeats is read from counters instead of
recomputed.  For every round r, person y and table G the phase keeps

    known[r][y*T + G] = how many people at G in round r y meets (at least once) overall,
    again[r][y]       = how many of y's own table-mates in round r y meets more than once,

so that swapping a (at A) with b (at B) changes the repeat excess by

    known[a, B] + known[b, A] - 2 [a and b met] - again[a] - again[b].

Only swaps of two people of the same sector are made, so every table keeps the exact sector
counts the flow gave it; swaps that would change colleague pairs or keep-apart violations are
refused, so those goals stay at their bounds; topic penalties ride along below repeats.
"""

from __future__ import annotations

import random
from typing import Callable

from gdb_facilitator.core.algorithms.grouping_model import Prepared

__all__ = ["RepeatSearch", "MAX_PEOPLE"]

# The pair counters take n*n integers; above this the general search carries on alone.
MAX_PEOPLE = 700
TENURE = (5, 10)
RESTART = 6  # stalls without a better plan before a restart (where the caller offers one)
KICK_MAX = 20  # most extra random swaps of a shake
PICKS = 10  # conflicted people looked at per step; the best swap of any of them is made


class RepeatSearch:
    """Works on its own integer arrays; ``tab`` rows are the caller's plan, copied in."""

    def __init__(self, prep: Prepared, tab: list[list[int]], rounds: list[int],
                 movable: dict[int, list[int]], rep_weight: int) -> None:
        n, R, T = prep.n, prep.rounds, len(prep.caps)
        self.prep = prep
        self.n, self.R, self.T = n, R, T
        self.tab = [list(row) for row in tab]
        self.rounds = list(rounds)
        self.wr = rep_weight
        self.pen = prep.pen
        self.members = [[[] for _ in range(T)] for _ in range(R)]
        for r in range(R):
            row = self.tab[r]
            for p in range(n):
                if row[p] >= 0:
                    self.members[r][row[p]].append(p)
        cnt = [0] * (n * n)
        for r in range(R):
            for mem in self.members[r]:
                for i, x in enumerate(mem):
                    xn = x * n
                    for y in mem[i + 1:]:
                        cnt[xn + y] += 1
                        cnt[y * n + x] += 1
        self.cnt = cnt
        self.known = [[0] * (n * T) for _ in range(R)]
        self.again = [[0] * n for _ in range(R)]
        for r in self.rounds:
            kn = self.known[r]
            ag = self.again[r]
            row = self.tab[r]
            for y in range(n):
                yn = y * n
                yT = y * T
                for m in range(n):
                    if m != y and cnt[yn + m] and row[m] >= 0:
                        kn[yT + row[m]] += 1
                if row[y] >= 0:
                    ag[y] = sum(1 for m in self.members[r][row[y]]
                                if m != y and cnt[yn + m] >= 2)
        self.excess = sum(c - 1 for c in cnt if c > 1) // 2
        self.orgc = [[{} for _ in range(T)] for _ in range(R)]
        for r in range(R):
            for t in range(T):
                oc = self.orgc[r][t]
                for p in self.members[r][t]:
                    o = prep.org[p]
                    if o >= 0:
                        oc[o] = oc.get(o, 0) + 1
        self.movable = {r: list(movable[r]) for r in self.rounds}
        self.is_mov = [[False] * n for _ in range(R)]
        for r in self.rounds:
            for p in self.movable[r]:
                self.is_mov[r][p] = True
        self.same = {}
        for r in self.rounds:
            by: dict[int, list[int]] = {}
            for p in self.movable[r]:
                by.setdefault(prep.cat[p], []).append(p)
            self.same[r] = by
        self.top = 0
        if self.pen is not None:
            for r in prep.planned:
                row = self.tab[r]
                for p in range(n):
                    if row[p] >= 0:
                        self.top += self.pen[p][row[p]]

    # ------------------------------------------------------------------ bookkeeping
    def _pair(self, x: int, y: int, step: int) -> None:
        """Change how often x and y meet by ``step`` (+1 or -1) and every counter that reads it."""
        n, T = self.n, self.T
        i, j = x * n + y, y * n + x
        old = self.cnt[i]
        new = old + step
        self.cnt[i] = new
        self.cnt[j] = new
        if old > 1 or new > 1:
            self.excess += step
        tab = self.tab
        if (old == 0) != (new == 0):
            xT, yT = x * T, y * T
            for r in self.rounds:
                kn = self.known[r]
                row = tab[r]
                g = row[y]
                if g >= 0:
                    kn[xT + g] += step
                g = row[x]
                if g >= 0:
                    kn[yT + g] += step
        elif (old >= 2) != (new >= 2):
            for r in self.rounds:
                row = tab[r]
                g = row[x]
                if g >= 0 and g == row[y]:
                    ag = self.again[r]
                    ag[x] += step
                    ag[y] += step

    def _leave(self, r: int, x: int) -> None:
        T, n = self.T, self.n
        G = self.tab[r][x]
        mem = self.members[r][G]
        mem.remove(x)
        self.tab[r][x] = -1
        ag = self.again[r]
        kn = self.known[r]
        cnt = self.cnt
        xn = x * n
        for m in mem:
            if cnt[xn + m] >= 2:
                ag[m] -= 1
        ag[x] = 0
        # x no longer sits at G: everybody who knows x knows one fewer there
        for y in range(n):
            if y != x and cnt[xn + y]:
                kn[y * T + G] -= 1
        for m in mem:
            self._pair(x, m, -1)
        o = self.prep.org[x]
        if o >= 0:
            oc = self.orgc[r][G]
            oc[o] -= 1
        if self.pen is not None:
            self.top -= self.pen[x][G]

    def _join(self, r: int, x: int, G: int) -> None:
        T, n = self.T, self.n
        mem = self.members[r][G]
        for m in mem:
            self._pair(x, m, 1)
        cnt = self.cnt
        xn = x * n
        kn = self.known[r]
        for y in range(n):
            if y != x and cnt[xn + y]:
                kn[y * T + G] += 1
        ag = self.again[r]
        k = 0
        for m in mem:
            if cnt[xn + m] >= 2:
                ag[m] += 1
                k += 1
        ag[x] = k
        mem.append(x)
        self.tab[r][x] = G
        o = self.prep.org[x]
        if o >= 0:
            oc = self.orgc[r][G]
            oc[o] = oc.get(o, 0) + 1
        if self.pen is not None:
            self.top += self.pen[x][G]

    def swap(self, r: int, a: int, b: int) -> None:
        A = self.tab[r][a]
        B = self.tab[r][b]
        self._leave(r, a)
        self._leave(r, b)
        self._join(r, a, B)
        self._join(r, b, A)

    def cost(self) -> int:
        return self.wr * self.excess + self.top

    def neutral(self, r: int, a: int, b: int) -> bool:
        """True when the swap leaves colleague pairs and keep-apart violations as they are."""
        prep = self.prep
        row = self.tab[r]
        A, B = row[a], row[b]
        oa, ob = prep.org[a], prep.org[b]
        if oa != ob:
            oc_a = self.orgc[r][A]
            oc_b = self.orgc[r][B]
            d = 0
            if oa >= 0:
                d += oc_b.get(oa, 0) - oc_a[oa] + 1
            if ob >= 0:
                d += oc_a.get(ob, 0) - oc_b[ob] + 1
            if d:
                return False
        ap = prep.apart
        if ap[a] or ap[b]:
            d = 0
            for q in ap[a]:
                if row[q] == A:
                    d -= 1
                elif row[q] == B and q != b:
                    d += 1
            for q in ap[b]:
                if row[q] == B:
                    d -= 1
                elif row[q] == A and q != a:
                    d += 1
            if d:
                return False
        return True

    # ------------------------------------------------------------------ search
    def run(self, rng: random.Random, target: int, rep_target: int,
            out_of_time: Callable[[int], bool], max_iterations: int | None,
            restart: Callable[[], dict[int, list[int]]] | None = None
            ) -> tuple[list[list[int]], int, int, str]:
        """Returns (best tables per round, its cost wr*excess + topic penalty, steps, reason).

        Stops at ``target`` ("bounds"), or with "repeats_at_bound" once the weighted repeat
        part reaches ``rep_target`` with topics still short: topics are not this phase's job.
        ``restart()`` gives fresh rounds to start over from when shaking has not found a better
        plan for long: runs of this search either succeed fast or stay stuck in one basin."""
        n, T = self.n, self.T
        rounds = self.rounds
        cnt = self.cnt
        pen = self.pen
        wr = self.wr
        cost = self.cost()
        best_cost = cost
        best_tab = [list(row) for row in self.tab]
        if cost <= target:
            return best_tab, best_cost, 0, "bounds"
        if wr * self.excess <= rep_target:
            return best_tab, best_cost, 0, "repeats_at_bound"
        tabu = {r: [0] * (n * T) for r in rounds}
        lo, spread = TENURE
        it = 0
        last_best = 0  # last new best or shake
        last_gain = 0  # last new best or restart
        fails = 0
        stall = 400 + 10 * n
        reason = "time"
        while True:
            if max_iterations is not None and it >= max_iterations:
                reason = "iterations"
                break
            if it % 16 == 0 and out_of_time(it):
                reason = "time"
                break
            it += 1
            conf = [(r, a) for r in rounds for a in self.movable[r] if self.again[r][a]]
            if not conf:
                reason = "no_conflicts"
                break
            if len(conf) > PICKS:
                picks = [conf[rng.randrange(len(conf))] for _ in range(PICKS)]
            else:
                picks = conf
            aspire = best_cost - cost
            best_d = None
            best_move = None
            ties = 0
            for r, a in picks:
                row = self.tab[r]
                A = row[a]
                cands = self.same[r].get(self.prep.cat[a])
                if not cands or len(cands) < 2:
                    continue
                kn = self.known[r]
                aT = a * T
                ka = kn[aT:aT + T]
                col = kn[A::T]
                ag = self.again[r]
                ca = cnt[a * n:(a + 1) * n]
                base = -ag[a]
                if pen is None:
                    ds = [wr * (ka[row[b]] + col[b] - ag[b] - (2 if ca[b] else 0) + base)
                          for b in cands]
                else:
                    pa = pen[a]
                    paA = pa[A]
                    ds = [wr * (ka[row[b]] + col[b] - ag[b] - (2 if ca[b] else 0) + base)
                          + pa[row[b]] - paA + pen[b][A] - pen[b][row[b]] for b in cands]
                tb = tabu[r]
                found = None
                for d, i in sorted(zip(ds, range(len(cands)))):
                    if found is not None and d > found:
                        break
                    if best_d is not None and d > best_d:
                        break
                    b = cands[i]
                    B = row[b]
                    if B == A:
                        continue
                    if (tb[aT + B] > it or tb[b * T + A] > it) and d >= aspire:
                        continue
                    if not self.neutral(r, a, b):
                        continue
                    found = d
                    if best_d is None or d < best_d:
                        best_d, best_move, ties = d, (r, a, b), 1
                    else:
                        ties += 1
                        if rng.randrange(ties) == 0:
                            best_move = (r, a, b)
            if best_move is None:
                continue
            r, a, b = best_move
            A = self.tab[r][a]
            B = self.tab[r][b]
            self.swap(r, a, b)
            tb = tabu[r]
            tb[a * T + A] = it + lo + rng.randrange(spread)
            tb[b * T + B] = it + lo + rng.randrange(spread)
            cost += best_d
            if cost < best_cost:
                best_cost = cost
                best_tab = [list(row) for row in self.tab]
                last_best = last_gain = it
                fails = 0
                if cost <= target:
                    reason = "bounds"
                    break
                if wr * self.excess <= rep_target:
                    reason = "repeats_at_bound"
                    break
            elif restart is not None and it - last_gain > RESTART * stall:
                for r, row in restart().items():
                    self._reset(r, row)
                cost = self.cost()
                for r2 in rounds:
                    tabu[r2] = [0] * (n * T)
                fails = 0
                last_best = last_gain = it
            elif it - last_best > stall:
                # Each failed shake shakes harder and, every other time, from where the
                # search is rather than from the best plan: a plan one swap from the best is
                # usually back in the same basin after a few hundred steps.
                fails += 1
                cost = self._perturb(rng, best_tab if fails % 2 else None,
                                     min(fails, KICK_MAX))
                for r2 in rounds:
                    tabu[r2] = [0] * (n * T)
                last_best = it
        if cost != self.cost():  # pragma: no cover - the deltas and the counters disagree
            raise AssertionError("repeat search: incremental cost drifted")
        return best_tab, best_cost, it, reason

    def _perturb(self, rng: random.Random, best_tab: list[list[int]] | None,
                 extra: int) -> int:
        """Back to the best plan (unless None), shaken by a few random neutral swaps."""
        if best_tab is not None:
            for r in self.rounds:
                if self.tab[r] != best_tab[r]:
                    self._reset(r, best_tab[r])
        kicks = 2 + rng.randrange(4) + extra
        for _ in range(kicks):
            r = self.rounds[rng.randrange(len(self.rounds))]
            groups = [g for g in self.same[r].values() if len(g) >= 2]
            if not groups:
                continue
            g = groups[rng.randrange(len(groups))]
            a, b = g[rng.randrange(len(g))], g[rng.randrange(len(g))]
            if self.tab[r][a] != self.tab[r][b] and self.neutral(r, a, b):
                self.swap(r, a, b)
        return self.cost()

    def _reset(self, r: int, want: list[int]) -> None:
        moved = [p for p in range(self.n) if self.tab[r][p] != want[p]]
        for p in moved:
            self._leave(r, p)
        for p in moved:
            self._join(r, p, want[p])
