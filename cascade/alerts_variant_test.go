package cascade

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/cascade-infra/cascade/model"
)

// TestWithChannels checks that a network derived for a model with one more channel
// runs like the variant compiled whole, leaves the original alone, and refuses a model
// whose organizations or assets are not the network's.
func TestWithChannels(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 23))
	for range 200 {
		withChannels(t, randomAlertModel(rng))
	}
}

func withChannels(t *testing.T, m *model.Model) {
	t.Helper()
	if len(m.Organizations) < 2 || len(m.Scenarios) == 0 {
		return
	}
	net, err := Compile(m)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := net.Scenario(m.Scenarios[0].Name)
	if err != nil {
		t.Fatal(err)
	}
	before := net.Run(sc, Options{})
	v := *m
	o := m.Organizations
	v.Channels = append(slices.Clone(m.Channels), &model.Channel{Name: "zz_new", Between: [2]*model.Organization{o[0], o[len(o)-1]}, Index: len(m.Channels)})
	derived, err := net.WithChannels(&v)
	if err != nil {
		t.Fatal(err)
	}
	whole, err := Compile(&v)
	if err != nil {
		t.Fatal(err)
	}
	a, b := derived.Run(sc, Options{}), whole.Run(sc, Options{})
	if !slices.Equal(a.Failure, b.Failure) || !slices.Equal(a.Compromise, b.Compromise) || !slices.Equal(a.Alerted, b.Alerted) || !slices.Equal(a.Protected, b.Protected) {
		t.Fatalf("derived network: alerted %v, protected %v; compiled whole: %v, %v", a.Alerted, a.Protected, b.Alerted, b.Protected)
	}
	if again := net.Run(sc, Options{}); !slices.Equal(again.Alerted, before.Alerted) || again.Network().Model() != m {
		t.Error("WithChannels changed the original network")
	}
	other := v
	other.Organizations = slices.Clone(m.Organizations)
	other.Organizations[0] = &model.Organization{Name: other.Organizations[0].Name}
	if _, err := net.WithChannels(&other); err == nil {
		t.Error("a model with other organizations was accepted")
	}
	fewer := v
	fewer.Assets = m.Assets[:len(m.Assets)-1]
	if _, err := net.WithChannels(&fewer); err == nil {
		t.Error("a model with fewer assets was accepted")
	}
}
