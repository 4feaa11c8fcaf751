package model

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// expectation is an inline "# ERROR: summary" or "# WARNING: summary" comment.
type expectation struct {
	file     string
	line     int
	severity hcl.DiagnosticSeverity
	summary  string
	matched  bool
}

var expectPattern = regexp.MustCompile(`#\s*(ERROR|WARNING):\s*([^#]*[^#\s])`)

// expectations reads the inline expectations of the model files at path.
func expectations(t *testing.T, path string) []*expectation {
	t.Helper()
	files := []string{path}
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		files, _ = filepath.Glob(filepath.Join(path, "*.hcl"))
	}
	var out []*expectation
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(bytes.NewReader(src))
		for line := 1; sc.Scan(); line++ {
			for _, m := range expectPattern.FindAllStringSubmatch(sc.Text(), -1) {
				sev := hcl.DiagError
				if m[1] == "WARNING" {
					sev = hcl.DiagWarning
				}
				out = append(out, &expectation{file: f, line: line, severity: sev, summary: m[2]})
			}
		}
	}
	return out
}

// checkExpectations matches diagnostics with the inline expectations by file,
// line, severity and summary: every diagnostic must be expected and every
// expectation met.
func checkExpectations(t *testing.T, path string, diags hcl.Diagnostics) {
	t.Helper()
	exps := expectations(t, path)
	for _, d := range diags {
		if d.Subject == nil {
			t.Errorf("diagnostic without a source range: %s: %s", d.Summary, d.Detail)
			continue
		}
		found := false
		for _, e := range exps {
			if !e.matched && e.severity == d.Severity && filepath.Clean(e.file) == filepath.Clean(d.Subject.Filename) &&
				e.line == d.Subject.Start.Line && strings.Contains(d.Summary, e.summary) {
				e.matched, found = true, true
				break
			}
		}
		if !found {
			t.Errorf("unexpected diagnostic at %s: %s: %s", d.Subject, d.Summary, d.Detail)
		}
	}
	for _, e := range exps {
		if !e.matched {
			t.Errorf("%s:%d: expected diagnostic %q, got none", e.file, e.line, e.summary)
		}
	}
}

// modelPaths lists the files and folders directly inside dir.
func modelPaths(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, filepath.Join(dir, e.Name()))
	}
	return out
}

// diagText renders diagnostics as the command line prints them, without colour.
func diagText(files map[string]*hcl.File, diags hcl.Diagnostics) string {
	var buf bytes.Buffer
	w := hcl.NewDiagnosticTextWriter(&buf, files, 80, false)
	if err := w.WriteDiagnostics(diags); err != nil {
		panic(err)
	}
	return buf.String()
}

// checkGolden compares got with testdata/golden/name, or rewrites it with -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("diagnostics differ from %s (run go test -update after checking them):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestInvalid(t *testing.T) {
	paths := modelPaths(t, filepath.Join("testdata", "invalid"))
	if len(paths) < 30 {
		t.Errorf("only %d invalid models; want at least 30 distinct mistakes", len(paths))
	}
	for _, path := range paths {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			p := NewParser()
			m, diags := p.Load(path, Options{})
			if m != nil {
				t.Errorf("Load returned a model despite errors")
			}
			if !diags.HasErrors() {
				t.Fatalf("no errors; diagnostics:\n%s", diagText(p.Files(), diags))
			}
			checkExpectations(t, path, diags)
			checkGolden(t, strings.TrimSuffix(name, ".hcl")+".txt", diagText(p.Files(), diags))
		})
	}
}

func TestValid(t *testing.T) {
	for _, path := range modelPaths(t, filepath.Join("testdata", "valid")) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			p := NewParser()
			m, diags := p.Load(path, Options{})
			if len(diags) > 0 || m == nil {
				t.Fatalf("diagnostics:\n%s", diagText(p.Files(), diags))
			}
			checkInvariants(t, m)
		})
	}
}

func TestWarning(t *testing.T) {
	for _, path := range modelPaths(t, filepath.Join("testdata", "warning")) {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			p := NewParser()
			m, diags := p.Load(path, Options{})
			if diags.HasErrors() || m == nil {
				t.Fatalf("errors:\n%s", diagText(p.Files(), diags))
			}
			if len(diags) == 0 {
				t.Fatal("no warnings")
			}
			checkExpectations(t, path, diags)
			checkGolden(t, "warning_"+strings.TrimSuffix(name, ".hcl")+".txt", diagText(p.Files(), diags))
			checkInvariants(t, m)
		})
	}
}

// checkInvariants checks what every loaded model promises.
func checkInvariants(t *testing.T, m *Model) {
	t.Helper()
	checkSorted(t, "sectors", len(m.Sectors), func(i int) (string, int) { return m.Sectors[i].Name, m.Sectors[i].Index })
	checkSorted(t, "organizations", len(m.Organizations), func(i int) (string, int) { return m.Organizations[i].Name, m.Organizations[i].Index })
	checkSorted(t, "assets", len(m.Assets), func(i int) (string, int) { return m.Assets[i].Name, m.Assets[i].Index })
	checkSorted(t, "scenarios", len(m.Scenarios), func(i int) (string, int) { return m.Scenarios[i].Name, m.Scenarios[i].Index })
	for _, a := range m.Assets {
		if a.Sector == nil || m.Sectors[a.Sector.Index] != a.Sector {
			t.Errorf("asset %s: sector %v not in the model", a.Name, a.Sector)
		}
		if len(a.Groups) == 0 || a.Groups[0].Name != "" {
			t.Errorf("asset %s: the unnamed group is not first", a.Name)
		}
		seen := map[*Asset]bool{}
		for _, g := range a.Groups {
			n := len(g.Dependencies)
			if n > 0 && (g.Requires < 1 || g.Requires > n) || n == 0 && g.Requires != 0 {
				t.Errorf("asset %s group %q: requires %d of %d", a.Name, g.Name, g.Requires, n)
			}
			for _, d := range g.Dependencies {
				if d.On == a || seen[d.On] || m.Assets[d.On.Index] != d.On {
					t.Errorf("asset %s: bad supplier %s", a.Name, d.On.Name)
				}
				seen[d.On] = true
				if d.Probability < 0 || d.Probability > 1 || d.Delay < 0 {
					t.Errorf("asset %s: dependency on %s: probability %g delay %d", a.Name, d.On.Name, d.Probability, d.Delay)
				}
			}
		}
	}
	for _, s := range m.Scenarios {
		for _, e := range s.Events {
			if !slices.IsSortedFunc(e.Assets, func(p, q *Asset) int { return p.Index - q.Index }) {
				t.Errorf("event %s.%s: assets not sorted", s.Name, e.Name)
			}
		}
	}
}

func checkSorted(t *testing.T, what string, n int, at func(int) (string, int)) {
	t.Helper()
	names := make([]string, n)
	for i := range n {
		name, index := at(i)
		names[i] = name
		if index != i {
			t.Errorf("%s[%d] %s has Index %d", what, i, name, index)
		}
	}
	if !sort.StringsAreSorted(names) {
		t.Errorf("%s not sorted by name: %v", what, names)
	}
}

var _ = fmt.Sprint
