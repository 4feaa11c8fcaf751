package main

import (
	"bytes"
	"encoding/json"
	"io"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/provenance"
)

// writeJSON writes v as JSON followed by a newline, in the layout of indentShallow:
// one line per member of the top-level object and per element of the arrays directly
// inside it. A cascade of 100,000 failures reads as 100,000 lines, one failure each,
// and writes several times faster than fully indented JSON.
//
// A *cascade.RunReport, whose failures may number hundreds of thousands, is written by
// writeRunReport without reflection; the bytes are the same.
func writeJSON(w io.Writer, v any) error { return writeJSONProv(w, v, nil) }

// writeJSONProv writes v as writeJSON does, with prov, when not nil, as a last
// member "provenance" of the top-level object (docs/cli.md, "Provenance"). v must
// encode as an object.
func writeJSONProv(w io.Writer, v any, prov *provenance.Info) error {
	if rep, ok := v.(*cascade.RunReport); ok && rep != nil {
		return writeRunReport(w, rep, prov)
	}
	src, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if src, err = appendMember(src, "provenance", prov); err != nil {
		return err
	}
	_, err = w.Write(append(indentShallow(make([]byte, 0, len(src)+len(src)/8), src), '\n'))
	return err
}

// appendMember returns obj, a compact JSON object, with the member name: v added at
// its end; obj unchanged when v is a nil pointer or obj is not an object.
func appendMember(obj []byte, name string, v *provenance.Info) ([]byte, error) {
	if v == nil || len(obj) < 2 || obj[0] != '{' || obj[len(obj)-1] != '}' {
		return obj, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(obj)+len(name)+len(b)+4)
	out = append(out, obj[:len(obj)-1]...)
	if len(obj) > 2 {
		out = append(out, ',')
	}
	out = append(out, '"')
	out = append(out, name...)
	out = append(out, `":`...)
	out = append(out, b...)
	return append(out, '}'), nil
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

// writeRunReport writes rep (and prov, when not nil) exactly as writeJSONProv writes it through json.Marshal and
// indentShallow, but encodes the failures with appendFailureJSON straight into
// the layout and hands them to w in pieces of about 64 KiB: no reflection, no second
// pass over the output and no buffer the size of the whole output. The members after
// the failures are small and are encoded first, so an error (a NaN fraction, say)
// writes nothing, as with json.Marshal.
//
// From parallelJSONMin failures, writeFailures encodes them in parallel ahead of the
// writes.
func writeRunReport(w io.Writer, rep *cascade.RunReport, prov *provenance.Info) error {
	return writeRunReportRows(w, rep, sliceRows(rep.Failures), prov)
}

// failureRows gives the failure rows of a report to writeRunReportRows: n rows, rows
// lo..hi-1 by get, either a part of a slice or buf, of at least hi-lo rows, filled
// (their times and supplier lists in sc, valid until the next get with sc).
type failureRows struct {
	n   int
	get func(lo, hi int, buf []cascade.FailureReport, sc *cascade.RowScratch) []cascade.FailureReport
}

// sliceRows returns the rows fs.
func sliceRows(fs []cascade.FailureReport) failureRows {
	return failureRows{len(fs), func(lo, hi int, _ []cascade.FailureReport, _ *cascade.RowScratch) []cascade.FailureReport {
		return fs[lo:hi]
	}}
}

// builtRows returns the rows that rows builds on demand (cascade.Result.ReportRows).
func builtRows(rows *cascade.FailureRows) failureRows {
	return failureRows{rows.Len(), func(lo, hi int, buf []cascade.FailureReport, sc *cascade.RowScratch) []cascade.FailureReport {
		rows.FillWith(buf[:hi-lo], lo, sc)
		return buf[:hi-lo]
	}}
}

// writeRunReportRows is writeRunReport with the failure rows given by rows instead of
// rep.Failures (null when rep.Failures is nil and rows has none). Rows built on demand
// are built a block of failureBlock at a time, each block written before the next is
// built in its place, so that they are never all held.
func writeRunReportRows(w io.Writer, rep *cascade.RunReport, rows failureRows, prov *provenance.Info) error {
	const chunk = 64 << 10
	var err error
	// member appends the top-level member name to dst, on a line of its own.
	member := func(dst []byte, name string, first bool) []byte {
		if !first {
			dst = append(dst, ',')
		}
		dst = append(dst, "\n  \""...)
		dst = append(dst, name...)
		return append(dst, "\": "...)
	}
	// value appends v compact to dst, as json.Marshal writes it.
	value := func(dst []byte, v any) []byte {
		b, e := json.Marshal(v)
		if e != nil && err == nil {
			err = e
		}
		return append(dst, b...)
	}
	// array appends n elements to dst one per line, element i by elem; a nil slice is
	// null and an empty one [], as json.Marshal writes them.
	array := func(dst []byte, isNil bool, n int, elem func(dst []byte, i int) []byte) []byte {
		switch {
		case isNil:
			return append(dst, "null"...)
		case n == 0:
			return append(dst, "[]"...)
		}
		dst = append(dst, '[')
		for i := range n {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, "\n    "...)
			dst = elem(dst, i)
		}
		return append(dst, "\n  ]"...)
	}

	var tail []byte
	tail = member(tail, "on_backup", false)
	tail = array(tail, rep.OnBackup == nil, len(rep.OnBackup), func(dst []byte, i int) []byte { return value(dst, &rep.OnBackup[i]) })
	tail = member(tail, "sectors", false)
	tail = array(tail, rep.Sectors == nil, len(rep.Sectors), func(dst []byte, i int) []byte { return value(dst, &rep.Sectors[i]) })
	tail = member(tail, "repairs", false)
	tail = array(tail, rep.Repairs == nil, len(rep.Repairs), func(dst []byte, i int) []byte { return value(dst, &rep.Repairs[i]) })
	tail = member(tail, "summary", false)
	tail = value(tail, &rep.Summary)
	tail = member(tail, "alerts", false)
	tail = array(tail, rep.Alerts == nil, len(rep.Alerts), func(dst []byte, i int) []byte { return value(dst, &rep.Alerts[i]) })
	tail = member(tail, "protected", false)
	tail = array(tail, rep.Protected == nil, len(rep.Protected), func(dst []byte, i int) []byte { return value(dst, &rep.Protected[i]) })
	if prov != nil {
		tail = member(tail, "provenance", false)
		tail = value(tail, prov)
	}
	tail = append(tail, "\n}\n"...)

	dst := make([]byte, 0, chunk+4096)
	dst = append(dst, '{')
	dst = member(dst, "scenario", true)
	dst = value(dst, rep.Scenario)
	dst = member(dst, "horizon_s", false)
	dst = value(dst, rep.HorizonS)
	if err != nil {
		return err
	}
	dst = member(dst, "failures", false)
	if rows.n >= parallelJSONMin {
		dst = append(dst, '[')
		if dst, err = writeFailures(w, dst, rows); err != nil {
			return err
		}
		dst = append(dst, "\n  ]"...)
	} else {
		var buf, block []cascade.FailureReport
		var sc cascade.RowScratch
		lo := 0
		dst = array(dst, rep.Failures == nil && rows.n == 0, rows.n, func(dst []byte, i int) []byte {
			if len(dst) >= chunk && err == nil {
				_, err = w.Write(dst)
				dst = dst[:0]
			}
			if i-lo >= len(block) {
				if buf == nil {
					buf = make([]cascade.FailureReport, min(failureBlock, rows.n))
				}
				lo, block = i, rows.get(i, min(i+len(buf), rows.n), buf, &sc)
			}
			return appendFailureJSON(dst, &block[i-lo])
		})
	}
	if err != nil {
		return err
	}
	if _, err := w.Write(dst); err != nil {
		return err
	}
	_, err = w.Write(tail)
	return err
}

// parallelJSONMin is the number of failures from which writeRunReport encodes them in
// parallel (writeFailures), and failureBlock the number of failures of one block there.
// Variables so that tests can run the parallel path on small reports.
var parallelJSONMin, failureBlock = 1 << 14, 1024

// readAheadKept keeps the sums of readAheadStrings.
var readAheadKept atomic.Uint32

// writeFailures writes dst, then the elements of a non-empty "failures" array, each on
// a line of its own as writeRunReport's array lays them out, to w. GOMAXPROCS
// goroutines get (build, for rows built on demand) and encode blocks of failureBlock
// rows ahead of the writes (at most two blocks each not yet written), and the blocks
// are written in order as they come, so that the building and encoding, spread over
// the cores, overlap the writes. It returns an empty dst to append the rest to, or the
// first error of w, after which nothing more is written and no goroutine is left
// running.
func writeFailures(w io.Writer, dst []byte, rows failureRows) ([]byte, error) {
	if _, err := w.Write(dst); err != nil {
		return nil, err
	}
	nb := (rows.n + failureBlock - 1) / failureBlock
	workers := runtime.GOMAXPROCS(0)
	blocks := make([]chan []byte, nb)
	for b := range blocks {
		blocks[b] = make(chan []byte, 1)
	}
	tokens := make(chan struct{}, 2*workers) // one per block claimed and not yet written
	stop := make(chan struct{})
	free := make(chan []byte, 2*workers+1) // written blocks' buffers, for reuse
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			var rowBuf []cascade.FailureReport
			var sc cascade.RowScratch // the rows of a block are encoded before the next is built
			for {
				select {
				case tokens <- struct{}{}:
				case <-stop:
					return
				}
				b := int(next.Add(1) - 1)
				if b >= nb {
					return
				}
				var buf []byte
				select {
				case buf = <-free:
				default:
				}
				if rowBuf == nil {
					rowBuf = make([]cascade.FailureReport, failureBlock)
				}
				lo := b * failureBlock
				fs := rows.get(lo, min(lo+failureBlock, rows.n), rowBuf, &sc)
				readAheadKept.Add(uint32(readAheadStrings(fs)))
				for i := range fs {
					if lo+i > 0 {
						buf = append(buf, ',')
					}
					buf = append(buf, "\n    "...)
					buf = appendFailureJSON(buf, &fs[i])
				}
				blocks[b] <- buf
			}
		})
	}
	var err error
	for b := range nb {
		buf := <-blocks[b]
		if _, err = w.Write(buf); err != nil {
			break
		}
		select {
		case free <- buf[:0]:
		default:
		}
		<-tokens
	}
	close(stop)
	wg.Wait()
	return dst[:0], err
}
