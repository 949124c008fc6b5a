"""Quality report of a seating plan, computed from the seats alone (independent of the solver)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Mapping

from gdb_facilitator.core.algorithms.grouping_bounds import (
    Bounds,
    compositions,
    compute_bounds,
    round_totals,
)
from gdb_facilitator.core.algorithms.grouping_model import Prepared, SeatingProblem, prepare

__all__ = ["QualityReport", "SeatIssue", "SectorCount", "TableQuality", "evaluate"]


@dataclass(frozen=True)
class SectorCount:
    sector: str | None
    count: int
    expected: float  # table size × the sector's share of the people in that round


@dataclass(frozen=True)
class TableQuality:
    round: int
    table: int
    size: int
    capacity: int
    topic: str | None
    sectors: tuple[SectorCount, ...]
    sector_deviation: float  # Σ |count − expected|
    colleague_pairs: int
    keep_apart_violations: int
    repeat_pairs: int  # pairs at this table who also sit together in another round
    topic_first: int  # people here at their first choice
    topic_second: int
    topic_wanted: int  # people here who gave topic choices


@dataclass(frozen=True)
class SeatIssue:
    """A broken hard rule: unseated, unknown_table, over_capacity, pinned_moved, locked_moved,
    existing_moved, fixed_moved, together_split, size_unbalanced or unexpected_seat."""

    code: str
    round: int
    person: str | None = None
    table: int | None = None


@dataclass(frozen=True)
class QualityReport:
    tables: tuple[TableQuality, ...]
    size_spread: int  # largest minus smallest table, worst round
    size_spread_by_round: tuple[int, ...]
    sector_deviation: float
    sector_deviation_by_round: tuple[float, ...]
    sector_deviation_max: float  # worst single table and sector
    colleague_pairs: int
    keep_apart_violations: int
    keep_together_violations: int  # rounds in which a keep-together group is split
    repeat_excess: int  # Σ over pairs of (times met − 1)
    pairs_repeated: int
    max_meetings: int
    topic_placements: int  # seats of people who gave topic choices
    topic_first: int
    topic_first_or_second: int
    topic_rate: float | None  # topic_first_or_second / topic_placements
    hard_violations: tuple[SeatIssue, ...]
    bounds: Bounds

    @property
    def valid(self) -> bool:
        return not self.hard_violations

    def at_bounds(self) -> dict[str, bool]:
        b = self.bounds
        out = {
            "size_spread": self.size_spread <= b.size_spread,
            "sector_deviation": self.sector_deviation <= b.sector_deviation + 1e-4,
            "colleague_pairs": self.colleague_pairs <= b.colleague_pairs,
            "keep_apart_violations": self.keep_apart_violations <= b.keep_apart_violations,
            "repeat_excess": self.repeat_excess <= b.repeat_excess,
        }
        if b.topic_first_or_second_max is not None:
            out["topic_first_or_second"] = self.topic_first_or_second >= b.topic_first_or_second_max
        return out


def _fixed_source(problem: SeatingProblem, prep: Prepared, p: int, r: int) -> str:
    pid = prep.ids[p]
    if r not in prep.planned:
        return "existing_moved"
    if (pid, r + 1) in problem.locked:
        return "locked_moved"
    if problem.existing is not None and problem.keep_existing \
            and (pid, r + 1) in problem.existing:
        return "existing_moved"
    if problem.people[p].pinned_table is not None:
        return "pinned_moved"
    return "fixed_moved"  # pulled along by a fixed member of its keep-together group


def evaluate(problem: SeatingProblem, seats: Mapping[tuple[str, int], int], *,
             bounds: Bounds | None = None, _prep: Prepared | None = None) -> QualityReport:
    prep = _prep or prepare(problem)
    if bounds is None:
        bounds = compute_bounds(prep, compositions(prep))
    n, R, T, C = prep.n, prep.rounds, len(prep.caps), len(prep.cats)
    issues: list[SeatIssue] = []
    tab = [[-1] * n for _ in range(R)]
    for (pid, rnd), num in seats.items():
        p = prep.index.get(pid)
        if p is None or not 1 <= rnd <= R or not prep.present[rnd - 1][p]:
            issues.append(SeatIssue("unexpected_seat", rnd, pid, num))
            continue
        t = prep.tindex.get(num)
        if t is None:
            issues.append(SeatIssue("unknown_table", rnd, pid, num))
            continue
        tab[rnd - 1][p] = t
    for r in range(R):
        for p in range(n):
            if not prep.present[r][p]:
                continue
            if tab[r][p] < 0:
                issues.append(SeatIssue("unseated", r + 1, prep.ids[p]))
            elif prep.fixed[r][p] >= 0 and tab[r][p] != prep.fixed[r][p]:
                issues.append(SeatIssue(_fixed_source(problem, prep, p, r), r + 1, prep.ids[p],
                                        prep.numbers[tab[r][p]]))
        for g in prep.blocks:
            ts = {tab[r][p] for p in g if prep.present[r][p]}
            if len(ts) > 1:
                issues.append(SeatIssue("together_split", r + 1, prep.ids[g[0]]))

    members = [[[] for _ in range(T)] for _ in range(R)]
    for r in range(R):
        for p in range(n):
            if tab[r][p] >= 0:
                members[r][tab[r][p]].append(p)
    meet = Counter()
    for r in range(R):
        for t in range(T):
            m = members[r][t]
            for i in range(len(m)):
                for j in range(i + 1, len(m)):
                    a, b = m[i], m[j]
                    meet[(a, b) if a < b else (b, a)] += 1
    apart_set = {(min(a, b), max(a, b)) for a, b in prep.apart_pairs}

    tables = []
    spreads = []
    dev_by_round = []
    dev_max = 0.0
    org_total = apart_total = 0
    topic_n = topic_1 = topic_12 = 0
    for r in range(R):
        tot = round_totals(prep, r)
        N = sum(tot) or 1
        sizes = [len(members[r][t]) for t in range(T)]
        spreads.append(max(sizes) - min(sizes) if sizes else 0)
        if r in prep.planned:
            lows = [0] * T
            for p in range(n):
                if prep.present[r][p] and prep.fixed[r][p] >= 0:
                    lows[prep.fixed[r][p]] += 1
            # unbalanced: one table could hand a person to another that is two smaller
            for t1 in range(T):
                if sizes[t1] > prep.caps[t1]:
                    issues.append(SeatIssue("over_capacity", r + 1, None, prep.numbers[t1]))
            for t1 in range(T):
                if sizes[t1] <= lows[t1]:
                    continue
                if any(sizes[t2] + 2 <= sizes[t1] and sizes[t2] < prep.caps[t2]
                       for t2 in range(T)):
                    issues.append(SeatIssue("size_unbalanced", r + 1, None, prep.numbers[t1]))
                    break
        dev_r = 0.0
        for t in range(T):
            m = members[r][t]
            s = len(m)
            cnt = Counter(prep.cat[p] for p in m)
            sc = []
            dev_t = 0.0
            for c in range(C):
                e = s * tot[c] / N
                d = abs(cnt.get(c, 0) - e)
                dev_t += d
                dev_max = max(dev_max, d)
                sc.append(SectorCount(prep.cats[c], cnt.get(c, 0), round(e, 4)))
            dev_r += dev_t
            oc = Counter(prep.org[p] for p in m if prep.org[p] >= 0)
            colleagues = sum(k * (k - 1) // 2 for k in oc.values())
            apart = rep = 0
            for i in range(len(m)):
                for j in range(i + 1, len(m)):
                    key = (min(m[i], m[j]), max(m[i], m[j]))
                    if key in apart_set:
                        apart += 1
                    if meet[key] > 1:
                        rep += 1
            first = second = wanted = 0
            tp = prep.topics[t]
            for p in m:
                ch = prep.choices[p]
                if ch:
                    wanted += 1
                    if tp is not None and ch[0] == tp:
                        first += 1
                    elif tp is not None and len(ch) > 1 and ch[1] == tp:
                        second += 1
            org_total += colleagues
            apart_total += apart
            topic_n += wanted
            topic_1 += first
            topic_12 += first + second
            tables.append(TableQuality(
                round=r + 1, table=prep.numbers[t], size=s, capacity=prep.caps[t], topic=tp,
                sectors=tuple(sc), sector_deviation=round(dev_t, 6), colleague_pairs=colleagues,
                keep_apart_violations=apart, repeat_pairs=rep, topic_first=first,
                topic_second=second, topic_wanted=wanted))
        dev_by_round.append(round(dev_r, 6))

    return QualityReport(
        tables=tuple(tables),
        size_spread=max(spreads) if spreads else 0,
        size_spread_by_round=tuple(spreads),
        sector_deviation=round(sum(dev_by_round), 6),
        sector_deviation_by_round=tuple(dev_by_round),
        sector_deviation_max=round(dev_max, 6),
        colleague_pairs=org_total,
        keep_apart_violations=apart_total,
        keep_together_violations=sum(1 for v in issues if v.code == "together_split"),
        repeat_excess=sum(k - 1 for k in meet.values() if k > 1),
        pairs_repeated=sum(1 for k in meet.values() if k > 1),
        max_meetings=max(meet.values(), default=0),
        topic_placements=topic_n,
        topic_first=topic_1,
        topic_first_or_second=topic_12,
        topic_rate=(topic_12 / topic_n) if (prep.has_topics and topic_n) else None,
        hard_violations=tuple(issues),
        bounds=bounds,
    )
