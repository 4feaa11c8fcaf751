package model

import (
	"bytes"
	"fmt"
	"sort"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// navigation is the File.Nav of a native-syntax file: it answers
// ContextString and ContextDefRange exactly as hclsyntax's own navigation
// does, but finds the top-level block that holds an offset by binary search
// over the blocks' ranges instead of a walk over every block. Diagnostic
// writers ask for the context of every diagnostic, so with hclsyntax's
// navigation printing n warnings of a file of b blocks took time n·b.
type navigation struct {
	root *hclsyntax.Body

	once   sync.Once
	starts []int // Range().Start.Byte of root.Blocks, when ordered
	ends   []int // Range().End.Byte of root.Blocks
	linear bool  // the blocks' ranges overlap or are out of order: walk them
}

// newNavigation returns the navigation of a file whose body is root.
func newNavigation(root *hclsyntax.Body) *navigation {
	return &navigation{root: root}
}

// index builds the block ranges on first use. The parser emits top-level
// blocks in source order and each ends before the next begins; should that
// ever not hold (a recovery from a syntax error, say), block walks the blocks
// as hclsyntax does, so the answer is the same either way.
func (n *navigation) index() {
	n.once.Do(func() {
		blocks := n.root.Blocks
		n.starts = make([]int, len(blocks))
		n.ends = make([]int, len(blocks))
		prevEnd := 0
		for i, b := range blocks {
			r := b.Range()
			n.starts[i], n.ends[i] = r.Start.Byte, r.End.Byte
			if r.Start.Byte < prevEnd || r.End.Byte < r.Start.Byte {
				n.linear = true
			}
			prevEnd = r.End.Byte
		}
	})
}

// block returns the first top-level block whose range contains offset, or
// nil.
func (n *navigation) block(offset int) *hclsyntax.Block {
	n.index()
	if n.linear {
		for _, b := range n.root.Blocks {
			if b.Range().ContainsOffset(offset) {
				return b
			}
		}
		return nil
	}
	// The last block starting at or before offset is the only one that can
	// hold it: the ones before it end at or before its start.
	i := sort.SearchInts(n.starts, offset+1) - 1
	if i < 0 || offset >= n.ends[i] {
		return nil
	}
	return n.root.Blocks[i]
}

// ContextString returns the header of the top-level block holding offset,
// such as `asset "a"`, or "" when no block holds it.
func (n *navigation) ContextString(offset int) string {
	b := n.block(offset)
	if b == nil {
		return ""
	}
	if len(b.Labels) == 0 {
		return b.Type
	}
	var buf bytes.Buffer
	buf.WriteString(b.Type)
	for _, label := range b.Labels {
		fmt.Fprintf(&buf, " %q", label)
	}
	return buf.String()
}

// ContextDefRange returns the definition range of the top-level block
// holding offset, or the zero range.
func (n *navigation) ContextDefRange(offset int) hcl.Range {
	b := n.block(offset)
	if b == nil {
		return hcl.Range{}
	}
	return b.DefRange()
}
