package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
	"github.com/cascade-infra/cascade/provenance"
)

func TestIndentShallow(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{}`, `{}`},
		{`[]`, `[]`},
		{`null`, `null`},
		{`{"a":1}`, "{\n  \"a\": 1\n}"},
		{`{"a":[],"b":{}}`, "{\n  \"a\": [],\n  \"b\": {}\n}"},
		{`{"a":[{"x":[1,2]},{"y":"}],[,:\"{"}],"b":{"c":[1]}}`,
			"{\n  \"a\": [\n    {\"x\":[1,2]},\n    {\"y\":\"}],[,:\\\"{\"}\n  ],\n  \"b\": {\"c\":[1]}\n}"},
		{`[{"a":[1]},2]`, "[\n  {\"a\":[1]},\n  2\n]"},
		{`{"s":"\\"}`, "{\n  \"s\": \"\\\\\"\n}"},
	}
	for _, tt := range tests {
		if got := string(indentShallow(nil, []byte(tt.in))); got != tt.want {
			t.Errorf("indentShallow(%s) =\n%s\nwant\n%s", tt.in, got, tt.want)
		}
	}
}

// FuzzIndentShallow checks that the layout never changes the value: compacting the
// output gives back the compact input, for any valid JSON.
func FuzzIndentShallow(f *testing.F) {
	for _, s := range []string{`{"a":[{"b":"x,y"},{}],"c":null}`, `[1,[2,[3]],"]"]`, `"x"`, `{"k":"\u00e9\\\"}"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var v any
		if json.Unmarshal(in, &v) != nil {
			return
		}
		src, err := json.Marshal(v)
		if err != nil {
			return
		}
		out := indentShallow(nil, src)
		var compact bytes.Buffer
		if err := json.Compact(&compact, out); err != nil {
			t.Fatalf("output is not JSON: %v\n%s", err, out)
		}
		if !bytes.Equal(compact.Bytes(), src) {
			t.Fatalf("value changed:\n%s\n%s", src, compact.Bytes())
		}
	})
}

// TestWriteRunReport checks that a run report, written without reflection, comes out
// byte for byte as the general path writes it: json.Marshal, then indentShallow; with
// the failures encoded in one goroutine, and in parallel blocks (writeFailures) of one
// failure, a few, and more than a report holds, on more goroutines than cores.
func TestWriteRunReport(t *testing.T) {
	defer func(min, block, procs int) {
		parallelJSONMin, failureBlock = min, block
		runtime.GOMAXPROCS(procs)
	}(parallelJSONMin, failureBlock, runtime.GOMAXPROCS(3))
	for _, tt := range []struct{ min, block int }{{1 << 30, 1}, {1, 1}, {1, 7}, {1, 5000}} {
		parallelJSONMin, failureBlock = tt.min, tt.block
		t.Run(fmt.Sprintf("min=%d,block=%d", tt.min, tt.block), testWriteRunReport)
	}
}

func testWriteRunReport(t *testing.T) {
	n := func(v int64) *int64 { return &v }
	name := "a\"b\\c<d>&e\u2028\xff\x01"
	reports := []*cascade.RunReport{
		{Failures: []cascade.FailureReport{}, OnBackup: []cascade.BackupReport{}, Sectors: []cascade.SectorReport{}},
		{}, // nil slices are null
		{
			Scenario: name, HorizonS: n(3600),
			Failures: []cascade.FailureReport{
				{Asset: name, Sector: "s", AtS: 0, Cause: cascade.CauseReport{Kind: "event", Event: name}},
				{Asset: "b", Sector: name, AtS: 5, Compromised: true, CompromisedAtS: n(5),
					Cause: cascade.CauseReport{Kind: "compromise", Supplier: "a", DelayS: n(5)}},
				{Asset: "c", Sector: "s", AtS: 9, Cause: cascade.CauseReport{Kind: "supply", Suppliers: []string{"a", name},
					Group: name, LostAtS: n(5), BackupS: n(4), DelayS: n(0)}},
			},
			OnBackup: []cascade.BackupReport{{Asset: name, Sector: "s", SinceS: 1, Group: name}, {Asset: "d", RunsOutS: n(9)}},
			Sectors: []cascade.SectorReport{{Sector: name, FirstImpactS: n(0), FailedFraction: 0.25, Threshold: 1},
				{Sector: "t", FailedAtS: n(3), FailedFraction: 1e-9, Threshold: 0.5}},
			Summary: cascade.RunSummaryReport{Assets: 4, FailedAssets: 3, Compromised: 1, OnBackup: 2, Sectors: 2, FailedSectors: 1, ImpactedSectors: 2},
		},
	}
	big := &cascade.RunReport{Failures: make([]cascade.FailureReport, 3000)} // written in several pieces
	for i := range big.Failures {
		big.Failures[i] = cascade.FailureReport{Asset: strings.Repeat(name, 10) + strconv.Itoa(i), AtS: int64(i),
			Cause: cascade.CauseReport{Kind: "supply", Suppliers: []string{name, "x"}}}
	}
	reports = append(reports, big)
	seed := uint64(7)
	prov := &provenance.Info{Build: provenance.Build{Version: name}, ModelHash: "ab", Scenario: name,
		Vars: map[string]string{name: name, "b": "1"}, Seed: &seed, Trials: 3, Options: map[string]string{"horizon": "1s"}}
	for _, rep := range reports {
		for _, p := range []*provenance.Info{nil, prov} {
			src, err := json.Marshal(rep)
			if err != nil {
				t.Fatal(err)
			}
			if p != nil {
				// The general path: the provenance as the object's last member.
				withProv := struct {
					*cascade.RunReport
					Provenance *provenance.Info `json:"provenance"`
				}{rep, p}
				if src, err = json.Marshal(withProv); err != nil {
					t.Fatal(err)
				}
			}
			want := append(indentShallow(nil, src), '\n')
			var got bytes.Buffer
			if err := writeJSONProv(&got, rep, p); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("writeJSONProv(%+v, %v) =\n%s\nwant\n%s", rep, p, got.Bytes(), want)
			}
		}
	}
	// The general path adds the member to any object, empty or not.
	for _, v := range []any{struct{}{}, struct {
		A int `json:"a"`
	}{1}} {
		var got bytes.Buffer
		if err := writeJSONProv(&got, v, prov); err != nil {
			t.Fatal(err)
		}
		var back map[string]any
		if err := json.Unmarshal(got.Bytes(), &back); err != nil || back["provenance"] == nil {
			t.Errorf("writeJSONProv(%#v): %v\n%s", v, err, got.Bytes())
		}
	}
}

// TestWriteRunReportRows: the failure rows built on demand (cascade.Result.ReportRows)
// write the bytes of the rows of Report, in one goroutine and in parallel blocks, for
// every scenario of examples/us-japan.
func TestWriteRunReportRows(t *testing.T) {
	m, diags := model.Load("../../examples/us-japan", model.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	defer func(min, block int) { parallelJSONMin, failureBlock = min, block }(parallelJSONMin, failureBlock)
	for _, sc := range m.Scenarios {
		res, err := cascade.RunScenario(m, sc, cascade.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		if err := writeRunReport(&want, res.Report(), nil); err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct{ min, block int }{{1 << 30, 1024}, {1 << 30, 2}, {1, 1}, {1, 3}} {
			parallelJSONMin, failureBlock = tt.min, tt.block
			rep, rows := res.ReportRows()
			var got bytes.Buffer
			if err := writeRunReportRows(&got, rep, builtRows(rows), nil); err != nil {
				t.Fatal(err)
			}
			if rows.Len() == 0 || !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("%s, min %d, block %d: %d rows,\n%s\nwant\n%s", sc.Name, tt.min, tt.block, rows.Len(), got.Bytes(), want.Bytes())
			}
		}
	}
}

// failingWriter fails every write once it has taken n bytes, counting the writes
// after the first failure.
type failingWriter struct {
	n     int
	after int
}

var errFailingWriter = errors.New("disk full")

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.n == 0 {
		w.after++
		return 0, errFailingWriter
	}
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, errFailingWriter
	}
	w.n -= len(p)
	return len(p), nil
}

// TestWriteFailuresError: a write that fails, at the first block, in the middle or at
// the last, ends writeRunReport with its error (nothing is written after it) and
// leaves no goroutine running.
func TestWriteFailuresError(t *testing.T) {
	defer func(min, block int) { parallelJSONMin, failureBlock = min, block }(parallelJSONMin, failureBlock)
	parallelJSONMin, failureBlock = 1, 3
	rep := &cascade.RunReport{Failures: make([]cascade.FailureReport, 100)}
	for i := range rep.Failures {
		rep.Failures[i] = cascade.FailureReport{Asset: "a" + strconv.Itoa(i), Cause: cascade.CauseReport{Kind: "event", Event: "e"}}
	}
	var whole bytes.Buffer
	if err := writeRunReport(&whole, rep, nil); err != nil {
		t.Fatal(err)
	}
	before := runtime.NumGoroutine()
	for _, n := range []int{1, 10, whole.Len() / 2, whole.Len() - 5} {
		w := &failingWriter{n: n}
		if err := writeRunReport(w, rep, nil); !errors.Is(err, errFailingWriter) || w.after > 0 {
			t.Errorf("failing after %d bytes: error %v and %d writes after it, want %v and none", n, err, w.after, errFailingWriter)
		}
	}
	if after := runtime.NumGoroutine(); after > before {
		t.Errorf("%d goroutines after the failed writes, %d before", after, before)
	}
}

// TestWriteRunReportError checks that a report json.Marshal refuses (a NaN fraction)
// gives the error and writes nothing.
func TestWriteRunReportError(t *testing.T) {
	rep := &cascade.RunReport{
		Failures: []cascade.FailureReport{{Asset: "a", Cause: cascade.CauseReport{Kind: "event", Event: "e"}}},
		Sectors:  []cascade.SectorReport{{Sector: "s", FailedFraction: math.NaN()}},
	}
	var out bytes.Buffer
	if err := writeJSON(&out, rep); err == nil || out.Len() != 0 {
		t.Errorf("writeJSON with a NaN: error %v, wrote %q; want an error and nothing written", err, out.Bytes())
	}
}
