package coord

import (
	"fmt"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
)

// AnalyzeResult analyses the run res of a scenario of m, at the run's horizon. added are
// hypothetical channels, as for Analyze.
func AnalyzeResult(m *model.Model, res *cascade.Result, added []Channel) (*Report, error) {
	sc := m.Scenario(res.Scenario().Name)
	if sc == nil {
		return nil, fmt.Errorf("the run's scenario %q is not a scenario of the model", res.Scenario().Name)
	}
	r, err := Analyze(m, sc, Failures(m, res), added)
	if err != nil {
		return nil, err
	}
	r.Horizon = res.Horizon()
	return r, nil
}

// Failures turns an engine result on m into the failures Analyze reads: each
// failed asset with the suppliers the engine names as its cause -- the
// compromised cyber supplier, or every supplier of the lost group whose loss
// arrived by the time the group was lost.
func Failures(m *model.Model, res *cascade.Result) []Failure {
	net := res.Network()
	fs := res.Failures()
	out := make([]Failure, len(fs))
	for i, f := range fs {
		out[i] = Failure{Asset: m.Assets[f.Asset], At: f.At, Compromised: f.Compromised}
		switch f.Cause.Kind {
		case cascade.CauseCompromise:
			out[i].Causes = []*model.Asset{m.Assets[net.EdgeSupplier(f.Cause.Edge)]}
		case cascade.CauseSupply:
			for _, e := range f.Cause.Lost {
				out[i].Causes = append(out[i].Causes, m.Assets[net.EdgeSupplier(e)])
			}
		}
	}
	return out
}

// ParseChannel returns the channel named by "a,b", two organization names of m.
func ParseChannel(m *model.Model, s string) (Channel, error) {
	var names []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' {
			names = append(names, s[start:i])
			start = i + 1
		}
	}
	if len(names) != 2 || names[0] == "" || names[1] == "" {
		return Channel{}, fmt.Errorf("channel %q: want two organization names separated by a comma, like gsoc,cisa", s)
	}
	var c Channel
	for i, n := range names {
		o := m.Organization(n)
		if o == nil {
			return Channel{}, fmt.Errorf("channel %q: no organization %q in the model%s", s, n, suggest(m, n))
		}
		if i == 0 {
			c.A = o
		} else {
			c.B = o
		}
	}
	if c.A == c.B {
		return Channel{}, fmt.Errorf("channel %q: an organization needs no channel to itself", s)
	}
	return c, nil
}

// suggest returns " (did you mean x?)" for the organization name closest to n, or "".
func suggest(m *model.Model, n string) string {
	names := make([]string, len(m.Organizations))
	for i, o := range m.Organizations {
		names[i] = o.Name
	}
	if best := model.Suggest(n, names); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}
