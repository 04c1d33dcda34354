#!/usr/bin/python3
"""Writes tests/queries/networkx_graphs.test: random graphs with a fixed seed
and the answers to graph questions about them, computed with networkx (and,
for Cypher's trail enumeration, a small depth-first search written here) --
an oracle independent of provgraph.

    gen_networkx_cases.py            rewrite the .test file
    gen_networkx_cases.py --check    exit 1 when the committed file is not
                                     what this script generates (a ctest)

Graphs (all in one store, keys unique across them):
  Dag  -- a random DAG on a00..a23 (edge i -> j only for i < j), FEEDS edges,
          plus READS edges on other forward pairs;
  Cyc  -- a random directed graph on c00..c13 with cycles (no self-loops).
Every node has an integer property w in 0..9.

Semantics the oracle follows (DESIGN.md "Query language", openCypher):
  * a variable-length pattern without a path variable yields each node
    reachable by a trail whose length lies in the bounds, once per start
    node; the start itself only when a closed trail leads back to it;
  * a named variable-length path enumerates trails (no repeated edge);
  * shortestPath / allShortestPaths: networkx shortest paths.
"""
import argparse
import os
import random
import sys

try:
    import networkx as nx
except ImportError:  # the ctest counts exit 77 as skipped
    print("gen_networkx_cases.py: needs python3-networkx")
    sys.exit(77)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "networkx_graphs.test")
SEED = 20241124



def make_graphs():
    rnd = random.Random(SEED)
    dag = nx.DiGraph()
    reads = nx.DiGraph()
    n = 24
    for i in range(n):
        dag.add_node("a%02d" % i, w=rnd.randrange(10))
        reads.add_node("a%02d" % i)
    for i in range(n):
        for j in range(i + 1, n):
            r = rnd.random()
            if r < 0.2:
                dag.add_edge("a%02d" % i, "a%02d" % j)
            elif r < 0.25:
                reads.add_edge("a%02d" % i, "a%02d" % j)
    cyc = nx.DiGraph()
    m = 14
    for i in range(m):
        cyc.add_node("c%02d" % i, w=rnd.randrange(10))
    for i in range(m):
        for j in range(m):
            if i != j and rnd.random() < 0.16:
                cyc.add_edge("c%02d" % i, "c%02d" % j)
    assert nx.is_directed_acyclic_graph(dag)
    assert not nx.is_directed_acyclic_graph(cyc)
    return dag, reads, cyc


def walk_trails(ways, start, min_len, max_len):
    """Every trail (edge sequence without a repeated edge) from `start`, as
    (end node, length), of length in [min_len, max_len], depth first;
    `ways(node)` lists the (edge, next node) steps out of a node."""
    out = []

    def step(node, used, length):
        if min_len <= length <= max_len and length > 0:
            out.append((node, length))
        if length == max_len:
            return
        for e, nb in sorted(ways(node)):
            if e in used:
                continue
            used.add(e)
            step(nb, used, length + 1)
            used.remove(e)

    step(start, set(), 0)
    return out


def trails(g, start, min_len, max_len, reverse=False):
    """The trails along the edges' direction (against it with `reverse`)."""
    if reverse:
        return walk_trails(lambda n: [((nb, n), nb) for nb in g.predecessors(n)], start, min_len, max_len)
    return walk_trails(lambda n: [((n, nb), nb) for nb in g.successors(n)], start, min_len, max_len)


def trail_reach(g, start, min_len, max_len, reverse=False):
    return sorted({v for v, _ in trails(g, start, min_len, max_len, reverse)})


def und_trail_reach(g, start, min_len, max_len):
    """End nodes of the trails from `start` of length in [min_len, max_len]
    when the directed edges of `g` are walked either way (each edge, named
    by its (source, target), at most once; a pair of opposite edges is two)."""
    def ways(n):
        return [((n, nb), nb) for nb in g.successors(n)] + [((nb, n), nb) for nb in g.predecessors(n)]

    return sorted({v for v, _ in walk_trails(ways, start, min_len, max_len)})


def und_reach(g, start, max_len=None):
    """Undirected reachability by a trail of 1..max_len edges: the nodes of
    the component within max_len (networkx BFS), and the start itself when
    a cycle through it is short enough: an edge start-x plus a shortest
    path from x back to the start without that edge (a MultiGraph keeps
    opposite edges apart)."""
    mg = nx.MultiGraph()
    mg.add_nodes_from(g.nodes)
    mg.add_edges_from(g.edges)
    dist = nx.single_source_shortest_path_length(mg, start, cutoff=max_len)
    out = {v for v in dist if v != start}
    best = None
    for _, x, k in list(mg.edges(start, keys=True)):
        mg.remove_edge(start, x, key=k)
        if nx.has_path(mg, x, start):
            c = 1 + nx.shortest_path_length(mg, x, start)
            best = c if best is None else min(best, c)
        mg.add_edge(start, x, key=k)
    if best is not None and (max_len is None or best <= max_len):
        out.add(start)
    return sorted(out)


def reach(g, start, reverse=False):
    """Nodes reachable by >= 1 edge (the start when a cycle returns to it)."""
    nbrs = g.predecessors if reverse else g.successors
    anc = nx.ancestors if reverse else nx.descendants
    out = set()
    for s in nbrs(start):
        out.add(s)
        out |= anc(g, s)
    return sorted(out)


class Cases:
    def __init__(self):
        self.parts = []
        self.count = 0

    def comment(self, text):
        self.parts.append("".join("# " + line + "\n" for line in text.split("\n")) + "\n")

    def query(self, q, rows, ordered=True):
        self.count += 1
        head = "query\n" if ordered else "query unordered\n"
        body = "".join(str(r) + "\n" for r in rows)
        self.parts.append(head + q + "\n----\n" + body + "\n")

    def raw(self, text):
        self.parts.append(text)


def key_list(keys):
    return "[" + ",".join('"%s"' % k for k in keys) + "]"


def node_csv(label, g):
    lines = [":ID,:LABEL,w:int"] + ["%s,%s,%d" % (v, label, g.nodes[v]["w"]) for v in sorted(g.nodes)]
    return "load nodes\n" + "\n".join(lines) + "\nend\n"


def edge_csv(edges):
    lines = [":START_ID,:END_ID,:TYPE"] + ["%s,%s,%s" % e for e in edges]
    return "load edges\n" + "\n".join(lines) + "\nend\n"


def shortest_path_cases(c, g, label, pairs, listed):
    """shortestPath length and allShortestPaths count for each pair (no row /
    0 when unreachable), then the full path lists for the `listed` pairs."""
    for s, t in pairs:
        if nx.has_path(g, s, t):
            rows = [nx.shortest_path_length(g, s, t)]
            count = [len(list(nx.all_shortest_paths(g, s, t)))]
        else:
            rows, count = [], [0]
        c.query("MATCH p = shortestPath((a:%s {key: '%s'})-[:FEEDS*]->(b:%s {key: '%s'})) RETURN length(p)"
                % (label, s, label, t), rows)
        c.query("MATCH p = allShortestPaths((a:%s {key: '%s'})-[:FEEDS*]->(b:%s {key: '%s'})) RETURN count(p)"
                % (label, s, label, t), count)
    for s, t in listed:
        if nx.has_path(g, s, t):
            c.query("MATCH p = allShortestPaths((a:%s {key: '%s'})-[:FEEDS*]->(b:%s {key: '%s'})) "
                    "RETURN [n IN nodes(p) | n.key] AS ks ORDER BY ks" % (label, s, label, t),
                    [key_list(p) for p in sorted(nx.all_shortest_paths(g, s, t))])


def dag_cases(c, dag, reads):
    nodes = sorted(dag.nodes)
    c.comment("Dag: %d nodes, %d FEEDS edges, %d READS edges." % (len(nodes), dag.number_of_edges(),
                                                                 reads.number_of_edges()))
    c.query("MATCH (n:Dag) RETURN count(n)", [len(nodes)])
    c.query("MATCH (:Dag)-[r:FEEDS]->(:Dag) RETURN count(r)", [dag.number_of_edges()])
    c.query("MATCH (:Dag)-[r:READS]->() RETURN count(*)", [reads.number_of_edges()])
    c.query("MATCH (n:Dag) WHERE NOT ()-[:FEEDS]->(n) RETURN n.key ORDER BY n.key",
            [v for v in nodes if dag.in_degree(v) == 0])
    c.query("MATCH (n:Dag) WHERE NOT (n)-[:FEEDS]->() RETURN n.key ORDER BY n.key",
            [v for v in nodes if dag.out_degree(v) == 0])
    c.query("MATCH (a:Dag)-[:FEEDS]->(b) RETURN a.key, count(b) ORDER BY a.key",
            ["%s | %d" % (v, dag.out_degree(v)) for v in nodes if dag.out_degree(v) > 0])
    c.query("MATCH (a:Dag) OPTIONAL MATCH (a)<-[:FEEDS]-(b) RETURN a.key, count(b) ORDER BY a.key",
            ["%s | %d" % (v, dag.in_degree(v)) for v in nodes])
    # Degree distribution: how many nodes have each out-degree.
    hist = {}
    for v in nodes:
        hist[dag.out_degree(v)] = hist.get(dag.out_degree(v), 0) + 1
    c.query("MATCH (a:Dag) OPTIONAL MATCH (a)-[:FEEDS]->(b) WITH a, count(b) AS d "
            "RETURN d, count(*) ORDER BY d",
            ["%d | %d" % (d, hist[d]) for d in sorted(hist)])
    und = dag.to_undirected()
    for v in ["a04", "a11"]:
        c.query("MATCH (a:Dag {key: '%s'})-[:FEEDS]-(b) RETURN b.key ORDER BY b.key" % v, sorted(und.neighbors(v)))

    for v in ["a00", "a03", "a09", "a15"]:
        d = reach(dag, v)
        c.query("MATCH (a:Dag {key: '%s'})-[:FEEDS*]->(b) RETURN count(b)" % v, [len(d)])
        c.query("MATCH (a:Dag {key: '%s'})-[:FEEDS*]->(b) RETURN b.key ORDER BY b.key" % v, d)
    for v in ["a23", "a17", "a12"]:
        u = reach(dag, v, reverse=True)
        c.query("MATCH (a:Dag {key: '%s'})<-[:FEEDS*]-(b) RETURN b.key ORDER BY b.key" % v, u)
        c.query("MATCH (b)-[:FEEDS*]->(a:Dag {key: '%s'}) RETURN count(DISTINCT b), sum(b.w)" % v,
                ["%d | %d" % (len(u), sum(dag.nodes[x]["w"] for x in u))])
    v = "a02"
    d = reach(dag, v)
    c.query("MATCH (a:Dag {key: '%s'})-[:FEEDS*]->(b) WHERE b.w >= 5 RETURN count(b), min(b.w), max(b.w)" % v,
            ["%d | %s | %s" % (len([x for x in d if dag.nodes[x]["w"] >= 5]),
                               min([dag.nodes[x]["w"] for x in d if dag.nodes[x]["w"] >= 5], default="null"),
                               max([dag.nodes[x]["w"] for x in d if dag.nodes[x]["w"] >= 5], default="null"))])

    # Depth-bounded reachability: on a DAG every walk is a path, so the
    # nodes at exactly k edges are the k-th power of the adjacency.
    for v, lo, hi in [("a00", 1, 2), ("a01", None, 3), ("a03", 2, 2), ("a00", 2, 3), ("a05", 3, None)]:
        rng = "*%s..%s" % ("" if lo is None else lo, "" if hi is None else hi)
        if lo == hi:
            rng = "*%d" % lo
        got = trail_reach(dag, v, lo or 1, hi if hi is not None else len(nodes))
        c.query("MATCH (a:Dag {key: '%s'})-[:FEEDS%s]->(b) RETURN b.key ORDER BY b.key" % (v, rng), got)
    v = "a21"
    got = trail_reach(dag, v, 1, 2, reverse=True)
    c.query("MATCH (a:Dag {key: '%s'})<-[:FEEDS*..2]-(b) RETURN count(b)" % v, [len(got)])

    # lineage procedures: BFS depth (fewest edges), upstream and downstream.
    for v, depth in [("a22", 2), ("a20", 3)]:
        dist = nx.single_source_shortest_path_length(dag.reverse(copy=True), v, cutoff=depth)
        rows = sorted(("%s | %d" % (k, d) for k, d in dist.items() if k != v), key=lambda r: (int(r.split(" | ")[1]), r))
        c.query("CALL lineage.upstream('Dag:%s', %d) YIELD node, depth RETURN node.key, depth "
                "ORDER BY depth, node.key" % (v, depth), rows)
    for v in ["a01", "a06"]:
        dist = nx.single_source_shortest_path_length(dag, v)
        c.query("CALL lineage.downstream('Dag:%s') YIELD node, depth RETURN count(node), max(depth)" % v,
                ["%d | %d" % (len(dist) - 1, max(dist.values()))])

    # Shortest paths: length for reachable pairs, no row otherwise;
    # allShortestPaths: how many shortest paths.
    pairs = [("a03", "a19"), ("a02", "a23"), ("a07", "a21"), ("a00", "a23"), ("a10", "a04"), ("a23", "a00")]
    shortest_path_cases(c, dag, "Dag", pairs, [("a03", "a19")])
    # Undirected shortest path length.
    und = dag.to_undirected()
    for s, t in [("a23", "a00"), ("a10", "a04")]:
        c.query("MATCH p = shortestPath((a:Dag {key: '%s'})-[:FEEDS*]-(b:Dag {key: '%s'})) RETURN length(p)" % (s, t),
                [nx.shortest_path_length(und, s, t)] if nx.has_path(und, s, t) else [])

    # Whole-graph facts.
    closure = sum(len(reach(dag, v)) for v in nodes)
    c.query("MATCH (a:Dag)-[:FEEDS*]->(b) RETURN count(*)", [closure])
    c.query("MATCH (a:Dag)-[:FEEDS*]->(a) RETURN count(*)", [0])
    c.query("MATCH (a:Dag) WHERE (a)-[:FEEDS*]->(a) RETURN count(a)", [0])
    two_hop = sum(dag.in_degree(v) * dag.out_degree(v) for v in nodes)
    c.query("MATCH (a:Dag)-[:FEEDS]->(b)-[:FEEDS]->(c) RETURN count(*)", [two_hop])
    tri = sum(1 for a, b in dag.edges for x in dag.successors(b) if dag.has_edge(a, x))
    c.query("MATCH (a:Dag)-[:FEEDS]->(b)-[:FEEDS]->(c), (a)-[:FEEDS]->(c) RETURN count(*)", [tri])
    wcc = sorted(len(cc) for cc in nx.weakly_connected_components(dag))
    v = "a07"
    comp = nx.node_connected_component(und, v)
    c.query("MATCH (a:Dag {key: '%s'})-[:FEEDS*]-(b) WHERE b <> a RETURN count(b)" % v, [len(comp) - 1])
    c.comment("weakly connected component sizes: %s" % wcc)
    # Undirected: the start comes back when a cycle (ignoring directions)
    # runs through it; lower bound > 1: trails, never an edge twice.
    for v in ["a07", "a23"]:
        c.query("MATCH (a:Dag {key: '%s'})-[:FEEDS*]-(b) RETURN count(b)" % v, [len(und_reach(dag, v))])
    for v, hi in [("a04", 2), ("a11", 3)]:
        c.query("MATCH (a:Dag {key: '%s'})-[:FEEDS*..%d]-(b) RETURN b.key ORDER BY b.key" % (v, hi),
                und_reach(dag, v, hi))
    for v, lo, hi in [("a04", 2, 3), ("a16", 2, 2)]:
        rng = "*%d" % lo if lo == hi else "*%d..%d" % (lo, hi)
        c.query("MATCH (a:Dag {key: '%s'})-[:FEEDS%s]-(b) RETURN b.key ORDER BY b.key" % (v, rng),
                und_trail_reach(dag, v, lo, hi))
    # Number of paths from a source and the longest one (DAG: paths = trails).
    s = "a00"
    npaths = {}
    for v in reversed(list(nx.topological_sort(dag))):
        npaths[v] = sum(1 + npaths[x] for x in dag.successors(v))
    longest = max(len(p) - 1 for t in reach(dag, s) for p in nx.all_simple_paths(dag, s, t))
    c.query("MATCH p = (a:Dag {key: '%s'})-[:FEEDS*]->(b) RETURN count(p), max(length(p))" % s,
            ["%d | %d" % (npaths[s], longest)])
    total = sum(npaths.values())
    if total <= 20000:
        c.query("MATCH p = (a:Dag)-[:FEEDS*]->(b) RETURN count(p), max(length(p))",
                ["%d | %d" % (total, nx.dag_longest_path_length(dag))])
    # Both edge types: reachability over the union.
    both = nx.compose(dag, reads)
    for v in ["a00", "a08"]:
        c.query("MATCH (a:Dag {key: '%s'})-[:FEEDS|READS*]->(b) RETURN count(b)" % v, [len(reach(both, v))])
    # Common ancestors of two nodes.
    x, y = "a20", "a22"
    common = sorted(set(reach(dag, x, True)) & set(reach(dag, y, True)))
    c.query("MATCH (x:Dag {key: '%s'})<-[:FEEDS*]-(c)-[:FEEDS*]->(y:Dag {key: '%s'}) RETURN DISTINCT c.key "
            "ORDER BY c.key" % (x, y), common)
    # A topological order: every edge goes from a lower to a higher rank.
    c.query("MATCH (a:Dag)-[:FEEDS]->(b) WHERE a.key >= b.key RETURN count(*)", [0])


def cyc_cases(c, cyc):
    nodes = sorted(cyc.nodes)
    sccs = [s for s in nx.strongly_connected_components(cyc) if len(s) > 1]
    on_cycle = sorted(v for s in sccs for v in s)
    c.comment("Cyc: %d nodes, %d FEEDS edges; strongly connected components of more than one node: %s"
              % (len(nodes), cyc.number_of_edges(), sorted(sorted(s) for s in sccs)))
    c.query("MATCH (:Cyc)-[r:FEEDS]->() RETURN count(r)", [cyc.number_of_edges()])
    c.query("MATCH (a:Cyc) WHERE (a)-[:FEEDS*]->(a) RETURN a.key ORDER BY a.key", on_cycle)
    c.query("MATCH (a:Cyc)-[:FEEDS*]->(a) RETURN count(*)", [len(on_cycle)])
    c.query("MATCH (a:Cyc)-[:FEEDS]->(b) RETURN a.key, count(b) ORDER BY a.key",
            ["%s | %d" % (v, cyc.out_degree(v)) for v in nodes if cyc.out_degree(v) > 0])
    c.query("MATCH (a:Cyc)-[:FEEDS*]->(b) RETURN count(*)", [sum(len(reach(cyc, v)) for v in nodes)])
    for v in ["c00", "c06", "c07", "c09"]:
        c.query("MATCH (a:Cyc {key: '%s'})-[:FEEDS*]->(b) RETURN b.key ORDER BY b.key" % v, reach(cyc, v))
    for v in ["c03", "c09"]:
        c.query("MATCH (a:Cyc {key: '%s'})<-[:FEEDS*]-(b) RETURN b.key ORDER BY b.key" % v, reach(cyc, v, True))
    # Bounded: with lower bound 1 a walk and a trail reach the same nodes.
    for v, hi in [("c00", 2), ("c05", 3)]:
        c.query("MATCH (a:Cyc {key: '%s'})-[:FEEDS*..%d]->(b) RETURN b.key ORDER BY b.key" % (v, hi),
                trail_reach(cyc, v, 1, hi))
    # Lower bound > 1: Cypher counts trails (no edge twice).
    for v, lo, hi in [("c00", 3, 4), ("c02", 2, 2)]:
        rng = "*%d" % lo if lo == hi else "*%d..%d" % (lo, hi)
        c.query("MATCH (a:Cyc {key: '%s'})-[:FEEDS%s]->(b) RETURN b.key ORDER BY b.key" % (v, rng),
                trail_reach(cyc, v, lo, hi))
    for v, lo, hi in [("c03", 3, 5), ("c09", 4, 6)]:
        c.query("MATCH (a:Cyc {key: '%s'})-[:FEEDS*%d..%d]->(b) RETURN b.key ORDER BY b.key" % (v, lo, hi),
                trail_reach(cyc, v, lo, hi))
    c.query("MATCH (a:Cyc)-[:FEEDS*2..3]->(b) RETURN count(*)",
            [sum(len(trail_reach(cyc, v, 2, 3)) for v in nodes)])
    # Undirected: the start comes back round any cycle; lower bound > 1:
    # trails (a pair of opposite edges is two edges).
    for v in ["c00", "c04", "c11"]:
        c.query("MATCH (a:Cyc {key: '%s'})-[:FEEDS*]-(b) RETURN b.key ORDER BY b.key" % v, und_reach(cyc, v))
    for v, hi in [("c02", 1), ("c06", 2)]:
        c.query("MATCH (a:Cyc {key: '%s'})-[:FEEDS*..%d]-(b) RETURN b.key ORDER BY b.key" % (v, hi),
                und_reach(cyc, v, hi))
    c.query("MATCH (a:Cyc)-[:FEEDS*]-(a) RETURN count(*)", [sum(1 for v in nodes if v in und_reach(cyc, v))])
    for v, lo, hi in [("c00", 2, 3), ("c05", 2, 2), ("c12", 3, 3)]:
        rng = "*%d" % lo if lo == hi else "*%d..%d" % (lo, hi)
        c.query("MATCH (a:Cyc {key: '%s'})-[:FEEDS%s]-(b) RETURN b.key ORDER BY b.key" % (v, rng),
                und_trail_reach(cyc, v, lo, hi))
    c.query("MATCH (a:Cyc)-[:FEEDS*2]-(b) RETURN count(*)", [sum(len(und_trail_reach(cyc, v, 2, 2)) for v in nodes)])
    # Named variable-length paths enumerate trails.
    for v, hi in [("c00", 4), ("c05", 6)]:
        t = trails(cyc, v, 1, hi)
        c.query("MATCH p = (a:Cyc {key: '%s'})-[:FEEDS*1..%d]->(b) RETURN count(p), count(DISTINCT b), "
                "max(length(p))" % (v, hi), ["%d | %d | %d" % (len(t), len({x for x, _ in t}),
                                                               max((n for _, n in t), default=0))])
    # Shortest paths.
    shortest_path_cases(c, cyc, "Cyc", [("c07", "c03"), ("c13", "c01"), ("c00", "c05"), ("c06", "c02")],
                        [("c07", "c03"), ("c13", "c01")])
    # lineage.downstream: BFS depth; the start comes back at the length of
    # its shortest cycle when it lies on one.
    for v in ["c00", on_cycle[0]]:
        dist = nx.single_source_shortest_path_length(cyc, v)
        rows = {k: d for k, d in dist.items() if k != v}
        back = [dist[p] + 1 for p in cyc.predecessors(v) if p in dist]
        if back:
            rows[v] = min(back)
        c.query("CALL lineage.downstream('Cyc:%s') YIELD node, depth RETURN node.key, depth ORDER BY node.key" % v,
                ["%s | %d" % (k, rows[k]) for k in sorted(rows)])


def generate():
    dag, reads, cyc = make_graphs()
    c = Cases()
    c.raw("# GENERATED by tests/queries/gen_networkx_cases.py (seed %d): do not edit;\n"
          "# expected rows computed with networkx, never by provgraph.\n"
          "# The ctest query.networkx_graphs_current checks this file is what the script writes.\n\n"
          % SEED)
    c.raw(node_csv("Dag", dag))
    c.raw(node_csv("Cyc", cyc))
    edges = sorted([(a, b, "FEEDS") for a, b in dag.edges] + [(a, b, "READS") for a, b in reads.edges] +
                   [(a, b, "FEEDS") for a, b in cyc.edges])
    c.raw(edge_csv(edges) + "\n")
    dag_cases(c, dag, reads)
    cyc_cases(c, cyc)
    c.raw("# %d cases\n" % c.count)
    return "".join(c.parts)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    text = generate()
    if args.check:
        with open(OUT) as f:
            if f.read() != text:
                print("%s is not what %s generates: rerun it" % (OUT, sys.argv[0]))
                return 1
        print("%s is current" % OUT)
        return 0
    with open(OUT, "w") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
