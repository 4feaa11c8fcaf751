package main

import (
	"bytes"
	"io"
	"strings"

	"github.com/rivo/uniseg"
)

// textTable lays out tab-separated cells in columns, as
// tabwriter.NewWriter(w, 0, 0, 2, ' ', 0) does, but measures a cell by the columns a
// terminal gives it (uniseg.StringWidth: East Asian wide and fullwidth characters
// take two, combining marks none) instead of by its runes, so that Japanese labels
// and names line up. Text is buffered until Flush. As with tabwriter, a cell is
// text ended by a tab; the text after a line's last tab is not aligned; a column
// block is a run of consecutive lines that have a cell in the column, and each cell
// of a block is padded to the widest of the block plus two spaces.
type textTable struct {
	w   io.Writer
	buf bytes.Buffer
}

func newTextTable(w io.Writer) *textTable { return &textTable{w: w} }

func (t *textTable) Write(p []byte) (int, error) { return t.buf.Write(p) }

// Flush writes the buffered lines, laid out, to the underlying writer.
func (t *textTable) Flush() error {
	text := t.buf.String()
	t.buf.Reset()
	if text == "" {
		return nil
	}
	lines := strings.SplitAfter(text, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	cells := make([][]string, len(lines))
	ends := make([]string, len(lines))
	maxCols := 0
	for i, l := range lines {
		body := strings.TrimSuffix(l, "\n")
		ends[i] = l[len(body):]
		cells[i] = strings.Split(body, "\t")
		if ends[i] == "" && len(cells[i]) > 1 && cells[i][len(cells[i])-1] == "" {
			// As tabwriter's Flush: an unfinished line's empty last piece is no
			// cell, so the cell before it is the unaligned last one.
			cells[i] = cells[i][:len(cells[i])-1]
		}
		maxCols = max(maxCols, len(cells[i])-1) // the last piece is not a cell
	}
	// widths[i][c] is the width cell c of line i is padded to.
	widths := make([][]int, len(lines))
	for i := range lines {
		widths[i] = make([]int, max(len(cells[i])-1, 0))
	}
	for c := range maxCols {
		for i := 0; i < len(lines); {
			if len(cells[i])-1 <= c {
				i++
				continue
			}
			j, width := i, 0
			for ; j < len(lines) && len(cells[j])-1 > c; j++ {
				width = max(width, uniseg.StringWidth(cells[j][c])+2)
			}
			for k := i; k < j; k++ {
				widths[k][c] = width
			}
			i = j
		}
	}
	var out bytes.Buffer
	for i := range lines {
		n := len(cells[i]) - 1
		for c := range n {
			out.WriteString(cells[i][c])
			out.WriteString(strings.Repeat(" ", widths[i][c]-uniseg.StringWidth(cells[i][c])))
		}
		out.WriteString(cells[i][n])
		out.WriteString(ends[i])
	}
	_, err := t.w.Write(out.Bytes())
	return err
}
