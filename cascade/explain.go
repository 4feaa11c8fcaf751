package cascade

import (
	"fmt"
	"strings"
)

// Step is one link of a causal chain: why Asset failed (or, when Compromise is set, why
// it was compromised) at At.
type Step struct {
	Asset int32
	// At is the time of the failure (or compromise) in seconds.
	At int64
	// Compromise is true when the step explains the asset's compromise rather than its
	// failure; the chain follows compromises along cyber edges.
	Compromise bool
	// Cause is why it happened.
	Cause Cause
	// Supplier is the asset the chain continues with: the compromised cyber supplier
	// (CauseCompromise) or the supplier of the tipping edge (CauseSupply); -1 for an event.
	Supplier int32
	// SupplierAt is when Supplier failed (CauseSupply) or was compromised
	// (CauseCompromise), seconds; Never for an event.
	SupplierAt int64
	// Delay is the delay of the edge from Supplier in seconds (0 for an event).
	Delay int64
	// Backup is the backup of the lost group in seconds, consumed in full (CauseSupply).
	Backup int64
}

// Chain is the causal chain that brought an asset down, from the initiating event to the
// asset: Steps[0] is hit by an event, each later step is caused by the one before it,
// and the last step is the asset's failure. Steps is empty when the asset did not fail.
type Chain struct {
	Asset int32
	Steps []Step
	r     *Result
}

// Explain returns the causal chain of asset a's failure. It follows, from a, the cause
// of each failure (the tipping supplier of a lost group, or the compromise) and of each
// compromise (the compromising cyber supplier) until it reaches an event.
func (r *Result) Explain(a int32) Chain {
	ch := Chain{Asset: a, r: r}
	if r.Failure[a] == Never {
		return ch
	}
	n := r.net
	var rev []Step
	cur, comp := a, false
	for range 2*n.NumAssets() + 1 { // each asset at most once per mode
		st := Step{Asset: cur, Compromise: comp, Supplier: -1, SupplierAt: Never}
		if comp {
			st.At, st.Cause = r.Compromise[cur], r.CompromiseCause(cur)
		} else {
			st.At, st.Cause = r.Failure[cur], r.Cause(cur)
		}
		switch st.Cause.Kind {
		case CauseCompromise:
			e := st.Cause.Edge
			st.Supplier, st.Delay = n.eSrc[e], n.eDelay[e]
			st.SupplierAt = r.Compromise[st.Supplier]
			cur, comp = st.Supplier, true
		case CauseSupply:
			e := st.Cause.Edge
			st.Supplier, st.Delay = n.eSrc[e], n.eDelay[e]
			st.SupplierAt = r.Failure[st.Supplier]
			st.Backup = n.groups[st.Cause.Group].backup
			cur, comp = st.Supplier, false
		}
		rev = append(rev, st)
		if st.Cause.Kind == CauseEvent {
			break
		}
	}
	ch.Steps = make([]Step, len(rev))
	for i, st := range rev {
		ch.Steps[len(rev)-1-i] = st
	}
	return ch
}

// Sentence describes the step in one line, for example
// `hospital_h fails at T+1d2h: backup of 1d (group "power") ran out after losing grid_s at T+2h`.
func (c Chain) Sentence(i int) string {
	r := c.r
	n := r.net
	st := c.Steps[i]
	var b strings.Builder
	verb := "fails"
	if st.Compromise {
		verb = "is compromised"
	}
	fmt.Fprintf(&b, "%s %s at T+%s: ", n.AssetName(st.Asset), verb, FormatDuration(st.At))
	switch st.Cause.Kind {
	case CauseEvent:
		ev := r.sc.Events[st.Cause.Event]
		fmt.Fprintf(&b, "hit by %s event %q", ev.Kind, ev.Name)
	case CauseCompromise:
		if !st.Compromise {
			b.WriteString("compromised ")
		}
		fmt.Fprintf(&b, "via cyber dependency on %s (compromised at T+%s", n.AssetName(st.Supplier), FormatDuration(st.SupplierAt))
		if st.Delay > 0 {
			fmt.Fprintf(&b, ", delay %s", FormatDuration(st.Delay))
		}
		b.WriteByte(')')
	case CauseSupply:
		g := st.Cause.Group
		what := ""
		if name := n.GroupName(g); name != "" {
			what = fmt.Sprintf(" for %q", name)
		}
		lost := make([]string, len(st.Cause.Lost))
		for j, e := range st.Cause.Lost {
			lost[j] = n.AssetName(n.eSrc[e])
		}
		if st.Backup > 0 {
			fmt.Fprintf(&b, "backup of %s%s ran out after losing %s at T+%s", FormatDuration(st.Backup), what, strings.Join(lost, ", "), FormatDuration(st.Cause.LostAt))
		} else {
			fmt.Fprintf(&b, "lost supply%s, no backup, after losing %s at T+%s", what, strings.Join(lost, ", "), FormatDuration(st.Cause.LostAt))
		}
		k, total := n.gK[g], n.edgeStart[g+1]-n.edgeStart[g]
		if k < total {
			fmt.Fprintf(&b, " (needs %d of %d)", k, total)
		}
		if st.Delay > 0 {
			fmt.Fprintf(&b, "; %s failed at T+%s, delay %s", n.AssetName(st.Supplier), FormatDuration(st.SupplierAt), FormatDuration(st.Delay))
		}
	}
	return b.String()
}

// String renders the chain as text, one Sentence a line: the asset first, then
// "  because …" for each cause down to the initiating event.
func (c Chain) String() string {
	n := c.r.net
	if len(c.Steps) == 0 {
		return fmt.Sprintf("%s does not fail within the horizon", n.AssetName(c.Asset))
	}
	var b strings.Builder
	for i := len(c.Steps) - 1; i >= 0; i-- {
		if i < len(c.Steps)-1 {
			b.WriteString("  because ")
		}
		b.WriteString(c.Sentence(i))
		b.WriteByte('\n')
	}
	return b.String()
}
