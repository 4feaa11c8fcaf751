package model

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

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
		im.byName.reserve(n)
	}
	touch := newRowToucher(t, acName)
	for touch.next(im, t); im.nextRow(t); touch.next(im, t) {
		n := t.cell(acName)
		switch {
		case n == "":
			im.cellError(t, acName, "Missing name", "Every imported asset has a name.")
			continue
		case !validName(n):
			im.cellError(t, acName, "Invalid name", fmt.Sprintf("%q is not a valid asset name: a name starts with a letter or underscore and holds only letters, digits, underscores and dashes, so that it can be referred to as asset.NAME.", n))
			continue
		}
		if prev, ok := im.byName.lookup(n); ok {
			im.cellError(t, acName, fmt.Sprintf("Duplicate asset %q", n), fmt.Sprintf("An asset named %q was already declared at %s. Names must be unique among the assets of a model, across all its files.", n, rangeString(im.assets[prev].DeclRange.Range())))
			continue
		}
		if rng, ok := hclAsset(n); ok {
			im.cellError(t, acName, fmt.Sprintf("Duplicate asset %q", n), fmt.Sprintf("An asset named %q was already declared at %s. Names must be unique among the assets of a model, across all its files.", n, rangeString(rng)))
			continue
		}
		label := n
		if l := t.cell(acLabel); l != "" {
			label = l
		}
		n = strings.Clone(n) // names packed together: lookups touch less memory
		im.byName.add(n)     // the index of the asset appended next
		im.assets = append(im.assets, Asset{Name: n, Label: label, Region: t.cell(acRegion), Weight: DefaultWeight, DeclRange: rowSpan(t)})
		im.assetRow = append(im.assetRow, im.here(t))
		im.raw = append(im.raw, assetCells{
			sector: t.cell(acSector), operator: t.cell(acOperator), country: t.cell(acCountry),
			lat: t.cell(acLat), lon: t.cell(acLon), tags: t.cell(acTags), weight: t.cell(acWeight),
			requires: t.cell(acRequires), backup: t.cell(acBackup),
			repair: t.cell(acRepair), recover: t.cell(acRecover), restart: t.cell(acRestart), priority: t.cell(acPriority),
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
			if countryPattern.MatchString(raw.country) {
				a.Country = raw.country
			} else {
				hint := ""
				if up := strings.ToUpper(raw.country); countryPattern.MatchString(up) {
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
				if tag != "" && !slices.Contains(tagSlab[start:], tag) {
					tagSlab = append(tagSlab, tag)
				}
			}
			a.Tags = tagSlab[start:len(tagSlab):len(tagSlab)]
		}
		im.restoration(ref, a, raw)
		if raw.weight != "" {
			if w, ok := im.number(ref, acWeight, raw.weight, "weight"); ok {
				if w > 0 {
					a.Weight = w
				} else {
					im.rowCellError(ref, acWeight, "Invalid weight", fmt.Sprintf("An asset's weight is its share of its sector and must be more than 0; got %s.", fmtNum(w)))
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
		im.rowCellError(ref, c, "Invalid "+what, fmt.Sprintf("A %s is in degrees between -%g and %g; got %s.", what, limit, limit, fmtNum(v)))
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
	return didYouMean(name, names)
}

// restoration decodes an asset row's repair, recover, restart and priority, with the
// rules of the HCL attributes (docs/language.md, "Restoration").
func (im *csvImporter) restoration(ref rowRef, a *Asset, raw *assetCells) {
	for _, f := range []struct {
		cell string
		col  int
		to   *int64
		name string
	}{{raw.repair, acRepair, &a.Repair, "repair"}, {raw.recover, acRecover, &a.Recover, "recover"}, {raw.restart, acRestart, &a.Restart, "restart"}} {
		if f.cell == "" {
			continue
		}
		d, err := ParseDuration(f.cell)
		switch {
		case err != nil:
			im.rowCellError(ref, f.col, "Invalid duration", durationDetail(err))
		case d < 1 && f.name != "restart":
			im.rowCellError(ref, f.col, "Invalid "+f.name, fmt.Sprintf("%s must be at least one second (\"1s\"); got %q. Leave the cell empty to make the loss permanent.", f.name, f.cell))
		default:
			*f.to = d
		}
	}
	if raw.priority != "" {
		if v, ok := im.number(ref, acPriority, raw.priority, "priority"); ok {
			a.Priority = v
		}
	}
}
