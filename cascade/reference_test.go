package cascade

import (
	"slices"

	"github.com/cascade-infra/cascade/cascade/internal/reference"
	"github.com/cascade-infra/cascade/model"
)

// The engine's tests hold it against cascade/internal/reference, a deliberately naive
// implementation of the equations of docs/semantics.md on the model (not on the
// compiled network); this file adds what a run reports beyond F and C: the horizon,
// the assets on backup and the sectors.

const engInf = reference.Inf

var engSatAdd = reference.Add

// engRefDraws decides liveness and hits as a run does: worst case, or Monte Carlo draws
// by canonical edge id and (event, asset).
type engRefDraws struct {
	mc          bool
	seed, trial uint64
	edgeKeys    []uint64        // by canonical edge id, from the names (EdgeKey)
	sc          *model.Scenario // for the names of hits
	m           *model.Model
}

// engDraws returns the draws of a run of sc on m: worst case, or the Monte Carlo trial
// of seed, keyed by names.
func engDraws(m *model.Model, sc *model.Scenario, mc bool, seed, trial uint64) engRefDraws {
	d := engRefDraws{mc: mc, seed: seed, trial: trial, sc: sc, m: m}
	for _, ges := range reference.Edges(m) {
		for _, es := range ges {
			for _, e := range es {
				d.edgeKeys = append(d.edgeKeys, EdgeKey(m.Assets[e.From].Name, m.Assets[e.To].Name, e.Group))
			}
		}
	}
	return d
}

func (d engRefDraws) live(id int32, p float64) bool {
	if p >= 1 {
		return true
	}
	if p <= 0 {
		return false
	}
	return !d.mc || EdgeDraw(d.seed, d.trial, d.edgeKeys[id]) < p
}

func (d engRefDraws) hit(ev int, a int32, p float64) bool {
	if p >= 1 {
		return true
	}
	if p <= 0 {
		return false
	}
	return !d.mc || HitDraw(d.seed, d.trial, HitKey(d.sc.Events[ev].Name, d.m.Assets[a].Name)) < p
}

type engRefResult struct {
	F, C     []int64
	backup   map[int32][2]int64 // asset → since, runs out
	firstImp []int64
	failedAt []int64
	fraction []float64
}

// reference computes the run of scenario sc of m with the given horizon (seconds or
// Never for none).
func engReference(m *model.Model, sc *model.Scenario, horizon int64, d engRefDraws) engRefResult {
	na := len(m.Assets)
	dr := reference.Draws{Live: d.live, Hit: d.hit}
	groups := reference.Edges(m)
	F, C := reference.FC(m, sc, dr)
	if m.HasAlerts() {
		ar := reference.Alerts(m, sc, dr)
		F, C = ar.F, ar.C
	}
	lossOf := func(a int, gi int, F []int64) int64 { return reference.Loss(m, a, gi, groups[a][gi], F, dr) }
	res := engRefResult{F: F, C: C, backup: map[int32][2]int64{}}
	if horizon != Never {
		Fu := slices.Clone(F) // the unbounded solution, for the losses
		for a := range na {
			if F[a] > horizon {
				since, runs := int64(engInf), int64(engInf)
				for gi, g := range m.Assets[a].Groups {
					if u := lossOf(a, gi, Fu); u <= horizon {
						since = min(since, u)
						runs = min(runs, engSatAdd(u, g.Backup))
					}
				}
				if since != engInf {
					res.backup[int32(a)] = [2]int64{since, runs}
				}
				F[a] = engInf
			}
			if C[a] > horizon {
				C[a] = engInf
			}
		}
	}
	// sectors: failed fraction at time t is the weight with F <= t over the total
	for _, s := range m.Sectors {
		total, count := 0.0, 0
		var times []int64
		for _, a := range m.Assets {
			if a.Sector == s {
				total += a.Weight
				count++
				if F[a.Index] != engInf {
					times = append(times, F[a.Index])
				}
			}
		}
		slices.Sort(times)
		first, failedAt, frac := int64(engInf), int64(engInf), 0.0
		if len(times) > 0 {
			first = times[0]
		}
		for _, t := range times {
			w, n := 0.0, 0
			for _, a := range m.Assets {
				if a.Sector == s && F[a.Index] <= t {
					w += a.Weight
					n++
				}
			}
			if n == count || w >= s.Threshold*total*(1-1e-9) {
				failedAt = t
				break
			}
		}
		if count > 0 {
			w, n := 0.0, 0
			for _, a := range m.Assets {
				if a.Sector == s && F[a.Index] != engInf {
					w += a.Weight
					n++
				}
			}
			frac = w / total
			if n == count {
				frac = 1
			}
		}
		res.firstImp = append(res.firstImp, first)
		res.failedAt = append(res.failedAt, failedAt)
		res.fraction = append(res.fraction, frac)
	}
	return res
}
