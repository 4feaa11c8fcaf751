package coord

import (
	"fmt"
	"strings"

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
	r.Alerts, r.Protected = res.AlertReports()
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

// SplitChannel splits the flag form of a channel, "a,b" or "a,b,LATENCY", into two
// organization names and a latency in seconds (0 when not given). The latency is a
// duration of the model language ("90m", "1h30m", "0s"). It needs no model, so that
// a command can refuse a malformed flag before it loads one.
func SplitChannel(s string) (a, b string, latency int64, err error) {
	parts := strings.Split(s, ",")
	if len(parts) < 2 || len(parts) > 3 || parts[0] == "" || parts[1] == "" {
		return "", "", 0, fmt.Errorf("channel %q: want two organization names and an optional latency separated by commas, like gsoc,cisa or gsoc,cisa,1h", s)
	}
	if len(parts) == 3 {
		v, err := model.ParseDuration(strings.TrimSpace(parts[2]))
		if err != nil {
			return "", "", 0, fmt.Errorf("channel %q: latency %q: %v", s, parts[2], err)
		}
		if v < 0 {
			return "", "", 0, fmt.Errorf("channel %q: latency %q is negative", s, parts[2])
		}
		latency = v
	}
	return parts[0], parts[1], latency, nil
}

// ParseChannel returns the channel named by "a,b" or "a,b,LATENCY", two organization
// names of m and a latency (see SplitChannel).
func ParseChannel(m *model.Model, s string) (Channel, error) {
	an, bn, latency, err := SplitChannel(s)
	if err != nil {
		return Channel{}, err
	}
	c := Channel{Latency: latency}
	for i, n := range []string{an, bn} {
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
