package graphml

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// networkxScript reads an exported model with networkx, checks what a researcher
// would rely on (a directed graph, the counts, typed attributes) and writes it back
// with networkx's own writer.
const networkxScript = `
import sys, networkx as nx
g = nx.read_graphml(sys.argv[1])
assert isinstance(g, nx.DiGraph) and not g.is_multigraph(), type(g)
assert g.number_of_nodes() == int(sys.argv[3]), g.number_of_nodes()
assert g.number_of_edges() == int(sys.argv[4]), g.number_of_edges()
for n, d in g.nodes(data=True):
    assert isinstance(d["sector_threshold"], float) and isinstance(d["sector"], str), d
for u, v, d in g.edges(data=True):
    assert isinstance(d["delay_s"], int) and isinstance(d["probability"], float), d
    assert d["kind"] in ("physical", "cyber", "geographic", "logical"), d
nx.write_graphml(g, sys.argv[2])
`

// TestNetworkxRoundTrip exports generated models, reads and writes them with
// networkx (python3), and imports networkx's file: the same model comes back. It
// skips when python3 or networkx is missing.
func TestNetworkxRoundTrip(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not on PATH: the networkx round trip is not checked")
	}
	if out, err := exec.Command(py, "-c", "import networkx").CombinedOutput(); err != nil {
		t.Skipf("python3 cannot import networkx (pip install networkx): the networkx round trip is not checked: %s", strings.TrimSpace(string(out)))
	}
	for seed := range uint64(2) { // each starts python3 and imports networkx: about a second
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) {
			m, scen := generated(t, seed, 17)
			g := FromModel(m, nil)
			in, out := filepath.Join(t.TempDir(), "in.graphml"), filepath.Join(t.TempDir(), "out.graphml")
			f, err := os.Create(in)
			if err != nil {
				t.Fatal(err)
			}
			if err := Write(f, g); err != nil {
				t.Fatal(err)
			}
			f.Close()
			cmd := exec.Command(py, "-c", networkxScript, in, out, fmt.Sprint(len(g.Nodes)), fmt.Sprint(len(g.Edges)))
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("networkx: %v\n%s", err, b)
			}
			f, err = os.Open(out)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			back, err := Read(f)
			if err != nil {
				t.Fatalf("read networkx's file: %v", err)
			}
			// networkx keeps an edge's id as an attribute "id".
			sameModel(t, importGraph(t, back, scen, "id"), m)
		})
	}
}
