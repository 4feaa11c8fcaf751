package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/cascade/montecarlo"
	"github.com/cascade-infra/cascade/internal/atomicfile"
	"github.com/cascade-infra/cascade/model"
)

// trialsCSV is the per-trial table of batch --trials-out (docs/batch.md, "Per-trial
// rows"): a montecarlo.TrialSink that writes one CSV row per trial to w.
type trialsCSV struct {
	w         io.Writer
	scenarios []string // each scenario's name, CSV-quoted as needed
	seed      []byte
	loss      bool // whether the loss columns are present
}

// newTrialsCSV returns the sink of the trials of scenarios of m run with seed, and
// writes its header to w: scenario, trial, seed, failed, compromised, then one
// failed_at_s column per sector, then, when loss (some scenario has a horizon), one
// loss_s column per sector.
func newTrialsCSV(w io.Writer, m *model.Model, scenarios []*model.Scenario, seed uint64, loss bool) (*trialsCSV, error) {
	t := &trialsCSV{w: w, seed: strconv.AppendUint(nil, seed, 10), loss: loss}
	for _, sc := range scenarios {
		t.scenarios = append(t.scenarios, csvField(sc.Name))
	}
	head := []string{"scenario", "trial", "seed", "failed", "compromised"}
	for _, s := range m.Sectors {
		head = append(head, s.Name+"_failed_at_s")
	}
	if loss {
		for _, s := range m.Sectors {
			head = append(head, s.Name+"_loss_s")
		}
	}
	cw := csv.NewWriter(w)
	cw.Write(head)
	cw.Flush()
	if err := cw.Error(); err != nil {
		return nil, err
	}
	return t, nil
}

// csvField returns s as encoding/csv writes it as one field.
func csvField(s string) string {
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	cw.Write([]string{s})
	cw.Flush()
	return string(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}

// AppendTrial appends rec's row to dst: the failure times in whole seconds, empty
// when the sector did not fail; the losses in seconds with millisecond precision,
// empty without a horizon.
func (t *trialsCSV) AppendTrial(dst []byte, rec *montecarlo.TrialRecord) []byte {
	dst = append(dst, t.scenarios[rec.Scenario]...)
	dst = append(dst, ',')
	dst = strconv.AppendInt(dst, rec.Trial, 10)
	dst = append(dst, ',')
	dst = append(dst, t.seed...)
	dst = append(dst, ',')
	dst = strconv.AppendInt(dst, int64(rec.Failed), 10)
	dst = append(dst, ',')
	dst = strconv.AppendInt(dst, int64(rec.Compromised), 10)
	for _, at := range rec.SectorFailedAt {
		dst = append(dst, ',')
		if at != cascade.Never {
			dst = strconv.AppendInt(dst, at, 10)
		}
	}
	if t.loss {
		for s := range rec.SectorFailedAt {
			dst = append(dst, ',')
			if rec.SectorLossMs != nil {
				dst = appendMillis(dst, rec.SectorLossMs[s])
			}
		}
	}
	return append(dst, '\n')
}

// appendMillis appends ms milliseconds as seconds, with no trailing zeros: 1500 is
// "1.5", 2000 is "2".
func appendMillis(dst []byte, ms uint64) []byte {
	dst = strconv.AppendUint(dst, ms/1000, 10)
	if f := ms % 1000; f != 0 {
		frac := []byte{'.', byte('0' + f/100), byte('0' + f/10%10), byte('0' + f%10)}
		dst = append(dst, bytes.TrimRight(frac, "0")...)
	}
	return dst
}

// WriteTrials writes one chunk's rows.
func (t *trialsCSV) WriteTrials(p []byte) error {
	_, err := t.w.Write(p)
	return err
}

// trialsFile is the file of --trials-out being written: a temporary file renamed
// onto its target by commit, removed by discard and on an interrupt
// (atomicfile.Abort); stdout for "-".
type trialsFile struct {
	f  *atomicfile.File // nil for stdout
	bw *bufio.Writer
}

// createTrialsOut starts the write of path.
func (st *State) createTrialsOut(path string) (*trialsFile, error) {
	if path == "-" {
		return &trialsFile{bw: bufio.NewWriterSize(st.Stdout, 64<<10)}, nil
	}
	f, err := atomicfile.Create(path)
	if err != nil {
		return nil, fmt.Errorf("--trials-out: %w", err)
	}
	return &trialsFile{f: f, bw: bufio.NewWriterSize(f.File, 64<<10)}, nil
}

// commit completes the write.
func (t *trialsFile) commit() error {
	if err := t.bw.Flush(); err != nil {
		t.discard()
		return fmt.Errorf("--trials-out: %w", err)
	}
	if t.f == nil {
		return nil
	}
	if err := t.f.Commit(); err != nil {
		return fmt.Errorf("--trials-out: %w", err)
	}
	return nil
}

// discard abandons the write (after commit, it does nothing).
func (t *trialsFile) discard() {
	if t.f != nil {
		t.f.Discard()
	}
}
