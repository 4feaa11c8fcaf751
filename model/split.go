package model

import (
	"bytes"
	"runtime"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Parsing a large native-syntax file in pieces.
//
// HCL's parser lexes a whole file into one slice of tokens before parsing it, about 70
// bytes of memory per byte of source, and runs on one core. A file's top level is a
// sequence of items parsed one after the other, though: cut between two top-level
// blocks, each piece parses to that piece's blocks and attributes, with the same
// ranges when it is parsed from its own starting position. parseNative cuts a large
// file into pieces of about splitTarget bytes at the lines that follow a top-level
// block's closing brace (found by topLevelCuts, a cheap scan like checkNesting's),
// parses them in parallel and joins their bodies.
//
// The result is the whole file's, diagnostics included, byte for byte: any
// diagnostic from a piece, or an attribute set in two pieces, and the file is parsed
// whole instead. A cut the scan got wrong cannot pass unnoticed: the piece before it
// would end inside a block, a bracket, a string, a heredoc or a comment, which HCL
// reports. Tests compare the two parses on the test files and on fuzzed ones.

// splitTarget is the size in bytes from which a piece of a file is cut at the next
// top-level block boundary; a file smaller than twice it is parsed whole.
const splitTarget = 512 << 10

// parseNative parses src, named name, as HCL native syntax, in pieces of about target
// bytes when it is larger than twice that. Its file and diagnostics are those of
// hclsyntax.ParseConfig on the whole of src, with this package's navigation.
func parseNative(src []byte, name string, target int) (*hcl.File, hcl.Diagnostics) {
	var cuts []int
	if len(src) >= 2*target {
		cuts = topLevelCuts(src, target)
	}
	if len(cuts) > 0 {
		if body, ok := parsePieces(src, name, cuts); ok {
			return &hcl.File{Body: body, Bytes: src, Nav: newNavigation(body)}, nil
		}
	}
	f, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	if body, ok := f.Body.(*hclsyntax.Body); ok { // ParseConfig's file is never nil
		f.Nav = newNavigation(body)
	}
	return f, diags
}

// parsePieces parses the pieces of src between cuts in parallel and joins their
// bodies; ok is false when a piece has diagnostics or two pieces set the same
// attribute (the whole file's parse reports them).
func parsePieces(src []byte, name string, cuts []int) (*hclsyntax.Body, bool) {
	bounds := make([]int, 0, len(cuts)+2)
	bounds = append(append(append(bounds, 0), cuts...), len(src))
	pieces := make([]*hclsyntax.Body, len(bounds)-1)
	failed := make([]bool, len(pieces))
	starts := make([]hcl.Pos, len(pieces))
	starts[0] = hcl.InitialPos
	line := 1
	for i := 1; i < len(pieces); i++ {
		line += bytes.Count(src[bounds[i-1]:bounds[i]], []byte{'\n'})
		starts[i] = hcl.Pos{Line: line, Column: 1, Byte: bounds[i]}
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), len(pieces)) {
		wg.Go(func() {
			for i := range next {
				f, diags := hclsyntax.ParseConfig(src[bounds[i]:bounds[i+1]], name, starts[i])
				body, ok := f.Body.(*hclsyntax.Body)
				if len(diags) > 0 || !ok {
					failed[i] = true
					continue
				}
				pieces[i] = body
			}
		})
	}
	for i := range pieces {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, f := range failed {
		if f {
			return nil, false
		}
	}
	first, last := pieces[0], pieces[len(pieces)-1]
	body := &hclsyntax.Body{
		Attributes: hclsyntax.Attributes{},
		SrcRange:   hcl.Range{Filename: first.SrcRange.Filename, Start: first.SrcRange.Start, End: last.SrcRange.End},
		EndRange:   last.EndRange,
	}
	n := 0
	for _, p := range pieces {
		n += len(p.Blocks)
	}
	body.Blocks = make(hclsyntax.Blocks, 0, n)
	for _, p := range pieces {
		body.Blocks = append(body.Blocks, p.Blocks...)
		for k, a := range p.Attributes {
			if _, dup := body.Attributes[k]; dup {
				return nil, false
			}
			body.Attributes[k] = a
		}
	}
	return body, true
}

// topLevelCuts returns the offsets at which to cut src into pieces of at least target
// bytes: each is the start of a line that follows a line ending (but for spaces and a
// comment) with the closing brace of a top-level block. It follows HCL's comments,
// quoted strings, heredocs and template interpolations as checkNesting does; where it
// cannot tell (an unterminated comment) it stops cutting.
func topLevelCuts(src []byte, target int) []int {
	var cuts []int
	var st scanStack
	last := 0
	closed := false // the line so far has closed a top-level block and nothing after it
	lineStart := true
	for i := 0; i < len(src); i++ {
		c := src[i]
		atLineStart := lineStart
		lineStart = c == '\n'
		if j, ls, ok := st.templateStep(src, i, atLineStart); ok {
			i, lineStart = j, ls
			continue
		}
		switch c {
		case ' ', '\t', '\r':
		case '\n':
			if closed && st.depth() == 0 && i+1-last >= target && i+1 < len(src) {
				last = i + 1
				cuts = append(cuts, last)
			}
			closed = false
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
					return cuts
				}
				if bytes.IndexByte(src[i+2:i+2+end], '\n') >= 0 {
					closed = false
				}
				i += 2 + end + 1
			default:
				closed = false
			}
		case '"':
			st.push(ctxQuote)
			closed = false
		case '<':
			closed = false
			if term, next, ok := heredocStart(src, i); ok {
				st.pushHeredoc(term)
				i = next - 1 // at the newline
				lineStart = true
			}
		case '{', '[', '(':
			st.push(c)
			closed = false
		case '}':
			st.pop()
			closed = st.depth() == 0
		case ']', ')':
			st.pop()
			closed = false
		default:
			closed = false
		}
	}
	return cuts
}
