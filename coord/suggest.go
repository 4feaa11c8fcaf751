package coord

import (
	"cmp"
	"context"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
	"github.com/cascade-infra/cascade/whatif"
)

// What a channel buys (docs/coordinate.md, "What a channel saves"): an added channel is
// a mitigation, a variant of the model with one more channel block (whatif.WithChannels).
// The scenario runs again on the variant and whatif.Compare reports the difference from
// the run without it. The network is compiled once: a variant that only adds channels
// runs on cascade.Network.WithChannels, which compiles its alerts alone.

// CompareChannels runs the scenario of base, a deterministic run of m, again with the
// added channels and compares the two runs (whatif.Compare, one variant named by
// whatif.VariantName). It returns the comparison and the variant model.
func CompareChannels(base *cascade.Result, m *model.Model, added []Channel) (*whatif.Comparison, *model.Model, error) {
	cmp, vm, _, err := compareChannels(base, m, added)
	return cmp, vm, err
}

func compareChannels(base *cascade.Result, m *model.Model, added []Channel) (*whatif.Comparison, *model.Model, *cascade.Result, error) {
	vm := whatif.WithChannels(m, added)
	r, err := runVariant(base, vm)
	if err != nil {
		return nil, nil, nil, err
	}
	name := whatif.VariantName(added)
	return whatif.Compare(base, []string{name}, [][]string{flagForms(added)}, []*cascade.Result{r}), vm, r, nil
}

// Rerun runs the scenario of base (the run r analyses, of m) again with r's added
// channels and sets r.Comparison, r.AddedAlerts and r.AddedProtected. It returns the
// variant model, for a paired Monte Carlo comparison.
func (r *Report) Rerun(base *cascade.Result, m *model.Model) (*model.Model, error) {
	cmp, vm, res, err := compareChannels(base, m, r.Added)
	if err != nil {
		return nil, err
	}
	r.Comparison = cmp
	r.AddedAlerts, r.AddedProtected = res.AlertReports()
	return vm, nil
}

// runVariant runs base's scenario with base's horizon on vm, a variant of base's model
// with channels added, on base's network with the variant's alerts.
func runVariant(base *cascade.Result, vm *model.Model) (*cascade.Result, error) {
	net, err := base.Network().WithChannels(vm)
	if err != nil {
		return nil, err
	}
	return net.Run(base.Scenario(), cascade.Options{Horizon: cascade.HorizonAt(base.Horizon())}), nil
}

// flagForms returns the channels as --add-channel writes them.
func flagForms(cs []Channel) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = "--add-channel " + c.String()
	}
	return out
}

// Candidates returns the channels that Suggest tries for a run of m analysed as r: every
// unordered pair of organizations joined by a cascade edge of r (the operator of a
// failed asset's supplier and its own operator differ) that no channel block or
// shares_with entry of m joins directly — a superset of r's gaps, which have no chain
// of channels at all. Each has the given latency, A is the organization whose name
// sorts first, and they are ordered by names.
func Candidates(m *model.Model, r *Report, latency int64) []Channel {
	direct := map[[2]*model.Organization]bool{}
	key := func(a, b *model.Organization) [2]*model.Organization {
		if b.Name < a.Name {
			a, b = b, a
		}
		return [2]*model.Organization{a, b}
	}
	for _, o := range m.Organizations {
		for _, p := range o.SharesWith {
			direct[key(o, p)] = true
		}
	}
	for _, c := range m.Channels {
		direct[key(c.Between[0], c.Between[1])] = true
	}
	seen := map[[2]*model.Organization]bool{}
	var out []Channel
	for _, e := range r.Edges {
		if !e.CrossOrg() {
			continue
		}
		k := key(e.FromOperator, e.ToOperator)
		if direct[k] || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, Channel{A: k[0], B: k[1], Latency: latency})
	}
	slices.SortFunc(out, func(x, y Channel) int {
		return cmp.Or(cmp.Compare(x.A.Name, y.A.Name), cmp.Compare(x.B.Name, y.B.Name))
	})
	return out
}

// Suggestion is one candidate channel and what adding it alone changes.
type Suggestion struct {
	Channel Channel
	// Variant is the comparison of the run with the channel against the run without
	// (whatif.Compare): its Saved are the assets saved.
	Variant whatif.Variant
	// Model is the variant model (the model with the channel), for a paired Monte Carlo
	// comparison of the suggestions.
	Model *model.Model
}

// CompromisedSaved returns the assets compromised without the channel and not with it,
// net: the baseline's compromised count minus the variant's.
func (s *Suggestion) CompromisedSaved() int { return -s.Variant.Delta.Compromised }

// SuggestOptions configure Suggest.
type SuggestOptions struct {
	// Workers is the number of goroutines running candidates (0: GOMAXPROCS). The
	// result does not depend on it.
	Workers int
	// Progress, when not nil, is called after each candidate with the number done and
	// the total, from one goroutine at a time.
	Progress func(done, total int64)
}

// Suggest runs base's scenario once per candidate channel, each alone on m (base is a
// deterministic run of m), in parallel on base's compiled network, and returns the
// suggestions ranked by assets saved (more first), then compromised assets saved (more
// first), then the names of the two organizations. It returns ctx's error when ctx is
// cancelled before every candidate has run.
func Suggest(ctx context.Context, base *cascade.Result, m *model.Model, candidates []Channel, opts SuggestOptions) ([]Suggestion, error) {
	out := make([]Suggestion, len(candidates))
	errs := make([]error, len(candidates))
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, len(candidates)))
	// A candidate whose run is the run without it (the same compromises and failures,
	// at the same times) has the comparison of the run with itself: computed once.
	// Not with restoration, where a protection can block a later compromise of an
	// asset that recovered and leave the first times alone.
	same := whatif.Compare(base, []string{""}, [][]string{nil}, []*cascade.Result{base}).Variants[0]
	fast := !base.Network().HasRestoration()
	opt := cascade.Options{Horizon: cascade.HorizonAt(base.Horizon())}
	var next, done atomic.Int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			r := new(cascade.Result) // reused: a comparison keeps nothing of it
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= len(candidates) {
					return
				}
				c := candidates[i]
				vm := whatif.WithChannels(m, []Channel{c})
				net, err := base.Network().WithChannels(vm)
				if err != nil {
					errs[i] = err
					continue
				}
				net.RunInto(r, base.Scenario(), opt)
				name, forms := c.String(), flagForms([]Channel{c})
				var v whatif.Variant
				if fast && slices.Equal(r.Failure, base.Failure) && slices.Equal(r.Compromise, base.Compromise) {
					v = same
					v.Name, v.Mitigations = name, forms
					v.Sectors, v.Saved, v.FailedOnly = []whatif.SectorShift{}, []string{}, []string{}
				} else {
					v = whatif.Compare(base, []string{name}, [][]string{forms}, []*cascade.Result{r}).Variants[0]
				}
				out[i] = Suggestion{Channel: c, Variant: v, Model: vm}
				d := done.Add(1)
				if opts.Progress != nil {
					mu.Lock()
					opts.Progress(d, int64(len(candidates)))
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	slices.SortStableFunc(out, func(x, y Suggestion) int {
		return cmp.Or(-cmp.Compare(len(x.Variant.Saved), len(y.Variant.Saved)),
			-cmp.Compare(x.CompromisedSaved(), y.CompromisedSaved()),
			cmp.Compare(x.Channel.A.Name, y.Channel.A.Name), cmp.Compare(x.Channel.B.Name, y.Channel.B.Name))
	})
	return out, nil
}
