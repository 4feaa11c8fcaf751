package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestRankTies ranks a model whose four loop members each bring down the same
// five assets: they tie at rank 1 and the next asset is 5 (competition
// ranking), the same in the text, JSON and CSV outputs.
func TestRankTies(t *testing.T) {
	dir := t.TempDir()
	src := `
sector "s" { label = "S" }
asset "a" {
  sector     = sector.s
  depends_on = [asset.b]
}
asset "b" {
  sector     = sector.s
  depends_on = [asset.c]
}
asset "c" {
  sector     = sector.s
  depends_on = [asset.d]
}
asset "d" {
  sector     = sector.s
  depends_on = [asset.a]
}
asset "e" {
  sector     = sector.s
  depends_on = [asset.a]
}
`
	if err := os.WriteFile(filepath.Join(dir, "model.hcl"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	want := []struct {
		asset string
		rank  int
	}{{"a", 1}, {"b", 1}, {"c", 1}, {"d", 1}, {"e", 5}}
	parse := map[string]func(t *testing.T, out string) (assets []string, ranks []int){
		"text": func(t *testing.T, out string) ([]string, []int) {
			var as []string
			var rs []int
			lines := strings.Split(out, "\n")
			for i, l := range lines {
				if !strings.HasPrefix(l, "RANK") {
					continue
				}
				for _, row := range lines[i+1:] {
					f := strings.Fields(row)
					if len(f) < 2 {
						break
					}
					r, err := strconv.Atoi(f[0])
					if err != nil {
						t.Fatalf("rank %q: %v", f[0], err)
					}
					as, rs = append(as, f[1]), append(rs, r)
				}
			}
			return as, rs
		},
		"json": func(t *testing.T, out string) ([]string, []int) {
			var doc struct {
				Ranking []struct {
					Rank  int    `json:"rank"`
					Asset string `json:"asset"`
				} `json:"ranking"`
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatal(err)
			}
			var as []string
			var rs []int
			for _, e := range doc.Ranking {
				as, rs = append(as, e.Asset), append(rs, e.Rank)
			}
			return as, rs
		},
		"csv": func(t *testing.T, out string) ([]string, []int) {
			recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			var as []string
			var rs []int
			for _, rec := range recs[1:] {
				r, err := strconv.Atoi(rec[0])
				if err != nil {
					t.Fatalf("rank %q: %v", rec[0], err)
				}
				as, rs = append(as, rec[1]), append(rs, r)
			}
			return as, rs
		},
	}
	for _, format := range []string{"text", "json", "csv"} {
		out, errOut, code := cli(t, nil, "rank", dir, "-f", format, "--quiet")
		if code != exitOK {
			t.Fatalf("%s: exit %d: %s", format, code, errOut)
		}
		as, rs := parse[format](t, out)
		if len(as) != len(want) {
			t.Fatalf("%s: %d entries, want %d:\n%s", format, len(as), len(want), out)
		}
		for i, w := range want {
			if as[i] != w.asset || rs[i] != w.rank {
				t.Errorf("%s: entry %d is %s at rank %d, want %s at rank %d", format, i+1, as[i], rs[i], w.asset, w.rank)
			}
		}
	}
}
