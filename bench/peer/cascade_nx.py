#!/usr/bin/env python3
"""Worst-case cascade with networkx: the peer that bench/compare.sh times against cascade.

This is the cascade written the way an analyst writes it today: load a JSON export
(as written by `go run ./bench/gen --format json`), build a networkx DiGraph, and run
a Dijkstra-like label-setting pass from the scenario's events. It computes the same
worst case as `cascade run` (docs/semantics.md): every edge with probability > 0 is live,
every asset of an event with probability > 0 is hit; per-edge delays; supply groups
with k-of-n and a backup each; cyber compromise along cyber edges that ignores
redundancy and backup; a horizon. It prints a JSON object shaped like
`cascade run --format json` (without causes), so the two can be compared.

Usage: cascade_nx.py MODEL.json > result.json
Needs python3-networkx (Debian package).
"""

import heapq
import json
import sys

import networkx as nx

INF = float("inf")


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def build_graph(data):
    """Returns the DiGraph (supplier -> dependent) and the supply groups.

    Node attributes: sector, weight. Edge attributes: kind, delay (s), prob, group
    (an index into groups). groups[i] = [asset, name, k, backup_s, n].
    """
    g = nx.DiGraph()
    groups = []
    for a in data["assets"]:
        g.add_node(a["name"], sector=a["sector"], weight=a.get("weight", 1.0))
    for a in data["assets"]:
        for grp in a["groups"]:
            gid = len(groups)
            groups.append([a["name"], grp["name"], grp["requires"], grp["backup"], len(grp["deps"])])
            for on, kind, delay, prob in grp["deps"]:
                g.add_edge(on, a["name"], kind=kind, delay=delay, prob=prob, group=gid)
    return g, groups


def cascade(g, groups, scenario):
    """Label-setting from the events, earliest first. Returns F, C and U."""
    horizon = scenario.get("horizon")
    limit = INF if horizon is None else horizon
    fail = {}        # asset -> F(a), final
    comp = {}        # asset -> C(a), final
    arrived = [0] * len(groups)   # arrivals counted per group
    unsup = {}       # group -> U(g)
    heap = []        # (time, order, what, asset, group)
    # what: 0 compromise, 1 failure, 2 arrival of a lost supply at a group
    for ev in scenario["events"]:
        if ev.get("probability", 1) <= 0:
            continue
        what = 0 if ev["kind"] == "cyber" else 1
        for a in ev["assets"]:
            heapq.heappush(heap, (ev["at"], what, a, -1))
    while heap:
        t, what, a, gid = heapq.heappop(heap)
        if t > limit:
            break
        if what == 0:
            if a in comp:
                continue
            comp[a] = t
            if a not in fail:
                heapq.heappush(heap, (t, 1, a, -1))
            for _, v, e in g.out_edges(a, data=True):
                if e["kind"] == "cyber" and e["prob"] > 0 and v not in comp:
                    heapq.heappush(heap, (t + e["delay"], 0, v, -1))
        elif what == 1:
            if a in fail:
                continue
            fail[a] = t
            for _, v, e in g.out_edges(a, data=True):
                if e["prob"] > 0 and v not in fail:
                    heapq.heappush(heap, (t + e["delay"], 2, v, e["group"]))
        else:
            arrived[gid] += 1
            _, _, k, backup, n = groups[gid]
            if arrived[gid] == n - k + 1:
                unsup[gid] = t
                if a not in fail:
                    heapq.heappush(heap, (t + backup, 1, a, -1))
    return fail, comp, unsup, limit


def report(data, g, groups, fail, comp, unsup, limit):
    scenario = data["scenario"]
    failures = sorted(((t, a) for a, t in fail.items()), key=lambda x: (x[0], x[1]))
    out_fail = [
        {"asset": a, "sector": g.nodes[a]["sector"], "at_s": t, "compromised": a in comp}
        for t, a in failures
    ]
    on_backup = {}
    if limit != INF:
        for gid, u in unsup.items():
            a = groups[gid][0]
            if a in fail:
                continue
            since, runs_out = on_backup.get(a, (INF, INF))
            on_backup[a] = (min(since, u), min(runs_out, u + groups[gid][3]))
    out_backup = [
        {"asset": a, "since_s": s, "runs_out_s": r}
        for a, (s, r) in sorted(on_backup.items(), key=lambda x: (x[1][1], x[0]))
    ]
    total = {}
    for a, d in g.nodes(data=True):
        total[d["sector"]] = total.get(d["sector"], 0.0) + d["weight"]
    done = {}
    first = {}
    failed_at = {}
    thresholds = {s["name"]: s.get("threshold", 0.5) for s in data["sectors"]}
    for t, a in failures:
        s = g.nodes[a]["sector"]
        first.setdefault(s, t)
        done[s] = done.get(s, 0.0) + g.nodes[a]["weight"]
        if s not in failed_at and done[s] >= thresholds[s] * total[s]:
            failed_at[s] = t
    out_sectors = []
    for s in data["sectors"]:
        name = s["name"]
        frac = done.get(name, 0.0) / total[name] if total.get(name) else 0.0
        out_sectors.append({
            "sector": name,
            "first_impact_s": first.get(name),
            "failed_at_s": failed_at.get(name),
            "failed_fraction": frac,
        })
    return {
        "scenario": scenario["name"],
        "horizon_s": scenario.get("horizon"),
        "failures": out_fail,
        "on_backup": out_backup,
        "sectors": out_sectors,
    }


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: cascade_nx.py MODEL.json\n")
        return 2
    data = load(sys.argv[1])
    g, groups = build_graph(data)
    fail, comp, unsup, limit = cascade(g, groups, data["scenario"])
    json.dump(report(data, g, groups, fail, comp, unsup, limit), sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
