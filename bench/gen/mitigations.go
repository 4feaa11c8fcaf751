package main

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"
)

// writeMitigations writes mitigations.hcl (--mitigations) with two mitigations for
// `cascade compare` (bench/whatif.sh): "hub_backup" gives the 20 assets with the most
// dependents a backup of 1d for their own group, and "power_backup" gives the first
// 200 assets with a needs "power" group a backup of 3d for it.
func (g *gen) writeMitigations() error {
	dependents := make([]int, len(g.assets))
	for i := range g.assets {
		for _, gr := range g.assets[i].groups {
			for _, d := range gr.deps {
				dependents[d.on]++
			}
		}
	}
	hubs := make([]int, 0, len(g.assets))
	for i := range g.assets {
		hubs = append(hubs, i)
	}
	slices.SortStableFunc(hubs, func(a, b int) int { return cmp.Compare(dependents[b], dependents[a]) })
	hubs = hubs[:min(20, len(hubs))]
	slices.Sort(hubs)

	w, err := create(filepath.Join(g.cfg.out, "mitigations.hcl"))
	if err != nil {
		return err
	}
	w.WriteString("# Mitigations for cascade compare (bench/gen --mitigations).\n\n")
	w.WriteString("mitigation \"hub_backup\" {\n  label = \"A day of backup at the 20 most depended-on assets\"\n")
	for _, i := range hubs {
		fmt.Fprintf(w, "\n  asset %q {\n    backup = \"1d\"\n  }\n", g.assets[i].name)
	}
	w.WriteString("}\n\nmitigation \"power_backup\" {\n  label = \"Three days of backup power at 200 assets\"\n")
	n := 0
	for i := range g.assets {
		for _, gr := range g.assets[i].groups {
			if gr.name == "power" && n < 200 {
				fmt.Fprintf(w, "\n  asset %q {\n    needs \"power\" {\n      backup = \"3d\"\n    }\n  }\n", g.assets[i].name)
				n++
			}
		}
	}
	w.WriteString("}\n")
	return w.close()
}
