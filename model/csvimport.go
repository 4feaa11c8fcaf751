package model

import (
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/agext/levenshtein"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
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
	assetColumns      = []string{"name", "sector", "label", "operator", "country", "region", "lat", "lon", "tags", "weight", "requires", "backup"}
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

// --- reading CSV ---

// csvReader reads the rows of a CSV file held in memory (RFC 4180: commas,
// double quotes with "" inside, LF or CRLF line ends; a UTF-8 byte order mark
// at the start is skipped; empty lines are skipped). It keeps the byte offsets
// of every cell of the current row.
type csvReader struct {
	name string
	src  string
	pos  int // offset of the next byte
	line int // line of pos, from 1

	end             int      // offset where reading stops: len(src), or the end of a chunk
	rowOff, rowLine int      // where the current row starts
	cells           []string // the current row's cells, unquoted
	spans           []int    // start and end offset of each cell, quotes included
}

func newCSVReader(name, src string) *csvReader {
	r := &csvReader{name: name, src: src, line: 1, end: len(src)}
	if strings.HasPrefix(src, "\uFEFF") {
		r.pos = 3
	}
	return r
}

// next reads the next row. It returns false at the end of the file. A row that
// breaks the CSV syntax or holds a cell larger than MaxCSVCell yields a
// diagnostic; the reader then goes on at the next line.
func (r *csvReader) next() (bool, *hcl.Diagnostic) {
	src := r.src[:r.end]
	for r.pos < len(src) {
		switch {
		case src[r.pos] == '\n':
			r.pos++
			r.line++
			continue
		case src[r.pos] == '\r' && r.pos+1 < len(src) && src[r.pos+1] == '\n':
			r.pos += 2
			r.line++
			continue
		}
		break
	}
	if r.pos >= len(src) {
		return false, nil
	}
	r.rowOff, r.rowLine = r.pos, r.line
	r.cells, r.spans = r.cells[:0], r.spans[:0]
	for {
		start := r.pos
		var cell string
		if start < len(src) && src[start] == '"' {
			i := start + 1
			escaped := false
			for {
				j := strings.IndexByte(src[i:], '"')
				if j < 0 {
					d := r.errorAt(start, len(src), "Unterminated quoted cell", "This cell opens a double quote that is never closed. Close it, or write a literal quote inside a quoted cell as \"\".")
					r.line += strings.Count(src[start:], "\n")
					r.pos = r.end
					return true, d
				}
				i += j
				if i+1 < len(src) && src[i+1] == '"' {
					escaped = true
					i += 2
					continue
				}
				break
			}
			cell = src[start+1 : i]
			r.line += strings.Count(cell, "\n")
			r.pos = i + 1
			if len(cell) > MaxCSVCell {
				return true, r.skipRow(start, r.pos, "Cell too large", fmt.Sprintf("This cell holds %d bytes; cells hold at most %d.", len(cell), MaxCSVCell))
			}
			if escaped {
				cell = strings.ReplaceAll(cell, `""`, `"`)
			}
		} else {
			i := start
			quote := -1
			for i < len(src) {
				c := src[i]
				if c == ',' || c == '\n' || c == '\r' && i+1 < len(src) && src[i+1] == '\n' {
					break
				}
				if c == '"' && quote < 0 {
					quote = i
				}
				i++
			}
			r.pos = i
			if quote >= 0 {
				return true, r.skipRow(quote, quote+1, "Quote inside an unquoted cell", "A double quote may only appear in a cell that is quoted as a whole: write \"a \"\"quoted\"\" word\".")
			}
			if i-start > MaxCSVCell {
				return true, r.skipRow(start, i, "Cell too large", fmt.Sprintf("This cell holds %d bytes; cells hold at most %d.", i-start, MaxCSVCell))
			}
			cell = src[start:i]
		}
		r.cells = append(r.cells, cell)
		r.spans = append(r.spans, start, r.pos)
		if r.pos >= len(src) {
			return true, nil
		}
		switch src[r.pos] {
		case ',':
			r.pos++
		case '\n':
			r.pos++
			r.line++
			return true, nil
		case '\r':
			if r.pos+1 < len(src) && src[r.pos+1] == '\n' {
				r.pos += 2
				r.line++
				return true, nil
			}
			return true, r.skipRow(r.pos, r.pos+1, "Text after a quoted cell", "A quoted cell ends at its closing quote; put the comma right after it, or move the text inside the quotes.")
		default:
			return true, r.skipRow(r.pos, r.pos+1, "Text after a quoted cell", "A quoted cell ends at its closing quote; put the comma right after it, or move the text inside the quotes.")
		}
	}
}

// skipRow reports a syntax error in the current row at [start, end) and moves
// to the next line.
func (r *csvReader) skipRow(start, end int, summary, detail string) *hcl.Diagnostic {
	d := r.errorAt(start, end, summary, detail)
	if i := strings.IndexByte(r.src[r.pos:r.end], '\n'); i >= 0 {
		r.pos += i + 1
		r.line++
	} else {
		r.pos = r.end
	}
	return d
}

func (r *csvReader) errorAt(start, end int, summary, detail string) *hcl.Diagnostic {
	rng := csvRange(r.name, r.src, r.rowOff, r.rowLine, start, end)
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: &rng}
}

// csvPos is the position of byte off of src, in a row that starts at rowOff on
// line rowLine. Columns count characters from 1, as HCL's do.
func csvPos(src string, rowOff, rowLine, off int) hcl.Pos {
	off = min(off, len(src))
	lineStart := rowOff
	line := rowLine
	for i := rowOff; i < off; i++ {
		if src[i] == '\n' {
			line++
			lineStart = i + 1
		}
	}
	return hcl.Pos{Line: line, Column: 1 + utf8.RuneCountInString(src[lineStart:off]), Byte: off}
}

// csvRange is the range [start, end) of a file, in a row that starts at rowOff
// on line rowLine.
func csvRange(name, src string, rowOff, rowLine, start, end int) hcl.Range {
	s := csvPos(src, rowOff, rowLine, start)
	e := s
	if end > start {
		e = csvPos(src, rowOff, rowLine, end)
	}
	return hcl.Range{Filename: name, Start: s, End: e}
}

// checkCSVText reports a file that is not UTF-8 text without NUL bytes, at the
// first offending byte.
func checkCSVText(name, src string) *hcl.Diagnostic {
	if utf8.ValidString(src) && strings.IndexByte(src, 0) < 0 {
		return nil
	}
	line, lineStart := 1, 0
	for i := 0; i < len(src); {
		c, size := utf8.DecodeRuneInString(src[i:])
		if c == utf8.RuneError && size <= 1 || c == 0 {
			what := "is not valid UTF-8"
			if c == 0 {
				what = "contains a NUL byte"
			}
			hint := " Save it as UTF-8 CSV."
			if strings.HasPrefix(src, "\xff\xfe") || strings.HasPrefix(src, "\xfe\xff") {
				hint = " It looks like UTF-16; save it as UTF-8 CSV."
			}
			pos := hcl.Pos{Line: line, Column: 1 + utf8.RuneCountInString(src[lineStart:i]), Byte: i}
			return &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Not a text file",
				Detail:   fmt.Sprintf("%s %s at line %d.%s", name, what, line, hint),
				Subject:  &hcl.Range{Filename: name, Start: pos, End: pos},
			}
		}
		if c == '\n' {
			line++
			lineStart = i + 1
		}
		i += size
	}
	return nil
}

// --- tables ---

// csvTable is one imported CSV file: its reader and where its columns are.
type csvTable struct {
	*csvReader
	// col maps a column of the table's kind to its cell index in a row, or -1.
	col []int
	// width is the number of cells of the header, and of every row.
	width  int
	errors int   // errors reported so far
	index  int32 // in csvImporter.tables
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
	byName   map[string]int32 // imported asset name → index into assets

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
}

// assetCells are the cells of an asset row decoded in phase 3.
type assetCells struct {
	sector, operator, country, lat, lon, tags, weight string
	requires, backup                                  string // of the asset's own group
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
	return &csvImporter{byName: map[string]int32{}}
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
	t := &csvTable{csvReader: r, col: make([]int, len(columns)), width: len(r.cells)}
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
		c := indexOf(columns, h)
		switch {
		case c < 0:
			hint := ""
			if s := closestName(h, columns); s != "" {
				hint = fmt.Sprintf(" Did you mean %q?", s)
			}
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
	im.report(t, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: &rng})
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
	im.report(t, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: &rng})
}

// rowRange is the range of the current row of t, for DeclRange.
func rowRange(t *csvTable) hcl.Range {
	start := hcl.Pos{Line: t.rowLine, Column: 1, Byte: t.rowOff}
	end := t.spans[len(t.spans)-1]
	if t.line == t.rowLine || t.line == t.rowLine+1 && end < len(t.src) && (t.src[end] == '\n' || t.src[end] == '\r') {
		// the common case: a row on one line
		return hcl.Range{Filename: t.name, Start: start, End: hcl.Pos{Line: t.rowLine, Column: 1 + utf8.RuneCountInString(t.src[t.rowOff:end]), Byte: end}}
	}
	return csvRange(t.name, t.src, t.rowOff, t.rowLine, t.rowOff, end)
}

// --- phase 1: asset rows ---

// readAssets reads an assets file: every row becomes an Asset with its name
// and DeclRange; hclAsset tells the names of HCL asset blocks, which imported
// names must not repeat.
func (im *csvImporter) readAssets(name, src string, hclAsset func(string) (hcl.Range, bool)) {
	t := im.openTable(name, src, "assets", assetColumns, acName, acSector)
	if t == nil {
		return
	}
	// Most files are regular: reserve for one row per line.
	if n := strings.Count(src, "\n"); cap(im.assets)-len(im.assets) < n {
		im.assets = growCap(im.assets, n)
		im.assetRow = growCap(im.assetRow, n)
		im.raw = growCap(im.raw, n)
		if len(im.byName) == 0 {
			im.byName = make(map[string]int32, n)
		}
	}
	for im.nextRow(t) {
		n := t.cell(acName)
		switch {
		case n == "":
			im.cellError(t, acName, "Missing name", "Every imported asset has a name.")
			continue
		case !validName(n):
			im.cellError(t, acName, "Invalid name", fmt.Sprintf("%q is not a valid asset name: a name starts with a letter or underscore and holds only letters, digits, underscores and dashes, so that it can be referred to as asset.NAME.", n))
			continue
		}
		if prev, ok := im.byName[n]; ok {
			im.cellError(t, acName, fmt.Sprintf("Duplicate asset %q", n), fmt.Sprintf("An asset named %q was already declared at %s. Names must be unique among the assets of a model, across all its files.", n, csvAt(im.assets[prev].DeclRange)))
			continue
		}
		if rng, ok := hclAsset(n); ok {
			im.cellError(t, acName, fmt.Sprintf("Duplicate asset %q", n), fmt.Sprintf("An asset named %q was already declared at %s. Names must be unique among the assets of a model, across all its files.", n, csvAt(rng)))
			continue
		}
		label := n
		if l := t.cell(acLabel); l != "" {
			label = l
		}
		n = strings.Clone(n) // names packed together: lookups touch less memory
		im.byName[n] = int32(len(im.assets))
		im.assets = append(im.assets, Asset{Name: n, Label: label, Region: t.cell(acRegion), Weight: DefaultWeight, DeclRange: rowRange(t)})
		im.assetRow = append(im.assetRow, im.here(t))
		im.raw = append(im.raw, assetCells{
			sector: t.cell(acSector), operator: t.cell(acOperator), country: t.cell(acCountry),
			lat: t.cell(acLat), lon: t.cell(acLon), tags: t.cell(acTags), weight: t.cell(acWeight),
			requires: t.cell(acRequires), backup: t.cell(acBackup),
		})
	}
}

// validName reports whether s is a valid name of an object
// (hclsyntax.ValidIdentifier), quickly for ASCII names.
func validName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_':
		case (c >= '0' && c <= '9' || c == '-') && i > 0:
		case c >= utf8.RuneSelf:
			return hclsyntax.ValidIdentifier(s)
		default:
			return false
		}
	}
	return true
}

func growCap[T any](s []T, n int) []T {
	out := make([]T, len(s), len(s)+n)
	copy(out, s)
	return out
}

func indexOf(xs []string, x string) int {
	for i, y := range xs {
		if y == x {
			return i
		}
	}
	return -1
}

// --- phase 2 is the loader's: setIndex ---

// setIndex sets the Index of imported asset i, once the loader has sorted all
// assets of the model by name.
func (im *csvImporter) setIndex(i int32, index int) {
	im.assets[i].Index = index
}

// --- phase 3: decode asset cells ---

// decodeAssets decodes the cells of every asset row that refer to the rest of
// the model or need checking: sector, operator (and the country it implies),
// country, location, tags and weight.
func (im *csvImporter) decodeAssets(refs importRefs) {
	var tagSlab []string
	var locSlab []Location // never grows: allocated for the rest of the assets
	for i := range im.assets {
		a := &im.assets[i]
		raw := &im.raw[i]
		ref := im.assetRow[i]
		if raw.sector == "" {
			im.rowCellError(ref, acSector, "Missing sector", fmt.Sprintf("Asset %q has no sector; every asset belongs to one.", a.Name))
		} else if a.Sector = refs.sector(raw.sector); a.Sector == nil {
			im.rowCellError(ref, acSector, "Reference to undeclared sector", fmt.Sprintf("No sector named %q is declared in this model.%s", raw.sector, im.didYouMean(raw.sector, "sector", refs)))
		}
		if raw.operator != "" {
			if a.Operator = refs.organization(raw.operator); a.Operator == nil {
				im.rowCellError(ref, acOperator, "Reference to undeclared organization", fmt.Sprintf("No organization named %q is declared in this model.%s", raw.operator, im.didYouMean(raw.operator, "organization", refs)))
			} else {
				a.Country = a.Operator.Country
			}
		}
		if raw.country != "" {
			if csvCountry.MatchString(raw.country) {
				a.Country = raw.country
			} else {
				hint := ""
				if up := strings.ToUpper(raw.country); csvCountry.MatchString(up) {
					hint = fmt.Sprintf(" Did you mean %q?", up)
				}
				im.rowCellError(ref, acCountry, "Invalid country code", fmt.Sprintf("Country codes are ISO 3166-1 alpha-2, two upper-case letters such as \"JP\" or \"US\"; got %q.%s", raw.country, hint))
			}
		}
		if raw.lat != "" || raw.lon != "" {
			lat, okLat := im.coordinate(ref, acLat, raw.lat, "lat", "latitude", 90)
			lon, okLon := im.coordinate(ref, acLon, raw.lon, "lon", "longitude", 180)
			if okLat && okLon {
				if locSlab == nil {
					locSlab = make([]Location, 0, len(im.assets)-i)
				}
				locSlab = append(locSlab, Location{Lat: lat, Lon: lon})
				a.Location = &locSlab[len(locSlab)-1]
			}
		}
		if raw.tags != "" {
			start := len(tagSlab)
			for tag := range strings.SplitSeq(raw.tags, ";") {
				tag = strings.TrimSpace(tag)
				if tag != "" && indexOf(tagSlab[start:], tag) < 0 {
					tagSlab = append(tagSlab, tag)
				}
			}
			a.Tags = tagSlab[start:len(tagSlab):len(tagSlab)]
		}
		if raw.weight != "" {
			if w, ok := im.number(ref, acWeight, raw.weight, "weight"); ok {
				if w > 0 {
					a.Weight = w
				} else {
					im.rowCellError(ref, acWeight, "Invalid weight", fmt.Sprintf("An asset's weight is its share of its sector and must be more than 0; got %s.", csvNum(w)))
				}
			}
		}
	}
}

// coordinate decodes a latitude or longitude cell.
func (im *csvImporter) coordinate(ref rowRef, c int, s, col, what string, limit float64) (float64, bool) {
	if s == "" {
		other := "lon"
		if col == "lon" {
			other = "lat"
		}
		im.rowCellError(ref, c, "Incomplete location", fmt.Sprintf("This row gives %s but no %s; give both, or neither.", other, col))
		return 0, false
	}
	v, ok := im.number(ref, c, s, col)
	if !ok {
		return 0, false
	}
	if v < -limit || v > limit {
		im.rowCellError(ref, c, "Invalid "+what, fmt.Sprintf("A %s is in degrees between -%g and %g; got %s.", what, limit, limit, csvNum(v)))
		return 0, false
	}
	return v, true
}

// number decodes a finite decimal number.
func (im *csvImporter) number(ref rowRef, c int, s, col string) (float64, bool) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) || strings.ContainsAny(s, "xXpP_") {
		im.rowCellError(ref, c, "Invalid number", fmt.Sprintf("The %s column holds a decimal number, such as 0.5 or 12; got %q.", col, s))
		return 0, false
	}
	return v, true
}

// closestName returns the candidate within an edit distance of 2 of name, or
// "" when there is none.
func closestName(name string, candidates []string) string {
	best, bestDist := "", 3
	for _, c := range candidates {
		if d := levenshtein.Distance(name, c, nil); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// didYouMean suggests a name of kind close to name, a bounded number of times
// per import.
func (im *csvImporter) didYouMean(name, kind string, refs importRefs) string {
	if im.suggestions >= maxCSVSuggestions || refs.names == nil {
		return ""
	}
	im.suggestions++
	names := refs.names(kind)
	if len(names) > maxSuggestionCandidates {
		return ""
	}
	best := closestName(name, names)
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" Did you mean %q?", best)
}

// --- phase 4: supply groups ---

// readNeeds reads a needs file: named supply groups of imported assets.
func (im *csvImporter) readNeeds(name, src string, refs importRefs) {
	t := im.openTable(name, src, "needs", needsColumns, ncAsset, ncGroup)
	if t == nil {
		return
	}
	for im.nextRow(t) {
		asset, ok := im.importedAsset(t, ncAsset, refs, "supply groups")
		if !ok {
			continue
		}
		g := t.cell(ncGroup)
		if !validName(g) {
			im.cellError(t, ncGroup, "Invalid supply group name", fmt.Sprintf("%q is not a valid supply group name: a name starts with a letter or underscore and holds only letters, digits, underscores and dashes.", g))
			continue
		}
		var backup int64
		if s := t.cell(ncBackup); s != "" {
			d, err := ParseDuration(s)
			if err != nil {
				im.cellError(t, ncBackup, "Invalid duration", durationDetail(err))
				continue
			}
			backup = d
		}
		im.needs = append(im.needs, needsRow{asset: asset, name: g, requires: t.cell(ncRequires), backup: backup, row: im.here(t)})
	}
}

func durationDetail(err error) string {
	return fmt.Sprintf("%s. A duration is one or more <number><unit> parts, units s, m, h, d and w, such as \"90m\" or \"1d12h\"; \"0\" is allowed.", csvCapitalize(err.Error()))
}

// importedAsset resolves the asset cell of a needs or dependencies row, which
// must name an imported asset.
func (im *csvImporter) importedAsset(t *csvTable, c int, refs importRefs, what string) (int32, bool) {
	n := t.cell(c)
	if i, ok := im.byName[n]; ok {
		return i, true
	}
	if n == "" {
		im.cellError(t, c, "Missing asset", "Every row names the asset it belongs to.")
		return 0, false
	}
	if rng, ok := refs.hclAsset(n); ok {
		im.cellError(t, c, "Asset declared in HCL", fmt.Sprintf("Asset %q is declared by an asset block at %s; declare its %s in that block. Imported rows can only add to imported assets (they can depend on HCL assets through the on column).", n, csvAt(rng), what))
		return 0, false
	}
	im.cellError(t, c, "Reference to undeclared asset", fmt.Sprintf("No asset named %q is declared in this model.%s", n, im.didYouMean(n, "asset", refs)))
	return 0, false
}

// makeGroups creates the supply groups of every imported asset: its own group,
// with requires and backup from the asset row, then its needs groups in file
// order. It reports duplicate needs rows.
func (im *csvImporter) makeGroups() {
	count := make([]int32, len(im.assets)+1)
	for _, n := range im.needs {
		count[n.asset]++
	}
	total := len(im.assets) + len(im.needs)
	im.groups = make([]SupplyGroup, total)
	im.groupPtrs = make([]*SupplyGroup, total)
	im.groupReq = make([]string, total)
	im.groupRow = make([]rowRef, total)
	im.groupReqCol = make([]int, total)
	// start[i] is the first group of asset i.
	start := make([]int32, len(im.assets)+1)
	for i := range im.assets {
		start[i+1] = start[i] + 1 + count[i]
	}
	for i := range im.groups {
		im.groupPtrs[i] = &im.groups[i]
	}
	// Own groups: requires and backup from the asset row.
	for i := range im.assets {
		a := &im.assets[i]
		gi := start[i]
		g := &im.groups[gi]
		*g = SupplyGroup{RequiresMode: "all", DeclRange: a.DeclRange}
		im.groupReq[gi] = im.raw[i].requires
		im.groupRow[gi] = im.assetRow[i]
		im.groupReqCol[gi] = acRequires
		if s := im.raw[i].backup; s != "" {
			if d, err := ParseDuration(s); err == nil {
				g.Backup = d
			} else {
				im.rowCellError(im.assetRow[i], acBackup, "Invalid duration", durationDetail(err))
			}
		}
		a.Groups = im.groupPtrs[gi : gi+1 : start[i+1]]
	}
	im.raw = nil
	im.groupStart = start
	for _, n := range im.needs {
		a := &im.assets[n.asset]
		dup := false
		for _, g := range a.Groups[1:] {
			if g.Name == n.name {
				im.rowCellError(n.row, ncGroup, "Duplicate supply group", fmt.Sprintf("Asset %q already has a supply group %q at %s; merge the two rows.", a.Name, n.name, csvAt(g.DeclRange)))
				dup = true
				break
			}
		}
		if dup {
			continue
		}
		gi := int(start[n.asset]) + len(a.Groups)
		t := im.tables[n.row.table]
		im.groups[gi] = SupplyGroup{Name: n.name, RequiresMode: "all", Backup: n.backup, DeclRange: csvRange(t.name, t.src, n.row.off, int(n.row.line), n.row.off, lineEnd(t.src, n.row.off))}
		im.groupReq[gi] = n.requires
		im.groupRow[gi] = n.row
		im.groupReqCol[gi] = ncRequires
		a.Groups = a.Groups[:len(a.Groups)+1]
	}
	im.needs = nil
}

// lineEnd is the offset of the end of the line at off, without its line break.
func lineEnd(src string, off int) int {
	i := strings.IndexByte(src[off:], '\n')
	if i < 0 {
		return len(src)
	}
	end := off + i
	if end > off && src[end-1] == '\r' {
		end--
	}
	return end
}

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
	for im.nextRow(t) {
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
		if j, ok := im.byName[on]; ok {
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
					if s := closestName(g, names); s != "" {
						hint += fmt.Sprintf(" Did you mean %q?", s)
					}
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
				hint := ""
				if s2 := closestName(s, kindNames[:]); s2 != "" {
					hint = fmt.Sprintf(" Did you mean %q?", s2)
				}
				im.cellError(t, dcKind, "Invalid dependency kind", fmt.Sprintf("A dependency's kind is one of %s; got %q.%s", csvQuoteList(kindNames[:]), s, hint))
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
				im.cellError(t, dcProbability, "Invalid probability", fmt.Sprintf("A probability is between 0 and 1 inclusive; got %s.", csvNum(v)))
				good = false
			default:
				dep.Probability = v
			}
		}
		if !good {
			continue
		}
		dep.DeclRange = rowRange(t)
		im.deps = append(im.deps, dep)
		im.depGroup = append(im.depGroup, int32(gi))
		im.depRow = append(im.depRow, im.here(t))
	}
}

// --- phase 6 ---

// finish gives every imported group its dependencies (in file order), checks
// requires against the number of suppliers and needs groups without any,
// reports suppliers named twice by one asset, and how many errors of each file
// were not shown.
func (im *csvImporter) finish() {
	n := len(im.groups)
	start := make([]int32, n+1)
	for _, g := range im.depGroup {
		start[g+1]++
	}
	for i := range n {
		start[i+1] += start[i]
	}
	ptrs := make([]*Dependency, len(im.deps))
	idx := make([]int32, len(im.deps)) // dependency index of each pointer
	fill := make([]int32, n)
	copy(fill, start[:n])
	for i, g := range im.depGroup {
		ptrs[fill[g]] = &im.deps[i]
		idx[fill[g]] = int32(i)
		fill[g]++
	}
	for i := range im.groups {
		g := &im.groups[i]
		g.Dependencies = ptrs[start[i]:start[i+1]:start[i+1]]
	}
	// Duplicate suppliers over all groups of an asset: its groups are
	// consecutive, so its dependencies are idx[lo:hi].
	var seen map[*Asset]int32
	for i := range im.assets {
		a := &im.assets[i]
		lo, hi := start[im.groupStart[i]], start[im.groupStart[i+1]]
		ds := idx[lo:hi]
		if len(ds) > 64 && seen == nil {
			seen = map[*Asset]int32{}
		}
		for j, di := range ds {
			d := &im.deps[di]
			prev := int32(-1)
			if len(ds) > 64 {
				if p, ok := seen[d.On]; ok {
					prev = p
				} else {
					seen[d.On] = di
				}
			} else {
				for _, pi := range ds[:j] {
					if im.deps[pi].On == d.On {
						prev = pi
						break
					}
				}
			}
			if prev >= 0 {
				im.rowCellError(im.depRow[di], dcOn, "Duplicate supplier", fmt.Sprintf("Asset %q already names %q as a supplier at %s. An asset names each supplier once, in one supply group; use a probability or delay on that dependency instead.", a.Name, d.On.Name, csvAt(im.deps[prev].DeclRange)))
			}
		}
		if len(ds) > 64 {
			clear(seen)
		}
	}
	for i := range im.groups {
		im.checkRequires(i)
	}
	for _, t := range im.tables {
		im.closeTable(t)
	}
}

// checkRequires decodes the requires of group i against its number of suppliers.
func (im *csvImporter) checkRequires(i int) {
	g := &im.groups[i]
	n := len(g.Dependencies)
	g.Requires = n
	what := "the asset's own supply group"
	if g.Name != "" {
		what = fmt.Sprintf("supply group %q", g.Name)
		if n == 0 {
			im.report(im.tables[im.groupRow[i].table], &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Supply group without suppliers",
				Detail:   fmt.Sprintf("Supply group %q is declared here, but no dependency row names it. Add rows with group = %s to a dependencies file, or remove this row.", g.Name, g.Name),
				Subject:  g.DeclRange.Ptr(),
			})
			return
		}
	}
	s := im.groupReq[i]
	switch s {
	case "", "all":
		return
	case "any":
		g.RequiresMode, g.Requires = "any", min(1, n)
		return
	}
	ref, col := im.groupRow[i], im.groupReqCol[i]
	k, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		if f, ferr := strconv.ParseFloat(s, 64); ferr == nil && !math.IsNaN(f) {
			im.rowCellError(ref, col, "Invalid requires", fmt.Sprintf("requires = k needs a whole number of suppliers; got %s.", s))
		} else {
			im.rowCellError(ref, col, "Invalid requires", fmt.Sprintf("requires is \"all\", \"any\" or a whole number of suppliers; got %q.", s))
		}
		return
	}
	if k < 1 || k > int64(n) {
		if n == 0 {
			im.rowCellError(ref, col, "Invalid requires", fmt.Sprintf("requires = %d, but %s has no suppliers.", k, what))
			return
		}
		im.rowCellError(ref, col, "Invalid requires", fmt.Sprintf("requires = %d, but %s has %d supplier(s); k must be between 1 and %d.", k, what, n, n))
		return
	}
	g.RequiresMode, g.Requires = "k", int(k)
}

// MaxSnippetCSV is the largest imported file, in bytes, whose lines are quoted
// in printed diagnostics. HCL's diagnostic printer scans a file from its start
// for every diagnostic, about a second per 10 MB here; the diagnostics of larger
// files name the file, line and column without the snippet.
const MaxSnippetCSV = 256 << 10

// importedFile is the Nav of the hcl.File registered for an imported CSV
// file: its content, for the load cache.
type importedFile struct {
	src []byte
}

// importedHCLFile is the hcl.File registered with the parser for an imported
// file: its bytes, for snippets, when it is small.
func importedHCLFile(src []byte) *hcl.File {
	f := &hcl.File{Body: hcl.EmptyBody(), Nav: importedFile{src: src}}
	if len(src) <= MaxSnippetCSV {
		f.Bytes = src
	}
	return f
}

// --- small helpers, kept here so that the import does not depend on the
// loader's internals ---

var csvCountry = regexp.MustCompile(`^[A-Z]{2}$`)

func csvCapitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func csvQuoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = strconv.Quote(x)
	}
	return strings.Join(q, ", ")
}

func csvNum(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// csvAt is "file:line" for messages that cite another declaration.
func csvAt(r hcl.Range) string { return fmt.Sprintf("%s:%d", r.Filename, r.Start.Line) }

// --- the import block, for the loader ---

// kindImport is the import block: import { assets = "…", needs = "…", dependencies = "…" }.
const kindImport = "import"

// importSchema is the body of an import block. Each attribute is a path or a
// list of paths, relative to the folder of the file that holds the block.
var importSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "assets"}, {Name: "needs"}, {Name: "dependencies"}},
}

// importFile is one CSV file named by an import block, read.
type importFile struct {
	kind string // assets, needs or dependencies
	name string // path as shown in diagnostics
	src  string
}

// readImports evaluates the paths of the import blocks, reads their files
// (registering each with the parser, for snippets and the load cache) and
// reads the asset rows: phases 0 and 1. hclAsset tells the HCL asset names.
func readImports(blocks []*hcl.Block, ctx *hcl.EvalContext, fsys fs.FS, p *Parser, hclAsset func(string) (hcl.Range, bool)) (*csvImporter, []importFile, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	var files []importFile
	seen := map[string]hcl.Range{}
	for _, blk := range blocks {
		content, d := blk.Body.Content(importSchema)
		diags = append(diags, d...)
		if content == nil {
			continue
		}
		if len(content.Attributes) == 0 {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Empty import block",
				Detail:   "An import block names CSV files: assets = \"assets.csv\", needs = \"needs.csv\", dependencies = \"dependencies.csv\" (any of them).",
				Subject:  blk.DefRange.Ptr(),
			})
			continue
		}
		for _, kind := range []string{"assets", "needs", "dependencies"} {
			a := content.Attributes[kind]
			if a == nil {
				continue
			}
			for _, rel := range importPaths(a, ctx, &diags) {
				name, src, d := readImportFile(blk.DefRange.Filename, rel, a.Expr.Range(), fsys)
				if d != nil {
					diags = append(diags, d)
					continue
				}
				if prev, dup := seen[name]; dup {
					diags = append(diags, &hcl.Diagnostic{
						Severity: hcl.DiagError,
						Summary:  "File imported twice",
						Detail:   fmt.Sprintf("%s is already imported at %s.", name, rangeString(prev)),
						Subject:  a.Expr.Range().Ptr(),
					})
					continue
				}
				seen[name] = a.Expr.Range()
				p.p.AddFile(name, importedHCLFile(src))
				files = append(files, importFile{kind: kind, name: name, src: string(src)})
			}
		}
	}
	if len(files) == 0 {
		return nil, nil, diags
	}
	im := newCSVImporter()
	for _, f := range files {
		if f.kind == "assets" {
			im.readAssets(f.name, f.src, hclAsset)
		}
	}
	return im, files, diags
}

// importPaths evaluates an import attribute: a string or a list of strings.
func importPaths(a *hcl.Attribute, ctx *hcl.EvalContext, diags *hcl.Diagnostics) []string {
	v, d := a.Expr.Value(ctx)
	*diags = append(*diags, d...)
	if d.HasErrors() {
		return nil
	}
	bad := func() []string {
		*diags = append(*diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid import path",
			Detail:   fmt.Sprintf("%q is a path, or a list of paths, of CSV files relative to the model's folder, such as \"assets.csv\".", a.Name),
			Subject:  a.Expr.Range().Ptr(),
		})
		return nil
	}
	if !v.IsWhollyKnown() || v.IsNull() {
		return bad()
	}
	if v.Type() == cty.String {
		return []string{v.AsString()}
	}
	lv, err := convert.Convert(v, cty.List(cty.String))
	if err != nil || lv.IsNull() {
		return bad()
	}
	var out []string
	for it := lv.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if e.IsNull() {
			return bad()
		}
		out = append(out, e.AsString())
	}
	return out
}

// readImportFile reads the file at rel, relative to the folder of the model
// file from. Paths that are absolute, contain "..", or lead outside the folder
// through a symbolic link are refused.
func readImportFile(from, rel string, rng hcl.Range, fsys fs.FS) (string, []byte, *hcl.Diagnostic) {
	fail := func(summary, detail string) (string, []byte, *hcl.Diagnostic) {
		return "", nil, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: rng.Ptr()}
	}
	outside := fmt.Sprintf("Imported files are read from the model's folder and its subfolders only; %q leads elsewhere. Copy the file next to the model.", rel)
	if fsys != nil {
		if !fs.ValidPath(rel) || strings.Contains(rel, "\\") {
			return fail("Import path outside the model folder", outside)
		}
		name := path.Join(path.Dir(from), rel)
		src, err := readFile(name, fsys)
		if err != nil {
			return fail("Cannot read imported file", fmt.Sprintf("Cannot read %s: %s.", name, err))
		}
		return name, src, nil
	}
	if !filepath.IsLocal(rel) {
		return fail("Import path outside the model folder", outside)
	}
	dir := filepath.Dir(from)
	name := filepath.Join(dir, rel)
	f, err := os.OpenInRoot(dir, rel)
	if err != nil {
		if strings.Contains(err.Error(), "escapes") {
			return fail("Import path outside the model folder", outside)
		}
		return fail("Cannot read imported file", fmt.Sprintf("Cannot read %s: %s.", name, unwrapPathError(err)))
	}
	defer f.Close()
	info, err := f.Stat()
	if err == nil && info.IsDir() {
		return fail("Cannot read imported file", fmt.Sprintf("%s is a folder, not a CSV file.", name))
	}
	if err == nil && info.Size() > MaxFileSize {
		return fail("Imported file too large", fmt.Sprintf("%s is %d bytes, more than the limit of %d.", name, info.Size(), MaxFileSize))
	}
	src, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return fail("Cannot read imported file", fmt.Sprintf("Cannot read %s: %s.", name, unwrapPathError(err)))
	}
	if len(src) > MaxFileSize {
		return fail("Imported file too large", fmt.Sprintf("%s is larger than the limit of %d bytes.", name, MaxFileSize))
	}
	return name, src, nil
}

// addImported merges the imported assets into the model's assets, sorted by
// name, and renumbers every asset: phase 2. The HCL assets stay, in decl
// order, in b.hclAssets.
func (b *builder) addImported(im *csvImporter, files []importFile) {
	b.hclAssets = b.m.Assets
	b.imp, b.impFiles = im, files
	if im == nil || len(im.assets) == 0 {
		return
	}
	order := make([]int32, len(im.assets))
	for i := range order {
		order[i] = int32(i)
	}
	less := func(x, y int32) int { return strings.Compare(im.assets[x].Name, im.assets[y].Name) }
	if !slices.IsSortedFunc(order, less) {
		slices.SortFunc(order, less)
	}
	hclAssets := b.hclAssets
	merged := make([]*Asset, 0, len(hclAssets)+len(order))
	i, j := 0, 0
	for i < len(hclAssets) || j < len(order) {
		if j == len(order) || i < len(hclAssets) && hclAssets[i].Name < im.assets[order[j]].Name {
			merged = append(merged, hclAssets[i])
			i++
		} else {
			merged = append(merged, &im.assets[order[j]])
			j++
		}
	}
	for k, a := range merged {
		a.Index = k
	}
	b.m.Assets = merged
}

// asset returns the asset named name, from HCL or imported, or nil.
func (b *builder) asset(name string) *Asset {
	if a, ok := b.assets[name]; ok {
		return a
	}
	if b.imp != nil {
		if i, ok := b.imp.byName[name]; ok {
			return &b.imp.assets[i]
		}
	}
	return nil
}

// isImportedAsset reports whether an imported asset is named name.
func (b *builder) isImportedAsset(name string) bool {
	if b.imp == nil {
		return false
	}
	_, ok := b.imp.byName[name]
	return ok
}

// buildImported decodes the imported objects once sectors and organizations
// are built: phases 3 to 6.
func (b *builder) buildImported() {
	im := b.imp
	if im == nil {
		return
	}
	refs := importRefs{
		sector:       func(n string) *Sector { return b.sectors[n] },
		organization: func(n string) *Organization { return b.orgs[n] },
		asset:        func(n string) *Asset { return b.assets[n] },
		hclAsset:     b.hclAsset,
		names: func(kind string) []string {
			names := b.namesOf(kind)
			if kind == kindAsset && len(im.assets) <= maxSuggestionCandidates {
				for i := range im.assets {
					names = append(names, im.assets[i].Name)
				}
			}
			return names
		},
	}
	im.decodeAssets(refs)
	for _, f := range b.impFiles {
		if f.kind == "needs" {
			im.readNeeds(f.name, f.src, refs)
		}
	}
	im.makeGroups()
	for _, f := range b.impFiles {
		if f.kind == "dependencies" {
			im.readDependencies(f.name, f.src, refs)
		}
	}
	im.finish()
	b.diags = append(b.diags, im.diags...)
}

// hclAsset reports whether an HCL asset block declares name, and where.
func (b *builder) hclAsset(name string) (hcl.Range, bool) {
	if dc, ok := b.d.byName[kindAsset][name]; ok {
		return dc.declRange, true
	}
	return hcl.Range{}, false
}

// hclAssetDecl is hclAsset before a builder exists.
func (d *decls) hclAsset(name string) (hcl.Range, bool) {
	if dc, ok := d.byName[kindAsset][name]; ok {
		return dc.declRange, true
	}
	return hcl.Range{}, false
}
