package model

import (
	"math"

	"github.com/hashicorp/hcl/v2"
)

// Span is a source range held compactly, for the objects a model has millions of
// (assets, supply groups, dependencies): the file name is shared by the spans of a
// file, and lines, columns and byte offsets are 32-bit. It is 32 bytes against the
// 64 of an hcl.Range; Range expands it. The zero Span is the zero hcl.Range.
type Span struct {
	file       *string // nil for ""
	start, end spanPos
}

// spanPos is an hcl.Pos in 32 bits a field.
type spanPos struct{ line, column, byte int32 }

// NewSpan returns the span of r. Spans of one file made by NewSpan do not share
// its name; a loader shares it (spanIn).
func NewSpan(r hcl.Range) Span {
	if r.Filename == "" {
		return spanIn(nil, r)
	}
	return spanIn(new(r.Filename), r)
}

// spanIn returns the span of r, whose file name is *file (nil for "").
func spanIn(file *string, r hcl.Range) Span {
	return Span{file: file, start: pos32Of(r.Start), end: pos32Of(r.End)}
}

// pos32Of returns p in 32 bits, each field clamped to 0..MaxInt32 (no model file is
// that large: MaxFileSize).
func pos32Of(p hcl.Pos) spanPos {
	c := func(v int) int32 { return int32(min(max(v, 0), math.MaxInt32)) }
	return spanPos{line: c(p.Line), column: c(p.Column), byte: c(p.Byte)}
}

// Range returns the span as an hcl.Range.
func (s Span) Range() hcl.Range {
	r := hcl.Range{
		Start: hcl.Pos{Line: int(s.start.line), Column: int(s.start.column), Byte: int(s.start.byte)},
		End:   hcl.Pos{Line: int(s.end.line), Column: int(s.end.column), Byte: int(s.end.byte)},
	}
	if s.file != nil {
		r.Filename = *s.file
	}
	return r
}

// fileNames shares one copy of each file name among the spans a load makes.
type fileNames map[string]*string

// span returns the span of r, with the shared copy of its file name.
func (f fileNames) span(r hcl.Range) Span {
	if r.Filename == "" {
		return spanIn(nil, r)
	}
	p, ok := f[r.Filename]
	if !ok {
		p = new(r.Filename)
		f[r.Filename] = p
	}
	return spanIn(p, r)
}
