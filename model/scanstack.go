package model

import "bytes"

// scanStack follows the nesting of a native-syntax file for the cheap scans that
// find its top-level blocks (topLevelCuts, scanBlocks): brackets, quoted strings,
// heredocs and template interpolations, as checkNesting does but without its limits.
type scanStack struct {
	ctx      []byte   // open contexts: a bracket, ctxQuote, ctxHeredoc or ctxInterp
	heredocs [][]byte // the terminators of the open heredocs, innermost last
}

// depth returns the number of open contexts.
func (s *scanStack) depth() int { return len(s.ctx) }

// top returns the innermost open context, or 0 at the top level.
func (s *scanStack) top() byte {
	if len(s.ctx) == 0 {
		return 0
	}
	return s.ctx[len(s.ctx)-1]
}

// push opens context c (a bracket, ctxQuote or ctxInterp).
func (s *scanStack) push(c byte) { s.ctx = append(s.ctx, c) }

// pushHeredoc opens a heredoc that ends at a line holding term.
func (s *scanStack) pushHeredoc(term []byte) {
	s.heredocs = append(s.heredocs, term)
	s.ctx = append(s.ctx, ctxHeredoc)
}

// pop closes the innermost context, if any.
func (s *scanStack) pop() {
	if len(s.ctx) > 0 {
		if s.ctx[len(s.ctx)-1] == ctxHeredoc {
			s.heredocs = s.heredocs[:len(s.heredocs)-1]
		}
		s.ctx = s.ctx[:len(s.ctx)-1]
	}
}

// templateStep scans src[i] when the innermost context is a quoted string or a
// heredoc (ok is false otherwise, and nothing is done): an escape, the string's end,
// a heredoc's terminating line, or the start of an interpolation. atLineStart tells
// whether src[i] starts a line. It returns the index of the last byte it consumed
// (one before i when a newline ends a quoted string, so that the caller sees the
// newline again in the outer context) and whether the byte after that starts a line.
func (s *scanStack) templateStep(src []byte, i int, atLineStart bool) (last int, lineStart, ok bool) {
	c := src[i]
	lineStart = c == '\n'
	switch s.top() {
	case ctxQuote:
		switch {
		case c == '\\':
			i++
		case c == '"' || c == '\n':
			s.pop()
			if c == '\n' {
				return i - 1, true, true // a quoted string ends at the end of its line
			}
		default:
			i = s.interpolation(src, i)
		}
		return i, lineStart, true
	case ctxHeredoc:
		if atLineStart {
			end := bytes.IndexByte(src[i:], '\n')
			if end < 0 {
				end = len(src) - i
			}
			line := bytes.TrimRight(bytes.TrimLeft(src[i:i+end], " \t"), "\r")
			if bytes.Equal(line, s.heredocs[len(s.heredocs)-1]) {
				s.pop()
				return i + end - 1, lineStart, true
			}
		}
		return s.interpolation(src, i), lineStart, true
	}
	return i, lineStart, false
}

// interpolation opens an interpolation at src[i] when a template's ${ or %{ starts
// there ($${ and %%{ are literal), returning the index of the last byte consumed.
func (s *scanStack) interpolation(src []byte, i int) int {
	c := src[i]
	switch {
	case (c == '$' || c == '%') && i+2 < len(src) && src[i+1] == c && src[i+2] == '{':
		return i + 2
	case (c == '$' || c == '%') && i+1 < len(src) && src[i+1] == '{':
		s.push(ctxInterp)
		return i + 1
	}
	return i
}
