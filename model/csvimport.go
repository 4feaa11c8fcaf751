package model

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
)

// CSV import (docs/import.md): an import block names CSV files of assets, of
// supply groups ("needs") and of dependencies, next to the model. Their rows
// become objects of the model like blocks do, and are validated the same way;
// every bad cell gets a diagnostic whose range is the cell in the CSV file.
//
// The import is built for size (a million rows in well under a second per file):
// each file is read once into one string, cells are substrings of it, the
// imported assets, groups and dependencies are allocated in slabs, and the only
// map is one from imported asset name to row. Positions of cells are computed
// again from the row's offset when a diagnostic needs them.
//
// An import runs in phases that the loader calls in order:
//
//  1. readAssets for every assets file: rows, names, duplicates among rows;
//  2. the loader merges the imported names with the HCL ones, sorts them and
//     sets every Asset's Index (setIndex for imported ones);
//  3. decodeAssets, once sectors and organizations are built;
//  4. readNeeds for every needs file, then makeGroups;
//  5. readDependencies for every dependencies file;
//  6. finish: groups get their dependencies, requires is checked against the
//     number of suppliers, duplicate suppliers are reported.

// Limits of CSV import.
const (
	// MaxCSVCell is the largest cell accepted in an imported CSV file, in bytes.
	MaxCSVCell = 1 << 20
	// maxCSVErrors is how many errors of one CSV file are reported.
	maxCSVErrors = 50
	// maxCSVSuggestions bounds the "did you mean" searches of one import,
	// each of which compares a name with every name of its kind.
	maxCSVSuggestions = 20
	// maxSuggestionCandidates is the largest set of names searched for a
	// "did you mean".
	maxSuggestionCandidates = 10000
)

// Columns of the imported tables, named after the HCL attributes.
var (
	assetColumns      = []string{"name", "sector", "label", "operator", "country", "region", "lat", "lon", "tags", "weight", "requires", "backup", "repair", "recover", "restart", "priority"}
	needsColumns      = []string{"asset", "group", "requires", "backup"}
	dependencyColumns = []string{"asset", "on", "kind", "delay", "probability", "group"}
)

// Column indexes of assetColumns.
const (
	acName = iota
	acSector
	acLabel
	acOperator
	acCountry
	acRegion
	acLat
	acLon
	acTags
	acWeight
	acRequires
	acBackup
	acRepair
	acRecover
	acRestart
	acPriority
)

// Column indexes of needsColumns.
const (
	ncAsset = iota
	ncGroup
	ncRequires
	ncBackup
)

// Column indexes of dependencyColumns.
const (
	dcAsset = iota
	dcOn
	dcKind
	dcDelay
	dcProbability
	dcGroup
)

// --- tables ---

// csvTable is one imported CSV file: its reader and where its columns are.
type csvTable struct {
	*csvReader
	// col maps a column of the table's kind to its cell index in a row, or -1.
	col []int
	// names are the column names of the table's kind, by column: the errors
	// about a cell name its column.
	names []string
	// width is the number of cells of the header, and of every row.
	width  int
	errors int   // errors reported so far
	index  int32 // in csvImporter.tables
	// file is the table's file name, shared by the spans of its rows.
	file *string
}

// cell returns the trimmed cell of column c of the current row, "" when the
// table has no such column.
func (t *csvTable) cell(c int) string {
	if i := t.col[c]; i >= 0 {
		return strings.TrimSpace(t.cells[i])
	}
	return ""
}

// rowRef locates a row of an imported file, so that the ranges of its cells can
// be computed again.
type rowRef struct {
	table int32 // index into csvImporter.tables
	line  int32
	off   int
}

// csvImporter imports the CSV files of a model. See the phases above.
type csvImporter struct {
	tables []*csvTable
	diags  hcl.Diagnostics

	// Assets, in the order of their rows.
	assets   []Asset
	assetRow []rowRef
	byName   *nameIndex // imported asset name → index into assets

	// raw cells of each asset row that need the rest of the model to decode.
	raw []assetCells

	needs []needsRow // from the needs files, in file order

	// Groups of imported assets: each asset's own group, then its needs groups.
	groups      []SupplyGroup
	groupPtrs   []*SupplyGroup
	groupReq    []string // requires as written, per group
	groupRow    []rowRef // the asset row or needs row that declared it
	groupReqCol []int    // column of requires in that row's table
	groupStart  []int32  // first group of each imported asset; one more at the end

	// Dependencies of imported assets in file order, with their group.
	deps     []Dependency
	depGroup []int32 // index into groups
	depRow   []rowRef

	suggestions int
	touched     int32 // what rowToucher read, kept so that its reads are not dropped
}

// assetCells are the cells of an asset row decoded in phase 3.
type assetCells struct {
	sector, operator, country, lat, lon, tags, weight string
	requires, backup                                  string // of the asset's own group
	repair, recover, restart, priority                string // restoration
}

// needsRow is one row of a needs file.
type needsRow struct {
	asset    int32
	name     string
	requires string
	backup   int64
	row      rowRef
}

// importRefs is what an import needs from the rest of the model.
type importRefs struct {
	sector       func(name string) *Sector
	organization func(name string) *Organization
	// asset returns the HCL asset named name, or nil.
	asset func(name string) *Asset
	// hclAsset reports whether name is declared by an HCL asset block, and where.
	hclAsset func(name string) (hcl.Range, bool)
	// names lists the names of a kind ("sector", "organization", "asset") for
	// suggestions.
	names func(kind string) []string
}

func newCSVImporter() *csvImporter {
	return &csvImporter{byName: &nameIndex{}}
}

// openTable checks a file's text and header. It returns nil (and reports) when
// the file cannot be imported at all.
func (im *csvImporter) openTable(name string, src string, kind string, columns []string, required ...int) *csvTable {
	if d := checkCSVText(name, src); d != nil {
		im.diags = append(im.diags, d)
		return nil
	}
	r := newCSVReader(name, src)
	ok, d := r.next()
	if d != nil {
		im.diags = append(im.diags, d)
		return nil
	}
	if !ok {
		pos := hcl.Pos{Line: 1, Column: 1}
		im.diags = append(im.diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Empty CSV file",
			Detail:   fmt.Sprintf("%s is empty. An imported %s file starts with a header row naming its columns: %s.", name, kind, strings.Join(columns, ",")),
			Subject:  &hcl.Range{Filename: name, Start: pos, End: pos},
		})
		return nil
	}
	t := &csvTable{csvReader: r, col: make([]int, len(columns)), names: columns, width: len(r.cells), file: new(r.name)}
	for i := range t.col {
		t.col[i] = -1
	}
	good := true
	for i, h := range r.cells {
		h = strings.TrimSpace(h)
		rng := func() *hcl.Range {
			x := csvRange(name, src, r.rowOff, r.rowLine, r.spans[2*i], r.spans[2*i+1])
			return &x
		}
		if strings.HasPrefix(h, "_") {
			continue // ignored column
		}
		c := slices.Index(columns, h)
		switch {
		case c < 0:
			hint := didYouMean(h, columns)
			im.diags = append(im.diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Unknown column",
				Detail:   fmt.Sprintf("An imported %s file has the columns %s; %q is none of them.%s Columns whose name starts with _ are ignored.", kind, strings.Join(columns, ", "), h, hint),
				Subject:  rng(),
			})
			good = false
		case t.col[c] >= 0:
			im.diags = append(im.diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Duplicate column",
				Detail:   fmt.Sprintf("The column %q appears twice in the header of %s.", h, name),
				Subject:  rng(),
			})
			good = false
		default:
			t.col[c] = i
		}
	}
	for _, c := range required {
		if t.col[c] < 0 && good {
			rng := csvRange(name, src, r.rowOff, r.rowLine, r.rowOff, r.spans[len(r.spans)-1])
			im.diags = append(im.diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Missing column",
				Detail:   fmt.Sprintf("An imported %s file needs a %q column; the header of %s has none.", kind, columns[c], name),
				Subject:  &rng,
			})
			good = false
		}
	}
	if !good {
		return nil
	}
	t.index = int32(len(im.tables))
	im.tables = append(im.tables, t)
	return t
}

// nextRow reads the next row of t with the header's number of cells. It
// reports and skips rows that are malformed.
func (im *csvImporter) nextRow(t *csvTable) bool {
	for {
		ok, d := t.next()
		if !ok {
			return false
		}
		if d != nil {
			im.report(t, d)
			continue
		}
		if len(t.cells) != t.width {
			rng := csvRange(t.name, t.src, t.rowOff, t.rowLine, t.rowOff, t.spans[len(t.spans)-1])
			im.report(t, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Wrong number of cells",
				Detail:   fmt.Sprintf("This row has %d cells, but the header has %d. Every row has one cell per column; quote cells that contain commas.", len(t.cells), t.width),
				Subject:  &rng,
			})
			continue
		}
		return true
	}
}

// rowToucher touches, a batch of rows ahead of the reader, the slots of the
// name index of the names that the cells of some columns hold (nameIndex.touch):
// the lookups of names in file order, a cache miss each, then find them in the
// cache. It works on files without double quotes, where a line is a row and
// the cells of a line are found by counting commas; elsewhere it does nothing.
// What it finds is only a hint: a wrong one costs a read, never a result.
type rowToucher struct {
	cols  []int // cells of a row to touch, by position in the row
	ahead int   // offset of the first line not yet touched
	rows  int   // rows read
	batch [touchBatch]string
	last  []string // the names of the last batch touched
}

// newRowToucher returns a rowToucher for the columns cols of t (csvTable.col).
func newRowToucher(t *csvTable, cols ...int) *rowToucher {
	r := &rowToucher{ahead: t.pos}
	if strings.IndexByte(t.src[t.pos:t.end], '"') >= 0 {
		return r
	}
	for _, c := range cols {
		if t.col[c] >= 0 {
			r.cols = append(r.cols, t.col[c])
		}
	}
	return r
}

// next is called before each row is read: at the start of a batch of rows it
// touches the names of the lines ahead.
func (r *rowToucher) next(im *csvImporter, t *csvTable) {
	r.rows++
	if len(r.cols) == 0 || (r.rows-1)%(touchBatch/len(r.cols)) != 0 {
		return
	}
	src := t.src[:t.end]
	pos := max(r.ahead, t.pos)
	batch := r.batch[:0]
	for len(batch)+len(r.cols) <= touchBatch && pos < len(src) {
		line := src[pos:]
		if i := strings.IndexByte(line, '\n'); i >= 0 {
			line = line[:i]
		}
		pos += len(line) + 1
		for _, c := range r.cols {
			cell := line
			for range c {
				if i := strings.IndexByte(cell, ','); i >= 0 {
					cell = cell[i+1:]
				} else {
					cell = ""
				}
			}
			if i := strings.IndexByte(cell, ','); i >= 0 {
				cell = cell[:i]
			}
			batch = append(batch, strings.TrimSpace(cell))
		}
	}
	r.ahead, r.last = pos, batch
	im.touched += im.byName.touch(batch)
}

// report adds a diagnostic of table t, up to maxCSVErrors per file.
func (im *csvImporter) report(t *csvTable, d *hcl.Diagnostic) {
	t.errors++
	if t.errors <= maxCSVErrors {
		im.diags = append(im.diags, d)
	}
}

// closeTable reports how many errors of t were not shown.
func (im *csvImporter) closeTable(t *csvTable) {
	if t.errors > maxCSVErrors {
		pos := hcl.Pos{Line: 1, Column: 1}
		im.diags = append(im.diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Too many errors",
			Detail:   fmt.Sprintf("%d more errors in %s are not shown.", t.errors-maxCSVErrors, t.name),
			Subject:  &hcl.Range{Filename: t.name, Start: pos, End: pos},
		})
	}
}

// here returns a reference to the current row of t.
func (im *csvImporter) here(t *csvTable) rowRef {
	return rowRef{table: t.index, line: int32(t.rowLine), off: t.rowOff}
}

// inColumn prefixes the detail of an error about a cell of column c with the
// column's name, as docs/import.md promises: the printed diagnostic shows the
// file, the line and the row, but not which of its cells is wrong.
func (t *csvTable) inColumn(c int, detail string) string {
	return fmt.Sprintf("Column %q: %s", t.names[c], detail)
}

// cellError reports an error at column c of the current row of t.
func (im *csvImporter) cellError(t *csvTable, c int, summary, detail string) {
	if t.errors >= maxCSVErrors {
		t.errors++
		return
	}
	start, end := t.rowOff, t.rowOff
	if i := t.col[c]; i >= 0 && 2*i+1 < len(t.spans) {
		start, end = t.spans[2*i], t.spans[2*i+1]
	}
	rng := csvRange(t.name, t.src, t.rowOff, t.rowLine, start, end)
	im.report(t, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: t.inColumn(c, detail), Subject: &rng})
}

// rowCellError reports an error at column c of an earlier row, read again.
func (im *csvImporter) rowCellError(ref rowRef, c int, summary, detail string) {
	t := im.tables[ref.table]
	if t.errors >= maxCSVErrors {
		t.errors++
		return
	}
	r := &csvReader{name: t.name, src: t.src, pos: ref.off, line: int(ref.line), end: len(t.src)}
	r.next()
	i := t.col[c]
	var rng hcl.Range
	if i >= 0 && 2*i+1 < len(r.spans) {
		rng = csvRange(t.name, t.src, ref.off, int(ref.line), r.spans[2*i], r.spans[2*i+1])
	} else {
		rng = csvRange(t.name, t.src, ref.off, int(ref.line), ref.off, ref.off)
	}
	im.report(t, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: t.inColumn(c, detail), Subject: &rng})
}

// rowSpan is the span of the current row of t, for DeclRange.
func rowSpan(t *csvTable) Span { return spanIn(t.file, rowRange(t)) }

// rowRange is the range of the current row of t.
func rowRange(t *csvTable) hcl.Range {
	start := hcl.Pos{Line: t.rowLine, Column: 1, Byte: t.rowOff}
	end := t.spans[len(t.spans)-1]
	if t.line == t.rowLine || t.line == t.rowLine+1 && end < len(t.src) && (t.src[end] == '\n' || t.src[end] == '\r') {
		// the common case: a row on one line
		return hcl.Range{Filename: t.name, Start: start, End: hcl.Pos{Line: t.rowLine, Column: 1 + utf8.RuneCountInString(t.src[t.rowOff:end]), Byte: end}}
	}
	return csvRange(t.name, t.src, t.rowOff, t.rowLine, t.rowOff, end)
}
