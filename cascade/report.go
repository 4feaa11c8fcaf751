package cascade

import "github.com/cascade-infra/cascade/model"

// Reports: a run and an explanation as plain data with the field names of docs/cli.md,
// ready for encoding/json. Times are seconds; a nil pointer is JSON null ("does not
// happen within the horizon").

// RunReport is the `run --format json` object of docs/cli.md.
type RunReport struct {
	Scenario string          `json:"scenario"`
	HorizonS *int64          `json:"horizon_s"`
	Failures []FailureReport `json:"failures"`
	OnBackup []BackupReport  `json:"on_backup"`
	Sectors  []SectorReport  `json:"sectors"`
	// Repairs lists the repair jobs of assets whose operator has crews (empty when no
	// organization has crews).
	Repairs []RepairReport   `json:"repairs"`
	Summary RunSummaryReport `json:"summary"`
	// Restoration tells whether the run resolved restoration (Result.Restoration).
	Restoration bool `json:"-"`
	// Alerts are the organizations alerted within the horizon, by alert time, then
	// name (docs/semantics.md, "Alerts and protection"); empty without detect.
	Alerts []AlertReport `json:"alerts"`
	// Protected are the assets whose compromise protection prevented, by attempt time,
	// then name.
	Protected []ProtectedReport `json:"protected"`
}

// AlertReport is one alerted organization.
type AlertReport struct {
	Organization string `json:"organization"`
	// DetectedS is when it detected a compromise of one of its assets, or null.
	DetectedS *int64 `json:"detected_s"`
	// AlertedS is when the first detection reached it, seconds.
	AlertedS int64 `json:"alerted_s"`
	// AlertedBy is the organization whose detection reached it first (itself when it
	// detected first).
	AlertedBy string `json:"alerted_by"`
	// Via is the chain of organizations from AlertedBy to it, both ends included.
	Via []string `json:"via"`
	// ViaChannels are the channels along Via, one fewer than its organizations: a
	// channel's name, or "shares_with".
	ViaChannels []string `json:"via_channels"`
	// ProtectedS is when its assets became protected, or null.
	ProtectedS *int64 `json:"protected_s"`
}

// ProtectedReport is an asset whose compromise protection prevented.
type ProtectedReport struct {
	Asset        string `json:"asset"`
	Sector       string `json:"sector"`
	Organization string `json:"organization"`
	// AttemptedS is the first attempt to compromise it, x(a), seconds.
	AttemptedS int64 `json:"attempted_s"`
	// ProtectedS is when its operator's protection came, seconds (<= AttemptedS).
	ProtectedS int64 `json:"protected_s"`
}

// RepairReport is one repair job of an asset whose operator has crews.
type RepairReport struct {
	Asset        string `json:"asset"`
	Organization string `json:"organization"`
	DamagedS     int64  `json:"damaged_s"`
	// StartS is when a crew started (or, after a hit during the repair, restarted) the
	// job; null while it waits for a crew at the horizon.
	StartS *int64 `json:"start_s"`
	// EndS is when the job ends, null when after the horizon.
	EndS *int64 `json:"end_s"`
}

// FailureReport is one failed asset.
type FailureReport struct {
	Asset       string `json:"asset"`
	Sector      string `json:"sector"`
	AtS         int64  `json:"at_s"`
	Compromised bool   `json:"compromised"`
	// CompromisedAtS is when the asset was compromised, or null.
	CompromisedAtS *int64      `json:"compromised_at_s"`
	Cause          CauseReport `json:"cause"`
	// RestoredS is the first second of the working stretch that contains the horizon,
	// null when the asset is down at the horizon.
	RestoredS *int64 `json:"restored_s"`
	// DownS is the seconds the asset is down within [0, horizon), null without a
	// horizon.
	DownS *int64 `json:"down_s"`
	// Outages is the number of separate down stretches that start at or before the
	// horizon.
	Outages int32 `json:"outages"`
	// Label is the asset's label (its name when it has none), Operator the name of
	// its operator ("" when none) and Country its country (the operator's when the
	// asset gives none; "" when neither does).
	Label    string `json:"label"`
	Operator string `json:"operator"`
	Country  string `json:"country"`
}

// CauseReport names what caused a failure or compromise: exactly one of Event,
// Supplier (a compromised cyber supplier) or Suppliers (the suppliers whose loss lost a
// supply group) is set; Kind says which ("event", "compromise", "supply").
type CauseReport struct {
	Kind      string   `json:"kind"`
	Event     string   `json:"event,omitempty"`
	Supplier  string   `json:"supplier,omitempty"`
	Suppliers []string `json:"suppliers,omitempty"`
	// Group is the needs block of a lost supply group ("" for the asset's own group).
	Group string `json:"group,omitempty"`
	// LostAtS is when the group lost its supply (supply causes), seconds.
	LostAtS *int64 `json:"lost_at_s,omitempty"`
	// BackupS is the backup that ran out (supply causes), seconds.
	BackupS *int64 `json:"backup_s,omitempty"`
	// DelayS is the delay of the edge from the compromised supplier (compromise causes)
	// or from the tipping supplier (supply causes), seconds.
	DelayS *int64 `json:"delay_s,omitempty"`
}

// BackupReport is an asset running on backup at the horizon.
type BackupReport struct {
	Asset  string `json:"asset"`
	Sector string `json:"sector"`
	SinceS int64  `json:"since_s"`
	// RunsOutS is null when the backup outlasts any representable time.
	RunsOutS *int64 `json:"runs_out_s"`
	// Group is the needs block whose backup runs out first ("" for the own group).
	Group string `json:"group"`
	// Label, Operator and Country are as in FailureReport.
	Label    string `json:"label"`
	Operator string `json:"operator"`
	Country  string `json:"country"`
}

// SectorReport summarises one sector.
type SectorReport struct {
	Sector         string  `json:"sector"`
	FirstImpactS   *int64  `json:"first_impact_s"`
	FailedAtS      *int64  `json:"failed_at_s"`
	FailedFraction float64 `json:"failed_fraction"`
	Threshold      float64 `json:"threshold"`
	// DownFraction is the weight of its assets down at the horizon over its total.
	DownFraction float64 `json:"down_fraction"`
	// RestoredAtS is, for a sector that reached its threshold and is below it at the
	// horizon, the first second of its final stretch below; else null.
	RestoredAtS *int64 `json:"restored_at_s"`
	// LossS is the integral over [0, horizon) of its down fraction, seconds; null
	// without a horizon.
	LossS *float64 `json:"loss_s"`
}

// RunSummaryReport counts what happened.
type RunSummaryReport struct {
	Assets          int `json:"assets"`
	FailedAssets    int `json:"failed_assets"`
	Compromised     int `json:"compromised_assets"`
	OnBackup        int `json:"on_backup_assets"`
	Sectors         int `json:"sectors"`
	FailedSectors   int `json:"failed_sectors"`
	ImpactedSectors int `json:"impacted_sectors"`
	// Restored counts the failed assets working again at the horizon, Down those down
	// at it.
	Restored int `json:"restored_assets"`
	Down     int `json:"down_assets"`
	// LossS is the seconds of sector service lost, summed over the sectors; null
	// without a horizon.
	LossS *float64 `json:"loss_s"`
}

func optTime(t int64) *int64 {
	if t == Never {
		return nil
	}
	return &t
}

// timeArena hands out *int64 and supplier name lists from shared blocks: a report of
// many failures makes a few allocations instead of several per failure.
type timeArena struct {
	block []int64
	names []string
	// times and nameCount count what the arena handed out since its last reset.
	times, nameCount int
}

// nameList returns a slice of n strings from the arena, capped at n so that appending
// to it never overwrites another.
func (ta *timeArena) nameList(n int) []string {
	if cap(ta.names)-len(ta.names) < n {
		ta.names = make([]string, 0, max(4096, n))
	}
	ta.nameCount += n
	start := len(ta.names)
	ta.names = ta.names[:start+n]
	return ta.names[start : start+n : start+n]
}

// opt is optTime with the value stored in the arena.
func (ta *timeArena) opt(t int64) *int64 {
	if t == Never {
		return nil
	}
	if len(ta.block) == cap(ta.block) {
		ta.block = make([]int64, 0, 4096)
	}
	ta.times++
	ta.block = append(ta.block, t)
	return &ta.block[len(ta.block)-1]
}

// reset makes the arena hand out its memory again, overwriting what it handed out
// before, from one block of each kind as large as all it handed out since the last
// reset: filling rows of the same size again allocates nothing.
func (ta *timeArena) reset() {
	ta.block, ta.names = reuseBlock(ta.block, ta.times), reuseBlock(ta.names, ta.nameCount)
	ta.times, ta.nameCount = 0, 0
}

// reuseBlock returns b emptied when it can hold n elements, else a new block of n.
func reuseBlock[T any](b []T, n int) []T {
	if cap(b) < n {
		return make([]T, 0, n)
	}
	return b[:0]
}

// CauseReport returns the cause c of asset a as report data.
func (r *Result) CauseReport(a int32, c Cause) CauseReport {
	return r.causeReport(c, new(timeArena))
}

// causeReport is CauseReport with its times in ta.
func (r *Result) causeReport(c Cause, ta *timeArena) CauseReport {
	n := r.net
	cr := CauseReport{Kind: c.Kind.String()}
	switch c.Kind {
	case CauseEvent:
		cr.Event = r.sc.Events[c.Event].Name
	case CauseCompromise:
		cr.Supplier = n.AssetName(n.eSrc[c.Edge])
		cr.DelayS = ta.opt(n.eDelay[c.Edge])
	case CauseSupply:
		cr.Suppliers = ta.nameList(len(c.Lost))
		for i, e := range c.Lost {
			cr.Suppliers[i] = n.AssetName(n.eSrc[e])
		}
		cr.Group = n.GroupName(c.Group)
		cr.LostAtS = ta.opt(c.LostAt)
		cr.BackupS = ta.opt(n.groups[c.Group].backup)
		cr.DelayS = ta.opt(n.eDelay[c.Edge])
	}
	return cr
}

// Report returns the run as report data: failures by time then name, assets on backup
// by runs-out time then name, and every sector of the model in model order.
func (r *Result) Report() *RunReport {
	rep, rows := r.ReportRows()
	// The rows in the parallel shares of Failures, each share filling its own.
	rep.Failures = make([]FailureReport, rows.Len())
	failureShares(rows.Len(), func(lo, hi int) { rows.Fill(rep.Failures[lo:hi], lo) })
	return rep
}

// FailureRows are the failure rows of a run's report (RunReport.Failures), built on
// demand: see ReportRows.
type FailureRows struct {
	r      *Result
	assets []int32 // the failed assets in the order of the rows
}

// Len returns the number of rows.
func (fr *FailureRows) Len() int { return len(fr.assets) }

// Fill sets dst to the rows lo to lo+len(dst)-1, each exactly as Report has it. It
// only reads the Result, so calls may run in parallel, each into its own dst; the
// rows' times and supplier lists are allocated per call, so dst may be filled again
// once its rows are no longer used.
func (fr *FailureRows) Fill(dst []FailureReport, lo int) { fr.FillWith(dst, lo, new(RowScratch)) }

// RowScratch holds the times and supplier lists of the rows FillWith builds, and its
// working memory, for reuse from call to call.
type RowScratch struct {
	s  lossScratch
	ta timeArena
}

// FillWith is Fill with the rows' times and supplier lists in sc: they stay valid until
// the next call with sc, which overwrites them (a writer that builds and encodes a block
// of rows at a time then allocates nothing after its first blocks). Calls in parallel
// need a RowScratch each.
func (fr *FailureRows) FillWith(dst []FailureReport, lo int, sc *RowScratch) {
	r := fr.r
	n := r.net
	assets := fr.assets[lo : lo+len(dst)]
	s, ta := &sc.s, &sc.ta
	s.reset()
	ta.reset()
	// The rows are in failure-time order, so their assets' data lie at random: the
	// rows are built in passes over the block, each reading a few arrays, so that the
	// core has the cache misses of many rows in flight at once, where one long pass
	// would meet them a row at a time.
	for i, a := range assets {
		dst[i] = FailureReport{Asset: n.AssetName(a), Sector: n.SectorName(n.sector[a]), AtS: r.Failure[a],
			Compromised: r.Compromise[a] != Never, CompromisedAtS: ta.opt(r.Compromise[a])}
	}
	for i, a := range assets {
		dst[i].Label, dst[i].Operator, dst[i].Country = n.assetIdentity(a)
	}
	for i, a := range assets {
		dst[i].RestoredS, dst[i].DownS, dst[i].Outages = ta.opt(r.Restored(a)), ta.opt(r.DownTime(a)), r.Outages(a)
	}
	s.sink = r.readAheadCauses(assets)
	for i, a := range assets {
		dst[i].Cause = r.causeReport(r.cause(a, s), ta)
	}
}

// readAheadCauses reads, for the failed assets, what deriving their supply causes and
// their reports reads — their rounds, their groups, the groups' edges and the edges'
// suppliers — a
// level at a time over all of them, each level a short loop whose reads do not wait
// for each other, so that the causes derived next find them in cache. It returns a sum
// of what it read, for the caller to keep (reads whose values are unused would be
// optimised away).
func (r *Result) readAheadCauses(assets []int32) int64 {
	n := r.net
	rankF, _ := r.ranks()
	var sum int64
	for _, a := range assets {
		sum += int64(rankF[a]) + int64(n.groupStart[a+1])
	}
	for _, a := range assets {
		for g := n.groupStart[a]; g < n.groupStart[a+1]; g++ {
			sum += int64(n.groups[g].m) + int64(n.edgeStart[g+1]) + int64(len(n.groupNames[g]))
		}
	}
	for _, a := range assets {
		for e := n.edgeStart[n.groupStart[a]]; e < n.edgeStart[n.groupStart[a+1]]; e++ {
			sum += int64(n.eSrc[e]) + int64(n.eFlags[e]) + n.eDelay[e]
		}
	}
	for _, a := range assets {
		for e := n.edgeStart[n.groupStart[a]]; e < n.edgeStart[n.groupStart[a+1]]; e++ {
			u := n.eSrc[e]
			sum += int64(rankF[u]) + r.Failure[u] + int64(len(n.assetNames[u]))
		}
	}
	return sum
}

// ReportRows returns the report of Report without its failure rows (its Failures is
// empty; the summary counts them all) and the rows, to build on demand: a writer that
// builds and writes them block by block never holds them all (810k rows of a 1M-asset
// model are about 160 MB).
func (r *Result) ReportRows() (*RunReport, *FailureRows) {
	n := r.net
	rep := &RunReport{Scenario: r.sc.Name, Failures: []FailureReport{}, OnBackup: []BackupReport{}, Sectors: []SectorReport{}, Restoration: r.restored}
	if r.horizon != Never {
		rep.HorizonS = optTime(r.horizon)
	}
	rows := &FailureRows{r: r, assets: r.timeOrder()}
	for _, a := range rows.assets {
		if r.DownAtHorizon(a) {
			rep.Summary.Down++
		}
	}
	rep.Summary.Restored = len(rows.assets) - rep.Summary.Down
	rep.Repairs = []RepairReport{}
	for _, j := range r.Repairs() {
		rep.Repairs = append(rep.Repairs, RepairReport{Asset: n.AssetName(j.Asset), Organization: n.OrganizationName(j.Organization),
			DamagedS: j.Damaged, StartS: optTime(j.Start), EndS: optTime(j.End)})
	}
	for _, b := range r.OnBackup() {
		rep.OnBackup = append(rep.OnBackup, BackupReport{
			Asset: n.AssetName(b.Asset), Sector: n.SectorName(n.sector[b.Asset]), SinceS: b.Since,
			RunsOutS: optTime(b.RunsOut), Group: n.GroupName(b.Group),
		})
		br := &rep.OnBackup[len(rep.OnBackup)-1]
		br.Label, br.Operator, br.Country = n.assetIdentity(b.Asset)
	}
	var total float64
	for s := range r.Sectors {
		sr := r.Sectors[s]
		rs := r.SectorRestoration(int32(s))
		var loss *float64
		if r.horizon != Never {
			loss = &rs.Loss
			total += rs.Loss
		}
		rep.Sectors = append(rep.Sectors, SectorReport{
			Sector: n.SectorName(int32(s)), FirstImpactS: optTime(sr.FirstImpact), FailedAtS: optTime(sr.FailedAt),
			FailedFraction: sr.FailedFraction, Threshold: n.sThreshold[s],
			DownFraction: rs.DownFraction, RestoredAtS: optTime(rs.RestoredAt), LossS: loss,
		})
		if sr.FailedAt != Never {
			rep.Summary.FailedSectors++
		}
		if sr.FirstImpact != Never {
			rep.Summary.ImpactedSectors++
		}
	}
	rep.Summary.Assets = n.NumAssets()
	rep.Summary.FailedAssets = rows.Len()
	rep.Summary.Compromised = len(r.orderC)
	rep.Summary.OnBackup = len(rep.OnBackup)
	rep.Summary.Sectors = n.NumSectors()
	if r.horizon != Never {
		rep.Summary.LossS = &total
	}
	rep.Alerts, rep.Protected = r.alertReports()
	return rep, rows
}

// assetIdentity returns the label, operator name and country of asset a, for the
// report's rows; all "" for a network without its model.
func (n *Network) assetIdentity(a int32) (label, operator, country string) {
	if n.m == nil || int(a) >= len(n.m.Assets) {
		return "", "", ""
	}
	x := n.m.Assets[a]
	if x.Operator != nil {
		operator = x.Operator.Name
	}
	return x.Label, operator, x.Country
}

// protectionReport returns why asset a was not compromised, or nil when no protection
// prevented its compromise.
func (r *Result) protectionReport(a int32) *ProtectionReport {
	if r.al == nil || !r.IsProtected(a) {
		return nil
	}
	alerts, prot := r.alertReports()
	n, m := r.net, r.net.m
	pr := &ProtectionReport{}
	for _, p := range prot {
		if p.Asset == n.AssetName(a) {
			pr.ProtectedReport = p
		}
	}
	op := m.Assets[a].Operator
	for _, al := range alerts {
		if al.Organization == op.Name {
			pr.Alert = al
		}
	}
	pr.RespondS = op.Respond
	t := pr.AttemptedS
	if ei := r.hitBy(a, t, true); ei >= 0 {
		pr.AttemptBy, pr.AttemptKind = r.sc.Events[ei].Name, "event"
		return pr
	}
	for e := n.edgeStart[n.groupStart[a]]; e < n.edgeStart[n.groupStart[a+1]]; e++ {
		u := n.eSrc[e]
		if n.eKind[e] == model.Cyber && r.Compromise[u] != Never && r.Compromise[u] <= t-n.eDelay[e] && r.Compromise[u]+n.eDelay[e] == t &&
			r.draws.liveEdge(n, e) {
			pr.AttemptBy, pr.AttemptKind = n.AssetName(u), "compromise"
			break
		}
	}
	return pr
}

// alertReports returns the alerts and protections of the run as report data.
func (s *alertState) alertReports() ([]AlertReport, []ProtectedReport) {
	alerts, prot := []AlertReport{}, []ProtectedReport{}
	if s.al == nil {
		return alerts, prot
	}
	m := s.al.m
	for _, a := range s.Alerts() {
		ar := AlertReport{Organization: m.Organizations[a.Organization].Name, DetectedS: optTime(a.Detected), AlertedS: a.Alerted,
			AlertedBy: m.Organizations[a.By].Name, ProtectedS: optTime(a.Protected), ViaChannels: []string{}}
		for i, o := range a.Via {
			ar.Via = append(ar.Via, m.Organizations[o].Name)
			if i > 0 {
				ar.ViaChannels = append(ar.ViaChannels, s.al.channelName(a.Via[i-1], o))
			}
		}
		alerts = append(alerts, ar)
	}
	for _, p := range s.Protections() {
		x := m.Assets[p.Asset]
		prot = append(prot, ProtectedReport{Asset: x.Name, Sector: x.Sector.Name, Organization: x.Operator.Name,
			AttemptedS: p.Attempted, ProtectedS: p.Protected})
	}
	return alerts, prot
}

// ExplainReport is the JSON form of a causal chain.
type ExplainReport struct {
	Scenario string `json:"scenario"`
	HorizonS *int64 `json:"horizon_s"`
	Asset    string `json:"asset"`
	Failed   bool   `json:"failed"`
	// AtS is when the asset fails, or null.
	AtS *int64 `json:"at_s"`
	// Chain runs from the initiating event to the asset.
	Chain []StepReport `json:"chain"`
	// OnBackup is set when the asset did not fail but is running on backup at the horizon.
	OnBackup *BackupReport `json:"on_backup,omitempty"`
	// RestoredS is, for a failed asset working at the horizon, the first second of that
	// working stretch; null when it is down at the horizon or did not fail.
	RestoredS *int64 `json:"restored_s"`
	// Down is set for an asset still down at the horizon of a run with restoration:
	// what keeps it down.
	Down *DownReport `json:"down_at_horizon,omitempty"`
	// Protection is set when a protection prevented the asset's compromise: which alert
	// saved it, and through which chain.
	Protection *ProtectionReport `json:"protection,omitempty"`
}

// DownReport says why an asset is still down at the horizon of a run with restoration.
type DownReport struct {
	// Damaged: physical damage not repaired by the horizon; WaitingForCrew: the damage
	// still waits for one of its operator's crews.
	Damaged        bool `json:"damaged"`
	WaitingForCrew bool `json:"waiting_for_crew"`
	// Compromised: a compromise not cleaned by the horizon.
	Compromised bool `json:"compromised"`
	// Groups are its supply groups unsupplied with an empty reservoir, each with the
	// suppliers it sees down; in a black-start deadlock these name each other.
	Groups []DownGroupReport `json:"groups"`
	// RestartS is, for an asset that nothing keeps down any more but that has not
	// worked its whole restart time, the second it would come back; else null.
	RestartS *int64 `json:"restart_s"`
	// Deadlock is, when the asset is on a loop of down assets that wait for each other
	// through supply alone (a black-start deadlock), that loop from the asset on; empty
	// otherwise.
	Deadlock []string `json:"deadlock"`
}

// DownGroupReport is a supply group that keeps an asset down.
type DownGroupReport struct {
	Group     string   `json:"group"`
	Suppliers []string `json:"suppliers"`
}

// ProtectionReport says why an asset was not compromised: the attempt, its operator's
// protection, and the alert that brought it.
type ProtectionReport struct {
	ProtectedReport
	// AttemptBy is what attempted the compromise first: the cyber event's name, or the
	// compromised supplier's; AttemptKind says which ("event", "compromise").
	AttemptBy   string `json:"attempt_by"`
	AttemptKind string `json:"attempt_kind"`
	// Alert is the operator's alert that led to the protection.
	Alert AlertReport `json:"alert"`
	// RespondS is the operator's respond, seconds.
	RespondS int64 `json:"respond_s"`
}

// StepReport is one link of a causal chain.
type StepReport struct {
	Asset  string `json:"asset"`
	Sector string `json:"sector"`
	AtS    int64  `json:"at_s"`
	// State is "failed" or "compromised".
	State       string      `json:"state"`
	Cause       CauseReport `json:"cause"`
	SupplierAtS *int64      `json:"supplier_at_s"`
	Text        string      `json:"text"`
}

// Report returns the chain as report data.
func (c Chain) Report() *ExplainReport {
	r := c.r
	n := r.net
	rep := &ExplainReport{Scenario: r.sc.Name, Asset: n.AssetName(c.Asset), Chain: []StepReport{}}
	if r.horizon != Never {
		rep.HorizonS = optTime(r.horizon)
	}
	rep.AtS = optTime(r.Failure[c.Asset])
	rep.Failed = rep.AtS != nil
	for i, st := range c.Steps {
		state := "failed"
		if st.Compromise {
			state = "compromised"
		}
		rep.Chain = append(rep.Chain, StepReport{
			Asset: n.AssetName(st.Asset), Sector: n.SectorName(n.sector[st.Asset]), AtS: st.At, State: state,
			Cause: r.CauseReport(st.Asset, st.Cause), SupplierAtS: optTime(st.SupplierAt), Text: c.Sentence(i),
		})
	}
	rep.RestoredS = optTime(r.Restored(c.Asset))
	if r.restored && rep.Failed && r.DownAtHorizon(c.Asset) {
		w := r.WhyDown(c.Asset)
		d := &DownReport{Damaged: w.Damaged, WaitingForCrew: w.Waiting, Compromised: w.Compromised, Groups: []DownGroupReport{}}
		for i, g := range w.Groups {
			gr := DownGroupReport{Group: n.GroupName(g), Suppliers: []string{}}
			for _, u := range w.Suppliers[i] {
				gr.Suppliers = append(gr.Suppliers, n.AssetName(u))
			}
			d.Groups = append(d.Groups, gr)
		}
		if w.Restarting {
			d.RestartS = optTime(w.RestartAt)
		}
		d.Deadlock = []string{}
		for _, x := range r.WaitLoop(c.Asset) {
			d.Deadlock = append(d.Deadlock, n.AssetName(x))
		}
		rep.Down = d
	}
	rep.Protection = r.protectionReport(c.Asset)
	if !rep.Failed {
		for _, b := range r.OnBackup() {
			if b.Asset == c.Asset {
				rep.OnBackup = &BackupReport{Asset: rep.Asset, Sector: n.SectorName(n.sector[b.Asset]), SinceS: b.Since,
					RunsOutS: optTime(b.RunsOut), Group: n.GroupName(b.Group)}
			}
		}
	}
	return rep
}
