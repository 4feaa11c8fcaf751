package main

import (
	"encoding/json"
	"testing"

	"github.com/cascade-infra/cascade/cascade"
)

// jsonTrickyStrings are names that need escaping, or look like they might.
var jsonTrickyStrings = []string{
	"", "plain", `quo"te`, `back\slash`, "tab\tnew\nline\r", "\x00\x01\x1f\x7f", "\b\f",
	"<script>&amp;</script>", "caf\u00e9 \u65e5\u672c", "sep\u2028par\u2029", "bad\xffutf8\xc3",
	"\xed\xa0\x80 surrogate", "emoji \U0001F600", "trunc\xe2\x82",
}

// TestAppendJSONMatchesMarshal checks the hand-written encoders against encoding/json
// byte for byte, for every kind of cause and for names that need escaping.
func TestAppendJSONMatchesMarshal(t *testing.T) {
	n := func(v int64) *int64 { return &v }
	var reports []cascade.FailureReport
	for _, s := range jsonTrickyStrings {
		reports = append(reports,
			cascade.FailureReport{Asset: s, Sector: s, AtS: -5, Cause: cascade.CauseReport{Kind: "event", Event: s}},
			cascade.FailureReport{Asset: "a", Sector: s, AtS: 1 << 62, Compromised: true, CompromisedAtS: n(0),
				Cause: cascade.CauseReport{Kind: "compromise", Supplier: s, DelayS: n(7)}},
			cascade.FailureReport{Asset: s, Sector: "x", AtS: 3, Cause: cascade.CauseReport{Kind: "supply", Suppliers: []string{s, "b", s},
				Group: s, LostAtS: n(1), BackupS: n(0), DelayS: n(-1)}},
			cascade.FailureReport{Asset: s, Cause: cascade.CauseReport{Kind: s, Suppliers: []string{}}},
			cascade.FailureReport{Asset: "b", Label: s, Operator: s, Country: s, Cause: cascade.CauseReport{Kind: "event", Event: "e"}},
		)
	}
	for i := range reports {
		want, err := json.Marshal(&reports[i])
		if err != nil {
			t.Fatal(err)
		}
		if got := appendFailureJSON(nil, &reports[i]); string(got) != string(want) {
			t.Errorf("appendFailureJSON =\n%s\nwant\n%s", got, want)
		}
	}
}

// FuzzAppendJSONString checks that any string, valid UTF-8 or not, is written as
// encoding/json writes it, and that the result decodes as JSON to what
// encoding/json's own output decodes to.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range jsonTrickyStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := appendJSONString([]byte("x"), s)[1:]
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Fatalf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
		var back, wantBack string
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatalf("appendJSONString(%q) = %s is not a JSON string: %v", s, got, err)
		}
		if err := json.Unmarshal(want, &wantBack); err != nil || back != wantBack {
			t.Fatalf("appendJSONString(%q) decodes to %q, want %q", s, back, wantBack)
		}
	})
}
