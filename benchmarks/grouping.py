"""Benchmark of the seating algorithm (gdb_facilitator.core.algorithms.grouping).

    .venv/bin/python benchmarks/grouping.py                  # all cases
    .venv/bin/python benchmarks/grouping.py seed_130 sgp     # cases whose name contains a word
    .venv/bin/python benchmarks/grouping.py --generate       # rewrite benchmarks/instances/
    .venv/bin/python benchmarks/grouping.py --out DIR        # where plan CSVs go (default: tmp)
    .venv/bin/python benchmarks/grouping.py --score ../shared/bench/score.py

Instances use the format of the shared scorer (NAME.csv + NAME.json).  Each case prints the
wall time of the whole solve and every metric against its bound; with --score each plan is
also written as CSV and scored by score.py (the compact JSON line is printed).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gdb_facilitator.core.algorithms.grouping import (  # noqa: E402
    Person,
    SeatingProblem,
    Table,
    evaluate,
    solve,
)

OWN = Path(__file__).resolve().parent / "instances"
# the shared folder sits beside the checkout (or beside the folder of worktrees)
_BENCH = next((d / "shared" / "bench" for d in ROOT.parents if (d / "shared" / "bench").is_dir()),
              ROOT.parent / "shared" / "bench")
SHARED = _BENCH / "instances"
DEFAULT_SCORE = _BENCH / "score.py"
LATE_BUDGET = 5.0  # what `assign --keep-existing` gives the search by default

SECTORS = ("administration", "science", "business", "civil_society")
TOPICS = ("Mobility", "Energy & Climate", "Digital Administration", "Housing & Neighbourhoods",
          "Health & Care", "Open Data")


# --------------------------------------------------------------------------- instances

def _org_sizes(rng: random.Random, n: int, largest: int, count: int) -> list[int]:
    """``count`` organisation sizes summing to n, the first one ``largest``, the rest Zipf-ish."""
    sizes = [largest]
    rest = n - largest
    k = count - 1
    weights = [1.0 / (i + 1) ** 0.9 for i in range(k)]
    tot = sum(weights)
    raw = [max(1, int(rest * w / tot)) for w in weights]
    raw = [min(x, largest) for x in raw]
    while sum(raw) < rest:
        raw[rng.randrange(k)] += 1
    while sum(raw) > rest:
        i = rng.randrange(k)
        if raw[i] > 1:
            raw[i] -= 1
    return sizes + sorted(raw, reverse=True)


def make_people(rng: random.Random, n: int, shares: dict[str, float], n_orgs: int,
                largest: int, big_org_sector: str = "administration") -> list[dict]:
    counts = {s: int(n * f) for s, f in shares.items()}
    order = sorted(shares, key=lambda s: -(n * shares[s] - int(n * shares[s])))
    i = 0
    while sum(counts.values()) < n:
        counts[order[i % len(order)]] += 1
        i += 1
    # organisations belong to one sector, in proportion to the sector's size
    sizes = _org_sizes(rng, n, largest, n_orgs)
    orgs = []
    left = dict(counts)
    first = True
    for k, sz in enumerate(sizes):
        if first:
            sec = big_org_sector
            first = False
        else:
            cands = [s for s in left if left[s] >= 1]
            sec = max(cands, key=lambda s: (left[s] / counts[s], rng.random()))
        sz = min(sz, left[sec]) or 1
        if left[sec] < sz:
            continue
        left[sec] -= sz
        orgs.append((f"{sec[:4].title()} Org {k + 1:03d}", sec, sz))
    for sec, k in left.items():
        for j in range(k):
            orgs.append((f"{sec[:4].title()} Solo {j + 1:03d}", sec, 1))
    people = []
    for name, sec, sz in orgs:
        for _ in range(sz):
            people.append({"organisation": name, "sector": sec})
    rng.shuffle(people)
    weights = [0.28, 0.22, 0.17, 0.13, 0.12, 0.08]
    for i, p in enumerate(people):
        p["id"] = f"P{i + 1:04d}"
        p["name"] = f"Person {i + 1}"
        t1 = rng.choices(TOPICS, weights)[0]
        t2 = rng.choices([t for t in TOPICS if t != t1],
                         [w for t, w in zip(TOPICS, weights) if t != t1])[0]
        p["topic_pref_1"], p["topic_pref_2"] = t1, t2
        p["is_host"] = 0
    return people


def pick_hosts(rng: random.Random, people: list[dict], tables: int, per_table: dict[int, int]
               ) -> dict[str, int]:
    ids = [p["id"] for p in people]
    rng.shuffle(ids)
    hosts = {}
    k = 0
    for t in range(1, tables + 1):
        for _ in range(per_table.get(t, 1)):
            hosts[ids[k]] = t
            k += 1
    for p in people:
        p["is_host"] = int(p["id"] in hosts)
    return hosts


def write_instance(name: str, people: list[dict], tables: int, rounds: int,
                   hosts: dict[str, int], description: str, table_topics=None,
                   late=None, together=None, apart=None) -> None:
    OWN.mkdir(parents=True, exist_ok=True)
    cols = ["id", "name", "organisation", "sector", "topic_pref_1", "topic_pref_2", "is_host"]
    with open(OWN / f"{name}.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, cols)
        w.writeheader()
        for p in people:
            w.writerow({c: p[c] for c in cols})
    sector_counts: dict[str, int] = {}
    org_counts: dict[str, int] = {}
    for p in people:
        sector_counts[p["sector"]] = sector_counts.get(p["sector"], 0) + 1
        org_counts[p["organisation"]] = org_counts.get(p["organisation"], 0) + 1
    meta = {
        "name": name, "attendees_csv": f"{name}.csv", "n_attendees": len(people),
        "tables": tables, "rounds": rounds,
        "table_topics": {str(k): v for k, v in table_topics.items()} if table_topics else None,
        "host_tables": hosts, "late_arrivals": late or [],
        **({"keep_together": together, "keep_apart": apart} if together or apart else {}),
        "sector_counts": dict(sorted(sector_counts.items())),
        "n_organisations": len(org_counts), "largest_organisation": max(org_counts.values()),
        "generator": {"script": "benchmarks/grouping.py --generate", "version": 1},
        "description": description,
    }
    with open(OWN / f"{name}.json", "w", encoding="utf-8") as f:
        json.dump(meta, f, indent=2, ensure_ascii=False)
        f.write("\n")


def generate() -> None:
    base = {"administration": 0.45, "science": 0.20, "business": 0.15, "civil_society": 0.20}
    rng = random.Random(60)
    skew = {"administration": 0.60, "science": 0.15, "business": 0.10, "civil_society": 0.15}
    ppl = make_people(rng, 130, skew, 56, 10)
    hosts = pick_hosts(rng, ppl, 18, {})
    write_instance("skew60_130", ppl, 18, 3, hosts,
                   "130 attendees, administration 60 % (60/15/10/15), 56 organisations, "
                   "18 tables, 3 rounds, one host pinned per table.")
    rng = random.Random(30)
    ppl = make_people(rng, 130, base, 40, 30)
    hosts = pick_hosts(rng, ppl, 18, {})
    write_instance("bigorg_130", ppl, 18, 3, hosts,
                   "130 attendees (45/20/15/20), one organisation of 30 people (administration), "
                   "18 tables, 3 rounds, one host pinned per table.")
    rng = random.Random(131)
    ppl = make_people(rng, 131, base, 56, 10)
    hosts = pick_hosts(rng, ppl, 18, {1: 2, 7: 2})
    write_instance("cohost_131", ppl, 18, 3, hosts,
                   "131 attendees (45/20/15/20), 56 organisations, 18 tables, 3 rounds, hosts "
                   "pinned, tables 1 and 7 with two co-hosts each.")
    rng = random.Random(2000)
    ppl = make_people(rng, 2000, base, 700, 25)
    hosts = pick_hosts(rng, ppl, 200, {})
    write_instance("large_2000", ppl, 200, 4, hosts,
                   "2000 attendees (45/20/15/20), 700 organisations (largest 25), 200 tables, "
                   "4 rounds, one host pinned per table.")
    rng = random.Random(6)
    ppl = make_people(rng, 130, base, 56, 10)
    hosts = pick_hosts(rng, ppl, 18, {})
    topics = {t: TOPICS[(t - 1) // 3] for t in range(1, 19)}
    for p in ppl:  # a host hosts the topic they chose first
        if p["id"] in hosts and p["topic_pref_1"] != topics[hosts[p["id"]]]:
            p["topic_pref_2"] = p["topic_pref_1"]
            p["topic_pref_1"] = topics[hosts[p["id"]]]
    write_instance("topics_130", ppl, 18, 2, hosts,
                   "130 attendees (45/20/15/20), 6 topics x 3 tables, two ranked topic choices "
                   "each, 2 rounds, one host pinned per table.", table_topics=topics)
    write_instance("topics3_130", ppl, 18, 3, hosts,
                   "As topics_130 with 3 rounds.", table_topics=topics)
    write_instance("topics1_130", ppl, 18, 1, hosts,
                   "As topics_130 with a single round: one planning of the topic tables, "
                   "the issue's plain wording of the 90 % target.", table_topics=topics)
    seed_json = SHARED / "seed_130.json"
    if seed_json.exists():
        # the shared seed case's people, hosts and wishes at 6 topic x 3 tables: hosts sit at a
        # topic they did not necessarily choose, as at a real event
        meta = json.loads(seed_json.read_text(encoding="utf-8"))
        with open(SHARED / meta["attendees_csv"], newline="", encoding="utf-8") as f:
            ppl = list(csv.DictReader(f))
        hosts = {k: int(v) for k, v in meta["host_tables"].items()}
        topics = {t: TOPICS[(t - 1) // 3] for t in range(1, 19)}
        write_instance("seedtopics1_130", ppl, 18, 1, hosts,
                       "seed_130's people, hosts and ranked wishes, 6 topics x 3 tables, one "
                       "round: the issue's topic case.", table_topics=topics)
        # the same with the topics dealt round the tables (1, 7, 13 share a topic): the
        # hosts' tables, and so the hosts' own wishes, fall differently
        topics = {t: TOPICS[(t - 1) % 6] for t in range(1, 19)}
        write_instance("seedtopics1b_130", ppl, 18, 1, hosts,
                       "As seedtopics1_130 with the 6 topics dealt round the 18 tables.",
                       table_topics=topics)
    generate_pairs(base)
    rng = random.Random(136)
    ppl = make_people(rng, 136, base, 58, 10)
    hosts = pick_hosts(rng, ppl, 18, {})
    late = [p["id"] for p in ppl if not p["is_host"]][-6:]
    write_instance("late_136", ppl, 18, 3, hosts,
                   "130 attendees planned for 3 rounds, then 6 latecomers (late_arrivals) join "
                   "before round 1 without anybody already seated moving.", late=late)


def generate_pairs(base: dict[str, float]) -> None:
    """130 people with four keep-together pairs (an interpreter with two guests, a couple of
    colleagues, a host's assistant at the host's table) and four keep-apart pairs (a manager
    and two of the team, a host and a critic, two rivals)."""
    rng = random.Random(1414)
    ppl = make_people(rng, 130, base, 56, 10)
    hosts = pick_hosts(rng, ppl, 18, {})
    free = [p for p in ppl if p["id"] not in hosts]
    by_org: dict[str, list[dict]] = {}
    for p in free:
        by_org.setdefault(p["organisation"], []).append(p)
    team = next(v for v in sorted(by_org.values(), key=len, reverse=True) if len(v) >= 5)
    used = {p["id"] for p in team[:5]}
    rest = [p for p in free if p["id"] not in used]
    rng.shuffle(rest)
    interp, g1, g2, r1, r2 = rest[:5]
    host = sorted(hosts)[0]
    host2 = sorted(hosts)[1]
    assistant, critic = rest[5], rest[6]
    together = [[interp["id"], g1["id"]], [interp["id"], g2["id"]],
                [team[0]["id"], team[1]["id"]], [host, assistant["id"]]]
    apart = [[team[2]["id"], team[3]["id"]], [team[2]["id"], team[4]["id"]],
             [host2, critic["id"]], [r1["id"], r2["id"]]]
    topics = {t: TOPICS[(t - 1) // 3] for t in range(1, 19)}
    write_instance("pairs_topics_130", ppl, 18, 3, hosts,
                   "As pairs_130 with 6 topics x 3 tables and two ranked topic choices each (the "
                   "members of a group may want different topics).", table_topics=topics,
                   together=together, apart=apart)
    write_instance("pairs_topics1_130", ppl, 18, 1, hosts,
                   "As pairs_topics_130 with a single round: one planning of the topic "
                   "tables with the keep-together groups at one table each.",
                   table_topics=topics, together=together, apart=apart)
    write_instance("pairs_130", ppl, 18, 3, hosts,
                   "130 attendees (45/20/15/20), 56 organisations, 18 tables, 3 rounds, hosts "
                   "pinned; keep-together: an interpreter with two guests, two colleagues, a "
                   "host's assistant; keep-apart: a manager and two of the team, a host and a "
                   "critic, two rivals.", together=together, apart=apart)


# --------------------------------------------------------------------------- running

def load(json_path: Path, spare: int = 1) -> tuple[dict, SeatingProblem]:
    meta = json.loads(json_path.read_text(encoding="utf-8"))
    with open(json_path.parent / meta["attendees_csv"], newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    hosts = {k: int(v) for k, v in (meta.get("host_tables") or {}).items()}
    topics = {int(k): v for k, v in (meta.get("table_topics") or {}).items()}
    people = []
    for r in rows:
        choices = tuple(x for x in (r.get("topic_pref_1"), r.get("topic_pref_2")) if x) \
            if topics else ()
        people.append(Person(r["id"], r["sector"] or None, r["organisation"] or None,
                             hosts.get(r["id"]), choices))
    T = int(meta["tables"])
    cap = math.ceil(len(people) / T) + spare
    tables = [Table(i, cap, topics.get(i)) for i in range(1, T + 1)]
    return meta, SeatingProblem(people, tables, int(meta["rounds"]),
                                keep_together={frozenset(p) for p in meta.get("keep_together", [])},
                                keep_apart={frozenset(p) for p in meta.get("keep_apart", [])})


def write_plan(path: Path, seats) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        f.write("attendee_id,round,table\n")
        for (a, r), t in sorted(seats.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            f.write(f"{a},{r},{t}\n")


def show(q, elapsed: float, extra: str = "") -> list[str]:
    b = q.bounds
    at = q.at_bounds()

    def mark(key):
        return "ok" if at.get(key) else "GAP"

    lines = [
        f"  time {elapsed:.3f} s{extra}   valid={q.valid}"
        + (f" violations={[v.code for v in q.hard_violations][:5]}" if not q.valid else ""),
        f"  size spread      {q.size_spread:>9} / bound {b.size_spread:<9} {mark('size_spread')}",
        f"  sector dev       {q.sector_deviation:>9.4f} / bound {b.sector_deviation:<9.4f} "
        f"{mark('sector_deviation')}  (exact={b.sector_exact}; score.py bound "
        f"{b.sector_deviation_free:.4f})",
        f"  colleague pairs  {q.colleague_pairs:>9} / bound {b.colleague_pairs:<9} "
        f"{mark('colleague_pairs')}",
        f"  keep-apart       {q.keep_apart_violations:>9} / bound {b.keep_apart_violations:<9} "
        f"{mark('keep_apart_violations')}",
        f"  repeat excess    {q.repeat_excess:>9} / bound {b.repeat_excess:<9} "
        f"{mark('repeat_excess')}",
    ]
    if q.keep_together_violations:
        lines.append(f"  keep-together    {q.keep_together_violations:>9} split (must be 0)")
    if q.topic_rate is not None:
        lines.append(
            f"  topic 1st/2nd    {q.topic_first_or_second:>9} / max {b.topic_first_or_second_max:<11}"
            f"rate {q.topic_rate:.3f} (1st: {q.topic_first} / max {b.topic_first_max})")
    return lines


def score(score_py: Path | None, inst: Path, plan: Path, before: Path | None = None) -> str:
    if score_py is None or not score_py.exists():
        return ""
    cmd = [sys.executable, str(score_py), str(inst), str(plan), "--compact"]
    if before is not None:
        cmd += ["--before", str(before)]
    res = subprocess.run(cmd, capture_output=True, text=True)
    try:
        d = json.loads(res.stdout)
    except json.JSONDecodeError:
        return "  score.py: " + res.stdout + res.stderr
    m = d["metrics"]
    keep = {k: m[k] for k in ("size_spread_max", "sector_dev_sum", "org_collisions",
                              "repeat_excess", "host_violations", "pref12_rate",
                              "moved_placements") if k in m}
    return (f"  score.py: valid={d['valid']} metrics={keep}\n"
            f"            bounds={d['bounds']}\n            at_bound={d['at_bound']}")


def run_case(name: str, inst: Path, time_limit: float, out: Path, score_py: Path | None,
             seed: int = 0) -> None:
    meta, prob = load(inst)
    print(f"== {name}: {len(prob.people)} people, {len(prob.tables)} tables, "
          f"{prob.rounds} rounds (time limit {time_limit:g} s)")
    late = meta.get("late_arrivals") or []
    if late:
        run_latecomers(name, inst, prob, late, time_limit, out, score_py, seed)
        return
    t0 = time.perf_counter()
    plan = solve(prob, seed=seed, time_limit=time_limit)
    el = time.perf_counter() - t0
    for line in show(plan.quality, el, f"  (stop: {plan.stop_reason}, "
                                       f"{plan.iterations} search steps)"):
        print(line)
    csv_path = out / f"{name}.csv"
    write_plan(csv_path, plan.seats)
    s = score(score_py, inst, csv_path)
    if s:
        print(s)


def run_latecomers(name, inst, prob, late, time_limit, out, score_py, seed) -> None:
    late_set = set(late)
    first = SeatingProblem([p for p in prob.people if p.id not in late_set], prob.tables,
                           prob.rounds, keep_apart=prob.keep_apart,
                           keep_together=prob.keep_together)
    before = solve(first, seed=seed, time_limit=time_limit)
    print(f"  plan without the {len(late)} latecomers: "
          f"at bounds {all(before.quality.at_bounds().values())}")
    before_csv = out / f"{name}_before.csv"
    write_plan(before_csv, before.seats)
    for from_round in (1, 2):
        again = SeatingProblem(prob.people, prob.tables, prob.rounds,
                               existing=before.seats, from_round=from_round, keep_existing=True,
                               keep_apart=prob.keep_apart, keep_together=prob.keep_together)
        t0 = time.perf_counter()
        plan = solve(again, seed=seed, time_limit=LATE_BUDGET)
        el = time.perf_counter() - t0
        moved = sum(1 for k, t in before.seats.items()
                    if k[1] >= 1 and plan.seats.get(k) != t)
        print(f"  -- latecomers from round {from_round}: moved seats {moved} "
              f"(budget {LATE_BUDGET:g} s)")
        for line in show(plan.quality, el, f"  (stop: {plan.stop_reason}, "
                                           f"{plan.iterations} search steps)"):
            print(line)
        if from_round == 1:
            csv_path = out / f"{name}.csv"
            write_plan(csv_path, plan.seats)
            s = score(score_py, inst, csv_path, before_csv)
            if s:
                print(s)


CASES = [
    # (name, instance, time limit in seconds)
    ("seed_130", SHARED / "seed_130.json", 1.0),
    ("small_24", SHARED / "small_24.json", 1.0),
    ("sgp_32_8x4_10", SHARED / "sgp_32_8x4_10.json", 10.0),
    ("skew60_130", OWN / "skew60_130.json", 1.0),
    ("bigorg_130", OWN / "bigorg_130.json", 1.0),
    ("cohost_131", OWN / "cohost_131.json", 1.0),
    ("topics1_130", OWN / "topics1_130.json", 3.0),
    ("seedtopics1_130", OWN / "seedtopics1_130.json", 3.0),
    ("seedtopics1b_130", OWN / "seedtopics1b_130.json", 3.0),
    ("topics_130", OWN / "topics_130.json", 3.0),
    ("topics3_130", OWN / "topics3_130.json", 3.0),
    ("late_136", OWN / "late_136.json", 1.0),
    ("pairs_130", OWN / "pairs_130.json", 1.0),
    ("pairs_topics1_130", OWN / "pairs_topics1_130.json", 3.0),
    ("pairs_topics_130", OWN / "pairs_topics_130.json", 3.0),
    ("large_2000", OWN / "large_2000.json", 30.0),
]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cases", nargs="*", help="run only cases whose name contains one of these")
    ap.add_argument("--generate", action="store_true", help="rewrite benchmarks/instances/")
    ap.add_argument("--out", default=os.path.join(tempfile.gettempdir(), "gdb_grouping_bench"),
                    help="plan CSVs go here")
    ap.add_argument("--score", default=str(DEFAULT_SCORE), help="path of score.py ('' = none)")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args(argv)
    if a.generate:
        generate()
        print(f"instances written to {OWN}")
        return 0
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    score_py = Path(a.score) if a.score else None
    for name, inst, limit in CASES:
        if a.cases and not any(c in name for c in a.cases):
            continue
        if not inst.exists():
            print(f"== {name}: instance {inst} missing, skipped")
            continue
        run_case(name, inst, limit, out, score_py, a.seed)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
