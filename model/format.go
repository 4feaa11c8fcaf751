package model

import (
	"bytes"
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// Format returns src, HCL native syntax, in the canonical layout of hclwrite (the
// layout of `terraform fmt`): two spaces of indentation per level, aligned equals
// signs, one space around operators. Formatting a formatted file changes nothing.
//
// src must parse without errors (check it with ParseSource first): hclwrite ignores
// syntax errors and would mangle such a file. Format checks that the layout changed
// only the spaces between tokens; where hclwrite's spacing would join two tokens into
// one (`0 .5` becomes the number `0.5`), it returns an error naming the line and
// leaves the file to the user.
func Format(src []byte) ([]byte, error) {
	out := hclwrite.Format(src)
	if line, ok := sameTokens(src, out); !ok {
		return nil, fmt.Errorf("line %d: the canonical layout would change the tokens there (hclwrite joins them); not formatted", line)
	}
	return out, nil
}

// sameTokens reports whether a and b lex to the same tokens, and otherwise the
// line in a of the first token that differs.
func sameTokens(a, b []byte) (int, bool) {
	ta, _ := hclsyntax.LexConfig(a, "", hcl.InitialPos)
	tb, _ := hclsyntax.LexConfig(b, "", hcl.InitialPos)
	for i := range ta {
		if i >= len(tb) || ta[i].Type != tb[i].Type || !bytes.Equal(ta[i].Bytes, tb[i].Bytes) {
			return ta[i].Range.Start.Line, false
		}
	}
	if len(tb) != len(ta) {
		return ta[len(ta)-1].Range.Start.Line, false
	}
	return 0, true
}
