package model

import (
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// readAll reads every row of src with csvReader: the cells (with "\r\n" in
// quoted cells as "\n", the way encoding/csv returns them), the byte offset
// of each row's cells, and the first syntax error, after which it stops.
func readAll(src string) (rows [][]string, spans [][]int, diag *csvDiag) {
	r := newCSVReader("f.csv", src)
	for {
		ok, d := r.next()
		if d != nil {
			return rows, spans, &csvDiag{summary: d.Summary, line: d.Subject.Start.Line}
		}
		if !ok {
			return rows, spans, nil
		}
		row := make([]string, len(r.cells))
		for i, c := range r.cells {
			row[i] = strings.ReplaceAll(c, "\r\n", "\n")
		}
		rows = append(rows, row)
		spans = append(spans, slices.Clone(r.spans))
	}
}

// csvDiag is the summary and line of a syntax error.
type csvDiag struct {
	summary string
	line    int
}

// FuzzCSVReader holds csvReader to encoding/csv within the dialect csvReader
// documents (RFC 4180 with LF or CRLF line ends, empty lines skipped, a
// leading byte order mark skipped), on arbitrary input: the same records
// with their cells at the same line and column, and a syntax error at the
// same record, of the same kind, on the same line. Where the two differ by
// design the input is skipped or mapped: encoding/csv turns "\r\n" inside
// quoted cells into "\n" (so does readAll), drops a "\r" at the very end of
// the input (skipped), and does not skip a byte order mark (given the input
// without it). csvReader stops at no error, so only the records up to the
// first are compared; cells larger than MaxCSVCell are not in this dialect.
func FuzzCSVReader(f *testing.F) {
	for _, s := range []string{
		"name,sector\na,energy\n",
		"\uFEFFa,b\r\n\r\n\"x,\"\"y\"\"\",\"multi\r\nline\"\r\n",
		"a,\"b\"c\n", "a,b\"c\n", "\"open\n", "a\rb,c\n", ",,\n\n,\n", "é,\"ü\"\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if strings.HasSuffix(src, "\r") || len(src) > MaxCSVCell {
			t.Skip("outside the dialect")
		}
		rows, spans, diag := readAll(src)
		bom := 0
		if strings.HasPrefix(src, "\uFEFF") {
			bom = 3
		}
		cr := csv.NewReader(strings.NewReader(src[bom:]))
		cr.FieldsPerRecord = -1
		for i := 0; ; i++ {
			rec, err := cr.Read()
			if err == io.EOF {
				if diag != nil || i != len(rows) {
					t.Fatalf("encoding/csv reads %d records and ends; csvReader %d records, error %v", i, len(rows), diag)
				}
				return
			}
			if err != nil {
				var pe *csv.ParseError
				if !errors.As(err, &pe) {
					t.Fatal(err)
				}
				want := map[error][]string{
					csv.ErrBareQuote: {"Quote inside an unquoted cell"},
					csv.ErrQuote:     {"Text after a quoted cell", "Unterminated quoted cell"},
				}[pe.Err]
				if diag == nil || i != len(rows) || !slices.Contains(want, diag.summary) {
					t.Fatalf("encoding/csv: record %d: %v; csvReader: %d records, error %v", i, err, len(rows), diag)
				}
				if diag.summary != "Unterminated quoted cell" && pe.Line != diag.line {
					t.Fatalf("encoding/csv: %v; csvReader: %q on line %d", err, diag.summary, diag.line)
				}
				return
			}
			if i >= len(rows) {
				t.Fatalf("encoding/csv reads record %d %q; csvReader %d records, error %v", i, rec, len(rows), diag)
			}
			if !slices.Equal(rec, rows[i]) {
				t.Fatalf("record %d: encoding/csv %q, csvReader %q", i, rec, rows[i])
			}
			for j := range rec {
				line, col := cr.FieldPos(j)
				off := spans[i][2*j]
				gotLine := 1 + strings.Count(src[:off], "\n")
				gotCol := off - (strings.LastIndexByte(src[:off], '\n') + 1) + 1
				if gotLine == 1 {
					gotCol -= bom
				}
				if line != gotLine || col != gotCol {
					t.Fatalf("record %d cell %d: encoding/csv at %d:%d, csvReader at %d:%d", i, j, line, col, gotLine, gotCol)
				}
			}
		}
	})
}

var benchCSV = flag.String("csv", "", "a CSV file that BenchmarkCSVReader reads too (e.g. assets.csv of go run ./bench/gen --format csv)")

// BenchmarkCSVReader reads large CSV files with csvReader and with
// encoding/csv (reusing its record, as an importer would, and asking the
// position of every cell, which diagnostics need), in MB/s: the data for
// choosing between them.
func BenchmarkCSVReader(b *testing.B) {
	dir := b.TempDir()
	genCSVModel(b, dir, 1e5)
	files := []string{filepath.Join(dir, "assets.csv"), filepath.Join(dir, "deps.csv")}
	if *benchCSV != "" {
		files = append(files, *benchCSV)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			b.Fatal(err)
		}
		src := string(data)
		name := fmt.Sprintf("file=%s", filepath.Base(file))
		b.Run(name+"/reader=csvReader", func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				r := newCSVReader(file, src)
				for {
					ok, d := r.next()
					if d != nil {
						b.Fatal(d)
					}
					if !ok {
						break
					}
				}
			}
		})
		b.Run(name+"/reader=encoding-csv", func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				cr := csv.NewReader(strings.NewReader(src))
				cr.FieldsPerRecord, cr.ReuseRecord = -1, true
				for {
					rec, err := cr.Read()
					if err == io.EOF {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
					for j := range rec {
						cr.FieldPos(j)
					}
				}
			}
		})
	}
}
