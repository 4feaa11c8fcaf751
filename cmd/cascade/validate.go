package main

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/cascade-infra/cascade/model"
)

func init() {
	register(command{name: "validate", synopsis: "load and check a model: every mistake with its file and line", run: runValidate})
}

const validateAbout = `Load MODEL (a file, or a folder of *.hcl and *.hcl.json files), check it, and
report every error and warning with its file, line and a snippet of the source.
A valid model gets a summary: counts of sectors, assets, dependencies and
scenarios, dependencies by kind, and the interdependency loops that cross sectors.

Exit status: 0 valid (warnings allowed), 1 invalid, 2 usage.
--format json prints one JSON document with the diagnostics (in the shape of
Terraform's) and the summary.`

func runValidate(st *State, args []string) int {
	fs := st.flagSet("validate", "[MODEL] [--format text|json] [flags]", validateAbout)
	var mf modelFlags
	format := fs.StringP("format", "f", "text", "output format: text or json")
	mf.add(fs)
	if code, ok := st.parse(fs, args); !ok {
		return code
	}
	if fs.NArg() > 1 {
		return st.usageErrorf("validate: want at most one MODEL, got %d arguments; run 'cascade validate --help'", fs.NArg())
	}
	if code, ok := st.checkFormat(*format, "text", "json"); !ok {
		return code
	}
	opts, err := mf.options()
	if err != nil {
		return st.usageErrorf("%v", err)
	}
	path := st.modelArg(fs.Arg(0))
	load := embeddedModel(path, &opts)
	p := model.NewParser()
	m, diags := p.Load(load, opts)
	var sum *validateSummary
	if m != nil && !diags.HasErrors() {
		sum = summarize(m)
	}
	code := exitOK
	if diags.HasErrors() || m == nil {
		code = exitInvalid
	}

	if *format == "json" {
		doc := validateJSON{
			FormatVersion: "1.0",
			Valid:         code == exitOK,
			Diagnostics:   jsonDiagnostics(p.Files(), diags),
			Summary:       sum,
		}
		for _, d := range diags {
			if d.Severity == hcl.DiagError {
				doc.ErrorCount++
			} else {
				doc.WarningCount++
			}
		}
		var vm *model.Model
		if code == exitOK {
			vm = m
		}
		prov := provenanceOf(vm, "", &mf)
		if err := writeJSONProv(st.Stdout, doc, &prov); err != nil {
			return st.errorf("%v", err)
		}
		return code
	}

	st.printDiagnostics(p.Files(), diags, mf.noColor)
	if code != exitOK {
		fmt.Fprintf(st.Stderr, "cascade: %s is not valid: %s.\n", load, countDiags(diags))
		return code
	}
	sum.writeText(st.Stdout, diags)
	return code
}

// countDiags is "2 errors, 1 warning".
func countDiags(diags hcl.Diagnostics) string {
	errs, warns := 0, 0
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			errs++
		} else {
			warns++
		}
	}
	return countNoun(errs, "error") + ", " + countNoun(warns, "warning")
}

func countNoun(n int, what string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", what)
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// validateJSON is the document of validate --format json.
type validateJSON struct {
	FormatVersion string           `json:"format_version"`
	Valid         bool             `json:"valid"`
	ErrorCount    int              `json:"error_count"`
	WarningCount  int              `json:"warning_count"`
	Diagnostics   []jsonDiagnostic `json:"diagnostics"`
	Summary       *validateSummary `json:"summary"` // null when invalid
}

// validateSummary describes a valid model.
type validateSummary struct {
	Sectors            int            `json:"sectors"`
	Organizations      int            `json:"organizations"`
	Assets             int            `json:"assets"`
	Dependencies       int            `json:"dependencies"`
	DependenciesByKind map[string]int `json:"dependencies_by_kind"` // every kind, 0 included
	Scenarios          int            `json:"scenarios"`
	Events             int            `json:"events"`
	Loops              int            `json:"loops"` // interdependency loops (strongly connected components of more than one asset)
	CrossSectorLoops   []loopJSON     `json:"cross_sector_loops"`
}

// loopJSON is an interdependency loop that crosses sectors.
type loopJSON struct {
	Sectors []string `json:"sectors"`
	Assets  []string `json:"assets"`
}

func summarize(m *model.Model) *validateSummary {
	s := &validateSummary{
		Sectors:            len(m.Sectors),
		Organizations:      len(m.Organizations),
		Assets:             len(m.Assets),
		Dependencies:       m.NumDependencies(),
		DependenciesByKind: map[string]int{},
		Scenarios:          len(m.Scenarios),
		CrossSectorLoops:   []loopJSON{},
	}
	for k := model.Physical; k <= model.Logical; k++ {
		s.DependenciesByKind[k.String()] = 0
	}
	for _, a := range m.Assets {
		for _, g := range a.Groups {
			for _, d := range g.Dependencies {
				s.DependenciesByKind[d.Kind.String()]++
			}
		}
	}
	for _, sc := range m.Scenarios {
		s.Events += len(sc.Events)
	}
	loops := m.Loops()
	s.Loops = len(loops)
	for _, l := range loops {
		if !l.CrossSector {
			continue
		}
		var lj loopJSON
		for _, sec := range l.Sectors {
			lj.Sectors = append(lj.Sectors, sec.Name)
		}
		for _, a := range l.Assets {
			lj.Assets = append(lj.Assets, a.Name)
		}
		s.CrossSectorLoops = append(s.CrossSectorLoops, lj)
	}
	return s
}

// maxLoopAssets is how many assets of a loop the text summary names.
const maxLoopAssets = 8

func (s *validateSummary) writeText(w io.Writer, diags hcl.Diagnostics) {
	status := "The model is valid."
	if len(diags) > 0 {
		status = fmt.Sprintf("The model is valid, with %s.", countNoun(len(diags), "warning"))
	}
	fmt.Fprintln(w, status)
	fmt.Fprintf(w, "  %-14s %d\n", "sectors", s.Sectors)
	fmt.Fprintf(w, "  %-14s %d\n", "organizations", s.Organizations)
	fmt.Fprintf(w, "  %-14s %d\n", "assets", s.Assets)
	var kinds []string
	for k := model.Physical; k <= model.Logical; k++ {
		kinds = append(kinds, fmt.Sprintf("%s %d", k, s.DependenciesByKind[k.String()]))
	}
	fmt.Fprintf(w, "  %-14s %d (%s)\n", "dependencies", s.Dependencies, strings.Join(kinds, ", "))
	fmt.Fprintf(w, "  %-14s %d (%s)\n", "scenarios", s.Scenarios, countNoun(s.Events, "event"))
	fmt.Fprintf(w, "  %-14s %d, %d across sectors\n", "loops", s.Loops, len(s.CrossSectorLoops))
	for i, l := range s.CrossSectorLoops {
		names := l.Assets
		more := ""
		if len(names) > maxLoopAssets {
			more = fmt.Sprintf(" and %d more", len(names)-maxLoopAssets)
			names = names[:maxLoopAssets]
		}
		fmt.Fprintf(w, "    %d. %s: %s%s\n", i+1, strings.Join(l.Sectors, " ↔ "), strings.Join(names, ", "), more)
	}
}

// jsonDiagnostic is a diagnostic in the shape of Terraform's JSON output
// (internal/command/views/json/diagnostic.go).
type jsonDiagnostic struct {
	Severity string       `json:"severity"` // "error" or "warning"
	Summary  string       `json:"summary"`
	Detail   string       `json:"detail"`
	Range    *jsonRange   `json:"range,omitempty"`
	Snippet  *jsonSnippet `json:"snippet,omitempty"`
}

type jsonRange struct {
	Filename string  `json:"filename"`
	Start    jsonPos `json:"start"`
	End      jsonPos `json:"end"`
}

// jsonPos is a position: line and column from 1 (columns count characters),
// byte offset from 0.
type jsonPos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
	Byte   int `json:"byte"`
}

type jsonSnippet struct {
	Context              *string          `json:"context"` // the enclosing block, such as `asset "grid"`, or null
	Code                 string           `json:"code"`    // the lines of the range
	StartLine            int              `json:"start_line"`
	HighlightStartOffset int              `json:"highlight_start_offset"` // bytes into code
	HighlightEndOffset   int              `json:"highlight_end_offset"`
	Values               []jsonExprValues `json:"values"`
}

type jsonExprValues struct {
	Traversal string `json:"traversal"`
	Statement string `json:"statement"`
}

// jsonDiagnostics converts diagnostics, with snippets from files. The result
// is never nil, so that it encodes as an array.
func jsonDiagnostics(files map[string]*hcl.File, diags hcl.Diagnostics) []jsonDiagnostic {
	out := make([]jsonDiagnostic, 0, len(diags))
	lines := map[string][]int{} // line start offsets per file, built on first use
	for _, d := range diags {
		jd := jsonDiagnostic{Severity: "error", Summary: d.Summary, Detail: d.Detail}
		if d.Severity == hcl.DiagWarning {
			jd.Severity = "warning"
		}
		if r := d.Subject; r != nil {
			jd.Range = &jsonRange{
				Filename: r.Filename,
				Start:    jsonPos{r.Start.Line, r.Start.Column, r.Start.Byte},
				End:      jsonPos{r.End.Line, r.End.Column, r.End.Byte},
			}
			if f := files[r.Filename]; f != nil && f.Bytes != nil {
				starts, ok := lines[r.Filename]
				if !ok {
					starts = lineStarts(f.Bytes)
					lines[r.Filename] = starts
				}
				jd.Snippet = snippet(f, starts, d)
			}
		}
		out = append(out, jd)
	}
	return out
}

func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// snippet returns the lines of d's subject, or nil when the range lies
// outside the file.
func snippet(f *hcl.File, starts []int, d *hcl.Diagnostic) *jsonSnippet {
	r := d.Subject
	src := f.Bytes
	if r.Start.Line < 1 || r.Start.Line > len(starts) || r.End.Byte < r.Start.Byte || r.End.Byte > len(src) {
		return nil
	}
	first := starts[r.Start.Line-1]
	lastLine := max(r.End.Line, r.Start.Line)
	if r.End.Line > r.Start.Line && r.End.Column == 1 {
		lastLine-- // a range that ends at the start of a line does not show that line
	}
	end := len(src)
	if lastLine < len(starts) {
		end = starts[lastLine] // the start of the line after the last
	}
	code := string(bytes.TrimRight(src[first:end], "\r\n"))
	s := &jsonSnippet{
		Code:                 code,
		StartLine:            r.Start.Line,
		HighlightStartOffset: min(r.Start.Byte-first, len(code)),
		HighlightEndOffset:   min(r.End.Byte-first, len(code)),
		Values:               []jsonExprValues{},
	}
	if nav, ok := f.Nav.(interface{ ContextString(offset int) string }); ok {
		if ctx := nav.ContextString(r.Start.Byte); ctx != "" {
			s.Context = &ctx
		}
	}
	if d.Expression != nil && d.EvalContext != nil {
		seen := map[string]bool{}
		for _, tr := range d.Expression.Variables() {
			name := traversalString(tr)
			if seen[name] {
				continue
			}
			seen[name] = true
			v, diags := tr.TraverseAbs(d.EvalContext)
			if diags.HasErrors() || !v.IsWhollyKnown() {
				continue
			}
			s.Values = append(s.Values, jsonExprValues{Traversal: name, Statement: valueStatement(v)})
		}
	}
	return s
}

func traversalString(tr hcl.Traversal) string {
	var b strings.Builder
	for _, step := range tr {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			b.WriteString(s.Name)
		case hcl.TraverseAttr:
			b.WriteString("." + s.Name)
		case hcl.TraverseIndex:
			if s.Key.Type() == cty.String {
				fmt.Fprintf(&b, "[%q]", s.Key.AsString())
			} else if s.Key.Type() == cty.Number {
				fmt.Fprintf(&b, "[%s]", s.Key.AsBigFloat().Text('f', -1))
			}
		}
	}
	return b.String()
}

// valueStatement says what a value is, as Terraform does: `is "72h"`.
func valueStatement(v cty.Value) string {
	switch {
	case v.IsNull():
		return "is null"
	case v.Type() == cty.String:
		return "is " + model.QuoteShort(v.AsString())
	case v.Type() == cty.Number:
		return "is " + v.AsBigFloat().Text('g', -1)
	case v.Type() == cty.Bool:
		return fmt.Sprintf("is %t", v.True())
	default:
		return "is " + v.Type().FriendlyName()
	}
}
