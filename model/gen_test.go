package model

import (
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// genModel writes a synthetic model of n assets in HCL: 16 sectors, an
// organization per 100 assets, assets with locations, tags, 1–4 suppliers
// (some in a needs group, some as dependency blocks with kind, delay and
// probability), and one scenario. The same n and seed give the same text.
func genModel(w io.Writer, n int, seed uint64) error {
	r := rand.New(rand.NewPCG(seed, 1))
	var b strings.Builder
	const sectors = 16
	for s := range sectors {
		fmt.Fprintf(&b, "sector \"s%02d\" {\n  label     = \"Sector %d\"\n  threshold = 0.%d\n}\n\n", s, s, 1+s%9)
	}
	orgs := max(1, n/100)
	for o := range orgs {
		fmt.Fprintf(&b, "organization \"o%d\" {\n  country = \"%s\"\n  kind    = \"operator\"\n}\n\n", o, []string{"JP", "US"}[o%2])
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	kinds := []string{"physical", "cyber", "geographic", "logical"}
	for i := range n {
		b.Reset()
		fmt.Fprintf(&b, "asset \"a%d\" {\n  sector   = sector.s%02d\n  label    = \"Asset %d\"\n  operator = organization.o%d\n", i, i%sectors, i, r.IntN(orgs))
		fmt.Fprintf(&b, "  region   = \"r%d\"\n  location = { lat = %.4f, lon = %.4f }\n  tags     = [\"t%d\", \"scada\"]\n", i%50, 30+r.Float64()*15, 125+r.Float64()*20, i%7)
		if i > 0 {
			k := 1 + r.IntN(min(4, i))
			seen := map[int]bool{}
			var sup []int
			for len(sup) < k {
				j := r.IntN(i)
				if !seen[j] {
					seen[j] = true
					sup = append(sup, j)
				}
			}
			if i%10 == 0 && len(sup) >= 2 {
				fmt.Fprintf(&b, "  needs \"power\" {\n    requires   = \"any\"\n    backup     = \"%dh\"\n    depends_on = [asset.a%d, asset.a%d]\n  }\n", 1+r.IntN(72), sup[0], sup[1])
				sup = sup[2:]
			}
			if len(sup) > 0 && r.IntN(2) == 0 {
				fmt.Fprintf(&b, "  depends_on = [asset.a%d]\n", sup[0])
				sup = sup[1:]
			}
			for _, s := range sup {
				fmt.Fprintf(&b, "  dependency {\n    on          = asset.a%d\n    kind        = \"%s\"\n    delay       = \"%dm\"\n    probability = 0.%d\n  }\n", s, kinds[r.IntN(4)], r.IntN(120), 1+r.IntN(9))
			}
		} else {
			b.WriteString("  backup   = \"2h\"\n")
		}
		b.WriteString("}\n\n")
		if _, err := io.WriteString(w, b.String()); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(w, "scenario \"quake\" {\n  horizon = \"7d\"\n  event \"shake\" {\n    targets = [asset.a0]\n    select {\n      within = { lat = 35.6, lon = 139.7, radius_km = 60 }\n    }\n  }\n}\n")
	return err
}

// genFolder writes a model of n assets split over files of about perFile
// assets each into dir, and returns its total size in bytes.
func genFolder(dir string, n, files int) (int64, error) {
	var sb strings.Builder
	if err := genModel(&sb, n, 42); err != nil {
		return 0, err
	}
	// Split at block boundaries: every top-level block ends with "}\n\n".
	blocks := strings.SplitAfter(sb.String(), "}\n\n")
	per := (len(blocks) + files - 1) / files
	var total int64
	for f := 0; f < files; f++ {
		lo, hi := f*per, min((f+1)*per, len(blocks))
		if lo >= hi {
			break
		}
		text := strings.Join(blocks[lo:hi], "")
		total += int64(len(text))
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("part%03d.hcl", f)), []byte(text), 0o644); err != nil {
			return 0, err
		}
	}
	return total, nil
}
