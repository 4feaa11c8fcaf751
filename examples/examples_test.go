package examples_test

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/examples"
	"github.com/cascade-infra/cascade/model"
)

// folders are the hand-written examples; synthetic-large is generated.
var folders = []string{"quickstart", "tokyo-2020", "us-japan"}

func load(t *testing.T, dir string, opts model.Options) *model.Model {
	t.Helper()
	p := model.NewParser()
	m, diags := p.Load(dir, opts)
	if diags.HasErrors() {
		t.Fatalf("%s does not load: %v", dir, diags)
	}
	for _, d := range diags {
		t.Errorf("%s: warning: %s", dir, d.Error())
	}
	return m
}

// TestExamplesRun loads every example and runs every scenario: each must bring
// down at least one asset beyond those its events hit.
func TestExamplesRun(t *testing.T) {
	for _, dir := range folders {
		t.Run(dir, func(t *testing.T) {
			m := load(t, dir, model.Options{})
			if len(m.Scenarios) == 0 {
				t.Fatal("no scenario")
			}
			net, err := cascade.Compile(m)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range m.Scenarios {
				sc, err := net.CompileScenario(s)
				if err != nil {
					t.Fatal(err)
				}
				res := net.Run(sc, cascade.Options{})
				hit := map[int32]bool{}
				for _, ev := range sc.Events {
					for _, a := range ev.Assets {
						hit[a] = true
					}
				}
				cascaded := 0
				for _, a := range res.Order() {
					if !hit[a] {
						cascaded++
					}
				}
				if cascaded == 0 {
					t.Errorf("scenario %s: nothing fails beyond the events' targets", s.Name)
				}
			}
		})
	}
}

// TestTokyo2020Shape checks what the issue asks of the forcing-function example.
func TestTokyo2020Shape(t *testing.T) {
	m := load(t, "tokyo-2020", model.Options{})
	if n := len(m.Assets); n < 60 || n > 150 {
		t.Errorf("%d assets, want 60-150", n)
	}
	var needs, kOfN, cyberToMSP, geographic int
	for _, a := range m.Assets {
		for _, g := range a.Groups {
			if g.Name != "" {
				needs++
			}
			if g.RequiresMode == "k" {
				kOfN++
			}
			for _, d := range g.Dependencies {
				if d.Kind == model.Cyber && d.On.Operator != nil && d.On.Operator.Name == "msp" {
					cyberToMSP++
				}
				if d.Kind == model.Geographic {
					geographic++
				}
			}
		}
	}
	if needs == 0 || kOfN == 0 || cyberToMSP < 3 || geographic == 0 {
		t.Errorf("needs groups %d, k-of-n groups %d, cyber dependencies on the MSP %d, geographic %d; want all > 0 (MSP >= 3)",
			needs, kOfN, cyberToMSP, geographic)
	}
	for _, name := range []string{"quake", "ransomware", "combined"} {
		s := m.Scenario(name)
		if s == nil {
			t.Errorf("no scenario %q", name)
			continue
		}
		if s.Horizon == model.NoHorizon {
			t.Errorf("scenario %q has no horizon", name)
		}
	}
}

// TestUSJapanCrossesBorders checks that every us-japan scenario fails assets in
// both countries.
func TestUSJapanCrossesBorders(t *testing.T) {
	m := load(t, "us-japan", model.Options{})
	net, err := cascade.Compile(m)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range m.Scenarios {
		sc, err := net.CompileScenario(s)
		if err != nil {
			t.Fatal(err)
		}
		res := net.Run(sc, cascade.Options{})
		countries := map[string]bool{}
		for _, a := range res.Order() {
			countries[m.Assets[a].Country] = true
		}
		if !countries["JP"] || !countries["US"] {
			t.Errorf("scenario %s: failures in %v, want both JP and US", s.Name, countries)
		}
	}
}

// TestEmbeddedDefault loads the default example from the embedded files, as
// `cascade run` without a model does.
func TestEmbeddedDefault(t *testing.T) {
	m := load(t, examples.Default, model.Options{FS: examples.FS})
	if len(m.Assets) == 0 {
		t.Fatal("the embedded default example has no assets")
	}
	if m.Scenario(examples.DefaultScenario) == nil {
		t.Errorf("the embedded default example has no scenario %q", examples.DefaultScenario)
	}
}

// numberLine matches the attributes that carry figures, and the locals that name
// them (coastal_trip_probability, ransomware_reach).
var numberLine = regexp.MustCompile(`^\s*\w*(backup|delay|probability|threshold|requires|radius_km|reach)\w*\s*=\s*(.*)$`)

// reference matches a value that names a local or a variable: the figure is
// checked where that is defined.
var reference = regexp.MustCompile(`^(local|var)\.\w+$`)

// TestFiguresAreSourced enforces the examples' rule: a figure (a backup, delay,
// probability, threshold or k) is either a neutral default or carries a comment on
// its line or on the line above, citing its source or flagging an assumption.
func TestFiguresAreSourced(t *testing.T) {
	neutral := map[string]bool{`"0s"`: true, `"all"`: true, `"any"`: true, "1": true}
	for _, dir := range folders[1:] {
		files, _ := filepath.Glob(filepath.Join(dir, "*.hcl"))
		for _, f := range files {
			fh, err := os.Open(f)
			if err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(fh)
			prev, n := "", 0
			for sc.Scan() {
				n++
				line := sc.Text()
				if m := numberLine.FindStringSubmatch(line); m != nil {
					value := strings.TrimSpace(strings.SplitN(m[2], "#", 2)[0])
					if !neutral[value] && !reference.MatchString(value) && !strings.Contains(line, "#") && !strings.HasPrefix(strings.TrimSpace(prev), "#") {
						t.Errorf("%s:%d: %s has neither a source nor an assumption comment", f, n, strings.TrimSpace(line))
					}
				}
				prev = line
			}
			fh.Close()
		}
	}
}
