package model

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
)

// --- reading CSV ---

// csvReader reads the rows of a CSV file held in memory (RFC 4180: commas,
// double quotes with "" inside, LF or CRLF line ends; a UTF-8 byte order mark
// at the start is skipped; empty lines are skipped). It keeps the byte offsets
// of every cell of the current row.
type csvReader struct {
	name string
	src  string
	pos  int // offset of the next byte
	line int // line of pos, from 1

	end             int      // offset where reading stops: len(src), or the end of a chunk
	rowOff, rowLine int      // where the current row starts
	cells           []string // the current row's cells, unquoted
	spans           []int    // start and end offset of each cell, quotes included
}

func newCSVReader(name, src string) *csvReader {
	r := &csvReader{name: name, src: src, line: 1, end: len(src)}
	if strings.HasPrefix(src, "\uFEFF") {
		r.pos = 3
	}
	return r
}

// next reads the next row. It returns false at the end of the file. A row that
// breaks the CSV syntax or holds a cell larger than MaxCSVCell yields a
// diagnostic; the reader then goes on at the next line.
func (r *csvReader) next() (bool, *hcl.Diagnostic) {
	src := r.src[:r.end]
	for r.pos < len(src) {
		switch {
		case src[r.pos] == '\n':
			r.pos++
			r.line++
			continue
		case src[r.pos] == '\r' && r.pos+1 < len(src) && src[r.pos+1] == '\n':
			r.pos += 2
			r.line++
			continue
		}
		break
	}
	if r.pos >= len(src) {
		return false, nil
	}
	r.rowOff, r.rowLine = r.pos, r.line
	r.cells, r.spans = r.cells[:0], r.spans[:0]
	for {
		start := r.pos
		var cell string
		if start < len(src) && src[start] == '"' {
			i := start + 1
			escaped := false
			for {
				j := strings.IndexByte(src[i:], '"')
				if j < 0 {
					d := r.errorAt(start, len(src), "Unterminated quoted cell", "This cell opens a double quote that is never closed. Close it, or write a literal quote inside a quoted cell as \"\".")
					r.line += strings.Count(src[start:], "\n")
					r.pos = r.end
					return true, d
				}
				i += j
				if i+1 < len(src) && src[i+1] == '"' {
					escaped = true
					i += 2
					continue
				}
				break
			}
			cell = src[start+1 : i]
			r.line += strings.Count(cell, "\n")
			r.pos = i + 1
			if len(cell) > MaxCSVCell {
				return true, r.skipRow(start, r.pos, "Cell too large", fmt.Sprintf("This cell holds %d bytes; cells hold at most %d.", len(cell), MaxCSVCell))
			}
			if escaped {
				cell = strings.ReplaceAll(cell, `""`, `"`)
			}
		} else {
			i := start
			quote := -1
			for i < len(src) {
				c := src[i]
				if c == ',' || c == '\n' || c == '\r' && i+1 < len(src) && src[i+1] == '\n' {
					break
				}
				if c == '"' && quote < 0 {
					quote = i
				}
				i++
			}
			r.pos = i
			if quote >= 0 {
				return true, r.skipRow(quote, quote+1, "Quote inside an unquoted cell", "A double quote may only appear in a cell that is quoted as a whole: write \"a \"\"quoted\"\" word\".")
			}
			if i-start > MaxCSVCell {
				return true, r.skipRow(start, i, "Cell too large", fmt.Sprintf("This cell holds %d bytes; cells hold at most %d.", i-start, MaxCSVCell))
			}
			cell = src[start:i]
		}
		r.cells = append(r.cells, cell)
		r.spans = append(r.spans, start, r.pos)
		if r.pos >= len(src) {
			return true, nil
		}
		switch src[r.pos] {
		case ',':
			r.pos++
		case '\n':
			r.pos++
			r.line++
			return true, nil
		case '\r':
			if r.pos+1 < len(src) && src[r.pos+1] == '\n' {
				r.pos += 2
				r.line++
				return true, nil
			}
			return true, r.skipRow(r.pos, r.pos+1, "Text after a quoted cell", "A quoted cell ends at its closing quote; put the comma right after it, or move the text inside the quotes.")
		default:
			return true, r.skipRow(r.pos, r.pos+1, "Text after a quoted cell", "A quoted cell ends at its closing quote; put the comma right after it, or move the text inside the quotes.")
		}
	}
}

// skipRow reports a syntax error in the current row at [start, end) and moves
// to the next line.
func (r *csvReader) skipRow(start, end int, summary, detail string) *hcl.Diagnostic {
	d := r.errorAt(start, end, summary, detail)
	if i := strings.IndexByte(r.src[r.pos:r.end], '\n'); i >= 0 {
		r.pos += i + 1
		r.line++
	} else {
		r.pos = r.end
	}
	return d
}

func (r *csvReader) errorAt(start, end int, summary, detail string) *hcl.Diagnostic {
	rng := csvRange(r.name, r.src, r.rowOff, r.rowLine, start, end)
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: &rng}
}

// csvPos is the position of byte off of src, in a row that starts at rowOff on
// line rowLine. Columns count characters from 1, as HCL's do.
func csvPos(src string, rowOff, rowLine, off int) hcl.Pos {
	off = min(off, len(src))
	lineStart := rowOff
	line := rowLine
	for i := rowOff; i < off; i++ {
		if src[i] == '\n' {
			line++
			lineStart = i + 1
		}
	}
	return hcl.Pos{Line: line, Column: 1 + utf8.RuneCountInString(src[lineStart:off]), Byte: off}
}

// csvRange is the range [start, end) of a file, in a row that starts at rowOff
// on line rowLine.
func csvRange(name, src string, rowOff, rowLine, start, end int) hcl.Range {
	s := csvPos(src, rowOff, rowLine, start)
	e := s
	if end > start {
		e = csvPos(src, rowOff, rowLine, end)
	}
	return hcl.Range{Filename: name, Start: s, End: e}
}

// checkCSVText reports a file that is not UTF-8 text without NUL bytes, at the
// first offending byte.
func checkCSVText(name, src string) *hcl.Diagnostic {
	if utf8.ValidString(src) && strings.IndexByte(src, 0) < 0 {
		return nil
	}
	pos, what := notText(src)
	hint := " Save it as UTF-8 CSV."
	if strings.HasPrefix(src, "\xff\xfe") || strings.HasPrefix(src, "\xfe\xff") {
		hint = " It looks like UTF-16; save it as UTF-8 CSV."
	}
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Not a text file",
		Detail:   fmt.Sprintf("%s %s at line %d.%s", name, what, pos.Line, hint),
		Subject:  &hcl.Range{Filename: name, Start: pos, End: pos},
	}
}

// lineEnd is the offset of the end of the line at off, without its line break.
func lineEnd(src string, off int) int {
	i := strings.IndexByte(src[off:], '\n')
	if i < 0 {
		return len(src)
	}
	end := off + i
	if end > off && src[end-1] == '\r' {
		end--
	}
	return end
}
