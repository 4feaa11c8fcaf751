package model

import "github.com/hashicorp/hcl/v2/hclwrite"

// Format returns src, HCL native syntax, in the canonical layout of hclwrite (the
// layout of `terraform fmt`): two spaces of indentation per level, aligned equals
// signs, one space around operators. Formatting a formatted file changes nothing.
//
// src must parse without errors (check it with ParseSource first): hclwrite ignores
// syntax errors and would mangle such a file.
func Format(src []byte) []byte {
	return hclwrite.Format(src)
}
