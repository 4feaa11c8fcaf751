package coord

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/cascade/montecarlo"
	"github.com/cascade-infra/cascade/model"
	"github.com/cascade-infra/cascade/whatif"
)

// randomAlertModel writes a small random model with alerts: organizations that
// detect and respond (or not), channels and shares_with of random latencies, assets
// with physical and cyber dependencies (some in "any" groups, so that protection can
// save a dependent), and a scenario of cyber intrusions and a physical hit.
func randomAlertModel(rng *rand.Rand) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("sector \"s0\" {\n  threshold = 0.5\n}\nsector \"s1\" {}\n")
	no := 3 + rng.IntN(4)
	for i := range no {
		p("organization \"o%d\" {\n", i)
		if rng.IntN(4) > 0 {
			p("  detect = \"%dm\"\n", 1+rng.IntN(180))
		}
		if rng.IntN(4) > 0 {
			p("  respond = \"%dm\"\n", rng.IntN(120))
		}
		if i > 0 && rng.IntN(4) == 0 {
			p("  shares_with = [organization.o%d]\n", rng.IntN(i))
		}
		p("}\n")
	}
	for i := range rng.IntN(no) {
		x, y := rng.IntN(no), rng.IntN(no)
		if x == y {
			y = (x + 1) % no
		}
		p("channel \"c%d\" {\n  between = [organization.o%d, organization.o%d]\n  latency = \"%dm\"\n}\n", i, x, y, 10*rng.IntN(13))
	}
	p("asset \"spare\" {\n  sector = sector.s1\n}\n")
	na := 6 + rng.IntN(10)
	for i := range na {
		p("asset \"a%02d\" {\n  sector = sector.s%d\n", i, rng.IntN(2))
		if rng.IntN(6) > 0 {
			p("  operator = organization.o%d\n", rng.IntN(no))
		}
		if i > 0 {
			deps := 1 + rng.IntN(min(i, 3))
			any := deps > 1 && rng.IntN(2) == 0
			if any {
				p("  needs \"g\" {\n    requires = \"any\"\n")
			}
			var cyber []int
			for _, j := range rng.Perm(i)[:deps] {
				kind := "physical"
				if rng.IntN(2) == 0 {
					kind = "cyber"
					if !any && rng.IntN(3) > 0 {
						cyber = append(cyber, j) // in a group of its own, below
						continue
					}
				}
				p("  dependency {\n    on = asset.a%02d\n    kind = %q\n    delay = \"%dm\"\n    probability = %g\n  }\n", j, kind, 30*rng.IntN(20), 0.5+0.5*float64(rng.IntN(2)))
			}
			if any {
				p("  }\n")
			}
			// A cyber supplier whose failure the asset survives (through the spare),
			// but whose compromise spreads: protection can save the asset.
			if len(cyber) > 0 {
				p("  needs \"net\" {\n    requires = \"any\"\n")
				for _, j := range cyber {
					p("    dependency {\n      on = asset.a%02d\n      kind = \"cyber\"\n      delay = \"%dm\"\n    }\n", j, 30*rng.IntN(20))
				}
				p("    dependency {\n      on = asset.spare\n    }\n  }\n")
			}
		}
		p("}\n")
	}
	p("scenario \"x\" {\n")
	if rng.IntN(2) == 0 {
		p("  horizon = \"%dh\"\n", 4+rng.IntN(40))
	}
	p("  event \"intrusion\" {\n    kind = \"cyber\"\n    targets = [asset.a00, asset.a%02d]\n  }\n", rng.IntN(na))
	if rng.IntN(2) == 0 {
		p("  event \"cut\" {\n    at = \"1h\"\n    targets = [asset.a%02d]\n  }\n", rng.IntN(na))
	}
	p("}\n")
	return b.String()
}

// channelPairs returns every unordered pair of distinct organizations of m.
func channelPairs(m *model.Model, latency int64) []Channel {
	var out []Channel
	for i, a := range m.Organizations {
		for _, b := range m.Organizations[i+1:] {
			out = append(out, Channel{A: a, B: b, Latency: latency})
		}
	}
	return out
}

// TestChannelProperties holds the what-if of added channels on random models: a
// channel that the model already has (with its latency or a longer one) changes
// nothing; a candidate run on the shared network (Network.WithChannels) equals a full
// compile of the variant; Suggest's ranking is each candidate run alone through
// CompareChannels, in the documented order; and it does not depend on workers.
func TestChannelProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 5))
	saving, compSaving := 0, 0
	defer func() {
		// The models must exercise the ranking: some candidates save assets.
		if saving < 50 || compSaving < 50 {
			t.Errorf("only %d candidates save assets and %d compromised assets: make the models richer", saving, compSaving)
		}
	}()
	for iter := range 300 {
		src := randomAlertModel(rng)
		m := loadString(t, src)
		sc := m.Scenarios[0]
		base, err := cascade.RunScenario(m, sc, cascade.Options{})
		if err != nil {
			t.Fatalf("model %d: %v\n%s", iter, err, src)
		}

		// An existing channel, again: nothing changes.
		for _, c := range m.Channels {
			for _, extra := range []int64{0, 600} {
				add := []Channel{{A: c.Between[1], B: c.Between[0], Latency: c.Latency + extra}}
				cmp, _, err := CompareChannels(base, m, add)
				if err != nil {
					t.Fatal(err)
				}
				v := cmp.Variants[0]
				if v.Delta != (whatif.Metrics{LossS: v.Delta.LossS}) || v.Delta.LossS != nil && *v.Delta.LossS != 0 ||
					len(v.Saved)+len(v.FailedOnly)+len(v.Sectors) != 0 {
					t.Fatalf("model %d: re-adding channel %s (%s) changed the run: %+v\n%s", iter, c.Name, add[0], v, src)
				}
			}
		}
		for _, o := range m.Organizations {
			for _, q := range o.SharesWith {
				cmp, _, err := CompareChannels(base, m, []Channel{{A: o, B: q}})
				if err != nil {
					t.Fatal(err)
				}
				if v := cmp.Variants[0]; len(v.Saved)+len(v.FailedOnly)+len(v.Sectors) != 0 || v.Delta.Compromised != 0 {
					t.Fatalf("model %d: re-adding shares_with %s,%s changed the run: %+v", iter, o.Name, q.Name, v)
				}
			}
		}

		// Every pair, as a candidate: on the shared network and compiled whole.
		latency := int64(60 * rng.IntN(90))
		cands := channelPairs(m, latency)
		got, err := Suggest(context.Background(), base, m, cands, SuggestOptions{Workers: 1 + iter%4})
		if err != nil {
			t.Fatal(err)
		}
		var alone []Suggestion
		for _, c := range cands {
			vm := whatif.WithChannels(m, []Channel{c})
			full, err := cascade.RunScenario(vm, vm.Scenario(sc.Name), cascade.Options{})
			if err != nil {
				t.Fatal(err)
			}
			shared, err := runVariant(base, vm)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(full.Failure, shared.Failure) || !slices.Equal(full.Compromise, shared.Compromise) ||
				!reflect.DeepEqual(full.Report(), shared.Report()) {
				t.Fatalf("model %d, channel %s: the shared network's run differs from a full compile\n%s", iter, c, src)
			}
			cmp, _, err := CompareChannels(base, m, []Channel{c})
			if err != nil {
				t.Fatal(err)
			}
			alone = append(alone, Suggestion{Channel: c, Variant: cmp.Variants[0]})
		}
		slices.SortStableFunc(alone, func(x, y Suggestion) int {
			if d := len(y.Variant.Saved) - len(x.Variant.Saved); d != 0 {
				return d
			}
			if d := y.CompromisedSaved() - x.CompromisedSaved(); d != 0 {
				return d
			}
			return strings.Compare(x.Channel.A.Name+"\x00"+x.Channel.B.Name, y.Channel.A.Name+"\x00"+y.Channel.B.Name)
		})
		for _, g := range got {
			if len(g.Variant.Saved) > 0 {
				saving++
			}
			if g.CompromisedSaved() > 0 {
				compSaving++
			}
		}
		if len(got) != len(alone) {
			t.Fatalf("model %d: %d suggestions, want %d", iter, len(got), len(alone))
		}
		for i := range got {
			g, w := got[i], alone[i]
			g.Variant.Name, w.Variant.Name = "", ""
			g.Variant.Mitigations, w.Variant.Mitigations = nil, nil
			if g.Channel != w.Channel || !reflect.DeepEqual(g.Variant, w.Variant) {
				t.Fatalf("model %d: suggestion %d is %s %+v, alone %s %+v\n%s", iter, i+1, g.Channel, g.Variant, w.Channel, w.Variant, src)
			}
		}
		for _, workers := range []int{1, 3, 16} {
			again, err := Suggest(context.Background(), base, m, cands, SuggestOptions{Workers: workers})
			if err != nil {
				t.Fatal(err)
			}
			for i := range again {
				again[i].Model, got[i].Model = nil, nil
			}
			if !reflect.DeepEqual(again, got) {
				t.Fatalf("model %d: Suggest with %d workers differs", iter, workers)
			}
		}
	}
}

// TestChannelPairedSame checks that the paired Monte Carlo comparison of a model with
// itself plus a channel it already has is exactly zero: the variant's trials draw the
// same numbers and protections come at the same times.
func TestChannelPairedSame(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	for iter := range 20 {
		src := randomAlertModel(rng)
		m := loadString(t, src)
		if len(m.Channels) == 0 {
			continue
		}
		c := m.Channels[0]
		vm := whatif.WithChannels(m, []Channel{{A: c.Between[0], B: c.Between[1], Latency: c.Latency}})
		p, err := montecarlo.Compare(context.Background(), []*model.Model{m, vm}, m.Scenarios[0].Name, montecarlo.Options{Trials: 200, Seed: 9, Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		v := p.Variants[0]
		if v.Failed != (montecarlo.Interval{}) || v.Compromised != (montecarlo.Interval{}) {
			t.Fatalf("model %d: paired difference with a duplicate channel %+v\n%s", iter, v, src)
		}
	}
}

// TestCandidates checks the candidate rule on the alerts fixture of the command line:
// pairs joined by a cascade edge and no direct channel, gaps included, by names.
func TestCandidates(t *testing.T) {
	m := loadString(t, `
sector "s" {}
organization "a" {
  detect = "1h"
}
organization "b" {
  shares_with = [organization.a]
}
organization "c" {}
organization "d" {}
channel "bc" {
  between = [organization.b, organization.c]
  latency = "1h"
}
asset "x" {
  sector = sector.s
  operator = organization.a
}
asset "y" {
  sector = sector.s
  operator = organization.b
  depends_on = [asset.x]
}
asset "z" {
  sector = sector.s
  operator = organization.d
  depends_on = [asset.y, asset.x]
}
asset "w" {
  sector = sector.s
  operator = organization.c
  depends_on = [asset.z]
}
asset "v" {
  sector = sector.s
  depends_on = [asset.w]
}
scenario "s" {
  event "e" {
    targets = [asset.x]
  }
}
`)
	base, err := cascade.RunScenario(m, m.Scenarios[0], cascade.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := AnalyzeResult(m, base, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range Candidates(m, r, 60) {
		got = append(got, c.String())
	}
	// a-b share; c-d: w (c) depends on z (d); a-d: z lost x at 0s, which lost its
	// group ("all") at once: y, lost at the same time through x, is no cascade edge of
	// z (the engine names x as the cause), so b-d is no candidate. v has no operator.
	if want := []string{"a,d,1m", "c,d,1m"}; !slices.Equal(got, want) {
		t.Errorf("candidates %v, want %v", got, want)
	}
}
