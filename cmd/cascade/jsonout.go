package main

import (
	"bytes"
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
	newline := func(d int) {
		dst = append(dst, '\n')
		for range d {
			dst = append(dst, ' ', ' ')
		}
	}
	for i := 0; i < len(src); {
		// Copy the run of bytes that mean nothing to the layout in one piece.
		j := i
		for j < len(src) && !jsonLayoutByte[src[j]] {
			j++
		}
		dst = append(dst, src[i:j]...)
		if j == len(src) {
			break
		}
		c := src[j]
		i = j + 1
		switch c {
		case '"':
			end := stringEnd(src, i)
			dst = append(dst, src[j:end]...)
			i = end
		case '{', '[':
			dst = append(dst, c)
			depth++
			empty := i < len(src) && (src[i] == '}' || src[i] == ']')
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
		}
	}
	return dst
}

// jsonLayoutByte marks the bytes indentShallow acts on outside strings, and the quote
// that starts a string.
var jsonLayoutByte = [256]bool{'"': true, '{': true, '}': true, '[': true, ']': true, ',': true, ':': true}

// stringEnd returns the index just past the closing quote of the JSON string whose
// content starts at src[i], or len(src) when it is not closed.
func stringEnd(src []byte, i int) int {
	for {
		q := bytes.IndexByte(src[i:], '"')
		if q < 0 {
			return len(src)
		}
		q += i
		backslashes := 0
		for b := q - 1; b >= 0 && src[b] == '\\'; b-- {
			backslashes++
		}
		if backslashes%2 == 0 {
			return q + 1
		}
		i = q + 1
	}
}
