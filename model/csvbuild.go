package model

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

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
				im.rowCellError(im.depRow[di], dcOn, "Duplicate supplier", fmt.Sprintf("Asset %q already names %q as a supplier at %s. An asset names each supplier once, in one supply group; use a probability or delay on that dependency instead.", a.Name, d.On.Name, rangeString(im.deps[prev].DeclRange.Range())))
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
				Subject:  g.DeclRange.Range().Ptr(),
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
		if i, ok := b.imp.byName.lookup(name); ok {
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
	_, ok := b.imp.byName.lookup(name)
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
		hclAsset:     b.d.hclAsset,
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
func (d *decls) hclAsset(name string) (hcl.Range, bool) {
	if dc, ok := d.byName[kindAsset][name]; ok {
		return dc.declRange, true
	}
	return hcl.Range{}, false
}
