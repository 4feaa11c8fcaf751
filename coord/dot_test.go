package coord

import (
	"bytes"
	"strings"
	"testing"

	"gonum.org/v1/gonum/graph/formats/dot"
	"gonum.org/v1/gonum/graph/formats/dot/ast"
)

func TestWriteDOT(t *testing.T) {
	w := newWorld(chainOrgs, []string{"power-isac", "isac-telco"}, chainAssets, chainDeps)
	// Hostile labels must still give valid DOT that shows them literally.
	w.orgs["bank"].Label = "Bank \"of\" <Tokyo> &amp;\\N\nbranch"
	w.orgs["water"].Label = "東京都水道局"
	r, err := Analyze(w.m, nil, w.failures(chainFails...), w.channels("bank-cisa", "cisa-isac"))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteDOT(&buf, w.m, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	f, err := dot.ParseString(out)
	if err != nil {
		t.Fatalf("invalid DOT: %v\n%s", err, out)
	}
	if len(f.Graphs) != 1 {
		t.Fatalf("%d graphs, want 1", len(f.Graphs))
	}
	labels := map[string]string{}
	var gapEdges, proposed, channels int
	var walk func(stmts []ast.Stmt)
	walk = func(stmts []ast.Stmt) {
		for _, s := range stmts {
			switch s := s.(type) {
			case *ast.NodeStmt:
				for _, a := range s.Attrs {
					if a.Key == "label" {
						labels[s.Node.ID] = a.Val
					}
				}
			case *ast.EdgeStmt:
				attrs := map[string]string{}
				for _, a := range s.Attrs {
					attrs[a.Key] = a.Val
				}
				switch {
				case attrs["style"] == `"dashed"` && strings.Contains(attrs["label"], "gap:"):
					gapEdges++
				case attrs["label"] == `"proposed"`:
					proposed++
				case attrs["label"] == "":
					channels++
				}
			case *ast.Subgraph:
				walk(s.Stmts)
			}
		}
	}
	walk(f.Graphs[0].Stmts)
	if want := `"Bank \"of\" <Tokyo> &amp;amp;\\N\nbranch\n(operator)\n2 failed"`; labels[`"bank"`] != want {
		t.Errorf("bank label = %s, want %s", labels[`"bank"`], want)
	}
	if !strings.Contains(labels[`"water"`], "東京都水道局") {
		t.Errorf("water label = %s, want the Japanese name", labels[`"water"`])
	}
	// Gaps: bank-telco and power-water; both proposed channels are new; the
	// model's channels are power-isac and isac-telco.
	if gapEdges != 2 || proposed != 2 || channels != 2 {
		t.Errorf("gap edges %d, proposed %d, channels %d; want 2, 2, 2\n%s", gapEdges, proposed, channels, out)
	}
	if !strings.Contains(out, "closed by proposed channel") {
		t.Errorf("the closed bank-telco gap is not marked:\n%s", out)
	}
}
