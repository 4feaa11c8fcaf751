package model

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"unicode/utf8"

	wordwrap "github.com/mitchellh/go-wordwrap"
	"github.com/zclconf/go-cty/cty"

	"github.com/hashicorp/hcl/v2"
)

// WriteDiagnostics writes diags in the text format of
// hcl.NewDiagnosticTextWriter(w, files, width, color), byte for byte, but in
// time proportional to the lines each diagnostic shows. HCL's own writer
// scans a diagnostic's whole file for every diagnostic, which takes seconds
// per diagnostic in a model of many megabytes. width is in columns (0: no
// wrapping of details); color adds VT100 colour codes. (One difference: after
// a lone carriage return, HCL's writer numbers snippet lines one higher than
// the diagnostic's own line number; this writer keeps them equal.)
func WriteDiagnostics(w io.Writer, files map[string]*hcl.File, diags hcl.Diagnostics, width uint, color bool) error {
	dw := &diagWriter{w: w, files: files, width: width, color: color, lines: map[string][]int{}}
	for _, d := range diags {
		if err := dw.write(d); err != nil {
			return fmt.Errorf("write failed: %w", err)
		}
	}
	return nil
}

type diagWriter struct {
	w     io.Writer
	files map[string]*hcl.File
	width uint
	color bool
	lines map[string][]int // line start offsets per file, built on first use
}

func (dw *diagWriter) lineStarts(name string, src []byte) []int {
	if s, ok := dw.lines[name]; ok {
		return s
	}
	starts := []int{}
	for i := 0; i < len(src); {
		starts = append(starts, i)
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
	}
	dw.lines[name] = starts
	return starts
}

func (dw *diagWriter) write(d *hcl.Diagnostic) error {
	var colorCode, highlightCode, resetCode string
	if dw.color {
		switch d.Severity {
		case hcl.DiagError:
			colorCode = "\x1b[31m"
		case hcl.DiagWarning:
			colorCode = "\x1b[33m"
		}
		resetCode = "\x1b[0m"
		highlightCode = "\x1b[1;4m"
	}
	severity := "???????"
	switch d.Severity {
	case hcl.DiagError:
		severity = "Error"
	case hcl.DiagWarning:
		severity = "Warning"
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s%s%s: %s\n\n", colorCode, severity, resetCode, d.Summary)

	if d.Subject != nil {
		snip := *d.Subject
		highlight := snip
		if d.Context != nil {
			snip = hcl.RangeOver(snip, *d.Context)
		}
		if snip.Empty() {
			snip.End.Byte++
			snip.End.Column++
		}
		if highlight.Empty() {
			highlight.End.Byte++
			highlight.End.Column++
		}
		file := dw.files[d.Subject.Filename]
		if file == nil || file.Bytes == nil {
			fmt.Fprintf(&b, "  on %s line %d:\n  (source code not available)\n\n", d.Subject.Filename, d.Subject.Start.Line)
		} else {
			context := ""
			if cs, ok := file.Nav.(interface{ ContextString(int) string }); ok {
				if c := cs.ContextString(d.Subject.Start.Byte); c != "" {
					context = ", in " + c
				}
			}
			fmt.Fprintf(&b, "  on %s line %d%s:\n", d.Subject.Filename, d.Subject.Start.Line, context)
			src := file.Bytes
			starts := dw.lineStarts(d.Subject.Filename, src)
			// The first line that can overlap: the one holding snip's start.
			first := max(0, sort.SearchInts(starts, snip.Start.Byte+1)-1)
			shown := 0
			for i := first; i < len(starts) && starts[i] <= snip.End.Byte; i++ {
				end := len(src)
				if i+1 < len(starts) {
					end = starts[i+1] - 1 // the newline
				} else if end > 0 && src[end-1] == '\n' {
					end--
				}
				if end > starts[i] && src[end-1] == '\r' {
					end-- // bufio.ScanLines drops a carriage return before the line end
				}
				line := hcl.Range{
					Filename: d.Subject.Filename,
					Start:    hcl.Pos{Line: i + 1, Byte: starts[i]},
					End:      hcl.Pos{Line: i + 1, Byte: end},
				}
				if !line.Overlaps(snip) {
					continue
				}
				if shown == snippetLines {
					last := min(len(starts), sort.SearchInts(starts, snip.End.Byte+1))
					fmt.Fprintf(&b, "      … (%d more lines)\n", last-i)
					break
				}
				shown++
				before, marked, after := line.PartitionAround(highlight)
				if marked.Empty() {
					fmt.Fprintf(&b, "%4d: %s\n", i+1, clip(src[starts[i]:end], snippetWidth, false))
				} else {
					bs, ms, as := before.SliceBytes(src), marked.SliceBytes(src), after.SliceBytes(src)
					if len(bs)+len(ms)+len(as) > snippetWidth {
						bs, ms, as = clip(bs, snippetWidth/4, true), clip(ms, snippetWidth/2, false), clip(as, snippetWidth/4, false)
					}
					fmt.Fprintf(&b, "%4d: %s%s%s%s%s\n", i+1, bs, highlightCode, ms, resetCode, as)
				}
			}
			b.WriteByte('\n')
		}
		if d.Expression != nil && d.EvalContext != nil {
			writeValues(&b, d)
		}
	}
	if d.Detail != "" {
		detail := d.Detail
		if dw.width != 0 {
			detail = wordwrap.WrapString(detail, dw.width)
		}
		fmt.Fprintf(&b, "%s\n\n", detail)
	}
	_, err := dw.w.Write(b.Bytes())
	return err
}

// A snippet shows at most snippetLines lines, and of each line at most about
// snippetWidth bytes around the highlighted range: a diagnostic about a
// 100,000-element list written on one line, or spread over 100,000 lines, stays
// a few lines long.
const (
	snippetLines = 12
	snippetWidth = 240
)

// clip returns line cut to at most n bytes (at a rune boundary) with "…" where
// it was cut: its start kept, or with fromEnd its end.
func clip(line []byte, n int, fromEnd bool) []byte {
	if len(line) <= n {
		return line
	}
	if fromEnd {
		i := len(line) - n
		for i < len(line) && !utf8.RuneStart(line[i]) {
			i++
		}
		return append([]byte("…"), line[i:]...)
	}
	i := n
	for i > 0 && !utf8.RuneStart(line[i]) {
		i--
	}
	return append(line[:i:i], "…"...)
}

// writeValues writes the values of the variables the diagnostic's expression
// refers to, as "with var.x as 3,\n     local.y as \"a\".\n\n".
func writeValues(b *bytes.Buffer, d *hcl.Diagnostic) {
	var stmts []string
	seen := map[string]bool{}
	for _, tr := range d.Expression.Variables() {
		v, diags := tr.TraverseAbs(d.EvalContext)
		if diags.HasErrors() {
			continue
		}
		name := diagTraversal(tr)
		if seen[name] {
			continue
		}
		switch {
		case !v.IsKnown():
			continue
		case v.IsNull():
			stmts = append(stmts, name+" set to null")
		case v.IsMarked():
			continue
		default:
			stmts = append(stmts, name+" as "+diagValue(v))
		}
		seen[name] = true
	}
	sort.Strings(stmts)
	for i, s := range stmts {
		if i == 0 {
			b.WriteString("with ")
		} else {
			b.WriteString("     ")
		}
		b.WriteString(s)
		if i == len(stmts)-1 {
			b.WriteString(".\n\n")
		} else {
			b.WriteString(",\n")
		}
	}
}

func diagTraversal(tr hcl.Traversal) string {
	var b bytes.Buffer
	for _, step := range tr {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			b.WriteString(s.Name)
		case hcl.TraverseAttr:
			b.WriteByte('.')
			b.WriteString(s.Name)
		case hcl.TraverseIndex:
			b.WriteByte('[')
			if s.Key.Type().IsPrimitiveType() {
				b.WriteString(diagValue(s.Key))
			} else {
				b.WriteString("...")
			}
			b.WriteByte(']')
		}
	}
	return b.String()
}

// diagValue describes a value briefly: its text for primitives, its type and
// size for collections.
func diagValue(v cty.Value) string {
	ty := v.Type()
	switch {
	case v.IsNull():
		return "null"
	case !v.IsKnown():
		return "(not yet known)"
	case ty == cty.Bool:
		if v.True() {
			return "true"
		}
		return "false"
	case ty == cty.Number:
		return v.AsBigFloat().Text('g', 10)
	case ty == cty.String:
		return QuoteShort(v.AsString())
	case ty.IsCollectionType() || ty.IsTupleType():
		switch n := v.LengthInt(); n {
		case 0:
			return "empty " + ty.FriendlyName()
		case 1:
			return ty.FriendlyName() + " with 1 element"
		default:
			return fmt.Sprintf("%s with %d elements", ty.FriendlyName(), n)
		}
	case ty.IsObjectType():
		attrs := ty.AttributeTypes()
		switch len(attrs) {
		case 0:
			return "object with no attributes"
		case 1:
			for k := range attrs {
				return fmt.Sprintf("object with 1 attribute %q", k)
			}
		}
		return fmt.Sprintf("object with %d attributes", len(attrs))
	default:
		return ty.FriendlyName()
	}
}

// MaxDiagnosticsPerKind is how many diagnostics of one kind (severity and
// summary) a load reports; CapDiagnostics counts the rest.
const MaxDiagnosticsPerKind = 20

// CapDiagnostics keeps the first MaxDiagnosticsPerKind diagnostics of each kind
// (severity and summary), in order, and adds for each kind with more one
// diagnostic of the same severity that counts them, at the first one left out. A
// model of a million assets with the same warning prints 21 diagnostics, not a
// million.
func CapDiagnostics(diags hcl.Diagnostics) hcl.Diagnostics {
	type kind struct {
		severity hcl.DiagnosticSeverity
		summary  string
	}
	count := map[kind]int{}
	var order []kind
	first := map[kind]*hcl.Diagnostic{}
	kept := diags[:0:0]
	for _, d := range diags {
		k := kind{d.Severity, d.Summary}
		count[k]++
		switch n := count[k]; {
		case n <= MaxDiagnosticsPerKind:
			kept = append(kept, d)
		case n == MaxDiagnosticsPerKind+1:
			order = append(order, k)
			first[k] = d
		}
	}
	if len(order) == 0 {
		return diags
	}
	for _, k := range order {
		word := "errors"
		if k.severity == hcl.DiagWarning {
			word = "warnings"
		}
		n := count[k] - MaxDiagnosticsPerKind
		kept = append(kept, &hcl.Diagnostic{
			Severity: k.severity,
			Summary:  fmt.Sprintf("%d more %s: %s", n, word, k.summary),
			Detail: fmt.Sprintf("%d more %s %q are not shown, the first of them here: only the first %d of each kind are. Fix those shown and load again to see the rest.",
				n, word, k.summary, MaxDiagnosticsPerKind),
			Subject: first[k].Subject,
		})
	}
	return kept
}

// shortString is how many bytes of a string a diagnostic quotes.
const shortString = 200

// QuoteShort quotes s as %q does, or its first 200 bytes and its length when
// it is longer: a diagnostic never prints a value of megabytes.
func QuoteShort(s string) string {
	if len(s) <= shortString {
		return fmt.Sprintf("%q", s)
	}
	cut := shortString
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%q… (a string of %d bytes)", s[:cut], len(s))
}
