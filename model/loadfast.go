package model

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// A parser for the common subset of the native syntax, used on the pieces of a large
// file before HCL's own parser.
//
// HCL's parser first lexes a whole piece into a slice of tokens of about 100 bytes
// each (close to 30 bytes of tokens per byte of source, grown as it goes), which is
// most of a large model's load time and allocation. The assets of a generated or
// exported model use few forms: blocks with quoted or bare labels whose bodies start
// on a new line, one attribute per line, and as values numbers, quoted strings
// without escapes or template sequences, true, false, null, traversals such as
// asset.a1 or sector.energy, and tuples and objects of these on one line. parseFast
// parses exactly these (but the empty string), in ASCII, into the very syntax nodes HCL's parser makes for
// them (ranges included), and gives up at the first byte it does not expect:
// comments, operators, function calls, heredocs, escapes, carriage returns,
// non-ASCII, a newline inside brackets, a repeated attribute and anything HCL would
// report. The piece is then parsed by HCL as before. TestParseFastMatchesHCL and
// FuzzParseFast hold its result against HCL's, node for node.

// fastParser is the state of parseFast over src[:end].
type fastParser struct {
	src       []byte
	end       int
	name      string
	i         int // the next byte
	line      int // its line
	lineStart int // the offset of its line's first byte

	// the nodes most made, handed out of chunks: one allocation per chunk
	attrs    slab[hclsyntax.Attribute]
	bodies   slab[hclsyntax.Body]
	blocks   slab[hclsyntax.Block]
	literals slab[hclsyntax.LiteralValueExpr]
	scopes   slab[hclsyntax.ScopeTraversalExpr]
	tmpls    slab[hclsyntax.TemplateExpr]
}

// slab hands out pointers to zeroed elements of chunks that it allocates with
// doubling sizes (16 to 1024 elements), so that a parse makes one allocation
// per chunk instead of one per node. A chunk lives as long as any of its
// elements, as the nodes of a parsed file do.
type slab[T any] struct {
	free []T
	size int
}

func (s *slab[T]) new() *T {
	if len(s.free) == 0 {
		s.size = min(max(16, 2*s.size), 1024)
		s.free = make([]T, s.size)
	}
	x := &s.free[0]
	s.free = s.free[1:]
	return x
}

// parseFast parses src[start:end], which begins at pos, as a sequence of top-level
// blocks of the subset described above; ok is false when it holds anything else.
func parseFast(src []byte, name string, start, end int, pos hcl.Pos) (blocks hclsyntax.Blocks, ok bool) {
	p := &fastParser{src: src, end: end, name: name, i: start, line: pos.Line, lineStart: start - (pos.Column - 1)}
	if pos.Byte != start {
		return nil, false
	}
	for {
		p.spaces()
		if p.i == p.end {
			return blocks, true
		}
		if p.src[p.i] == '\n' {
			p.newline()
			continue
		}
		typ, r, ok := p.ident()
		if !ok {
			return nil, false
		}
		b, ok := p.block(typ, r)
		if !ok {
			return nil, false
		}
		blocks = append(blocks, b)
	}
}

func (p *fastParser) pos() hcl.Pos {
	return hcl.Pos{Line: p.line, Column: p.i - p.lineStart + 1, Byte: p.i}
}

// at reports whether the next byte is c.
func (p *fastParser) at(c byte) bool { return p.i < p.end && p.src[p.i] == c }

// take consumes the next byte, which is not a newline, and returns its range.
func (p *fastParser) take() hcl.Range {
	start := p.pos()
	p.i++
	return hcl.Range{Filename: p.name, Start: start, End: p.pos()}
}

func (p *fastParser) spaces() {
	for p.i < p.end && (p.src[p.i] == ' ' || p.src[p.i] == '\t') {
		p.i++
	}
}

// newline consumes the newline at p.i.
func (p *fastParser) newline() {
	p.i++
	p.line++
	p.lineStart = p.i
}

// ident consumes an identifier.
func (p *fastParser) ident() (string, hcl.Range, bool) {
	if p.i >= p.end || !isIdentByte(p.src[p.i], true) {
		return "", hcl.Range{}, false
	}
	start := p.pos()
	j := p.i + 1
	for j < p.end && isIdentByte(p.src[j], false) {
		j++
	}
	s := string(p.src[p.i:j])
	p.i = j
	return s, hcl.Range{Filename: p.name, Start: start, End: p.pos()}, true
}

// quoted consumes a quoted string without escapes, template sequences or bytes
// outside printable ASCII; r is the range of its content, open and close those of
// its quotes.
func (p *fastParser) quoted() (s string, open, r, close hcl.Range, ok bool) {
	open = p.take()
	j := p.i
	for ; j < p.end && p.src[j] != '"'; j++ {
		switch c := p.src[j]; {
		case c < 0x20 || c >= 0x7f, c == '\\', c == '$', c == '%':
			return "", open, r, close, false
		}
	}
	if j == p.end {
		return "", open, r, close, false
	}
	start := p.pos()
	s = string(p.src[p.i:j])
	p.i = j
	r = hcl.Range{Filename: p.name, Start: start, End: p.pos()}
	close = p.take()
	return s, open, r, close, true
}

// block parses the rest of a block whose type has been read: labels, a body
// starting on a new line, its closing brace and the newline (or end) after it.
func (p *fastParser) block(typ string, typeRange hcl.Range) (*hclsyntax.Block, bool) {
	b := p.blocks.new()
	b.Type, b.TypeRange = typ, typeRange
	for {
		p.spaces()
		if p.i >= p.end {
			return nil, false
		}
		c := p.src[p.i]
		if c == '{' {
			b.OpenBraceRange = p.take()
			break
		}
		var label string
		var r hcl.Range
		switch {
		case c == '"':
			s, open, _, close, ok := p.quoted()
			if !ok {
				return nil, false
			}
			label, r = s, hcl.RangeBetween(open, close)
		case isIdentByte(c, true):
			label, r, _ = p.ident()
		default:
			return nil, false
		}
		b.Labels = append(b.Labels, label)
		b.LabelRanges = append(b.LabelRanges, r)
	}
	p.spaces()
	if !p.at('\n') { // a one-line body, or something HCL reports
		return nil, false
	}
	body, close, ok := p.body(b.OpenBraceRange)
	if !ok {
		return nil, false
	}
	b.Body, b.CloseBraceRange = body, close
	p.spaces()
	switch {
	case p.i == p.end:
	case p.at('\n'):
		p.newline()
	default:
		return nil, false
	}
	return b, true
}

// body parses a block's body up to and including its closing brace, whose range
// is close.
func (p *fastParser) body(open hcl.Range) (body *hclsyntax.Body, close hcl.Range, ok bool) {
	body = p.bodies.new()
	body.Attributes, body.Blocks = make(hclsyntax.Attributes, 8), hclsyntax.Blocks{}
	for {
		p.spaces()
		if p.i >= p.end {
			return nil, close, false
		}
		switch p.src[p.i] {
		case '\n':
			p.newline()
			continue
		case '}':
			close = p.take()
			body.SrcRange = hcl.RangeBetween(open, close)
			body.EndRange = hcl.Range{Filename: p.name, Start: close.End, End: close.End}
			return body, close, true
		}
		name, nameRange, ok := p.ident()
		if !ok {
			return nil, close, false
		}
		p.spaces()
		if !p.at('=') {
			b, ok := p.block(name, nameRange)
			if !ok {
				return nil, close, false
			}
			body.Blocks = append(body.Blocks, b)
			continue
		}
		eq := p.take()
		p.spaces()
		expr, ok := p.expr()
		if !ok {
			return nil, close, false
		}
		p.spaces()
		if _, dup := body.Attributes[name]; dup || !p.at('\n') {
			return nil, close, false
		}
		p.newline()
		a := p.attrs.new()
		*a = hclsyntax.Attribute{
			Name: name, Expr: expr,
			SrcRange:  hcl.RangeBetween(nameRange, expr.Range()),
			NameRange: nameRange, EqualsRange: eq,
		}
		body.Attributes[name] = a
	}
}

// expr parses a value: a number, a quoted string, true, false, null, a traversal
// of attribute names, or a tuple or object of these on one line. The caller checks
// the byte after it.
func (p *fastParser) expr() (hclsyntax.Expression, bool) {
	if p.i >= p.end {
		return nil, false
	}
	switch c := p.src[p.i]; {
	case c >= '0' && c <= '9':
		return p.number()
	case c == '"':
		s, open, r, close, ok := p.quoted()
		if !ok || s == "" { // HCL gives "" a part of its own range
			return nil, false
		}
		t := p.tmpls.new()
		t.Parts, t.SrcRange = []hclsyntax.Expression{p.literal(cty.StringVal(s), r)}, hcl.RangeBetween(open, close)
		return t, true
	case c == '[':
		return p.tuple()
	case c == '{':
		return p.object()
	case isIdentByte(c, true):
		name, r, _ := p.ident()
		switch name {
		case "true":
			return p.literal(cty.True, r), true
		case "false":
			return p.literal(cty.False, r), true
		case "null":
			return p.literal(cty.NullVal(cty.DynamicPseudoType), r), true
		case "for": // a for expression where it opens brackets
			return nil, false
		}
		e := p.scopes.new()
		e.Traversal, e.SrcRange = hcl.Traversal{hcl.TraverseRoot{Name: name, SrcRange: r}}, r
		for p.at('.') {
			dot := p.take()
			attr, ar, ok := p.ident()
			if !ok { // an index, a splat
				return nil, false
			}
			step := hcl.RangeBetween(dot, ar)
			e.Traversal = append(e.Traversal, hcl.TraverseAttr{Name: attr, SrcRange: step})
			e.SrcRange = hcl.RangeBetween(e.SrcRange, step)
		}
		return e, true
	}
	return nil, false
}

// number parses a number literal as HCL's scanner reads it: digits, a fraction and
// an exponent.
func (p *fastParser) number() (hclsyntax.Expression, bool) {
	digits := func(j int) int {
		for j < p.end && p.src[j] >= '0' && p.src[j] <= '9' {
			j++
		}
		return j
	}
	j := digits(p.i)
	if j+1 < p.end && p.src[j] == '.' && p.src[j+1] >= '0' && p.src[j+1] <= '9' {
		j = digits(j + 1)
	}
	if j < p.end && (p.src[j] == 'e' || p.src[j] == 'E') {
		k := j + 1
		if k < p.end && (p.src[k] == '+' || p.src[k] == '-') {
			k++
		}
		if k < p.end && p.src[k] >= '0' && p.src[k] <= '9' {
			j = digits(k)
		}
	}
	v, err := cty.ParseNumberVal(string(p.src[p.i:j]))
	if err != nil {
		return nil, false
	}
	start := p.pos()
	p.i = j
	return p.literal(v, hcl.Range{Filename: p.name, Start: start, End: p.pos()}), true
}

// literal returns a literal expression of v over r.
func (p *fastParser) literal(v cty.Value, r hcl.Range) *hclsyntax.LiteralValueExpr {
	e := p.literals.new()
	e.Val, e.SrcRange = v, r
	return e
}

// tuple parses a tuple constructor on one line.
func (p *fastParser) tuple() (hclsyntax.Expression, bool) {
	e := &hclsyntax.TupleConsExpr{OpenRange: p.take()}
	for {
		p.spaces()
		if p.at(']') {
			e.SrcRange = hcl.RangeBetween(e.OpenRange, p.take())
			return e, true
		}
		x, ok := p.expr()
		if !ok {
			return nil, false
		}
		e.Exprs = append(e.Exprs, x)
		p.spaces()
		switch {
		case p.at(','):
			p.i++
		case !p.at(']'):
			return nil, false
		}
	}
}

// object parses an object constructor on one line whose keys are names.
func (p *fastParser) object() (hclsyntax.Expression, bool) {
	e := &hclsyntax.ObjectConsExpr{OpenRange: p.take()}
	for {
		p.spaces()
		if p.at('}') {
			e.SrcRange = hcl.RangeBetween(e.OpenRange, p.take())
			return e, true
		}
		name, r, ok := p.ident()
		switch name {
		case "true", "false", "null", "for":
			ok = false
		}
		if !ok {
			return nil, false
		}
		p.spaces()
		if !p.at('=') {
			return nil, false
		}
		p.i++
		p.spaces()
		v, ok := p.expr()
		if !ok {
			return nil, false
		}
		key := &hclsyntax.ObjectConsKeyExpr{Wrapped: &hclsyntax.ScopeTraversalExpr{
			Traversal: hcl.Traversal{hcl.TraverseRoot{Name: name, SrcRange: r}}, SrcRange: r,
		}}
		e.Items = append(e.Items, hclsyntax.ObjectConsItem{KeyExpr: key, ValueExpr: v})
		p.spaces()
		switch {
		case p.at(','):
			p.i++
		case !p.at('}'):
			return nil, false
		}
	}
}
