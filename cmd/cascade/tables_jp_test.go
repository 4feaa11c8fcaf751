package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/rivo/uniseg"
)

// japaneseModel names its sectors, organizations, assets, mitigation and scenario in
// Japanese, and labels its organizations so.
const japaneseModel = `
variable "燃料" {
  type    = string
  default = "0s"
}
sector "電力" {}
sector "水道" {}
organization "東京電力" {
  label   = "東京電力パワーグリッド"
  country = "JP"
}
organization "水道局" {
  label   = "東京都水道局"
  country = "JP"
}
asset "変電所" {
  sector   = sector.電力
  operator = organization.東京電力
}
asset "ポンプ場" {
  sector     = sector.水道
  operator   = organization.水道局
  depends_on = [asset.変電所]
}
asset "x" {
  sector     = sector.水道
  backup     = var.燃料
  operator   = organization.水道局
  depends_on = [asset.ポンプ場]
}
mitigation "予備電源" {
  asset "ポンプ場" {
    backup = "2d"
  }
}
scenario "地震" {
  horizon = "3d"
  event "e" { targets = [asset.変電所] }
}
`

// TestTablesEastAsianWidth checks that the text tables of coordinate, compare,
// diff and sweep line up on a terminal when cells hold Japanese text: in each pair of lines,
// the cell named starts at the same display column.
func TestTablesEastAsianWidth(t *testing.T) {
	model := writeTestModel(t, japaneseModel)
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	run := func(args ...string) string {
		t.Helper()
		out, errOut, code := cli(t, nil, args...)
		if code != exitOK && code != exitChanged {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		return out
	}
	run("run", model, "-f", "json", "-o", a)
	run("run", model, "-f", "json", "--mitigation", "予備電源", "-o", b)
	outs := map[string]string{
		"coordinate": run("coordinate", model),
		"compare":    run("compare", model, "--mitigation", "予備電源"),
		"diff":       run("diff", a, b),
		"sweep":      run("sweep", model, "--var", "燃料=0s,5d"),
	}
	// Each check: two lines (by a prefix that starts them, spaces trimmed) and the
	// cell each must have at the same display column.
	for _, c := range []struct {
		cmd          string
		line1, cell1 string
		line2, cell2 string
	}{
		{"coordinate", "T+0s  東京電力", "JP", "T+0s  水道局", "JP"},
		{"coordinate", "T+0s  東京電力", "1 failed", "T+0s  水道局", "2 failed"},
		{"compare", "VARIANT", "COMPROMISED", "予備電源", "0 (0)"},
		{"compare", "baseline", "6d", "予備電源", "4d (-2d)"},
		{"diff", "x ", "T+0s", "ポンプ場", "T+0s"},
		{"diff", "SECTOR", "FAILED A", "水道", "T+0s"},
		{"sweep", "燃料", "FAILED", "0s", "3"},
	} {
		out := outs[c.cmd]
		c1, ok1 := cellColumn(out, c.line1, c.cell1)
		c2, ok2 := cellColumn(out, c.line2, c.cell2)
		if !ok1 || !ok2 || c1 != c2 {
			t.Errorf("%s: %q starts at column %d (found %v), %q at %d (found %v):\n%s", c.cmd, c.cell1, c1, ok1, c.cell2, c2, ok2, out)
		}
	}
}

// cellColumn returns the display column at which cell starts in the first line of
// out that starts, after spaces, with prefix.
func cellColumn(out, prefix, cell string) (int, bool) {
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(strings.TrimLeft(line, " "), prefix) {
			continue
		}
		body := strings.TrimLeft(line, " ")
		skip := len(line) - len(body)
		i := strings.Index(body[len(prefix):], cell)
		if i < 0 {
			return 0, false
		}
		return uniseg.StringWidth(line[:skip+len(prefix)+i]), true
	}
	return 0, false
}
