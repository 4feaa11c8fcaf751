package graphml

import (
	"bytes"
	"fmt"
	"strconv"
	"testing"

	"github.com/cascade-infra/cascade/cascade"
)

// TestFromModelRun exports generated models with a run of each scenario (with and
// without restoration) and checks, after writing and reading the file, that exactly
// the failed assets carry failed_s, compromised, compromised_s and restored_s, with
// the run's values.
func TestFromModelRun(t *testing.T) {
	seen := map[string]int{} // attribute → nodes that carry it, over every run
	for seed := range uint64(6) {
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) {
			m, _ := generated(t, seed, 18)
			for _, sc := range m.Scenarios {
				res, err := cascade.RunScenario(m, sc, cascade.Options{})
				if err != nil {
					t.Fatal(err)
				}
				rep := res.Report()
				var buf bytes.Buffer
				if err := Write(&buf, FromModel(m, rep)); err != nil {
					t.Fatal(err)
				}
				g, err := Read(&buf)
				if err != nil {
					t.Fatal(err)
				}
				if v, _ := g.GraphValue(AttrScenario); v != sc.Name {
					t.Errorf("graph scenario %q, want %q", v, sc.Name)
				}
				want := map[string]map[string]string{}
				for _, f := range rep.Failures {
					w := map[string]string{AttrFailed: strconv.FormatInt(f.AtS, 10), AttrCompromised: strconv.FormatBool(f.Compromised)}
					if f.CompromisedAtS != nil {
						w[AttrCompromisedS] = strconv.FormatInt(*f.CompromisedAtS, 10)
					}
					if f.RestoredS != nil {
						w[AttrRestored] = strconv.FormatInt(*f.RestoredS, 10)
					}
					want[f.Asset] = w
				}
				for i := range g.Nodes {
					n := &g.Nodes[i]
					for _, attr := range []string{AttrFailed, AttrCompromised, AttrCompromisedS, AttrRestored} {
						got, ok := g.NodeValue(n, attr)
						w, wok := want[n.ID][attr]
						if ok {
							seen[attr]++
						}
						if got != w || ok != wok {
							t.Errorf("%s: node %s: %s = %q (%v), want %q (%v)", sc.Name, n.ID, attr, got, ok, w, wok)
						}
					}
				}
			}
		})
	}
	for _, attr := range []string{AttrFailed, AttrCompromised, AttrCompromisedS, AttrRestored} {
		if seen[attr] == 0 {
			t.Errorf("no run of the generated models gave any node %s: the test checks nothing of it", attr)
		}
	}
	t.Logf("nodes with each attribute: %v", seen)
}
