package cascade

// runCrews runs the repair queue of organization o with n crews over its hits (sorted by
// time, then asset; only assets with repair), appending each damage stretch to ivs and
// each job to repairs. Within a second, jobs that end end first, then the hits join the
// queue or restart a job, then free crews start jobs in order of (priority descending,
// time damaged ascending, asset index ascending). Nothing after h is simulated. The
// assets whose damage still waits for a crew at h are listed in st.waiting.
func runCrews(rn *restoreNet, st *restoreState, hits []hitRec, n int, o int32, h int64, ivs []ivRec, repairs *[]Repair) []ivRec {
	// st.jobOf[a] is 1 + the index in st.jobs of a's current job, 0 for none; it is all
	// zero between calls
	jobs := st.jobs[:0]
	q := crewHeap[queued]{xs: st.crewQ[:0], less: func(x, y queued) bool {
		px, py := rn.priority[x.a], rn.priority[y.a]
		if px != py {
			return px > py
		}
		if x.damaged != y.damaged {
			return x.damaged < y.damaged
		}
		return x.a < y.a
	}}
	ends := crewHeap[endItem]{xs: st.crewEnds[:0], less: func(x, y endItem) bool {
		if x.end != y.end {
			return x.end < y.end
		}
		return x.a < y.a
	}}
	// current reports whether x is the end of a's running job (else a restart or the
	// end of the job made it stale)
	current := func(x endItem) *crewJob {
		if k := st.jobOf[x.a]; k > 0 {
			if j := &jobs[k-1]; j.state == jobRunning && j.end == x.end {
				return j
			}
		}
		return nil
	}
	running := 0
	i := 0
	for {
		t := Never
		if i < len(hits) {
			t = hits[i].t
		}
		for ends.len() > 0 {
			if current(ends.xs[0]) == nil {
				ends.pop()
				continue
			}
			t = min(t, ends.xs[0].end)
			break
		}
		if t > h {
			break
		}
		// jobs that end at t
		for ends.len() > 0 && ends.xs[0].end == t {
			x := ends.pop()
			j := current(x)
			if j == nil {
				continue
			}
			r := &(*repairs)[j.rec]
			r.End = t
			ivs = append(ivs, ivRec{x.a, r.Damaged, t})
			j.state = jobDone
			st.jobOf[x.a] = 0
			running--
		}
		// hits at t
		for ; i < len(hits) && hits[i].t == t; i++ {
			a := hits[i].a
			k := st.jobOf[a]
			switch {
			case k == 0:
				*repairs = append(*repairs, Repair{Asset: a, Organization: o, Damaged: t, Start: Never, End: Never})
				jobs = append(jobs, crewJob{a: a, rec: int32(len(*repairs) - 1), state: jobWaiting})
				st.jobOf[a] = int32(len(jobs))
				q.push(queued{a: a, damaged: t})
			case jobs[k-1].state == jobRunning:
				j := &jobs[k-1]
				j.end = AddTime(t, rn.repair[a])
				(*repairs)[j.rec].Start = t
				ends.push(endItem{a, j.end})
			}
		}
		// free crews start jobs
		for running < n && q.len() > 0 {
			x := q.pop()
			j := &jobs[st.jobOf[x.a]-1]
			j.state, j.end = jobRunning, AddTime(t, rn.repair[x.a])
			(*repairs)[j.rec].Start = t
			ends.push(endItem{x.a, j.end})
			running++
		}
	}
	// damage that lasts beyond h
	for k := range jobs {
		j := &jobs[k]
		if j.state == jobDone {
			continue
		}
		if j.state == jobWaiting {
			st.waiting = append(st.waiting, j.a)
		}
		ivs = append(ivs, ivRec{j.a, (*repairs)[j.rec].Damaged, Never})
		st.jobOf[j.a] = 0
	}
	st.jobs, st.crewQ, st.crewEnds = jobs, q.xs, ends.xs
	return ivs
}

// crewJob is a repair job of an organization with crews.
type crewJob struct {
	a     int32
	rec   int32 // index in the run's repairs
	end   int64 // seconds, when running
	state uint8
}

const (
	jobWaiting = iota + 1
	jobRunning
	jobDone
)

type queued struct {
	a       int32
	damaged int64
}

type endItem struct {
	a   int32
	end int64
}

// crewHeap is a binary min-heap by less, on a slice it keeps between runs.
type crewHeap[T any] struct {
	xs   []T
	less func(x, y T) bool
}

func (h *crewHeap[T]) len() int { return len(h.xs) }

func (h *crewHeap[T]) push(x T) {
	h.xs = append(h.xs, x)
	for i := len(h.xs) - 1; i > 0; {
		p := (i - 1) / 2
		if !h.less(h.xs[i], h.xs[p]) {
			break
		}
		h.xs[i], h.xs[p] = h.xs[p], h.xs[i]
		i = p
	}
}

func (h *crewHeap[T]) pop() T {
	xs := h.xs
	top := xs[0]
	last := len(xs) - 1
	xs[0] = xs[last]
	xs = xs[:last]
	for i := 0; ; {
		c := 2*i + 1
		if c >= len(xs) {
			break
		}
		if c+1 < len(xs) && h.less(xs[c+1], xs[c]) {
			c++
		}
		if !h.less(xs[c], xs[i]) {
			break
		}
		xs[i], xs[c] = xs[c], xs[i]
		i = c
	}
	h.xs = xs
	return top
}
