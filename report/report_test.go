package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/cascade/montecarlo"
	"github.com/cascade-infra/cascade/model"
	"github.com/cascade-infra/cascade/provenance"
	"github.com/cascade-infra/cascade/render"
	"github.com/cascade-infra/cascade/render/graphviz"
	"github.com/cascade-infra/cascade/whatif"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// hostileLabels are the labels of render's tests that break naive writers, and
// those that break naive HTML: each must show as text and run nothing.
var hostileLabels = []string{
	`say "hi"`, `back\slash`, `\N \G \E \l \r`, "<html> & <b>bold</b> &amp;", "two\nlines",
	"東京電力パワーグリッド 川崎変電所", "tab\there and bell\a", "]]> --> <!-- ' \"", "invalid \xff utf-8",
	"</script><script>window.__pwned=1</script>", "javascript:window.__pwned=1",
	`<img src=x onerror="window.__pwned=1">`, "&lt;script&gt;window.__pwned=1&lt;/script&gt; &#60;b&#62; &amp;amp;",
	`"><svg onload="window.__pwned=1">`, "</style><style>body{display:none}</style>",
	"--></title><script>window.__pwned=1</script>", "{{.CSP}} ${window.__pwned=1}",
}

// example is one report of the tests: a scenario of an example model, with
// mitigations and trials.
type example struct {
	name        string
	dir         string // under ../examples
	scenario    string
	mitigations []string
	trials      int64
	hostile     bool // labels replaced by hostileLabels
}

var examples = []example{
	{name: "quickstart-flood", dir: "quickstart", scenario: "flood", trials: 200},
	{name: "tokyo-quake", dir: "tokyo-2020", scenario: "quake"},
	{name: "tokyo-ransomware", dir: "tokyo-2020", scenario: "ransomware", trials: 200},
	{name: "tokyo-combined-fuel", dir: "tokyo-2020", scenario: "combined", mitigations: []string{"hospital_fuel", "koto_tie"}, trials: 200},
	{name: "us-japan-blackout", dir: "us-japan", scenario: "tokyo_blackout", trials: 100},
	{name: "us-japan-lng", dir: "us-japan", scenario: "gulf_lng"},
	{name: "us-japan-gps", dir: "us-japan", scenario: "gps_upload"},
	{name: "us-japan-fedwire", dir: "us-japan", scenario: "fedwire_outage", trials: 100},
	{name: "hostile", dir: "quickstart", scenario: "flood", trials: 50, hostile: true},
}

// load loads an example model with mitigations.
func load(t testing.TB, dir string, mitigations []string) *model.Model {
	t.Helper()
	m, diags := model.Load(filepath.Join("..", "examples", dir), model.Options{Mitigations: mitigations})
	if diags.HasErrors() {
		t.Fatalf("%s: %v", dir, diags)
	}
	return m
}

// makeHostile gives every label, region and tag of m a hostile text.
func makeHostile(m *model.Model) {
	k := 0
	next := func() string { k++; return hostileLabels[k%len(hostileLabels)] }
	for _, s := range m.Sectors {
		s.Label = next()
	}
	for _, o := range m.Organizations {
		o.Label = next()
		o.Country = next()
	}
	for _, a := range m.Assets {
		a.Label = next()
		a.Country = next()
	}
	for _, sc := range m.Scenarios {
		sc.Label = strings.Join(hostileLabels, " | ") // every one shows in the title
	}
}

// input builds the report input of ex, with the impact diagram drawn by Graphviz.
func input(t testing.TB, ex example) *Input {
	t.Helper()
	m := load(t, ex.dir, ex.mitigations)
	if ex.hostile {
		makeHostile(m)
	}
	sc := m.Scenario(ex.scenario)
	if sc == nil {
		t.Fatalf("%s: no scenario %q", ex.dir, ex.scenario)
	}
	res, err := cascade.RunScenario(m, sc, cascade.Options{})
	if err != nil {
		t.Fatal(err)
	}
	in := &Input{Result: res, Mitigations: ex.mitigations,
		Provenance: provenance.Info{Build: provenance.Build{Version: "test"}, ModelHash: m.Hash(), Scenario: sc.Name, Vars: map[string]string{}}}
	if len(ex.mitigations) > 0 {
		base := load(t, ex.dir, nil)
		in.Plan = whatif.Plan(base, m)
		br, err := cascade.RunScenario(base, base.Scenario(sc.Name), cascade.Options{})
		if err != nil {
			t.Fatal(err)
		}
		name := strings.Join(ex.mitigations, "+")
		in.Comparison = whatif.Compare(br, []string{name}, [][]string{ex.mitigations}, []*cascade.Result{res})
		if ex.trials > 0 {
			p, err := montecarlo.Compare(t.Context(), []*model.Model{base, m}, sc.Name, montecarlo.Options{Trials: ex.trials, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			in.Comparison.AddPaired(p)
		}
	}
	if ex.trials > 0 {
		in.Provenance = in.Provenance.WithTrials(ex.trials, 1)
		b, err := montecarlo.Run(t.Context(), m, []*model.Scenario{sc}, montecarlo.Options{Trials: ex.trials, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		reps, err := b.Reports()
		if err != nil {
			t.Fatal(err)
		}
		in.Batch = reps[0]
	}
	out, err := render.FromResult(res)
	if err != nil {
		t.Fatal(err)
	}
	d, err := render.Draw(&render.Input{Model: m, Outcome: out}, render.Options{View: "impact"})
	if err != nil {
		t.Fatal(err)
	}
	var svg bytes.Buffer
	if err := graphviz.Render(d.Graph.Bytes(), graphviz.Options{Format: "svg", Layout: d.Layout}, &svg); err != nil {
		t.Fatal(err)
	}
	in.Impact = svg.Bytes()
	return in
}

func write(t testing.TB, in *Input) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, in); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestGolden compares the report of the quickstart example, without the impact
// diagram (drawn by Graphviz, not by this package), with testdata.
func TestGolden(t *testing.T) {
	m := load(t, "quickstart", nil)
	res, err := cascade.RunScenario(m, m.Scenario("flood"), cascade.Options{})
	if err != nil {
		t.Fatal(err)
	}
	in := &Input{Result: res, ImpactNote: "No diagram in the golden file.",
		Provenance: provenance.Info{Build: provenance.Build{Version: "test"}, ModelHash: m.Hash(), Scenario: "flood", Vars: map[string]string{"x": "1"}}}
	got := write(t, in)
	golden := filepath.Join("testdata", "quickstart-flood.html")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./report -run TestGolden -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("report differs from %s; run go test ./report -run TestGolden -update and review the diff", golden)
	}
}

// TestSections checks that each example's report has the sections its input asks for.
func TestSections(t *testing.T) {
	for _, ex := range examples {
		if ex.hostile {
			continue
		}
		t.Run(ex.name, func(t *testing.T) {
			in := input(t, ex)
			page := string(write(t, in))
			want := []string{`id="summary"`, `id="assumptions"`, `id="sectors"`, `id="timeline"`, `id="impact"`, `id="plot"`,
				`id="failures"`, `id="coordination"`, `<details><summary>causal chain</summary>`, `Content-Security-Policy`}
			if ex.trials > 0 {
				want = append(want, `id="probabilities"`, "95% interval")
			}
			if len(ex.mitigations) > 0 {
				want = append(want, `id="comparison"`, "Mitigations applied")
				if ex.trials > 0 {
					want = append(want, "Paired Monte Carlo")
				}
			}
			for _, w := range want {
				if !strings.Contains(page, w) {
					t.Errorf("report lacks %q", w)
				}
			}
			for _, bad := range []string{"http://", "https://", "ZgotmplZ", "<image", "<foreignObject", "xlink:href"} {
				// The SVG namespace URIs are dropped with the xmlns attributes.
				if strings.Contains(page, bad) {
					t.Errorf("report holds %q", bad)
				}
			}
		})
	}
}

func TestInlineSVG(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", `<?xml version="1.0"?><!DOCTYPE svg><svg xmlns="http://www.w3.org/2000/svg" width="10"><!-- c --><g id="a"><text x="1">hi &amp; &lt;b&gt;</text></g></svg>`,
			`<svg width="10"><g id="a"><text x="1">hi &amp; &lt;b&gt;</text></g></svg>`},
		{"script dropped", `<svg><script>alert(1)</script><g><script><![CDATA[x]]></script></g></svg>`, `<svg><g></g></svg>`},
		{"handlers and links dropped", `<svg onload="x()"><a xlink:href="javascript:x()" xlink:title="tip"><path d="M0" onclick="y()"/></a></svg>`,
			`<svg><title>tip</title><path d="M0"></path></svg>`},
		{"foreign content dropped", `<svg><foreignObject><div>x</div></foreignObject><image href="http://x/y.png"/><use href="#a"/></svg>`, `<svg></svg>`},
		{"urls", `<svg><path fill="url(#grad)" stroke="url(http://evil/x)" style="background:url( 'https://x')"/></svg>`,
			`<svg><path fill="url(#grad)"></path></svg>`},
		{"style element dropped", `<svg><style>@import url(http://x);</style><rect width="1"/></svg>`, `<svg><rect width="1"></rect></svg>`},
		{"second root ignored", `<svg><g/></svg><svg><script/></svg>`, `<svg><g></g></svg>`},
		{"text escaped", `<svg><text>&lt;/script&gt;&lt;script&gt;x&lt;/script&gt;</text></svg>`, `<svg><text>&lt;/script&gt;&lt;script&gt;x&lt;/script&gt;</text></svg>`},
		{"attribute escaped", `<svg><title>"a" &amp; b</title><g class="&quot;&gt;&lt;script&gt;"/></svg>`, `<svg><title>&#34;a&#34; &amp; b</title><g class="&#34;&gt;&lt;script&gt;"></g></svg>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := inlineSVG([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
	for _, bad := range []string{"", "<g/>", "not xml <"} {
		if _, err := inlineSVG([]byte(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestTimeTicks(t *testing.T) {
	for _, end := range []int64{1, 59, 3600, 7 * 86400, 400 * 86400, 1 << 40} {
		ts := timeTicks(end)
		if len(ts) < 1 || len(ts) > 8 || ts[0] != 0 || ts[len(ts)-1] > end {
			t.Errorf("timeTicks(%d): %d ticks from %d to %d", end, len(ts), ts[0], ts[len(ts)-1])
		}
	}
}
