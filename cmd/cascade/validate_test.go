package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func TestValidateText(t *testing.T) {
	out, errOut, code := cli(t, nil, "validate", "../../model/testdata/valid/cycles.hcl")
	if code != exitOK || errOut != "" {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	for _, want := range []string{
		"The model is valid.",
		"assets         4",
		"dependencies   5 (physical 4, cyber 1, geographic 0, logical 0)",
		"loops          2, 1 across sectors",
		"1. energy ↔ telecom: grid, scada_net",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestValidateWarnings(t *testing.T) {
	out, errOut, code := cli(t, []string{"NO_COLOR=1"}, "validate", "../../model/testdata/warning/suspicious.hcl")
	if code != exitOK {
		t.Fatalf("warnings only: exit %d", code)
	}
	if !strings.Contains(errOut, "Warning: Isolated asset") || !strings.Contains(out, "valid, with 4 warnings") {
		t.Errorf("stdout:\n%s\nstderr:\n%s", out, errOut)
	}
}

func TestValidateInvalid(t *testing.T) {
	out, errOut, code := cli(t, nil, "validate", "../../model/testdata/invalid/probability_range.hcl")
	if code != exitInvalid || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	for _, want := range []string{
		"Error: Invalid probability",
		"on ../../model/testdata/invalid/probability_range.hcl line 7, in asset \"grid\":",
		"   7:     probability = 1.5",
		"2 errors, 0 warnings",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if strings.Contains(errOut, "\x1b[") {
		t.Errorf("colour off a terminal")
	}
}

func TestValidateJSON(t *testing.T) {
	type pos struct{ Line, Column, Byte int }
	var doc struct {
		FormatVersion string `json:"format_version"`
		Valid         bool
		ErrorCount    int `json:"error_count"`
		WarningCount  int `json:"warning_count"`
		Diagnostics   []struct {
			Severity, Summary, Detail string
			Range                     *struct {
				Filename   string
				Start, End pos
			}
			Snippet *struct {
				Context              *string
				Code                 string
				StartLine            int `json:"start_line"`
				HighlightStartOffset int `json:"highlight_start_offset"`
				HighlightEndOffset   int `json:"highlight_end_offset"`
				Values               []struct{ Traversal, Statement string }
			}
		}
		Summary *struct {
			Assets             int
			DependenciesByKind map[string]int                       `json:"dependencies_by_kind"`
			CrossSectorLoops   []struct{ Sectors, Assets []string } `json:"cross_sector_loops"`
		}
	}
	decode := func(out string) {
		t.Helper()
		doc.Summary = nil
		doc.Diagnostics = nil
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("%v:\n%s", err, out)
		}
	}

	out, _, code := cli(t, nil, "validate", "--format", "json", "../../model/testdata/valid/cycles.hcl")
	decode(out)
	if code != exitOK || !doc.Valid || doc.FormatVersion != "1.0" || doc.Diagnostics == nil || len(doc.Diagnostics) != 0 {
		t.Errorf("valid: exit %d, %+v\n%s", code, doc, out)
	}
	if !strings.Contains(out, `"diagnostics": []`) {
		t.Errorf("diagnostics must be an array even when empty:\n%s", out)
	}
	if s := doc.Summary; s == nil || s.Assets != 4 || s.DependenciesByKind["cyber"] != 1 || len(s.CrossSectorLoops) != 1 {
		t.Errorf("summary %+v", s)
	}

	out, _, code = cli(t, nil, "validate", "-f", "json", "--var", "fuel=1h", "../../model/testdata/invalid/threshold_range.hcl")
	decode(out)
	if code != exitInvalid || len(doc.Diagnostics) != 3 || doc.Diagnostics[0].Summary != "Value for undeclared variable" || doc.Diagnostics[0].Range != nil {
		t.Errorf("undeclared variable from the command line: exit %d, %+v", code, doc.Diagnostics)
	}
	out, _, code = cli(t, nil, "validate", "-f", "json", "../../model/testdata/invalid/threshold_range.hcl")
	decode(out)
	if code != exitInvalid || doc.Valid || doc.ErrorCount != 2 || doc.Summary != nil || len(doc.Diagnostics) != 2 {
		t.Fatalf("invalid: exit %d, %+v", code, doc)
	}
	d := doc.Diagnostics[0]
	if d.Severity != "error" || d.Summary != "Invalid threshold" || d.Range.Start != (pos{2, 15, 32}) || d.Range.End != (pos{2, 16, 33}) {
		t.Errorf("diagnostic %+v range %+v", d, d.Range)
	}
	if s := d.Snippet; s == nil || *s.Context != `sector "energy"` || s.StartLine != 2 || s.Code[s.HighlightStartOffset:s.HighlightEndOffset] != "0" {
		t.Errorf("snippet %+v", s)
	}
}

func TestValidateSnippetValues(t *testing.T) {
	out, _, code := cli(t, nil, "validate", "-f", "json", "--var", "fuel=-1h", "../../model/testdata/invalid/variable_without_value.hcl")
	if code != exitInvalid || !strings.Contains(out, `"traversal":"var.fuel"`) || !strings.Contains(out, `"statement":"is \"-1h\""`) {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

func TestValidateUsage(t *testing.T) {
	for _, args := range [][]string{
		{"validate", "a", "b"},
		{"validate", "--format", "xml", "x.hcl"},
		{"validate", "--var", "novalue", "x.hcl"},
	} {
		if _, _, code := cli(t, nil, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
	if _, errOut, code := cli(t, nil, "validate", "no/such/model"); code != exitInvalid || !strings.Contains(errOut, "Cannot read model") {
		t.Errorf("missing model: exit %d\n%s", code, errOut)
	}
}

func TestValidateColor(t *testing.T) {
	run := func(env map[string]string, args ...string) string {
		var out, errb bytes.Buffer
		st := &State{Args: append([]string{"validate"}, args...), Getenv: func(k string) string { return env[k] },
			Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, StderrTTY: true, Ctx: context.Background()}
		realMain(st)
		return errb.String()
	}
	model := "../../model/testdata/invalid/weight_nonpositive.hcl"
	if got := run(nil, model); !strings.Contains(got, "\x1b[31mError\x1b[0m") {
		t.Errorf("no colour on a terminal:\n%q", got)
	}
	for _, tc := range []struct {
		env  map[string]string
		args []string
	}{
		{map[string]string{"NO_COLOR": "1"}, nil},
		{map[string]string{"TERM": "dumb"}, nil},
		{nil, []string{"--no-color"}},
	} {
		if got := run(tc.env, append(tc.args, model)...); strings.Contains(got, "\x1b[") {
			t.Errorf("colour with %v %v", tc.env, tc.args)
		}
	}
}
