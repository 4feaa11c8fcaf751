package model

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/hcl/v2"
)

// checkNesting refuses a file whose brackets, braces, parentheses and string
// templates nest deeper than MaxNesting, or one of whose expressions has more
// than MaxOperators operators. HCL's parser and evaluator recurse once per
// level of either, and a Go stack overflow cannot be recovered, so such a file
// is never handed to them.
//
// The check is a single pass over the bytes that knows HCL's comments, quoted
// strings, heredocs and template interpolations (and, for JSON files, JSON's
// strings, whose contents are templates). Where it cannot tell, it errs on the
// side of counting: a quoted string ends at the end of its line, for example.
func checkNesting(src []byte, name string) *hcl.Diagnostic {
	if !mayNestDeeply(src) {
		return nil
	}
	var off int
	var msg string
	if isJSONName(name) {
		off, msg = scanJSON(src)
	} else {
		off, msg = scanNative(src, 0, false)
	}
	if msg == "" {
		return nil
	}
	pos := posOf(src, off)
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Expression too complex",
		Detail:   msg + " Split it into smaller expressions or locals.",
		Subject:  &hcl.Range{Filename: name, Start: pos, End: pos},
	}
}

func isJSONName(name string) bool {
	return len(name) >= 5 && name[len(name)-5:] == ".json"
}

// mayNestDeeply is a cheap upper bound: a file with few bracket and operator
// characters in total cannot nest deeply.
func mayNestDeeply(src []byte) bool {
	openers, ops := 0, 0
	for _, c := range src {
		switch c {
		case '(', '[', '{', '"', '$', '%', '<':
			openers++
			ops++
		case '+', '-', '*', '/', '!', '&', '|', '=', '>', '?':
			ops++
		}
	}
	return openers > MaxNesting || ops > MaxOperators
}

// posOf returns the position of byte off in src.
func posOf(src []byte, off int) hcl.Pos {
	off = min(off, len(src))
	line := 1 + bytes.Count(src[:off], []byte{'\n'})
	lineStart := bytes.LastIndexByte(src[:off], '\n') + 1
	return hcl.Pos{Line: line, Column: 1 + len([]rune(string(src[lineStart:off]))), Byte: off}
}

func tooDeepMsg() string {
	return fmt.Sprintf("Brackets, parentheses, braces and string templates nest more than %d levels deep here.", MaxNesting)
}

func tooManyOpsMsg() string {
	return fmt.Sprintf("An expression here has more than %d operators.", MaxOperators)
}

// Contexts of scanNative's stack.
const (
	ctxBrace   = '{'
	ctxBrack   = '['
	ctxParen   = '('
	ctxQuote   = '"'
	ctxHeredoc = '<'
	ctxInterp  = '$' // ${ or %{ inside a template: code until the matching }
)

// scanNative scans HCL native syntax. base is the nesting depth of what
// encloses src; inTemplate starts in a template's text (for JSON strings).
// It returns the offset and message of the first excess, or "" when none.
func scanNative(src []byte, base int, inTemplate bool) (int, string) {
	var stack []byte
	var heredocs [][]byte // terminators of open heredocs, innermost last
	if inTemplate {
		stack = append(stack, ctxQuote)
	}
	ops := 0
	push := func(c byte) string {
		stack = append(stack, c)
		if base+len(stack) > MaxNesting {
			return tooDeepMsg()
		}
		return ""
	}
	top := func() byte {
		if len(stack) == 0 {
			return 0
		}
		return stack[len(stack)-1]
	}
	pop := func() {
		if len(stack) > 0 {
			if stack[len(stack)-1] == ctxHeredoc {
				heredocs = heredocs[:len(heredocs)-1]
			}
			stack = stack[:len(stack)-1]
		}
	}
	lineStart := true
	for i := 0; i < len(src); i++ {
		c := src[i]
		atLineStart := lineStart
		lineStart = c == '\n'
		switch top() {
		case ctxQuote:
			switch {
			case c == '\\' && !(inTemplate && len(stack) == 1):
				i++ // an escape in a quoted string: the next byte is literal
			case c == '"' || c == '\n':
				if inTemplate && len(stack) == 1 {
					continue // a JSON string's text has no closing quote
				}
				pop()
			case (c == '$' || c == '%') && i+1 < len(src) && src[i+1] == c && i+2 < len(src) && src[i+2] == '{':
				i += 2 // $${ and %%{ are literal
			case (c == '$' || c == '%') && i+1 < len(src) && src[i+1] == '{':
				i++
				if msg := push(ctxInterp); msg != "" {
					return i, msg
				}
				ops = 0
			}
			continue
		case ctxHeredoc:
			if atLineStart {
				end := bytes.IndexByte(src[i:], '\n')
				if end < 0 {
					end = len(src) - i
				}
				line := bytes.TrimRight(bytes.TrimLeft(src[i:i+end], " \t"), "\r")
				if bytes.Equal(line, heredocs[len(heredocs)-1]) {
					pop()
					i += end - 1
					continue
				}
			}
			switch {
			case (c == '$' || c == '%') && i+2 < len(src) && src[i+1] == c && src[i+2] == '{':
				i += 2
			case (c == '$' || c == '%') && i+1 < len(src) && src[i+1] == '{':
				i++
				if msg := push(ctxInterp); msg != "" {
					return i, msg
				}
				ops = 0
			}
			continue
		}

		// Code.
		switch c {
		case '#':
			i = skipLine(src, i) - 1
			lineStart = false
		case '/':
			if i+1 < len(src) && src[i+1] == '/' {
				i = skipLine(src, i) - 1
				lineStart = false
			} else if i+1 < len(src) && src[i+1] == '*' {
				end := bytes.Index(src[i+2:], []byte("*/"))
				if end < 0 {
					return 0, ""
				}
				i += 2 + end + 1
			} else {
				ops++
			}
		case '"':
			if msg := push(ctxQuote); msg != "" {
				return i, msg
			}
		case '<':
			if term, next, ok := heredocStart(src, i); ok {
				heredocs = append(heredocs, term)
				if msg := push(ctxHeredoc); msg != "" {
					return i, msg
				}
				i = next - 1 // at the newline
				lineStart = true
				continue
			}
			ops++
			if i+1 < len(src) && src[i+1] == '=' {
				i++ // <=
			}
		case '{':
			if msg := push(ctxBrace); msg != "" {
				return i, msg
			}
			ops = 0
		case '[', '(':
			if msg := push(c); msg != "" {
				return i, msg
			}
			ops++
		case '}':
			pop()
			ops = 0
		case ']', ')':
			pop()
		case ',':
			ops = 0
		case '=':
			if i+1 < len(src) && src[i+1] == '=' {
				ops++
				i++
			} else if i+1 < len(src) && src[i+1] == '>' {
				i++ // => in for expressions
			} else {
				ops = 0
			}
		case '\n':
			if t := top(); t == 0 || t == ctxBrace {
				ops = 0
			}
		case '>', '!':
			ops++
			if i+1 < len(src) && src[i+1] == '=' {
				i++ // >= and !=
			}
		case '+', '-', '*', '%', '&', '|', '?':
			ops++
		}
		if ops > MaxOperators {
			return i, tooManyOpsMsg()
		}
	}
	return 0, ""
}

// skipLine returns the offset of the newline that ends the line at i, or len(src).
func skipLine(src []byte, i int) int {
	if end := bytes.IndexByte(src[i:], '\n'); end >= 0 {
		return i + end
	}
	return len(src)
}

// heredocStart reports whether src[i:] starts a heredoc, <<ID or <<-ID
// followed by a newline, and returns its terminator and the offset of the
// newline.
func heredocStart(src []byte, i int) ([]byte, int, bool) {
	j := i + 2
	if j > len(src) || src[i+1] != '<' {
		return nil, 0, false
	}
	if j < len(src) && src[j] == '-' {
		j++
	}
	k := j
	for k < len(src) && (isLetter(src[k]) || isDigit(src[k]) || src[k] == '_' || src[k] == '-') {
		k++
	}
	if k == j {
		return nil, 0, false
	}
	nl := k
	if nl < len(src) && src[nl] == '\r' {
		nl++
	}
	if nl >= len(src) || src[nl] != '\n' {
		return nil, 0, false
	}
	return src[j:k], nl, true
}

// scanJSON scans a JSON file: the nesting of its arrays and objects, and the
// templates inside its strings.
func scanJSON(src []byte) (int, string) {
	depth := 0
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '[', '{':
			depth++
			if depth > MaxNesting {
				return i, tooDeepMsg()
			}
		case ']', '}':
			depth = max(0, depth-1)
		case '"':
			start := i
			hasTemplate := false
			for i++; i < len(src) && src[i] != '"'; i++ {
				switch src[i] {
				case '\\':
					i++
				case '$', '%':
					hasTemplate = true
				}
			}
			if !hasTemplate || i >= len(src) {
				continue
			}
			var s string
			if json.Unmarshal(src[start:i+1], &s) != nil {
				continue // the parser reports it
			}
			if _, msg := scanNative([]byte(s), depth+1, true); msg != "" {
				return start, msg
			}
		}
	}
	return 0, ""
}
