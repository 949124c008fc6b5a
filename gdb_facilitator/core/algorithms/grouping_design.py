"""Rounds in which nobody meets anybody twice, from finite geometry.

For the plain case - everybody movable, one sector, no colleagues, n = g * k people at g
tables of k - whole rounds free of repeats can be written down instead of searched for, and
the local search then only has to settle the rounds that no construction covers.  Two
classical constructions are tried and the one giving more rounds wins:

* affine spread: when n = p^d and k = p^m (p prime), people are the vectors of GF(p)^d and a
  round is the set of cosets of an m-dimensional subspace U.  Two rounds U, U' never seat a
  pair together twice exactly when U and U' share only the zero vector, so a partial spread
  (subspaces pairwise meeting in 0) of size s gives s rounds.  For 32 people at 8 tables of 4
  (the social golfer problem 8-4-10) that is 9 of the 10 rounds;
* transversal design: when g is a prime and k <= g, person (i, j) with i < k, j < g sits at
  table j + r*i (mod g) in round r; two people with i != i' meet in exactly one round and
  people with equal i never, which leaves one more round when k divides g.
"""

from __future__ import annotations

import random
from itertools import combinations, product

__all__ = ["design_rounds"]

MAX_SUBSPACES = 4000
MAX_NODES = 2000


def _prime_power(n: int) -> tuple[int, int] | None:
    if n < 2:
        return None
    p = 2
    while p * p <= n and n % p:
        p += 1
    if n % p:
        p = n
    d = 0
    while n % p == 0:
        n //= p
        d += 1
    return (p, d) if n == 1 else None


def _is_prime(q: int) -> bool:
    pp = _prime_power(q)
    return pp is not None and pp[1] == 1


def _gauss_binomial(d: int, m: int, p: int) -> int:
    num = den = 1
    for i in range(m):
        num *= p ** (d - i) - 1
        den *= p ** (i + 1) - 1
    return num // den


def _subspaces(p: int, d: int, m: int):
    """Every m-dimensional subspace of GF(p)^d once (by its reduced row echelon basis), as the
    sorted tuple of its vectors written as base-p integers."""
    weights = [p ** (d - 1 - j) for j in range(d)]
    for piv in combinations(range(d), m):
        free = [(i, j) for i in range(m) for j in range(d) if j > piv[i] and j not in piv]
        for vals in product(range(p), repeat=len(free)):
            rows = [[0] * d for _ in range(m)]
            for i in range(m):
                rows[i][piv[i]] = 1
            for (i, j), v in zip(free, vals):
                rows[i][j] = v
            basis = [sum(x * w for x, w in zip(row, weights)) for row in rows]
            yield _span(basis, p, d)


def _add(x: int, y: int, p: int, d: int) -> int:
    if p == 2:
        return x ^ y
    out = 0
    scale = 1
    for _ in range(d):
        out += ((x % p + y % p) % p) * scale
        x //= p
        y //= p
        scale *= p
    return out


def _scale(x: int, c: int, p: int, d: int) -> int:
    out = 0
    scale = 1
    for _ in range(d):
        out += ((x % p) * c % p) * scale
        x //= p
        scale *= p
    return out


def _span(basis: list[int], p: int, d: int) -> tuple[int, ...]:
    vecs = {0}
    for b in basis:
        vecs = {_add(v, _scale(b, c, p, d), p, d) for v in vecs for c in range(p)}
    return tuple(sorted(vecs))


def _partial_spread(p: int, d: int, m: int, want: int, rng: random.Random
                    ) -> list[tuple[int, ...]]:
    """Up to ``want`` subspaces: first a partial spread as large as a bounded backtracking finds,
    then (when no more fit) those overlapping least with the ones taken, so that the extra
    rounds repeat few pairs and, being cosets too, spread the repeats evenly - a start the
    local search leaves far more easily than a greedy last round."""
    if _gauss_binomial(d, m, p) > MAX_SUBSPACES:
        return []
    subs = list(_subspaces(p, d, m))
    rng.shuffle(subs)
    n = p ** d
    used = [False] * n
    best: list[tuple[int, ...]] = []
    chosen: list[tuple[int, ...]] = []
    nodes = [0]

    def extend(start: int) -> bool:
        nodes[0] += 1
        if len(chosen) > len(best):
            best[:] = chosen
            if len(best) >= want:
                return True
        if nodes[0] > MAX_NODES:
            return True
        for i in range(start, len(subs)):
            s = subs[i]
            if any(used[v] for v in s[1:]):
                continue
            for v in s[1:]:
                used[v] = True
            chosen.append(s)
            if extend(i + 1):
                return True
            chosen.pop()
            for v in s[1:]:
                used[v] = False
        return False

    extend(0)
    out = list(best)
    usage = [0] * n
    for sub in out:
        for v in sub[1:]:
            usage[v] += 1
    while len(out) < want:
        low, pick, ties = None, None, 0
        for sub in subs:
            c = sum(usage[v] for v in sub[1:])
            if low is None or c < low:
                low, pick, ties = c, sub, 1
            elif c == low:
                ties += 1
                if rng.randrange(ties) == 0:
                    pick = sub
        out.append(pick)
        for v in pick[1:]:
            usage[v] += 1
    return out


def _spread_rounds(n: int, k: int, rounds: int, rng: random.Random) -> list[list[int]]:
    pn, pk = _prime_power(n), _prime_power(k)
    if pn is None or pk is None or pn[0] != pk[0] or pk[1] >= pn[1]:
        return []
    p, d = pn
    m = pk[1]
    out = []
    for sub in _partial_spread(p, d, m, rounds, rng):
        group = [-1] * n
        g = 0
        for x in range(n):
            if group[x] < 0:
                for u in sub:
                    group[_add(x, u, p, d)] = g
                g += 1
        out.append(group)
    return out


def _transversal_rounds(n: int, k: int, rounds: int) -> list[list[int]]:
    g = n // k
    if not _is_prime(g) or k > g:
        return []
    out = []
    for r in range(min(rounds, g)):
        out.append([(j + r * i) % g for i in range(k) for j in range(g)])
    if len(out) < rounds and g % k == 0:
        out.append([i * (g // k) + j // k for i in range(k) for j in range(g)])
    return out


def _perfect_prefix(rounds: list[list[int]], k: int) -> int:
    n = len(rounds[0]) if rounds else 0
    seen = set()
    for i, groups in enumerate(rounds):
        members: dict[int, list[int]] = {}
        for x, g in enumerate(groups):
            members.setdefault(g, []).append(x)
        for mem in members.values():
            for a, b in combinations(mem, 2):
                if a * n + b in seen:
                    return i
                seen.add(a * n + b)
    return len(rounds)


def design_rounds(n: int, k: int, rounds: int, rng: random.Random) -> tuple[list[list[int]], int]:
    """Up to ``rounds`` partitions of range(n) into n/k groups of k (group index per person)
    and how many of the first ones are free of repeats; ([], 0) when no construction applies.

    Rounds after the repeat-free ones (affine case only) are cosets of the subspaces that
    overlap least with those used."""
    if k < 2 or n % k or n // k < 2 or rounds < 1:
        return [], 0
    best = _spread_rounds(n, k, rounds, rng)
    other = _transversal_rounds(n, k, rounds)
    b, o = _perfect_prefix(best, k), _perfect_prefix(other, k)
    if (o, len(other)) > (b, len(best)):
        best, b = other, o
    return best[:rounds], min(b, rounds)
