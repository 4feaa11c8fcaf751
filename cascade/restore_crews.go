package cascade

import "container/heap"

// runCrews runs the repair queue of organization o with n crews over its hits (sorted by
// time, then asset; only assets with repair), appending each damage stretch to ivs and
// each job to repairs. Within a second, jobs that end end first, then the hits join the
// queue or restart a job, then free crews start jobs in order of (priority descending,
// time damaged ascending, asset index ascending). Nothing after h is simulated.
func runCrews(rn *restoreNet, st *restoreState, hits []hitRec, n int, o int32, h int64, ivs []ivRec, repairs *[]Repair) []ivRec {
	type job struct {
		rec   int   // index in *repairs
		end   int64 // seconds, when running
		state uint8 // 1 waiting, 2 running
	}
	jobs := map[int32]*job{}
	var q crewQueue
	q.rn = rn
	var ends endHeap
	running := 0
	i := 0
	for {
		t := Never
		if i < len(hits) {
			t = hits[i].t
		}
		for len(ends) > 0 {
			x := ends[0]
			if j := jobs[x.a]; j == nil || j.state != 2 || j.end != x.end {
				heap.Pop(&ends) // stale: restarted or ended
				continue
			}
			t = min(t, x.end)
			break
		}
		if t > h {
			break
		}
		// jobs that end at t
		for len(ends) > 0 && ends[0].end == t {
			x := heap.Pop(&ends).(endItem)
			j := jobs[x.a]
			if j == nil || j.state != 2 || j.end != x.end {
				continue
			}
			r := &(*repairs)[j.rec]
			r.End = t
			ivs = append(ivs, ivRec{x.a, r.Damaged, t})
			delete(jobs, x.a)
			running--
		}
		// hits at t
		for ; i < len(hits) && hits[i].t == t; i++ {
			a := hits[i].a
			switch j := jobs[a]; {
			case j == nil:
				*repairs = append(*repairs, Repair{Asset: a, Organization: o, Damaged: t, Start: Never, End: Never})
				jobs[a] = &job{rec: len(*repairs) - 1, state: 1}
				heap.Push(&q, queued{a: a, damaged: t})
			case j.state == 2:
				j.end = AddTime(t, rn.repair[a])
				(*repairs)[j.rec].Start = t
				heap.Push(&ends, endItem{a, j.end})
			}
		}
		// free crews start jobs
		for running < n && q.Len() > 0 {
			x := heap.Pop(&q).(queued)
			j := jobs[x.a]
			j.state, j.end = 2, AddTime(t, rn.repair[x.a])
			(*repairs)[j.rec].Start = t
			heap.Push(&ends, endItem{x.a, j.end})
			running++
		}
	}
	// damage that lasts beyond h
	for a, j := range jobs {
		r := (*repairs)[j.rec]
		if j.state == 1 {
			st.as[a].waiting = true
		}
		ivs = append(ivs, ivRec{a, r.Damaged, Never})
	}
	return ivs
}

type queued struct {
	a       int32
	damaged int64
}

// crewQueue is a max-heap of waiting assets by (priority, -damaged, -index).
type crewQueue struct {
	rn *restoreNet
	xs []queued
}

func (q *crewQueue) Len() int { return len(q.xs) }
func (q *crewQueue) Less(i, j int) bool {
	x, y := q.xs[i], q.xs[j]
	px, py := q.rn.priority[x.a], q.rn.priority[y.a]
	if px != py {
		return px > py
	}
	if x.damaged != y.damaged {
		return x.damaged < y.damaged
	}
	return x.a < y.a
}
func (q *crewQueue) Swap(i, j int) { q.xs[i], q.xs[j] = q.xs[j], q.xs[i] }
func (q *crewQueue) Push(x any)    { q.xs = append(q.xs, x.(queued)) }
func (q *crewQueue) Pop() any {
	x := q.xs[len(q.xs)-1]
	q.xs = q.xs[:len(q.xs)-1]
	return x
}

type endItem struct {
	a   int32
	end int64
}

// endHeap is a min-heap of running jobs' ends.
type endHeap []endItem

func (e endHeap) Len() int { return len(e) }
func (e endHeap) Less(i, j int) bool {
	if e[i].end != e[j].end {
		return e[i].end < e[j].end
	}
	return e[i].a < e[j].a
}
func (e endHeap) Swap(i, j int) { e[i], e[j] = e[j], e[i] }
func (e *endHeap) Push(x any)   { *e = append(*e, x.(endItem)) }
func (e *endHeap) Pop() any {
	x := (*e)[len(*e)-1]
	*e = (*e)[:len(*e)-1]
	return x
}
