package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/cascade-infra/cascade/cascade"
)

// file is a buffered output file.
type file struct {
	f *os.File
	*bufio.Writer
}

func create(path string) (*file, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	return &file{f: f, Writer: bufio.NewWriterSize(f, 1<<20)}, nil
}

func (f *file) close() error {
	err := f.Flush()
	if cerr := f.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// writeHeader writes the sectors, organizations and the scenario in HCL.
func (g *gen) writeHeader(w *file) {
	fmt.Fprintf(w, "# Synthetic model: %d assets, seed %d, %s structure (bench/gen).\n\n", g.cfg.assets, g.cfg.seed, g.cfg.structure)
	for _, s := range g.sectors {
		fmt.Fprintf(w, "sector %q {\n  threshold = 0.5\n}\n\n", s)
	}
	for i, o := range g.orgs {
		fmt.Fprintf(w, "organization %q {\n  country = %q\n", o, g.orgCountry[i])
		if g.cfg.crews > 0 {
			fmt.Fprintf(w, "  crews   = %d\n", g.cfg.crews)
		}
		if g.detect != nil {
			fmt.Fprintf(w, "  detect  = %q\n  respond = %q\n", cascade.FormatDuration(g.detect[i]), cascade.FormatDuration(g.respond[i]))
		}
		w.WriteString("}\n\n")
	}
	for i, c := range g.channels {
		fmt.Fprintf(w, "channel \"ch_%03d\" {\n  between = [organization.%s, organization.%s]\n  latency = %q\n}\n\n", i, g.orgs[c.a], g.orgs[c.b], cascade.FormatDuration(c.latency))
	}
	fmt.Fprintf(w, "scenario \"bench\" {\n  label   = \"Regional earthquake, then ransomware\"\n  horizon = \"7d\"\n\n")
	fmt.Fprintf(w, "  event \"quake\" {\n    kind = \"physical\"\n    at   = \"0s\"\n    select {\n      region = [%q]\n    }\n  }\n\n", g.regions[g.quakeRegion])
	fmt.Fprintf(w, "  event \"ransomware\" {\n    kind    = \"cyber\"\n    at      = \"2h\"\n    targets = [")
	for i, t := range g.cyberTargets {
		if i > 0 {
			w.WriteString(", ")
		}
		w.WriteString("asset." + g.assets[t].name)
	}
	w.WriteString("]\n  }\n}\n\n")
}

// writeAssetHCL writes one asset block.
func (g *gen) writeAssetHCL(w *file, a *asset) {
	w.WriteString("asset \"" + a.name + "\" {\n  sector   = sector." + g.sectors[a.sector] + "\n")
	w.WriteString("  label    = \"Asset " + a.name + "\"\n")
	if a.operator >= 0 {
		w.WriteString("  operator = organization." + g.orgs[a.operator] + "\n")
	}
	w.WriteString("  region   = \"" + g.regions[a.region] + "\"\n")
	w.WriteString("  location = { lat = " + fnum(a.lat) + ", lon = " + fnum(a.lon) + " }\n")
	if len(a.tags) > 0 {
		w.WriteString("  tags     = [\"" + strings.Join(a.tags, "\", \"") + "\"]\n")
	}
	if a.weight != 1 {
		w.WriteString("  weight   = " + fnum(a.weight) + "\n")
	}
	if a.repair > 0 {
		w.WriteString("  repair   = \"" + cascade.FormatDuration(a.repair) + "\"\n")
	}
	for gi := range a.groups {
		gr := &a.groups[gi]
		ind := "  "
		if gr.name != "" {
			w.WriteString("\n  needs \"" + gr.name + "\" {\n")
			ind = "    "
		}
		if gr.requires != "all" {
			if gr.requires == "any" {
				w.WriteString(ind + "requires = \"any\"\n")
			} else {
				w.WriteString(ind + "requires = " + gr.requires + "\n")
			}
		}
		if gr.backup != 0 || gr.name != "" {
			w.WriteString(ind + "backup   = \"" + cascade.FormatDuration(gr.backup) + "\"\n")
		}
		var plain []string
		for _, d := range gr.deps {
			if d.kind == 0 && d.delay == 0 && d.prob == 1 {
				plain = append(plain, "asset."+g.assets[d.on].name)
			}
		}
		if len(plain) > 0 {
			w.WriteString(ind + "depends_on = [" + strings.Join(plain, ", ") + "]\n")
		}
		for _, d := range gr.deps {
			if d.kind == 0 && d.delay == 0 && d.prob == 1 {
				continue
			}
			w.WriteString(ind + "dependency {\n" + ind + "  on = asset." + g.assets[d.on].name + "\n")
			if d.kind != 0 {
				w.WriteString(ind + "  kind = \"" + kinds[d.kind] + "\"\n")
			}
			if d.delay != 0 {
				w.WriteString(ind + "  delay = \"" + cascade.FormatDuration(d.delay) + "\"\n")
			}
			if d.prob != 1 {
				w.WriteString(ind + "  probability = " + fnum(d.prob) + "\n")
			}
			w.WriteString(ind + "}\n")
		}
		if gr.name != "" {
			w.WriteString("  }\n")
		}
	}
	w.WriteString("}\n\n")
}

func (g *gen) writeHCL() error {
	w, err := create(filepath.Join(g.cfg.out, "model.hcl"))
	if err != nil {
		return err
	}
	g.writeHeader(w)
	n := len(g.assets) - 1
	g.writeAssetHCL(w, &g.assets[n])
	if err := w.close(); err != nil {
		return err
	}
	for start, k := 0, 0; start < n; start, k = start+g.cfg.perFile, k+1 {
		w, err := create(filepath.Join(g.cfg.out, fmt.Sprintf("assets_%03d.hcl", k)))
		if err != nil {
			return err
		}
		for i := start; i < min(n, start+g.cfg.perFile); i++ {
			g.writeAssetHCL(w, &g.assets[i])
			g.writeIsolated(w, i, n)
		}
		if err := w.close(); err != nil {
			return err
		}
	}
	return nil
}

// writeIsolated writes the isolated assets that follow generated asset i of
// n: the k-th (from 0) of --isolated N follows asset floor(k·n/N), so that
// they are spread evenly. They take nothing from the random source, so the
// rest of the model is the same as without them.
func (g *gen) writeIsolated(w *file, i, n int) {
	iso := int64(g.cfg.isolated)
	width := len(strconv.FormatInt(iso, 10))
	for k := (int64(i)*iso + int64(n) - 1) / int64(n); k < iso && k*int64(n)/iso == int64(i); k++ {
		w.WriteString("asset \"isolated_" + pad(int(k)+1, width) + "\" {\n  sector = sector." + g.sectors[0] + "\n}\n\n")
	}
}

func (g *gen) writeCSV() error {
	w, err := create(filepath.Join(g.cfg.out, "model.hcl"))
	if err != nil {
		return err
	}
	g.writeHeader(w)
	n := len(g.assets) - 1
	g.writeAssetHCL(w, &g.assets[n])
	w.WriteString("import {\n  assets       = \"assets.csv\"\n  needs        = \"needs.csv\"\n  dependencies = \"dependencies.csv\"\n}\n")
	if err := w.close(); err != nil {
		return err
	}

	aw, err := create(filepath.Join(g.cfg.out, "assets.csv"))
	if err != nil {
		return err
	}
	nw, err := create(filepath.Join(g.cfg.out, "needs.csv"))
	if err != nil {
		return err
	}
	dw, err := create(filepath.Join(g.cfg.out, "dependencies.csv"))
	if err != nil {
		return err
	}
	repair := g.cfg.repairLo > 0
	if repair {
		aw.WriteString("name,sector,label,operator,region,lat,lon,tags,weight,requires,backup,repair\n")
	} else {
		aw.WriteString("name,sector,label,operator,region,lat,lon,tags,weight,requires,backup\n")
	}
	nw.WriteString("asset,group,requires,backup\n")
	dw.WriteString("asset,on,kind,delay,probability,group\n")
	var b []byte
	for i := range n {
		a := &g.assets[i]
		b = b[:0]
		b = append(b, a.name...)
		b = append(b, ',')
		b = append(b, g.sectors[a.sector]...)
		b = append(b, ",Asset "...)
		b = append(b, a.name...)
		b = append(b, ',')
		if a.operator >= 0 {
			b = append(b, g.orgs[a.operator]...)
		}
		b = append(b, ',')
		b = append(b, g.regions[a.region]...)
		b = append(b, ',')
		b = strconv.AppendFloat(b, a.lat, 'f', -1, 64)
		b = append(b, ',')
		b = strconv.AppendFloat(b, a.lon, 'f', -1, 64)
		b = append(b, ',')
		b = append(b, strings.Join(a.tags, ";")...)
		b = append(b, ',')
		if a.weight != 1 {
			b = strconv.AppendFloat(b, a.weight, 'f', -1, 64)
		}
		b = append(b, ',')
		own := &a.groups[0]
		if own.requires != "all" {
			b = append(b, own.requires...)
		}
		b = append(b, ',')
		if own.backup != 0 {
			b = append(b, cascade.FormatDuration(own.backup)...)
		}
		if repair {
			b = append(b, ',')
			b = append(b, cascade.FormatDuration(a.repair)...)
		}
		b = append(b, '\n')
		aw.Write(b)
		for gi := range a.groups {
			gr := &a.groups[gi]
			if gr.name != "" {
				fmt.Fprintf(nw, "%s,%s,%s,%s\n", a.name, gr.name, gr.requires, cascade.FormatDuration(gr.backup))
			}
			for _, d := range gr.deps {
				b = b[:0]
				b = append(b, a.name...)
				b = append(b, ',')
				b = append(b, g.assets[d.on].name...)
				b = append(b, ',')
				if d.kind != 0 {
					b = append(b, kinds[d.kind]...)
				}
				b = append(b, ',')
				if d.delay != 0 {
					b = append(b, cascade.FormatDuration(d.delay)...)
				}
				b = append(b, ',')
				if d.prob != 1 {
					b = strconv.AppendFloat(b, d.prob, 'f', -1, 64)
				}
				b = append(b, ',')
				b = append(b, gr.name...)
				b = append(b, '\n')
				dw.Write(b)
			}
		}
	}
	for _, f := range []*file{aw, nw, dw} {
		if err := f.close(); err != nil {
			return err
		}
	}
	return nil
}

// writeJSON writes the peer's input: every asset with its groups and edges, and
// the scenario with each event's assets listed.
func (g *gen) writeJSON() error {
	w, err := create(filepath.Join(g.cfg.out, "model.json"))
	if err != nil {
		return err
	}
	w.WriteString("{\"sectors\": [")
	for i, s := range g.sectors {
		if i > 0 {
			w.WriteString(", ")
		}
		fmt.Fprintf(w, "{\"name\": %q, \"threshold\": 0.5}", s)
	}
	w.WriteString("],\n\"assets\": [\n")
	var b []byte
	for i := range g.assets {
		a := &g.assets[i]
		b = b[:0]
		if i > 0 {
			b = append(b, ",\n"...)
		}
		b = append(b, `{"name": "`...)
		b = append(b, a.name...)
		b = append(b, `", "sector": "`...)
		b = append(b, g.sectors[a.sector]...)
		b = append(b, `", "region": "`...)
		b = append(b, g.regions[a.region]...)
		b = append(b, `", "weight": `...)
		b = strconv.AppendFloat(b, a.weight, 'f', -1, 64)
		b = append(b, `, "groups": [`...)
		for gi := range a.groups {
			gr := &a.groups[gi]
			if gi > 0 {
				b = append(b, ", "...)
			}
			b = append(b, `{"name": "`...)
			b = append(b, gr.name...)
			b = append(b, `", "requires": `...)
			b = strconv.AppendInt(b, int64(gr.k), 10)
			b = append(b, `, "backup": `...)
			b = strconv.AppendInt(b, gr.backup, 10)
			b = append(b, `, "deps": [`...)
			for di, d := range gr.deps {
				if di > 0 {
					b = append(b, ", "...)
				}
				b = append(b, `["`...)
				b = append(b, g.assets[d.on].name...)
				b = append(b, `", "`...)
				b = append(b, kinds[d.kind]...)
				b = append(b, `", `...)
				b = strconv.AppendInt(b, d.delay, 10)
				b = append(b, ", "...)
				b = strconv.AppendFloat(b, d.prob, 'f', -1, 64)
				b = append(b, ']')
			}
			b = append(b, "]}"...)
		}
		b = append(b, "]}"...)
		w.Write(b)
	}
	w.WriteString("\n],\n\"scenario\": {\"name\": \"bench\", \"horizon\": 604800, \"events\": [\n")
	var quake []string
	for i := range g.assets {
		if g.assets[i].region == g.quakeRegion {
			quake = append(quake, strconv.Quote(g.assets[i].name))
		}
	}
	fmt.Fprintf(w, "{\"name\": \"quake\", \"kind\": \"physical\", \"at\": 0, \"probability\": 1, \"assets\": [%s]},\n", strings.Join(quake, ", "))
	var cyber []string
	for _, t := range g.cyberTargets {
		cyber = append(cyber, strconv.Quote(g.assets[t].name))
	}
	fmt.Fprintf(w, "{\"name\": \"ransomware\", \"kind\": \"cyber\", \"at\": 7200, \"probability\": 1, \"assets\": [%s]}\n]}}\n", strings.Join(cyber, ", "))
	return w.close()
}
