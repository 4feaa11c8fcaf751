package main

import (
	"encoding/json"
	"io"
)

// writeJSON writes v as JSON followed by a newline, in the layout of indentShallow:
// one line per member of the top-level object and per element of the arrays directly
// inside it. A cascade of 100,000 failures reads as 100,000 lines, one failure each,
// and writes several times faster than fully indented JSON.
func writeJSON(w io.Writer, v any) error {
	src, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = w.Write(append(indentShallow(make([]byte, 0, len(src)+len(src)/8), src), '\n'))
	return err
}

// indentShallow appends src, compact JSON as json.Marshal writes it, to dst with the
// members of the top-level object (or elements of a top-level array) on lines of their
// own, and likewise the elements of the arrays directly inside it; deeper values stay
// compact. Empty objects and arrays stay "{}" and "[]". The result is the same JSON
// value as src.
func indentShallow(dst, src []byte) []byte {
	var expanded [3]bool // whether the container open at depth d is laid out line by line
	depth := 0
	inString, escaped := false, false
	newline := func(d int) {
		dst = append(dst, '\n')
		for range d {
			dst = append(dst, ' ', ' ')
		}
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		if inString {
			dst = append(dst, c)
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
			dst = append(dst, c)
		case '{', '[':
			dst = append(dst, c)
			depth++
			empty := i+1 < len(src) && (src[i+1] == '}' || src[i+1] == ']')
			expand := !empty && (depth == 1 || (depth == 2 && c == '[' && expanded[1]))
			if depth < len(expanded) {
				expanded[depth] = expand
			}
			if expand {
				newline(depth)
			}
		case '}', ']':
			if depth < len(expanded) && expanded[depth] {
				newline(depth - 1)
				expanded[depth] = false
			}
			depth--
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			if depth < len(expanded) && expanded[depth] {
				newline(depth)
			}
		case ':':
			dst = append(dst, c)
			if depth == 1 && expanded[1] {
				dst = append(dst, ' ')
			}
		default:
			dst = append(dst, c)
		}
	}
	return dst
}
