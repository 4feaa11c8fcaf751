package model

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// mitigationBase is the model the merge-rule tests change: a hospital on two feeders
// and a water pump, each feeder on the grid.
const mitigationBase = `
sector "energy" { threshold = 0.5 }
sector "health" {}
organization "tepco" { country = "JP" }
asset "grid" {
  sector = sector.energy
}
asset "feeder_a" {
  sector     = sector.energy
  depends_on = [asset.grid]
}
asset "feeder_b" {
  sector     = sector.energy
  depends_on = [asset.grid]
}
asset "pump" {
  sector = sector.health
}
asset "hospital" {
  sector   = sector.health
  label    = "Bay hospital"
  operator = organization.tepco
  needs "power" {
    requires   = "any"
    backup     = "72h"
    depends_on = [asset.feeder_a, asset.feeder_b]
  }
  needs "water" {
    backup     = "24h"
    depends_on = [asset.pump]
  }
}
scenario "s" {
  event "quake" { targets = [asset.grid] }
}
`

// loadMitigated loads the base model with the mitigation file src applied as names.
func loadMitigated(t *testing.T, src string, names ...string) (*Model, hcl.Diagnostics, *Parser) {
	t.Helper()
	fsys := fstest.MapFS{"m/base.hcl": {Data: []byte(mitigationBase)}, "m/mitigations.hcl": {Data: []byte(src)}}
	p := NewParser()
	m, diags := p.Load("m", Options{FS: fsys, Mitigations: names})
	return m, diags, p
}

// groupString describes a supply group: name, k, backup and suppliers.
func groupString(g *SupplyGroup) string {
	var sup []string
	for _, d := range g.Dependencies {
		sup = append(sup, d.On.Name)
	}
	return fmt.Sprintf("%s:%d/%d:%d:%s", g.Name, g.Requires, len(g.Dependencies), g.Backup, strings.Join(sup, "+"))
}

func assetGroups(a *Asset) string {
	var out []string
	for _, g := range a.Groups {
		out = append(out, groupString(g))
	}
	return strings.Join(out, " ")
}

func TestMitigationMergeRules(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		apply     []string
		check     func(m *Model) string // "" when right
	}{
		{"not applied: nothing changes", `
mitigation "fuel" {
  asset "hospital" {
    needs "power" { backup = "120h" }
  }
}`, nil, func(m *Model) string {
			if g := assetGroups(m.Asset("hospital")); g != ":0/0:0: power:1/2:259200:feeder_a+feeder_b water:1/1:86400:pump" {
				return g
			}
			if len(m.Mitigations) != 1 || m.Mitigations[0].Name != "fuel" || m.Mitigations[0].Label != "fuel" {
				return fmt.Sprintf("mitigations %+v", m.Mitigations)
			}
			return ""
		}},
		{"a needs block merges: backup replaced, requires and suppliers kept", `
mitigation "fuel" {
  label = "Five days of fuel"
  asset "hospital" {
    needs "power" { backup = "120h" }
  }
}`, []string{"fuel"}, func(m *Model) string {
			if g := assetGroups(m.Asset("hospital")); g != ":0/0:0: power:1/2:432000:feeder_a+feeder_b water:1/1:86400:pump" {
				return g
			}
			if m.Mitigations[0].Label != "Five days of fuel" {
				return "label " + m.Mitigations[0].Label
			}
			return ""
		}},
		{"suppliers given in a group replace the group's", `
mitigation "feeder" {
  asset "hospital" {
    needs "power" { depends_on = [asset.feeder_b] }
  }
}`, []string{"feeder"}, func(m *Model) string {
			// requires "any" stays: 1 of the 1 new supplier.
			if g := assetGroups(m.Asset("hospital")); g != ":0/0:0: power:1/1:259200:feeder_b water:1/1:86400:pump" {
				return g
			}
			return ""
		}},
		{"dependency blocks replace depends_on too", `
mitigation "feeder" {
  asset "hospital" {
    needs "water" {
      dependency {
        on    = asset.grid
        delay = "1h"
      }
    }
  }
}`, []string{"feeder"}, func(m *Model) string {
			h := m.Asset("hospital")
			if g := assetGroups(h); g != ":0/0:0: power:1/2:259200:feeder_a+feeder_b water:1/1:86400:grid" || h.Groups[2].Dependencies[0].Delay != 3600 {
				return g
			}
			return ""
		}},
		{"a new needs name adds a group", `
mitigation "tank" {
  asset "pump" {
    needs "power" { depends_on = [asset.feeder_a] }
  }
}`, []string{"tank"}, func(m *Model) string {
			if g := assetGroups(m.Asset("pump")); g != ":0/0:0: power:1/1:0:feeder_a" {
				return g
			}
			return ""
		}},
		{"top-level suppliers replace the unnamed group's; attributes replace", `
mitigation "direct" {
  asset "feeder_a" {
    weight     = 3
    label      = "Feeder A"
    depends_on = [asset.feeder_b]
  }
  sector "energy" { threshold = 0.9 }
  organization "tepco" { country = "US" }
}`, []string{"direct"}, func(m *Model) string {
			a := m.Asset("feeder_a")
			if g := assetGroups(a); g != ":1/1:0:feeder_b" || a.Weight != 3 || a.Label != "Feeder A" || a.Sector.Name != "energy" {
				return fmt.Sprintf("%s weight %v label %q", g, a.Weight, a.Label)
			}
			if m.Sector("energy").Threshold != 0.9 || m.Organization("tepco").Country != "US" || m.Asset("hospital").Country != "US" {
				return "sector or organization not overridden"
			}
			return ""
		}},
		{"add: new blocks, referable by the overrides", `
mitigation "mobile" {
  add {
    asset "mobile_substation" {
      sector = sector.energy
    }
  }
  asset "hospital" {
    needs "power" { depends_on = [asset.feeder_a, asset.feeder_b, asset.mobile_substation] }
  }
}`, []string{"mobile"}, func(m *Model) string {
			if m.Asset("mobile_substation") == nil || m.Assets[4].Name != "mobile_substation" {
				return "mobile_substation missing or not sorted by name"
			}
			if g := assetGroups(m.Asset("hospital")); g != ":0/0:0: power:1/3:259200:feeder_a+feeder_b+mobile_substation water:1/1:86400:pump" {
				return g
			}
			return ""
		}},
		{"mitigations apply in order, the later over the earlier", `
mitigation "a" {
  asset "hospital" {
    needs "power" { backup = "96h" }
  }
}
mitigation "b" {
  asset "hospital" {
    needs "power" { backup = "120h" }
  }
}`, []string{"b", "a"}, func(m *Model) string {
			if g := m.Asset("hospital").Groups[1].Backup; g != 96*3600 {
				return fmt.Sprint(g)
			}
			return ""
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m, diags, p := loadMitigated(t, tt.src, tt.apply...)
			if diags.HasErrors() || m == nil {
				t.Fatalf("diagnostics:\n%s", diagText(p.Files(), diags))
			}
			if msg := tt.check(m); msg != "" {
				t.Error(msg)
			}
		})
	}
}

func TestMitigationErrors(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		apply     []string
		want      string // a diagnostic's summary and detail contain every |-separated part
		line      int    // the line of mitigations.hcl the diagnostic points at (0: no subject)
	}{
		{"override of an unknown asset, with did you mean", `
mitigation "x" {
  asset "hospitl" {
    label = "x"
  }
}`, []string{"x"}, `Override of an unknown asset|"hospitl"|Did you mean "hospital"?|add block`, 3},
		{"addition of an existing name", `
mitigation "x" {
  add {
    asset "pump" { sector = sector.health }
  }
}`, []string{"x"}, "Addition of an existing asset|already declared at m/base.hcl:", 4},
		{"unknown mitigation", `mitigation "fuel" {}`, []string{"feul"}, `No mitigation "feul"|Did you mean "fuel"?`, 0},
		{"no mitigations at all", ``, []string{"fuel"}, `No mitigation "fuel"|declares no mitigations`, 0},
		{"an error in an override points into the mitigation", `
mitigation "x" {
  asset "pump" {
    weight = -1
  }
}`, []string{"x"}, "Invalid weight", 4},
		{"a wrong reference in an override", `
mitigation "x" {
  asset "hospital" {
    needs "power" { depends_on = [asset.feeder_c] }
  }
}`, []string{"x"}, `feeder_c`, 4},
		{"duplicate mitigation", `
mitigation "x" {}
mitigation "x" {}`, nil, `Duplicate mitigation "x"|already declared at m/mitigations.hcl:2`, 3},
		{"the same block twice in one mitigation", `
mitigation "x" {
  asset "pump" { weight = 2 }
  asset "pump" { weight = 3 }
}`, nil, `Duplicate asset "pump" in mitigation`, 4},
		{"an override cannot hold a scenario", `
mitigation "x" {
  scenario "s" {}
}`, nil, `Unsupported block type`, 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, diags, _ := loadMitigated(t, tt.src, tt.apply...)
			var found *hcl.Diagnostic
			for _, d := range diags {
				text := d.Summary + " " + d.Detail
				ok := d.Severity == hcl.DiagError
				for _, part := range strings.Split(tt.want, "|") {
					ok = ok && strings.Contains(text, part)
				}
				if ok {
					found = d
					break
				}
			}
			if found == nil {
				t.Fatalf("no error with %q among %v", tt.want, diags)
			}
			switch {
			case tt.line == 0 && found.Subject != nil:
				t.Errorf("subject %v, want none", found.Subject)
			case tt.line > 0 && (found.Subject == nil || found.Subject.Filename != "m/mitigations.hcl" || found.Subject.Start.Line != tt.line):
				t.Errorf("subject %v, want m/mitigations.hcl line %d", found.Subject, tt.line)
			}
		})
	}
}

// TestMitigationRestatingChangesNothing applies, to every example model, a mitigation
// that restates every asset's attributes and groups with their own source text: the
// model's hash, which covers everything a result depends on, must not change.
func TestMitigationRestatingChangesNothing(t *testing.T) {
	dirs, _ := filepath.Glob("../examples/*")
	tested := 0
	for _, dir := range dirs {
		files, _ := filepath.Glob(filepath.Join(dir, "*.hcl"))
		if len(files) == 0 {
			continue
		}
		base := mustLoad(t, dir, Options{})
		fsys := fstest.MapFS{}
		var b strings.Builder
		b.WriteString("mitigation \"same\" {\n")
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			fsys["m/"+filepath.Base(f)] = &fstest.MapFile{Data: src}
			restate(t, &b, f, src)
		}
		b.WriteString("}\n")
		fsys["m/zz_same.hcl"] = &fstest.MapFile{Data: []byte(b.String())}
		p := NewParser()
		m, diags := p.Load("m", Options{FS: fsys, Mitigations: []string{"same"}})
		if diags.HasErrors() {
			t.Fatalf("%s:\n%s", dir, diagText(p.Files(), diags))
		}
		if m.Hash() != base.Hash() {
			t.Errorf("%s: restating every asset changed the model", dir)
		}
		for i, a := range base.Assets {
			if a.Label != m.Assets[i].Label || a.Country != m.Assets[i].Country || !slices.Equal(a.Tags, m.Assets[i].Tags) {
				t.Errorf("%s: asset %s changed", dir, a.Name)
			}
		}
		tested++
	}
	if tested < 2 {
		t.Fatalf("only %d example models tested", tested)
	}
}

// restate writes, for every asset block of the file, an override with the source text
// of all its attributes and of its needs blocks' attributes.
func restate(t *testing.T, b *strings.Builder, name string, src []byte) {
	t.Helper()
	f, diags := ParseSource(src, name)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	content, _, _ := f.Body.PartialContent(fileSchema)
	text := func(r hcl.Range) string { return string(src[r.Start.Byte:r.End.Byte]) }
	attrs := func(c *hcl.BodyContent, indent string) {
		for _, a := range sortedAttributes(c.Attributes) {
			fmt.Fprintf(b, "%s%s\n", indent, text(a.Range))
		}
	}
	for _, blk := range content.Blocks {
		if blk.Type != kindAsset {
			continue
		}
		c, _ := blk.Body.Content(assetSchema)
		fmt.Fprintf(b, "  asset %q {\n", blk.Labels[0])
		attrs(c, "    ")
		for _, nb := range c.Blocks {
			switch nb.Type {
			case "dependency":
				fmt.Fprintf(b, "    %s\n", text(blockRange(nb)))
			case "needs":
				nc, _ := nb.Body.Content(needsSchema)
				fmt.Fprintf(b, "    needs %q {\n", nb.Labels[0])
				attrs(nc, "      ")
				for _, db := range nc.Blocks {
					fmt.Fprintf(b, "      %s\n", text(blockRange(db)))
				}
				b.WriteString("    }\n")
			}
		}
		b.WriteString("  }\n")
	}
}

// blockRange is the source range of a whole native-syntax block.
func blockRange(b *hcl.Block) hcl.Range {
	return hcl.RangeBetween(b.DefRange, b.Body.(*hclsyntax.Body).SrcRange)
}
