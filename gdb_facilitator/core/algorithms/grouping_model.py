"""Inputs of the seating algorithm and their checked, index-based form.

The public dataclasses speak in ids and table numbers, as the rest of the app does; the
solver works on small integers (person index, table index, category index) so that the
inner loops are list look-ups instead of string hashing.  ``prepare`` does that translation
once and raises ``InfeasibleSeating`` for every input the hard rules cannot satisfy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

from gdb_facilitator.core.errors import DomainError

__all__ = [
    "InfeasibleSeating",
    "Person",
    "Prepared",
    "SeatingProblem",
    "Table",
    "balanced_levels",
    "prepare",
]


class InfeasibleSeating(DomainError, ValueError):
    """The hard rules cannot all hold; ``code`` and ``params`` say which and where.

    Codes: duplicate_person, duplicate_table, invalid_capacity, invalid_rounds,
    invalid_from_round, no_tables, unknown_table, invalid_round, pair_together_and_apart,
    apart_in_together_group, apart_fixed_together, together_split, together_too_large, together_table_full,
    together_no_room, table_over_capacity, too_many_people.
    """

    code = "infeasible_seating"


@dataclass(frozen=True)
class Person:
    id: str
    sector: str | None = None
    organisation: str | None = None
    pinned_table: int | None = None
    topic_choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    number: int
    capacity: int
    topic: str | None = None


@dataclass(frozen=True)
class SeatingProblem:
    """Everything the solver needs.

    ``existing`` is a plan made earlier.  Rounds before ``from_round`` are kept exactly as
    they are in it (they have started).  From ``from_round`` on, ``keep_existing=True`` keeps
    every existing seat and only places the people who have none (latecomers);
    ``keep_existing=False`` plans those rounds afresh for ``people`` (no-shows removed).
    Entries of ``existing`` and ``locked`` for people not in ``people`` are ignored, so a
    no-show can simply be left out of ``people``.
    """

    people: tuple[Person, ...]
    tables: tuple[Table, ...]
    rounds: int
    locked: Mapping[tuple[str, int], int] = field(default_factory=dict)
    keep_apart: frozenset[frozenset[str]] = frozenset()
    keep_together: frozenset[frozenset[str]] = frozenset()
    existing: Mapping[tuple[str, int], int] | None = None
    from_round: int = 1
    keep_existing: bool = True

    def __post_init__(self) -> None:
        # Accept lists and plain sets from callers but keep the problem immutable.
        object.__setattr__(self, "people", tuple(self.people))
        object.__setattr__(self, "tables", tuple(self.tables))
        object.__setattr__(self, "keep_apart", _pairs(self.keep_apart))
        object.__setattr__(self, "keep_together", _pairs(self.keep_together))


def _pairs(pairs: Iterable[Iterable[str]]) -> frozenset[frozenset[str]]:
    return frozenset(frozenset(p) for p in pairs)


def _sorted_pairs(pairs: frozenset[frozenset[str]]) -> list[tuple[str, str]]:
    # Sets of strings iterate in hash order, which changes between interpreter runs;
    # sorting keeps a seed reproducible.
    out = []
    for p in pairs:
        items = sorted(p)
        if len(items) == 2:
            out.append((items[0], items[1]))
    return sorted(out)


def balanced_levels(lows: list[int], caps: list[int], n: int) -> tuple[int, list[bool], int]:
    """Water-filling of ``n`` people over tables with lower bounds ``lows`` and ``caps``.

    Returns (q, eligible, extra): every table sits at clamp(q, low, cap); ``extra`` of the
    ``eligible`` tables (those where clamp(q + 1) = clamp(q) + 1) take one more.  That is the
    only way to keep all tables that are free to vary within one of each other.
    """
    def total(level: int) -> int:
        return sum(min(max(level, lo), cap) for lo, cap in zip(lows, caps))

    lo_q, hi_q = 0, max(caps) + 1
    # largest q with total(q) <= n (total is non-decreasing in q)
    while lo_q < hi_q:
        mid = (lo_q + hi_q + 1) // 2
        if total(mid) <= n:
            lo_q = mid
        else:
            hi_q = mid - 1
    q = lo_q
    eligible = [lo <= q and q + 1 <= cap for lo, cap in zip(lows, caps)]
    extra = n - total(q)
    return q, eligible, extra


@dataclass
class Prepared:
    """Index form of a problem.  Rounds are 0-based here; tables are indices into ``numbers``."""

    problem: SeatingProblem
    n: int
    ids: list[str]
    index: dict[str, int]
    cats: list[str | None]  # category names; None is the "no sector" category
    cat: list[int]
    org: list[int]  # -1: no organisation (never a colleague of anybody)
    org_names: list[str]
    numbers: list[int]
    tindex: dict[int, int]
    caps: list[int]
    topics: list[str | None]
    rounds: int
    planned: list[int]  # rounds the solver decides (0-based)
    present: list[list[bool]]  # present[r][p]: p has a seat in round r
    fixed: list[list[int]]  # fixed[r][p]: table index or -1
    blocks: list[list[int]]  # keep-together groups of two or more
    block_of: list[int]
    apart: list[list[int]]
    apart_pairs: list[tuple[int, int]]
    together_pairs: list[tuple[int, int]]
    pen: list[list[int]] | None  # topic penalty per person and table, None without topics
    max_pen: int
    has_topics: bool
    choices: list[tuple[str, ...]]


def _pen_table(choices: tuple[str, ...], topic: str | None) -> int:
    """Penalty of sitting at a table with ``topic`` for a person with ranked ``choices``.

    Rank k costs k(k-1)/2 (0, 1, 3, 6, ...): convex, so that moving two people one rank each
    beats one person two ranks.  A miss costs 10 per choice the person gave (20 with two):
    what counts most is how many people sit at one of their choices at all.  At 3 (the rank
    after the last) the search traded one person's choice for a few others' first instead of
    second choice and lost 3-5 placements of 390 on the three-round topic benchmark.
    """
    if not choices:
        return 0
    if topic is not None:
        for i, c in enumerate(choices):
            if c == topic:
                return i * (i + 1) // 2
    return 10 * len(choices)


def prepare(problem: SeatingProblem) -> Prepared:
    people = problem.people
    tables = problem.tables
    R = problem.rounds
    if not isinstance(R, int) or R < 1:
        raise InfeasibleSeating("invalid_rounds", rounds=R)
    if not tables:
        raise InfeasibleSeating("no_tables")
    ids = [p.id for p in people]
    index: dict[str, int] = {}
    for i, pid in enumerate(ids):
        if pid in index:
            raise InfeasibleSeating("duplicate_person", person=pid)
        index[pid] = i
    numbers = [t.number for t in tables]
    tindex: dict[int, int] = {}
    for j, num in enumerate(numbers):
        if num in tindex:
            raise InfeasibleSeating("duplicate_table", table=num)
        tindex[num] = j
    for t in tables:
        if t.capacity < 1:
            raise InfeasibleSeating("invalid_capacity", table=t.number, capacity=t.capacity)
    existing = problem.existing
    from_round = problem.from_round
    if existing is None:
        from_round = 1
    if not 1 <= from_round <= R:
        raise InfeasibleSeating("invalid_from_round", from_round=problem.from_round, rounds=R)
    n = len(people)

    cat_names = sorted({p.sector for p in people}, key=lambda s: (s is None, s or ""))
    cat_index = {c: i for i, c in enumerate(cat_names)}
    org_names: list[str] = []
    org_index: dict[str, int] = {}
    org = []
    for p in people:
        if p.organisation is None or p.organisation == "":
            org.append(-1)
            continue
        if p.organisation not in org_index:
            org_index[p.organisation] = len(org_names)
            org_names.append(p.organisation)
        org.append(org_index[p.organisation])

    T = len(tables)
    planned = list(range(from_round - 1, R))
    present = [[True] * n for _ in range(R)]
    fixed = [[-1] * n for _ in range(R)]

    def table_idx(num: int, **ctx) -> int:
        j = tindex.get(num)
        if j is None:
            raise InfeasibleSeating("unknown_table", table=num, **ctx)
        return j

    # Later sources win: a pin is the default, a kept existing seat overrides it and a
    # manual move (lock) overrides both.  ``ruled`` marks the seats a facilitator set (pin,
    # lock), which a keep-apart pair can contradict; a kept seat of an earlier plan cannot
    # be a reason to refuse seating latecomers.
    ruled = [[False] * n for _ in range(R)]
    for p in people:
        if p.pinned_table is not None:
            j = table_idx(p.pinned_table, person=p.id)
            for r in planned:
                fixed[r][index[p.id]] = j
                ruled[r][index[p.id]] = True
    if existing is not None:
        for r in range(from_round - 1):
            present[r] = [False] * n
        for (pid, rnd), num in sorted(existing.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            i = index.get(pid)
            if i is None or not 1 <= rnd <= R:
                continue
            r = rnd - 1
            if r < from_round - 1 or problem.keep_existing:
                fixed[r][i] = table_idx(num, person=pid, round=rnd)
                present[r][i] = True
                ruled[r][i] = False
    for (pid, rnd), num in sorted(problem.locked.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        i = index.get(pid)
        if i is None:
            continue
        if not 1 <= rnd <= R:
            raise InfeasibleSeating("invalid_round", person=pid, round=rnd)
        r = rnd - 1
        if r in planned:  # started rounds are history, a lock cannot change them
            fixed[r][i] = table_idx(num, person=pid, round=rnd)
            ruled[r][i] = True

    apart_pairs = [(index[a], index[b]) for a, b in _sorted_pairs(problem.keep_apart)
                   if a in index and b in index]
    together_pairs = [(index[a], index[b]) for a, b in _sorted_pairs(problem.keep_together)
                      if a in index and b in index]
    tog_set = {frozenset(p) for p in together_pairs}
    for a, b in apart_pairs:
        if frozenset((a, b)) in tog_set:
            raise InfeasibleSeating("pair_together_and_apart", first=ids[a], second=ids[b])
    apart: list[list[int]] = [[] for _ in range(n)]
    for a, b in apart_pairs:
        apart[a].append(b)
        apart[b].append(a)
        for r in planned:
            if ruled[r][a] and ruled[r][b] and fixed[r][a] == fixed[r][b] >= 0:
                raise InfeasibleSeating("apart_fixed_together", first=ids[a], second=ids[b],
                                        round=r + 1, table=numbers[fixed[r][a]])

    # keep-together pairs chain into groups (an interpreter with two guests)
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in together_pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    blocks = [g for g in groups.values() if len(g) > 1]
    for a, b in apart_pairs:
        if find(a) == find(b):
            raise InfeasibleSeating("apart_in_together_group", first=ids[a], second=ids[b],
                                    people=[ids[i] for i in groups[find(a)]])
    block_of = [-1] * n
    max_cap = max(t.capacity for t in tables)
    for bi, g in enumerate(blocks):
        for i in g:
            block_of[i] = bi
        if len(g) > max_cap:
            raise InfeasibleSeating("together_too_large", people=[ids[i] for i in g],
                                    capacity=max_cap)
        for r in planned:
            ruled_tabs = sorted({fixed[r][i] for i in g if fixed[r][i] >= 0 and ruled[r][i]})
            if len(ruled_tabs) > 1:
                # pins or hand moves that a facilitator set contradict the pair: only they
                # can change that
                raise InfeasibleSeating("together_split", people=[ids[i] for i in g],
                                        round=r + 1, tables=[numbers[t] for t in ruled_tabs])
            tabs = ruled_tabs or sorted({fixed[r][i] for i in g if fixed[r][i] >= 0})
            if not tabs:
                continue
            # a fixed member pulls the rest of the group with it; seats kept from an earlier
            # plan (latecomers, a pair added after planning) may split the group, which the
            # quality report then shows, but nobody is moved for it
            loose = [i for i in g if fixed[r][i] < 0 and present[r][i]]
            seated = [sum(1 for i in range(n) if present[r][i] and fixed[r][i] == t) for t in tabs]
            room = [t for t, k in zip(tabs, seated) if k + len(loose) <= tables[t].capacity]
            if loose and not room:
                raise InfeasibleSeating(
                    "together_table_full", people=[ids[i] for i in g], round=r + 1,
                    table=numbers[tabs[0]], capacity=tables[tabs[0]].capacity,
                    fixed=[ids[i] for i in g if i not in loose])
            for i in g:
                if fixed[r][i] < 0:
                    fixed[r][i] = (room or tabs)[0]

    caps = [t.capacity for t in tables]
    for r in range(R):
        counts = [0] * T
        for i in range(n):
            if present[r][i] and fixed[r][i] >= 0:
                counts[fixed[r][i]] += 1
        for j in range(T):
            if counts[j] > caps[j]:
                raise InfeasibleSeating("table_over_capacity", table=numbers[j], round=r + 1,
                                        people=counts[j], capacity=caps[j])
        seated = sum(present[r])
        if r in planned and seated > sum(caps):
            raise InfeasibleSeating("too_many_people", round=r + 1, people=seated,
                                    seats=sum(caps))

    topics = [t.topic for t in tables]
    choices = [tuple(p.topic_choices) for p in people]
    has_topics = any(t is not None for t in topics) and any(choices)
    pen = None
    max_pen = 0
    if has_topics:
        pen = [[_pen_table(ch, tp) for tp in topics] for ch in choices]
        max_pen = max(max(row) for row in pen) if pen else 0
        if max_pen == 0:
            has_topics, pen = False, None

    return Prepared(
        problem=problem, n=n, ids=ids, index=index, cats=cat_names,
        cat=[cat_index[p.sector] for p in people], org=org, org_names=org_names,
        numbers=numbers, tindex=tindex, caps=caps, topics=topics, rounds=R, planned=planned,
        present=present, fixed=fixed, blocks=blocks, block_of=block_of, apart=apart,
        apart_pairs=apart_pairs, together_pairs=together_pairs, pen=pen, max_pen=max_pen,
        has_topics=has_topics, choices=choices,
    )
