package model

import (
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"
	"sync"
)

// --- phase 5: dependencies ---

// readDependencies reads a dependencies file. Every row is a dependency of an
// imported asset on any asset of the model, in the asset's own group (empty
// group cell) or in one of its needs groups.
func (im *csvImporter) readDependencies(name, src string, refs importRefs) {
	t := im.openTable(name, src, "dependencies", dependencyColumns, dcAsset, dcOn)
	if t == nil {
		return
	}
	chunks := splitRows(t, max(2, runtime.GOMAXPROCS(0)))
	if len(chunks) <= 1 {
		im.readDependencyRows(t, refs)
		return
	}
	// Chunks of rows in parallel, each into its own importer that shares the
	// (read-only) assets and tables, then joined in file order.
	// Each chunk appends into its own window of the slabs, sized for one row
	// per line so that it never reallocates; the windows are then closed up.
	total := 0
	for _, c := range chunks {
		total += c.rows
	}
	base := len(im.deps)
	im.deps = growCap(im.deps, total)
	im.depGroup = growCap(im.depGroup, total)
	im.depRow = growCap(im.depRow, total)
	subs := make([]*csvImporter, len(chunks))
	tables := make([]csvTable, len(chunks))
	var wg sync.WaitGroup
	w := base
	for k, c := range chunks {
		subs[k] = &csvImporter{tables: im.tables, byName: im.byName, assets: im.assets, groupStart: im.groupStart,
			suggestions: maxCSVSuggestions - max(0, maxCSVSuggestions-im.suggestions)/len(chunks),
			deps:        im.deps[w : w : w+c.rows], depGroup: im.depGroup[w : w : w+c.rows], depRow: im.depRow[w : w : w+c.rows]}
		w += c.rows
		tables[k] = *t
		tables[k].csvReader = &csvReader{name: t.name, src: t.src, pos: c.start, line: c.line, end: c.end}
		tables[k].errors = 0
		wg.Go(func() { subs[k].readDependencyRows(&tables[k], refs) })
	}
	wg.Wait()
	for k, sub := range subs {
		im.deps = append(im.deps, sub.deps...) // within capacity: moves rows down
		im.depGroup = append(im.depGroup, sub.depGroup...)
		im.depRow = append(im.depRow, sub.depRow...)
		for _, d := range sub.diags {
			t.errors++
			if t.errors <= maxCSVErrors {
				im.diags = append(im.diags, d)
			}
		}
		t.errors += tables[k].errors - len(sub.diags)
	}
}

// parallelCSVBytes is the size in bytes from which a dependencies file is read
// in parallel chunks; a variable for tests.
var parallelCSVBytes = 1 << 20

// rowChunk is a part of a file of whole rows: [start, end), start on line.
type rowChunk struct {
	start, end, line int
	rows             int // at most this many rows: its lines
}

// splitRows splits the rest of t, from its reader's position, into about n
// chunks of whole lines for files of more than a megabyte that contain no
// double quote (so that every line break ends a row).
func splitRows(t *csvTable, n int) []rowChunk {
	src, pos := t.src, t.pos
	if n <= 1 || len(src)-pos < parallelCSVBytes || strings.IndexByte(src[pos:], '"') >= 0 {
		return nil
	}
	var out []rowChunk
	line := t.line
	size := (len(src) - pos) / n
	for pos < len(src) {
		end := len(src)
		if len(out) < n-1 {
			if i := strings.IndexByte(src[min(pos+size, len(src)):], '\n'); i >= 0 {
				end = min(pos+size, len(src)) + i + 1
			}
		}
		lines := strings.Count(src[pos:end], "\n")
		out = append(out, rowChunk{start: pos, end: end, line: line, rows: lines + 1})
		line += lines
		pos = end
	}
	return out
}

// readDependencyRows reads the rows of a dependencies file t.
func (im *csvImporter) readDependencyRows(t *csvTable, refs importRefs) {
	if n := strings.Count(t.src[t.pos:t.end], "\n") + 1; cap(im.deps)-len(im.deps) < n {
		im.deps = growCap(im.deps, n)
		im.depGroup = growCap(im.depGroup, n)
		im.depRow = growCap(im.depRow, n)
	}
	lastName, last := "", int32(-1)
	touch := newRowToucher(t, dcAsset, dcOn)
	for touch.next(im, t); im.nextRow(t); touch.next(im, t) {
		var ai int32
		if n := t.cell(dcAsset); n == lastName && last >= 0 {
			ai = last
		} else {
			var ok bool
			if ai, ok = im.importedAsset(t, dcAsset, refs, "dependencies"); !ok {
				continue
			}
			lastName, last = n, ai
		}
		a := &im.assets[ai]
		on := t.cell(dcOn)
		var sup *Asset
		if j, ok := im.byName.lookup(on); ok {
			sup = &im.assets[j]
		} else {
			sup = refs.asset(on)
		}
		if sup == nil {
			if on == "" {
				im.cellError(t, dcOn, "Missing supplier", "Every dependency row names its supplier in the on column.")
			} else {
				im.cellError(t, dcOn, "Reference to undeclared asset", fmt.Sprintf("No asset named %q is declared in this model.%s", on, im.didYouMean(on, "asset", refs)))
			}
			continue
		}
		if sup == a {
			im.cellError(t, dcOn, "Self-dependency", fmt.Sprintf("Asset %q cannot depend on itself.", a.Name))
			continue
		}
		gi := int(im.groupStart[ai])
		if g := t.cell(dcGroup); g != "" {
			found := -1
			for k, grp := range a.Groups[1:] {
				if grp.Name == g {
					found = gi + 1 + k
					break
				}
			}
			if found < 0 {
				names := make([]string, 0, len(a.Groups)-1)
				for _, grp := range a.Groups[1:] {
					names = append(names, grp.Name)
				}
				hint := "It has none; declare one in a needs file (asset,group,requires,backup)."
				if len(names) > 0 {
					hint = fmt.Sprintf("It has: %s.", strings.Join(names, ", "))
					hint += didYouMean(g, names)
				}
				im.cellError(t, dcGroup, "Unknown supply group", fmt.Sprintf("Asset %q has no supply group %q. %s Leave the cell empty for the asset's own group.", a.Name, g, hint))
				continue
			}
			gi = found
		}
		dep := Dependency{On: sup, Kind: Physical, Probability: DefaultProbability}
		good := true
		if s := t.cell(dcKind); s != "" {
			if k, ok := ParseKind(s); ok {
				dep.Kind = k
			} else {
				im.cellError(t, dcKind, "Invalid dependency kind", fmt.Sprintf("A dependency's kind is one of %s; got %q.%s", quoteList(kindNames[:]), s, didYouMean(s, kindNames[:])))
				good = false
			}
		}
		if s := t.cell(dcDelay); s != "" {
			if d, err := ParseDuration(s); err == nil {
				dep.Delay = d
			} else {
				im.cellError(t, dcDelay, "Invalid duration", durationDetail(err))
				good = false
			}
		}
		if s := t.cell(dcProbability); s != "" {
			v, err := strconv.ParseFloat(s, 64)
			switch {
			case err != nil || math.IsNaN(v) || strings.ContainsAny(s, "xXpP_"):
				im.cellError(t, dcProbability, "Invalid number", fmt.Sprintf("The probability column holds a decimal number between 0 and 1; got %q.", s))
				good = false
			case v < 0 || v > 1:
				im.cellError(t, dcProbability, "Invalid probability", fmt.Sprintf("A probability is between 0 and 1 inclusive; got %s.", fmtNum(v)))
				good = false
			default:
				dep.Probability = v
			}
		}
		if !good {
			continue
		}
		dep.DeclRange = rowSpan(t)
		im.deps = append(im.deps, dep)
		im.depGroup = append(im.depGroup, int32(gi))
		im.depRow = append(im.depRow, im.here(t))
	}
}
