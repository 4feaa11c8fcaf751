package whatif

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
)

// ChannelSpec is a hypothetical channel between two organizations of a model, as
// `cascade coordinate --add-channel A,B[,LATENCY]` names it.
type ChannelSpec struct {
	A, B    *model.Organization
	Latency int64 // seconds, >= 0
}

// String writes the channel as the flag does: "a,b" for latency 0, else "a,b,1h".
func (c ChannelSpec) String() string {
	s := c.A.Name + "," + c.B.Name
	if c.Latency != 0 {
		s += "," + cascade.FormatDuration(c.Latency)
	}
	return s
}

// WithChannels returns a variant of m with the channels added: the mitigation that
// `cascade coordinate --add-channel` applies, written on the command line rather than
// in the model. The variant shares m's sectors, organizations, assets, scenarios and
// mitigations (it changes none of them: a model is read-only); its channels are m's and
// one new channel block per spec, named coordinate_A_B (with a number after it when the
// name is taken), with the label "--add-channel A,B[,LATENCY]". Every channel keeps its
// name and the list stays sorted by name with Index its position, as Load makes it, so
// the variant compiles with cascade.Compile or cascade.Network.WithChannels and its plan
// (Plan) is one + line per added channel.
func WithChannels(m *model.Model, specs []ChannelSpec) *model.Model {
	v := *m
	taken := map[string]bool{}
	for _, c := range m.Channels {
		taken[c.Name] = true
	}
	chans := make([]*model.Channel, 0, len(m.Channels)+len(specs))
	for _, c := range m.Channels {
		x := *c // a copy: Index may move, and m's own channels must not change
		chans = append(chans, &x)
	}
	for _, s := range specs {
		name := ChannelName(s.A.Name, s.B.Name)
		for i := 2; taken[name]; i++ {
			name = fmt.Sprintf("%s_%d", ChannelName(s.A.Name, s.B.Name), i)
		}
		taken[name] = true
		chans = append(chans, &model.Channel{Name: name, Label: "--add-channel " + s.String(),
			Between: [2]*model.Organization{s.A, s.B}, Latency: s.Latency})
	}
	slices.SortFunc(chans, func(x, y *model.Channel) int { return cmp.Compare(x.Name, y.Name) })
	for i, c := range chans {
		c.Index = i
	}
	v.Channels = chans
	return &v
}

// ChannelName is the name WithChannels gives a channel between organizations a and b:
// coordinate_a_b.
func ChannelName(a, b string) string { return "coordinate_" + a + "_" + b }

// VariantName names the variant of added channels in a comparison: the specs as the
// flags write them, joined by " + ".
func VariantName(specs []ChannelSpec) string {
	names := make([]string, len(specs))
	for i, s := range specs {
		names[i] = s.String()
	}
	return strings.Join(names, " + ")
}

// sameAsset returns the asset of m named as a, or nil: at a's own index when m has the
// same assets there (a variant that adds none, as added channels do), else by name.
func sameAsset(m *model.Model, a *model.Asset) *model.Asset {
	if a.Index < len(m.Assets) && m.Assets[a.Index].Name == a.Name {
		return m.Assets[a.Index]
	}
	return m.Asset(a.Name)
}
