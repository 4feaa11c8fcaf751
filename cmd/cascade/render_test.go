package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"gonum.org/v1/gonum/graph/formats/dot"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
	"github.com/cascade-infra/cascade/render"
)

// qs is the quickstart example, the small model of these tests.
const qs = "../../examples/quickstart"

var (
	companionOnce sync.Once
	companionPath string
	companionErr  error
)

// builtCompanion builds cmd/cascade-graphviz once per test run and returns its
// path; it skips the test when there is no Go toolchain.
func builtCompanion(t *testing.T) string {
	t.Helper()
	companionOnce.Do(func() {
		goTool, err := exec.LookPath("go")
		if err != nil {
			companionErr = err
			return
		}
		dir, err := os.MkdirTemp("", "cascade-graphviz-test")
		if err != nil {
			companionErr = err
			return
		}
		companionPath = filepath.Join(dir, companionName)
		out, err := exec.Command(goTool, "build", "-o", companionPath, "../cascade-graphviz").CombinedOutput()
		if err != nil {
			companionErr = fmt.Errorf("%v\n%s", err, out)
		}
	})
	if companionErr != nil {
		t.Skipf("cannot build %s: %v", companionName, companionErr)
	}
	return companionPath
}

func TestRenderDOT(t *testing.T) {
	for _, args := range [][]string{
		{"render", qs},
		{"render", qs, "--view", "model"},
		{"render", qs, "--view", "sectors"},
		{"render", qs, "--scenario", "flood"},
		{"render", qs, "--view", "impact", "--affected-only"},
		{"render", qs, "--view", "sequence"},
		{"render", qs, "--view", "explain", "--asset", "hospital"},
		{"render", qs, "--focus", "pumping", "--depth", "1", "--layout", "neato"},
	} {
		out, errOut, code := cli(t, nil, args...)
		if code != exitOK {
			t.Errorf("%v: exit %d\n%s", args, code, errOut)
			continue
		}
		if _, err := dot.ParseString(out); err != nil {
			t.Errorf("%v: DOT does not parse: %v", args, err)
		}
		if !strings.Contains(out, `"legend:"`) {
			t.Errorf("%v: no legend", args)
		}
	}
	// The view chosen shows in the DOT.
	out, _, _ := cli(t, nil, "render", qs, "--scenario", "flood")
	if !strings.HasPrefix(out, `digraph "impact"`) || !strings.Contains(out, "failed T+0s") {
		t.Errorf("render --scenario: not the impact view:\n%s", out)
	}
	out, _, _ = cli(t, nil, "render", qs, "--focus", "pumping", "--depth", "1")
	if strings.Contains(out, `"clinic"`) || !strings.Contains(out, `"hospital"`) {
		t.Errorf("render --focus pumping --depth 1: wrong neighbourhood:\n%s", out)
	}
}

func TestRenderDOTFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.dot")
	stdout, _, _ := cli(t, nil, "render", qs, "--view", "sectors")
	_, errOut, code := cli(t, nil, "render", qs, "--view", "sectors", "-o", path)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != stdout {
		t.Error("-o FILE.dot differs from DOT on stdout")
	}
}

func TestRenderUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"render", qs, "--view", "nope"}, exitUsage, `--view "nope"`},
		{[]string{"render", qs, "--layout", "twopi"}, exitUsage, `--layout "twopi"`},
		{[]string{"render", qs, "-o", "x.gif"}, exitUsage, "unknown extension"},
		{[]string{"render", qs, "-o", "x.svg", "--format", "png"}, exitUsage, "contradicts"},
		{[]string{"render", qs, "--view", "explain"}, exitUsage, "needs --asset"},
		{[]string{"render", qs, "--asset", "hospital"}, exitUsage, "--asset is for --view explain"},
		{[]string{"render", qs, "--depth", "3"}, exitUsage, "--depth needs --focus"},
		{[]string{"render", qs, "--affected-only"}, exitUsage, "needs --scenario"},
		{[]string{"render", qs, "a", "b"}, exitUsage, "at most one MODEL"},
		{[]string{"render", qs, "--focus", "pumpin"}, exitInvalid, `did you mean "pumping"`},
		{[]string{"render", qs, "--scenario", "nope"}, exitInvalid, `no scenario "nope"`},
		{[]string{"render", qs, "--help"}, exitOK, "Layouts: by size"},
		{[]string{"render", qs, "--max-edges", "10"}, exitUsage, "--max-edges and --all-edges are for --view sectors"},
		{[]string{"render", qs, "--all-edges"}, exitUsage, "--max-edges and --all-edges are for --view sectors"},
		{[]string{"render", qs, "--view", "sectors", "--all-edges", "--max-edges", "10"}, exitUsage, "contradict"},
		{[]string{"render", qs, "--view", "sectors", "--max-edges", "0"}, exitUsage, "--max-edges 0: want 1 or more"},
		{[]string{"render", qs, "--help"}, exitOK, "--all-edges"},
		{[]string{"plot", qs}, exitUsage, "plot needs -o"},
		{[]string{"plot", qs, "-o", "x.gif"}, exitUsage, ".png, .svg or .pdf"},
		{[]string{"plot", qs, "--kind", "pie", "-o", "x.svg"}, exitUsage, "want sectors or gantt"},
	}
	for _, tt := range tests {
		out, errOut, code := cli(t, nil, tt.args...)
		if code != tt.code {
			t.Errorf("%v: exit %d, want %d\n%s", tt.args, code, tt.code, errOut)
		}
		if !strings.Contains(out+errOut, tt.want) {
			t.Errorf("%v: output lacks %q:\n%s%s", tt.args, tt.want, out, errOut)
		}
	}
}

func TestRenderWithoutCompanion(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.svg")
	// No PATH: neither the companion nor go can be found.
	_, errOut, code := cli(t, []string{"PATH="}, "render", qs, "-o", path)
	if code != exitInvalid {
		t.Fatalf("exit %d, want %d: %s", code, exitInvalid, errOut)
	}
	for _, want := range []string{"cascade-graphviz not found", "go build -o DIR ./cmd/cascade-graphviz", "go install ./cmd/...", "-o FILE.dot"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("error lacks %q:\n%s", want, errOut)
		}
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("a file was left at %s", path)
	}
	_, errOut, code = cli(t, []string{"CASCADE_GRAPHVIZ=/nonexistent/cgv"}, "render", qs, "-o", path)
	if code != exitInvalid || !strings.Contains(errOut, "CASCADE_GRAPHVIZ") {
		t.Errorf("bad CASCADE_GRAPHVIZ: exit %d, %s", code, errOut)
	}
}

func TestRenderImages(t *testing.T) {
	cgv := builtCompanion(t)
	dir := t.TempDir()
	env := []string{"CASCADE_GRAPHVIZ=" + cgv}
	svgPath := filepath.Join(dir, "impact.svg")
	if _, errOut, code := cli(t, env, "render", qs, "--scenario", "flood", "-o", svgPath); code != exitOK {
		t.Fatalf("svg: exit %d: %s", code, errOut)
	}
	checkSVG(t, svgPath, "Riverside substation")
	pngPath := filepath.Join(dir, "sectors.png")
	if _, errOut, code := cli(t, env, "render", qs, "--view", "sectors", "-o", pngPath); code != exitOK {
		t.Fatalf("png: exit %d: %s", code, errOut)
	}
	checkPNG(t, pngPath)

	// The companion is also found next to the cascade binary.
	var out, errb bytes.Buffer
	st := &State{Args: []string{"render", qs, "-o", filepath.Join(dir, "next.svg")}, Getenv: func(string) string { return "" },
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Ctx: context.Background(),
		Executable: filepath.Join(filepath.Dir(cgv), "cascade")}
	if code := realMain(st); code != exitOK {
		t.Fatalf("companion next to cascade: exit %d: %s", code, errb.String())
	}
	checkSVG(t, filepath.Join(dir, "next.svg"), "Legend")
}

// checkSVG checks that the file at path is well-formed XML with an svg root and
// that its text contains want.
func checkSVG(t *testing.T, path, want string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(bytes.NewReader(b))
	var text strings.Builder
	root := ""
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s is not valid XML: %v", path, err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = tok.Name.Local
			}
		case xml.CharData:
			text.Write(tok)
		}
	}
	if root != "svg" || !strings.Contains(text.String(), want) {
		t.Errorf("%s: root %q, text without %q", path, root, want)
	}
}

func checkPNG(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if b := img.Bounds(); b.Dx() < 200 || b.Dy() < 100 {
		t.Errorf("%s is %dx%d", path, b.Dx(), b.Dy())
	}
}

// writeLarge writes a chain model of n assets in two sectors and returns its path.
func writeLarge(t *testing.T, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("sector \"a\" {}\nsector \"b\" {}\n")
	for i := range n {
		fmt.Fprintf(&b, "asset \"x%04d\" {\n  sector = sector.%s\n", i, []string{"a", "b"}[i%2])
		if i > 0 {
			fmt.Fprintf(&b, "  depends_on = [asset.x%04d]\n", i-1)
		}
		b.WriteString("}\n")
	}
	b.WriteString("scenario \"s\" {\n  event \"e\" {\n    targets = [asset.x0000]\n  }\n}\n")
	path := filepath.Join(t.TempDir(), "large.hcl")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// writeDense writes a model of n sectors of one asset each, every asset
// depending on every other one: n·(n-1) links between sectors, all one loop.
func writeDense(t *testing.T, n int) string {
	t.Helper()
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "sector \"s%03d\" {}\n", i)
	}
	for i := range n {
		fmt.Fprintf(&b, "asset \"a%03d\" {\n  sector = sector.s%03d\n  depends_on = [", i, i)
		for j := range n {
			if j != i {
				fmt.Fprintf(&b, "asset.a%03d, ", j)
			}
		}
		b.WriteString("]\n}\n")
	}
	path := filepath.Join(t.TempDir(), "dense.hcl")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestRenderSectorsEdges(t *testing.T) {
	const n = 40 // 1,560 links
	dense := writeDense(t, n)
	links := func(dot string) int {
		k := 0
		for line := range strings.SplitSeq(dot, "\n") {
			if strings.Contains(line, " -> ") {
				k++
				if strings.Contains(line, `dir="both"`) {
					k++
				}
			}
		}
		return k
	}
	out, errOut, code := cli(t, nil, "render", dense, "--view", "sectors")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	shown := links(out)
	if shown < render.DefaultMaxEdges || shown > max(render.DefaultMaxEdges, 4*n) || !strings.Contains(out, fmt.Sprintf("%d of 1,560 links", shown)) || !strings.Contains(out, "--all-edges") {
		t.Errorf("default: %d links drawn, DOT:\n%.2000s", shown, out)
	}
	out, errOut, code = cli(t, nil, "render", dense, "--view", "sectors", "--max-edges", "500")
	if code != exitOK || links(out) != 500 || !strings.Contains(out, "500 of 1,560 links") {
		t.Errorf("--max-edges 500: exit %d, %d links drawn: %s", code, links(out), errOut)
	}
	out, errOut, code = cli(t, nil, "render", dense, "--view", "sectors", "--all-edges")
	if code != exitOK || links(out) != n*(n-1) || strings.Contains(out, "1,560 links") {
		t.Errorf("--all-edges: exit %d, %d links drawn: %s", code, links(out), errOut)
	}
}

func TestRenderLargeRefused(t *testing.T) {
	large := writeLarge(t, render.SFDPMax+1)
	out := filepath.Join(t.TempDir(), "large.dot")
	_, errOut, code := cli(t, nil, "render", large, "-o", out)
	if code != exitInvalid {
		t.Fatalf("exit %d, want %d: %s", code, exitInvalid, errOut)
	}
	for _, want := range []string{"--view sectors", "--focus ASSET --depth N", "--force"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("refusal lacks %q: %s", want, errOut)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("a refused diagram left a file")
	}
	for _, args := range [][]string{
		{"render", large, "--view", "sectors"},
		{"render", large, "--focus", "x0100", "--depth", "3"},
		{"render", large, "--force"},
	} {
		if _, errOut, code := cli(t, nil, args...); code != exitOK {
			t.Errorf("%v: exit %d: %s", args[2:], code, errOut)
		}
	}
	_, errOut, code = cli(t, nil, "render", large, "--focus", "x0100", "--depth", "200", "--layout", "dot")
	if code != exitInvalid || !strings.Contains(errOut, "--layout sfdp") {
		t.Errorf("dot on 401 assets: exit %d: %s", code, errOut)
	}
}

func TestPlotGantt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gantt.svg")
	model := filepath.Join("..", "..", "render", "testdata", "restoration.hcl")
	if _, errOut, code := cli(t, nil, "plot", model, "--kind", "gantt", "-o", path); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	checkSVG(t, path, "waiting for a crew of Grid Co.")
}

func TestPlot(t *testing.T) {
	dir := t.TempDir()
	for _, ext := range []string{"png", "svg", "pdf"} {
		path := filepath.Join(dir, "plot."+ext)
		if _, errOut, code := cli(t, nil, "plot", qs, "--scenario", "flood", "-o", path); code != exitOK {
			t.Fatalf("%s: exit %d: %s", ext, code, errOut)
		}
		switch ext {
		case "png":
			checkPNG(t, path)
		case "svg":
			checkSVG(t, path, "Water")
		case "pdf":
			b, _ := os.ReadFile(path)
			if !bytes.HasPrefix(b, []byte("%PDF-")) {
				t.Errorf("%s is not a PDF", path)
			}
		}
	}
}

func TestWriteDiagram(t *testing.T) {
	m, diags := model.Load(qs, model.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	net, err := cascade.Compile(m)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := net.CompileScenario(m.Scenario("flood"))
	if err != nil {
		t.Fatal(err)
	}
	res := net.Run(sc, cascade.Options{})
	path := filepath.Join(t.TempDir(), "d.dot")
	st := &State{Getenv: func(string) string { return "" }, Stdout: io.Discard, Stderr: io.Discard, Ctx: context.Background()}
	if d, err := diagramOutput(st, path, res); err != nil {
		t.Fatal(err)
	} else if err := st.outputs(d); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	want, _, _ := cli(t, nil, "render", qs, "--scenario", "flood")
	if string(got) != want {
		t.Error("diagramOutput differs from cascade render --scenario")
	}
	if _, err := diagramOutput(st, filepath.Join(t.TempDir(), "d.gif"), res); err == nil || !strings.Contains(err.Error(), "--diagram") {
		t.Errorf("bad extension: %v", err)
	}
}

func TestRenderHorizon(t *testing.T) {
	// Cut at 1d, the hospital (failing at 1d12h) is on backup instead.
	out, errOut, code := cli(t, nil, "render", qs, "--scenario", "flood", "--horizon", "1d")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "horizon 1d") || !strings.Contains(out, "on backup since T+0s") {
		t.Errorf("--horizon 1d not applied:\n%s", out)
	}
	if _, errOut, code := cli(t, nil, "render", qs, "--horizon", "1d"); code != exitUsage {
		t.Errorf("--horizon without scenario: exit %d: %s", code, errOut)
	}
}

// TestNoGraphvizInCascade guards the design of docs/render.md: the cascade
// binary must not link go-graphviz, whose init costs every process 0.1–0.7 s.
func TestNoGraphvizInCascade(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no Go toolchain")
	}
	out, err := exec.Command(goTool, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.HasPrefix(dep, "github.com/goccy/go-graphviz") || strings.HasPrefix(dep, "github.com/tetratelabs/wazero") {
			t.Errorf("cmd/cascade depends on %s; only cmd/cascade-graphviz may", dep)
		}
	}
}

// TestRenderMap checks render --view map: drawn by cascade itself as SVG, PNG or
// PDF, of the model or of a run; DOT refused; a model without locations refused.
func TestRenderMap(t *testing.T) {
	dir := t.TempDir()
	svg := filepath.Join(dir, "m.svg")
	if _, errOut, code := cli(t, nil, "render", "testdata/geojson/pacific.hcl", "-s", "quake", "--view", "map", "-o", svg); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	b, err := os.ReadFile(svg)
	if err != nil || !bytes.Contains(b, []byte("<svg")) || !bytes.Contains(b, []byte("failed at T+0s")) {
		t.Errorf("map SVG (%v):\n%.300s", err, b)
	}
	if _, errOut, code := cli(t, nil, "render", "testdata/geojson/pacific.hcl", "--view", "map", "-o", filepath.Join(dir, "m.png")); code != exitOK {
		t.Errorf("model map: exit %d: %s", code, errOut)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--view", "map", "-o", filepath.Join(dir, "m.dot")}, exitUsage, "not by Graphviz"},
		{[]string{"--view", "map"}, exitUsage, "-o FILE.svg"},
		{[]string{"--view", "map", "-o", filepath.Join(dir, "m.svg"), "--layout", "dot"}, exitUsage, "--layout is not for --view map"},
		{[]string{"--view", "map", "-o", filepath.Join(dir, "m.svg"), "--format", "png"}, exitUsage, "contradicts"},
	} {
		_, errOut, code := cli(t, nil, append([]string{"render", "testdata/geojson/pacific.hcl"}, c.args...)...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("render %v: exit %d, %s; want %d and %q", c.args, code, errOut, c.code, c.want)
		}
	}
	src := "sector \"s\" {}\nasset \"a\" { sector = sector.s }\n"
	if err := os.WriteFile(filepath.Join(dir, "x.hcl"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := cli(t, nil, "render", filepath.Join(dir, "x.hcl"), "--view", "map", "-o", filepath.Join(dir, "x.svg")); code == exitOK || !strings.Contains(errOut, "location") {
		t.Errorf("no location: exit %d, %s", code, errOut)
	}
}
