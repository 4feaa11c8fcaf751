package coord

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/cascade-infra/cascade/model"
)

// world is a hand-built model for the tests: organizations with channels and
// assets with dependencies, by name.
type world struct {
	m      *model.Model
	orgs   map[string]*model.Organization
	assets map[string]*model.Asset
}

// org declares "name:country[:kind]"; share declares "a-b" channels; asset declares
// "name:operator" (operator may be empty) and dep "supplier>dependent[:cyber]".
func newWorld(orgs, shares, assets, deps []string) *world {
	w := &world{m: &model.Model{}, orgs: map[string]*model.Organization{}, assets: map[string]*model.Asset{}}
	sec := &model.Sector{Name: "s", Threshold: 0.5}
	w.m.Sectors = []*model.Sector{sec}
	for _, spec := range orgs {
		f := strings.Split(spec, ":")
		o := &model.Organization{Name: f[0], Country: f[1]}
		if len(f) > 2 {
			o.Kind = f[2]
		}
		w.orgs[o.Name] = o
		w.m.Organizations = append(w.m.Organizations, o)
	}
	for _, s := range shares {
		a, b, _ := strings.Cut(s, "-")
		w.orgs[a].SharesWith = append(w.orgs[a].SharesWith, w.orgs[b])
	}
	for _, spec := range assets {
		name, op, _ := strings.Cut(spec, ":")
		a := &model.Asset{Name: name, Sector: sec, Weight: 1, Groups: []*model.SupplyGroup{{RequiresMode: "all"}}}
		if op != "" {
			a.Operator = w.orgs[op]
			a.Country = a.Operator.Country
		}
		w.assets[name] = a
		w.m.Assets = append(w.m.Assets, a)
	}
	for _, spec := range deps {
		spec, kind, _ := strings.Cut(spec, ":")
		u, v, _ := strings.Cut(spec, ">")
		d := &model.Dependency{On: w.assets[u], Probability: 1}
		if kind == "cyber" {
			d.Kind = model.Cyber
		}
		g := w.assets[v].Groups[0]
		g.Dependencies = append(g.Dependencies, d)
		g.Requires = len(g.Dependencies)
	}
	sortByName(w.m.Organizations, func(o *model.Organization) string { return o.Name })
	sortByName(w.m.Assets, func(a *model.Asset) string { return a.Name })
	return w
}

func sortByName[T any](xs []*T, name func(*T) string) {
	slices.SortFunc(xs, func(a, b *T) int { return strings.Compare(name(a), name(b)) })
}

// failures parses "asset@seconds<cause,cause" items.
func (w *world) failures(specs ...string) []Failure {
	var fs []Failure
	for _, spec := range specs {
		head, causes, _ := strings.Cut(spec, "<")
		name, at, _ := strings.Cut(head, "@")
		f := Failure{Asset: w.assets[name]}
		fmt.Sscan(at, &f.At)
		if causes != "" {
			for _, c := range strings.Split(causes, ",") {
				f.Causes = append(f.Causes, w.assets[c])
			}
		}
		fs = append(fs, f)
	}
	return fs
}

func (w *world) channels(specs ...string) []Channel {
	var cs []Channel
	for _, s := range specs {
		a, b, _ := strings.Cut(s, "-")
		cs = append(cs, Channel{A: w.orgs[a], B: w.orgs[b]})
	}
	return cs
}

// gapStrings formats gaps as "a-b:edges/downstream".
func gapStrings(gs []*Gap) []string {
	out := []string{}
	for _, g := range gs {
		out = append(out, fmt.Sprintf("%s-%s:%d/%d", g.A.Name, g.B.Name, len(g.Edges), g.Downstream))
	}
	return out
}

func orgPath(p []*model.Organization) string {
	names := make([]string, len(p))
	for i, o := range p {
		names[i] = o.Name
	}
	return strings.Join(names, ",")
}

// The chain below: grid (power) feeds a telecom exchange and a water pump, the
// exchange feeds a U.S. bank's Tokyo branch, whose failure takes down its New
// York clearing link. Power and telecom share through an ISAC; the bank and the
// water utility have no channel at all.
var (
	chainOrgs   = []string{"power:JP:operator", "telco:JP:operator", "water:JP:operator", "bank:US:operator", "isac:JP:isac", "cisa:US:government"}
	chainAssets = []string{"grid:power", "exchange:telco", "pump:water", "branch:bank", "clearing:bank", "sensor:"}
	chainDeps   = []string{"grid>exchange", "grid>pump", "exchange>branch:cyber", "branch>clearing", "grid>sensor"}
	chainFails  = []string{"grid@0", "exchange@3600<grid", "pump@7200<grid", "branch@3600<exchange", "clearing@5400<branch", "sensor@0<grid"}
)

func TestAnalyzeGaps(t *testing.T) {
	tests := []struct {
		name   string
		shares []string
		fails  []string
		added  []string
		gaps   []string // "a-b:edges/downstream", in rank order
		closed []string
		open   []string
	}{
		{
			name:   "no channels: every cross-organization edge is a gap",
			shares: nil,
			fails:  chainFails,
			// power-telco and power-water have 1 edge each; telco's side reaches
			// exchange, branch and clearing (3), water's only the pump (1).
			gaps: []string{"power-telco:1/3", "bank-telco:1/2", "power-water:1/1"},
		},
		{
			name:   "an ISAC joins power and telco through an intermediary",
			shares: []string{"power-isac", "isac-telco"},
			fails:  chainFails,
			gaps:   []string{"bank-telco:1/2", "power-water:1/1"},
		},
		{
			name:   "channels are undirected",
			shares: []string{"isac-power", "telco-isac", "water-power"},
			fails:  chainFails,
			gaps:   []string{"bank-telco:1/2"},
		},
		{
			name:   "a channel that joins other organizations closes nothing",
			shares: []string{"isac-cisa"},
			fails:  chainFails,
			gaps:   []string{"power-telco:1/3", "bank-telco:1/2", "power-water:1/1"},
		},
		{
			name:   "what-if: bank to CISA, CISA to ISAC closes the cross-border gap",
			shares: []string{"power-isac", "telco-isac", "isac-cisa"},
			fails:  chainFails,
			added:  []string{"bank-cisa"},
			gaps:   []string{"bank-telco:1/2", "power-water:1/1"},
			closed: []string{"bank-telco:1/2"},
			open:   []string{"power-water:1/1"},
		},
		{
			name:   "what-if: a channel between unrelated organizations closes nothing",
			shares: nil,
			fails:  chainFails,
			added:  []string{"isac-cisa"},
			gaps:   []string{"power-telco:1/3", "bank-telco:1/2", "power-water:1/1"},
			closed: []string{},
			open:   []string{"power-telco:1/3", "bank-telco:1/2", "power-water:1/1"},
		},
		{
			name:   "the cascade stops before the border: no cross-border gap",
			shares: []string{"power-isac", "telco-isac"},
			fails:  []string{"grid@0", "exchange@3600<grid", "pump@7200<grid"},
			gaps:   []string{"power-water:1/1"},
		},
		{
			name:   "assets failed by events only: no cascade edges, no gaps",
			fails:  []string{"grid@0", "pump@0", "branch@0"},
			gaps:   []string{},
			shares: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(chainOrgs, tt.shares, chainAssets, chainDeps)
			r, err := Analyze(w.m, nil, w.failures(tt.fails...), w.channels(tt.added...))
			if err != nil {
				t.Fatal(err)
			}
			if got := gapStrings(r.Gaps); !slices.Equal(got, tt.gaps) {
				t.Errorf("gaps = %v, want %v", got, tt.gaps)
			}
			if tt.added == nil {
				if r.Closed != nil || r.Open != nil {
					t.Errorf("closed/open set without added channels: %v %v", r.Closed, r.Open)
				}
				return
			}
			if got := gapStrings(r.Closed); !slices.Equal(got, tt.closed) {
				t.Errorf("closed = %v, want %v", got, tt.closed)
			}
			if got := gapStrings(r.Open); !slices.Equal(got, tt.open) {
				t.Errorf("open = %v, want %v", got, tt.open)
			}
		})
	}
}

func TestAnalyzeEdgesAndAffected(t *testing.T) {
	w := newWorld(chainOrgs, []string{"power-isac", "isac-telco"}, chainAssets, chainDeps)
	r, err := Analyze(w.m, nil, w.failures(chainFails...), nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Failed != 6 {
		t.Errorf("Failed = %d, want 6", r.Failed)
	}
	var ops []string
	for _, a := range r.Operators {
		ops = append(ops, fmt.Sprintf("%s:%d@%d", a.Org.Name, a.Failed, a.First))
	}
	// power and sensor's missing operator at 0; bank and telco tie at 3600 (by name).
	if want := []string{"power:1@0", "bank:2@3600", "telco:1@3600", "water:1@7200"}; !slices.Equal(ops, want) {
		t.Errorf("operators = %v, want %v", ops, want)
	}
	var cs []string
	for _, c := range r.Countries {
		cs = append(cs, fmt.Sprintf("%s:%d@%d", c.Country, c.Failed, c.First))
	}
	if want := []string{"JP:3@0", "US:2@3600"}; !slices.Equal(cs, want) {
		t.Errorf("countries = %v, want %v", cs, want)
	}
	var cross []string
	for _, e := range r.Cross {
		s := fmt.Sprintf("%s>%s %s org=%v border=%v path=%s", e.From.Name, e.To.Name, e.Kind, e.CrossOrg(), e.CrossBorder(), orgPath(e.Channel))
		cross = append(cross, s)
	}
	want := []string{
		"exchange>branch cyber org=true border=true path=",
		"grid>exchange physical org=true border=false path=power,isac,telco",
		"grid>pump physical org=true border=false path=",
	}
	if !slices.Equal(cross, want) {
		t.Errorf("cross edges:\n%s\nwant:\n%s", strings.Join(cross, "\n"), strings.Join(want, "\n"))
	}
	if len(r.Edges) != 5 {
		t.Errorf("%d cascade edges, want 5", len(r.Edges))
	}
	if r.Unattributed != 1 {
		t.Errorf("Unattributed = %d, want 1 (grid>sensor)", r.Unattributed)
	}
}

func TestGapRanking(t *testing.T) {
	// a's operator feeds b's twice (two edges, nothing further), and c's once, but
	// c's side brings down three more assets: edges rank before downstream.
	w := newWorld(
		[]string{"a:JP", "b:JP", "c:JP"}, nil,
		[]string{"a1:a", "a2:a", "b1:b", "b2:b", "c1:c", "c2:c", "c3:c", "c4:c"},
		[]string{"a1>b1", "a2>b2", "a1>c1", "c1>c2", "c2>c3", "c3>c4"},
	)
	r, err := Analyze(w.m, nil, w.failures("a1@0", "a2@0", "b1@1<a1", "b2@1<a2", "c1@1<a1", "c2@2<c1", "c3@3<c2", "c4@4<c3"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := gapStrings(r.Gaps), []string{"a-b:2/2", "a-c:1/4"}; !slices.Equal(got, want) {
		t.Errorf("gaps = %v, want %v", got, want)
	}
	// Both directions of traffic between two organizations make one gap.
	w = newWorld([]string{"x:JP", "y:US"}, nil, []string{"x1:x", "y1:y", "x2:x"}, []string{"x1>y1", "y1>x2"})
	r, err = Analyze(w.m, nil, w.failures("x1@0", "y1@5<x1", "x2@9<y1"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := gapStrings(r.Gaps), []string{"x-y:2/2"}; !slices.Equal(got, want) {
		t.Errorf("gaps = %v, want %v", got, want)
	}
	if g := r.Gaps[0]; g.First != 5 || !g.CrossBorder() {
		t.Errorf("gap first = %d, cross border = %v; want 5, true", g.First, g.CrossBorder())
	}
}

func TestPath(t *testing.T) {
	// Two shortest routes from a to d (via b or via c) and a longer one via e, f:
	// the answer is the one through the name that sorts first.
	w := newWorld([]string{"a:JP", "b:JP", "c:JP", "d:US", "e:US", "f:US", "g:US"},
		[]string{"a-c", "c-d", "b-d", "a-b", "a-e", "e-f", "f-d"}, nil, nil)
	tests := []struct {
		from, to string
		added    []string
		want     string
	}{
		{"a", "d", nil, "a,b,d"},
		{"d", "a", nil, "d,b,a"},
		{"e", "c", nil, "e,a,c"},
		{"a", "g", nil, ""},
		{"a", "g", []string{"f-g"}, "a,e,f,g"},
		{"a", "a", nil, ""},
	}
	for _, tt := range tests {
		got := orgPath(Path(w.m, w.channels(tt.added...), w.orgs[tt.from], w.orgs[tt.to]))
		if got != tt.want {
			t.Errorf("Path(%s, %s, +%v) = %q, want %q", tt.from, tt.to, tt.added, got, tt.want)
		}
	}
}

func TestAnalyzeRejectsBadChannels(t *testing.T) {
	w := newWorld([]string{"a:JP"}, nil, nil, nil)
	if _, err := Analyze(w.m, nil, nil, []Channel{{A: w.orgs["a"], B: w.orgs["a"]}}); err == nil {
		t.Error("a channel from an organization to itself was accepted")
	}
	if _, err := Analyze(w.m, nil, nil, []Channel{{A: w.orgs["a"]}}); err == nil {
		t.Error("a channel to no organization was accepted")
	}
}
