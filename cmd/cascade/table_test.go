package main

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"text/tabwriter"

	"github.com/rivo/uniseg"
)

// TestTextTableMatchesTabwriter checks that on ASCII text the table lays out exactly
// as text/tabwriter with the settings the commands used, on random tables with
// ragged rows, empty cells and lines without tabs.
func TestTextTableMatchesTabwriter(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	words := []string{"", "a", "T+0s", "substation", "energy", "lost pumping at T+12h", "  SECTOR", "x y"}
	for range 2000 {
		var in strings.Builder
		for range r.IntN(6) {
			for range r.IntN(5) {
				in.WriteString(words[r.IntN(len(words))])
				in.WriteByte('\t')
			}
			in.WriteString(words[r.IntN(len(words))])
			if r.IntN(8) > 0 {
				in.WriteByte('\n')
			}
		}
		var want, got bytes.Buffer
		tw := tabwriter.NewWriter(&want, 0, 0, 2, ' ', 0)
		tw.Write([]byte(in.String()))
		tw.Flush()
		tt := newTextTable(&got)
		tt.Write([]byte(in.String()))
		if err := tt.Flush(); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("input %q:\ngot\n%s\nwant\n%s", in.String(), got.String(), want.String())
		}
	}
}

// TestTextTableEastAsianWidth checks that columns after Japanese text line up on a
// terminal: every row's third column starts at the same display column.
func TestTextTableEastAsianWidth(t *testing.T) {
	var b bytes.Buffer
	tt := newTextTable(&b)
	tt.Write([]byte("TIME\tASSET\tLABEL\tSECTOR\n"))
	tt.Write([]byte("T+0s\tshinagawa\t品川変電所\tenergy\n"))
	tt.Write([]byte("T+1h\tkoto\tＫＯＴＯ ｶﾅ mixed\twater\n"))
	tt.Write([]byte("T+2h\tcafe\tcafe\u0301\thealth\n"))
	tt.Flush()
	col := -1
	for _, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
		i := strings.LastIndex(line, "  ") + 2 // the start of the last column
		w := uniseg.StringWidth(line[:i])
		if col >= 0 && w != col {
			t.Errorf("last column starts at display column %d, want %d:\n%s", w, col, b.String())
		}
		col = w
	}
}
