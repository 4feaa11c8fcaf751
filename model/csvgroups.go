package model

import "fmt"

// --- phase 4: supply groups ---

// readNeeds reads a needs file: named supply groups of imported assets.
func (im *csvImporter) readNeeds(name, src string, refs importRefs) {
	t := im.openTable(name, src, "needs", needsColumns, ncAsset, ncGroup)
	if t == nil {
		return
	}
	touch := newRowToucher(t, ncAsset)
	for touch.next(im, t); im.nextRow(t); touch.next(im, t) {
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

// importedAsset resolves the asset cell of a needs or dependencies row, which
// must name an imported asset.
func (im *csvImporter) importedAsset(t *csvTable, c int, refs importRefs, what string) (int32, bool) {
	n := t.cell(c)
	if i, ok := im.byName.lookup(n); ok {
		return i, true
	}
	if n == "" {
		im.cellError(t, c, "Missing asset", "Every row names the asset it belongs to.")
		return 0, false
	}
	if rng, ok := refs.hclAsset(n); ok {
		im.cellError(t, c, "Asset declared in HCL", fmt.Sprintf("Asset %q is declared by an asset block at %s; declare its %s in that block. Imported rows can only add to imported assets (they can depend on HCL assets through the on column).", n, rangeString(rng), what))
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
				im.rowCellError(n.row, ncGroup, "Duplicate supply group", fmt.Sprintf("Asset %q already has a supply group %q at %s; merge the two rows.", a.Name, n.name, rangeString(g.DeclRange.Range())))
				dup = true
				break
			}
		}
		if dup {
			continue
		}
		gi := int(start[n.asset]) + len(a.Groups)
		t := im.tables[n.row.table]
		im.groups[gi] = SupplyGroup{Name: n.name, RequiresMode: "all", Backup: n.backup, DeclRange: spanIn(t.file, csvRange(t.name, t.src, n.row.off, int(n.row.line), n.row.off, lineEnd(t.src, n.row.off)))}
		im.groupReq[gi] = n.requires
		im.groupRow[gi] = n.row
		im.groupReqCol[gi] = ncRequires
		a.Groups = a.Groups[:len(a.Groups)+1]
	}
	im.needs = nil
}
