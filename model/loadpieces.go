package model

import (
	"bytes"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Decoding a large native-syntax file piece by piece.
//
// Parsing a file in pieces (split.go) still keeps every piece's syntax tree until the
// whole model is decoded: about 25 bytes of live heap per byte of source. A load that
// can decode each piece as soon as it is parsed keeps only the pieces in flight.
//
// A large file's top level is first scanned (scanBlocks, a cheap scan like
// topLevelCuts) for its blocks, each with its type and labels, starting on a line of
// its own. Every block but an asset's is parsed on its own when the file is read and
// goes through the stages of decode.go like any file's content. Asset blocks only
// declare their names then (stage 1 needs every name, to check references); their runs
// of lines are cut into pieces of about splitTarget bytes, and in stage 3 each piece
// is parsed and its assets built at once, in parallel, and its syntax tree dropped.
// The file keeps its bytes and, for diagnostics, the ranges and headers of its
// top-level blocks (blockNav).
//
// The result must be the whole file's, diagnostics included, byte for byte. So the
// pieces are trusted only while nothing at all is to be reported before the model's
// warnings: a unit that parses with a diagnostic, a block whose parsed header differs
// from the scan's, a duplicate name, any error or warning of stages 1 to 3, and the
// load starts again from the files' bytes in the ordinary way (Parser.Load). Warnings
// of stage 4 are computed from the model, which is the same either way. Tests load
// models both ways and compare models and diagnostics.

// scannedBlock is a top-level block found by scanBlocks. Its unit, the lines it
// is parsed from, runs from the end of the previous block's unit (0 for the first)
// to end.
type scannedBlock struct {
	end     int // after the line end that follows the closing brace, or len(src)
	typ     string
	label   string // the first label, if any
	nlabels int
}

// scanBlocks finds the top-level blocks of src, a native-syntax file. ok is false
// when the top level holds anything but blocks whose headers are simple (a type
// and quoted or bare labels without escapes or templates) and that start and end
// on lines of their own, comments and blank lines; or when the scan cannot tell.
func scanBlocks(src []byte) (blocks []scannedBlock, ok bool) {
	const (
		between = iota // at the top level, between blocks
		header         // in a block's header
		closed         // after a block's closing brace, on the same line
	)
	var st scanStack
	state := between
	blank := true // at the top level, the line so far holds only spaces and tabs
	hdrStart := 0
	var pending scannedBlock
	lineStart := true
	start := 0
	if bytes.HasPrefix(src, []byte("\uFEFF")) {
		start = 3
	}
	for i := start; i < len(src); i++ {
		c := src[i]
		atLineStart := lineStart
		lineStart = c == '\n'
		if j, ls, ok := st.templateStep(src, i, atLineStart); ok {
			i, lineStart = j, ls
			continue
		}
		if st.depth() > 0 { // inside a block
			switch c {
			case '#':
				i = skipLine(src, i) - 1
				lineStart = false
			case '/':
				switch {
				case i+1 < len(src) && src[i+1] == '/':
					i = skipLine(src, i) - 1
					lineStart = false
				case i+1 < len(src) && src[i+1] == '*':
					end := bytes.Index(src[i+2:], []byte("*/"))
					if end < 0 {
						return nil, false
					}
					i += 2 + end + 1
				}
			case '"':
				st.push(ctxQuote)
			case '<':
				if term, next, ok := heredocStart(src, i); ok {
					st.pushHeredoc(term)
					i = next - 1 // at the newline
					lineStart = true
				}
			case '{', '[', '(':
				st.push(c)
			case '}', ']', ')':
				if st.depth() == 1 {
					if c != '}' || st.ctx[0] != '{' {
						return nil, false
					}
					state = closed
				}
				st.pop()
			}
			continue
		}
		// The top level.
		comment := c == '#' || c == '/' && i+1 < len(src) && (src[i+1] == '/' || src[i+1] == '*')
		switch state {
		case between, closed:
			switch {
			case c == ' ' || c == '\t' || c == '\r':
			case c == '\n':
				if state == closed {
					pending.end = i + 1
					blocks = append(blocks, pending)
					state = between
				}
				blank = true
			case comment && c == '/' && src[i+1] == '*':
				end := bytes.Index(src[i+2:], []byte("*/"))
				if end < 0 || state == closed && bytes.IndexByte(src[i+2:i+2+end], '\n') >= 0 {
					return nil, false
				}
				i += 2 + end + 1
				blank = false
			case comment:
				i = skipLine(src, i) - 1
				lineStart = false
			case state == between && blank && isIdentByte(c, true):
				state = header
				hdrStart = i
			default:
				return nil, false
			}
		case header:
			switch {
			case c == '"':
				st.push(ctxQuote)
			case c == '{':
				typ, label, n, ok := parseHeader(src[hdrStart:i])
				if !ok {
					return nil, false
				}
				pending = scannedBlock{typ: typ, label: label, nlabels: n}
				st.push(c)
			case c == ' ' || c == '\t' || isIdentByte(c, false):
			default:
				return nil, false
			}
		}
	}
	switch {
	case st.depth() > 0 || state == header:
		return nil, false
	case state == closed:
		pending.end = len(src)
		blocks = append(blocks, pending)
	}
	if len(blocks) == 0 {
		return nil, false
	}
	blocks[len(blocks)-1].end = len(src) // comments and blank lines after the last block
	return blocks, true
}

func isIdentByte(c byte, first bool) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' ||
		!first && (c >= '0' && c <= '9' || c == '-')
}

// parseHeader reads a simple block header, h: a type followed by labels, bare or
// quoted without escapes or template sequences, separated by spaces and tabs.
func parseHeader(h []byte) (typ, label string, n int, ok bool) {
	field := func() ([]byte, bool) {
		h = bytes.TrimLeft(h, " \t")
		if len(h) == 0 {
			return nil, false
		}
		if h[0] == '"' {
			end := bytes.IndexByte(h[1:], '"')
			if end < 0 {
				return nil, false
			}
			s := h[1 : 1+end]
			if bytes.ContainsAny(s, "\\$%\r\n") || !asciiOnly(s) {
				return nil, false
			}
			h = h[2+end:]
			return s, true
		}
		j := 0
		for j < len(h) && isIdentByte(h[j], j == 0) {
			j++
		}
		if j == 0 {
			return nil, false
		}
		s := h[:j]
		h = h[j:]
		return s, true
	}
	t, ok := field()
	if !ok || t[0] == '"' {
		return "", "", 0, false
	}
	typ = string(t)
	for len(bytes.TrimLeft(h, " \t")) > 0 {
		if len(h) > 0 && h[0] != ' ' && h[0] != '\t' {
			return "", "", 0, false // labels are separated
		}
		l, ok := field()
		if !ok {
			return "", "", 0, false
		}
		if n == 0 {
			label = string(l)
		}
		n++
	}
	return typ, label, n, true
}

func asciiOnly(s []byte) bool {
	for _, c := range s {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// pieceFile is a large native-syntax file loaded in pieces.
type pieceFile struct {
	name   string
	src    []byte
	units  []unit
	pieces []piece
	nav    *blockNav
	// body holds the blocks other than assets, parsed.
	body *hclsyntax.Body
}

// unit is the lines of one top-level block of a pieceFile.
type unit struct {
	start, end int
	pos        hcl.Pos // of start
	block      scannedBlock
}

// piece is a run of units of asset blocks, parsed together.
type piece struct {
	first, last int // units[first:last]
}

// isDeferredAsset reports whether a scanned block is an asset decoded in a piece.
func (b scannedBlock) isDeferredAsset() bool {
	return b.typ == kindAsset && b.nlabels == 1
}

// planPieces returns the pieceFile of src, or nil when it is loaded whole.
func planPieces(src []byte, name string, target int) *pieceFile {
	blocks, ok := scanBlocks(src)
	if !ok {
		return nil
	}
	pf := &pieceFile{name: name, src: src, units: make([]unit, len(blocks))}
	start, line := 0, 1
	for i, b := range blocks {
		pos := hcl.Pos{Line: line, Column: 1, Byte: start}
		if i == 0 {
			pos = hcl.InitialPos
		}
		pf.units[i] = unit{start: start, end: b.end, pos: pos, block: b}
		line += bytes.Count(src[start:b.end], []byte{'\n'})
		start = b.end
	}
	for i := 0; i < len(pf.units); {
		if !pf.units[i].block.isDeferredAsset() {
			i++
			continue
		}
		j := i + 1
		for j < len(pf.units) && pf.units[j].block.isDeferredAsset() && pf.units[j].end-pf.units[i].start <= target {
			j++
		}
		pf.pieces = append(pf.pieces, piece{first: i, last: j})
		i = j
	}
	if len(pf.pieces) == 0 {
		return nil
	}
	pf.nav = &blockNav{blocks: make([]navBlock, len(pf.units))}
	return pf
}

// parseUnits parses the lines from units[first] to units[last-1] (with parseFast,
// or HCL's parser where it gives up) and checks that they hold exactly the blocks
// scanned, without diagnostics.
func (pf *pieceFile) parseUnits(first, last int) (hclsyntax.Blocks, bool) {
	u := pf.units[first]
	end := pf.units[last-1].end
	blocks, ok := parseFast(pf.src, pf.name, u.start, end, u.pos)
	if !ok {
		f, diags := hclsyntax.ParseConfig(pf.src[u.start:end], pf.name, u.pos)
		body, ok := f.Body.(*hclsyntax.Body)
		if len(diags) > 0 || !ok || len(body.Attributes) > 0 {
			return nil, false
		}
		blocks = body.Blocks
	}
	if len(blocks) != last-first {
		return nil, false
	}
	for k, blk := range blocks {
		sb := pf.units[first+k].block
		if blk.Type != sb.typ || len(blk.Labels) != sb.nlabels || sb.nlabels > 0 && blk.Labels[0] != sb.label {
			return nil, false
		}
		pf.nav.blocks[first+k] = newNavBlock(blk)
	}
	return blocks, true
}

// parseGlobal parses the units that are not deferred assets into pf.body; ok is
// false when one has a diagnostic or does not hold the block scanned.
func (pf *pieceFile) parseGlobal() bool {
	pf.body = &hclsyntax.Body{Attributes: hclsyntax.Attributes{}}
	for i, u := range pf.units {
		if u.block.isDeferredAsset() {
			continue
		}
		blocks, ok := pf.parseUnits(i, i+1)
		if !ok {
			return false
		}
		pf.body.Blocks = append(pf.body.Blocks, blocks...)
	}
	if n := len(pf.body.Blocks); n > 0 {
		pf.body.SrcRange = hcl.RangeBetween(pf.body.Blocks[0].Range(), pf.body.Blocks[n-1].Range())
		pf.body.EndRange = hcl.Range{Filename: pf.name, Start: pf.body.SrcRange.End, End: pf.body.SrcRange.End}
	} else {
		pf.body.SrcRange = hcl.Range{Filename: pf.name, Start: hcl.InitialPos, End: hcl.InitialPos}
		pf.body.EndRange = pf.body.SrcRange
	}
	return true
}

// file is the hcl.File of pf for Parser.Files: its bytes, the blocks other than
// assets and the navigation of every top-level block.
func (pf *pieceFile) file() *hcl.File {
	return &hcl.File{Body: pf.body, Bytes: pf.src, Nav: pf.nav}
}

// addDeferred declares the assets of the pieces of files in d; ok is false when a
// name is invalid or declared twice (the ordinary load reports it).
func (d *decls) addDeferred(files []*pieceFile) bool {
	names := d.byName[kindAsset]
	if names == nil {
		names = map[string]*decl{}
		d.byName[kindAsset] = names
	}
	n := 0
	for _, pf := range files {
		for _, p := range pf.pieces {
			n += p.last - p.first
		}
	}
	ds := slices.Grow(d.byKind[kindAsset], n)
	for _, pf := range files {
		for _, p := range pf.pieces {
			for _, u := range pf.units[p.first:p.last] {
				name := u.block.label
				if _, dup := names[name]; dup || !hclsyntax.ValidIdentifier(name) {
					return false
				}
				dc := &decl{kind: kindAsset, name: name}
				names[name] = dc
				ds = append(ds, dc)
			}
		}
	}
	slices.SortFunc(ds, func(a, b *decl) int { return strings.Compare(a.name, b.name) })
	d.byKind[kindAsset] = ds
	d.deferred = files
	return true
}

// buildPieces parses the pieces of the deferred files in parallel and builds their
// assets, dropping each piece's syntax tree once built. It reports false when a
// piece does not parse as scanned or its assets have diagnostics; the load is
// then made again in the ordinary way.
func (b *builder) buildPieces() bool {
	type job struct {
		pf *pieceFile
		p  piece
	}
	var jobs []job
	for _, pf := range b.d.deferred {
		for _, p := range pf.pieces {
			jobs = append(jobs, job{pf, p})
		}
	}
	var mu sync.Mutex
	failed := false
	var wg sync.WaitGroup
	next := make(chan job)
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		wg.Go(func() {
			fork := *b
			fork.diags, fork.files = nil, nil
			for j := range next {
				if ok := fork.buildPiece(j.pf, j.p); !ok || len(fork.diags) > 0 {
					mu.Lock()
					failed = true
					mu.Unlock()
					fork.diags = nil
				}
			}
		})
	}
	for _, j := range jobs {
		mu.Lock()
		stop := failed
		mu.Unlock()
		if stop {
			break
		}
		next <- j
	}
	close(next)
	wg.Wait()
	return !failed
}

// buildPiece parses one piece and builds its assets.
func (b *builder) buildPiece(pf *pieceFile, p piece) bool {
	blocks, ok := pf.parseUnits(p.first, p.last)
	if !ok {
		return false
	}
	byName := b.d.byName[kindAsset]
	for _, sb := range blocks {
		blk := sb.AsHCLBlock()
		name := blk.Labels[0]
		dc, x := byName[name], b.assets[name]
		c, diags := blk.Body.Content(assetSchema)
		if len(diags) > 0 || dc == nil || x == nil {
			return false
		}
		dc.nameRange, dc.declRange = blk.LabelRanges[0], blk.DefRange
		x.DeclRange = b.span(blk.DefRange)
		b.buildAsset(x, c)
	}
	return true
}

// blockNav is the File.Nav of a pieceFile: navigation's answers from the ranges
// and headers of the file's top-level blocks, which are in source order and do
// not overlap.
type blockNav struct {
	blocks []navBlock
}

type navBlock struct {
	start, end int // the block's range
	typ        string
	labels     []string
	def        hcl.Range
}

func newNavBlock(b *hclsyntax.Block) navBlock {
	r := b.Range()
	return navBlock{start: r.Start.Byte, end: r.End.Byte, typ: b.Type, labels: b.Labels, def: b.DefRange()}
}

// block returns the top-level block whose range contains offset, or nil.
func (n *blockNav) block(offset int) *navBlock {
	i := sort.Search(len(n.blocks), func(i int) bool { return n.blocks[i].start > offset }) - 1
	if i < 0 || offset >= n.blocks[i].end {
		return nil
	}
	return &n.blocks[i]
}

// ContextString is navigation's.
func (n *blockNav) ContextString(offset int) string {
	b := n.block(offset)
	if b == nil {
		return ""
	}
	if len(b.labels) == 0 {
		return b.typ
	}
	var buf bytes.Buffer
	buf.WriteString(b.typ)
	for _, label := range b.labels {
		fmt.Fprintf(&buf, " %q", label)
	}
	return buf.String()
}

// ContextDefRange is navigation's.
func (n *blockNav) ContextDefRange(offset int) hcl.Range {
	b := n.block(offset)
	if b == nil {
		return hcl.Range{}
	}
	return b.def
}

// pieceMinSize is the size in bytes from which a native-syntax file's assets are
// decoded in pieces of about pieceTarget bytes; variables so that tests can cut
// small files.
var (
	pieceMinSize = 2 * splitTarget
	pieceTarget  = splitTarget
)
