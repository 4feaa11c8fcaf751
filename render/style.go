package render

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
)

// Colours shared by the views.
const (
	fontName       = "Helvetica"
	greyFill       = "#f2f2f2"
	greyLine       = "#bdbdbd"
	greyText       = "#9e9e9e"
	cascadeColor   = "#b2182b" // edges that carried the cascade, loops
	compromiseHue  = "#6a3d9a" // compromised assets and cyber events
	backupColor    = "#e08214" // assets on backup
	physicalMarker = "#000000" // outline of assets hit by a physical event
	restoredColor  = "#1a9850" // outline of failed assets working again at the horizon
	stillDownColor = "#000000" // outline of assets still down at the horizon
)

// palette is the sequential palette of failure times, from the first failure
// (dark red) to the last (pale yellow): ColorBrewer YlOrRd, reversed.
var palette = []string{"#b10026", "#e31a1c", "#fc4e2a", "#fd8d3c", "#feb24c", "#fed976", "#ffffb2"}

// paletteDark reports whether text on palette[i] should be white.
func paletteDark(i int) bool { return i < 3 }

// kindStyle returns the line style and colour of a dependency kind.
func kindStyle(k model.Kind) (style, color string) {
	switch k {
	case model.Cyber:
		return "dashed", "#333333"
	case model.Geographic:
		return "dotted", "#333333"
	case model.Logical:
		return "solid", "#9e9e9e"
	}
	return "solid", "#333333"
}

// tint mixes the "#rrggbb" colour c with white; f is the fraction 0–1 of c kept.
// Anything that is not "#rrggbb" yields a light grey.
func tint(c string, f float64) string {
	r, g, b, ok := parseHex(c)
	if !ok {
		return "#eeeeee"
	}
	mix := func(v uint8) uint8 { return uint8(float64(v)*f + 255*(1-f) + 0.5) }
	return fmt.Sprintf("#%02x%02x%02x", mix(r), mix(g), mix(b))
}

// color returns c when it is "#rrggbb", else a neutral grey, so that nothing from
// a model reaches a colour attribute unchecked.
func color(c string) string {
	if _, _, _, ok := parseHex(c); ok {
		return strings.ToLower(c)
	}
	return "#999999"
}

func parseHex(c string) (r, g, b uint8, ok bool) {
	if len(c) != 7 || c[0] != '#' {
		return 0, 0, 0, false
	}
	v, err := strconv.ParseUint(c[1:], 16, 32)
	if err != nil {
		return 0, 0, 0, false
	}
	return uint8(v >> 16), uint8(v >> 8), uint8(v), true
}

// Tplus labels a time of a run: "T+6h", "T+1d12h", "T+0s".
func Tplus(secs int64) string { return "T+" + cascade.FormatDuration(secs) }

// percent writes a fraction 0–1 as a whole percentage: "75%".
func percent(f float64) string { return fmt.Sprintf("%.0f%%", f*100) }

// label is the display name of an asset: its label, cut to a legible length.
func assetLabel(a *model.Asset) string {
	if a.Label != "" {
		return truncate(a.Label, maxLabel)
	}
	return a.Name
}

func sectorLabel(s *model.Sector) string {
	if s.Label != "" {
		return truncate(s.Label, maxLabel)
	}
	return s.Name
}

// maxLabel is the longest label drawn, in characters; tooltips hold the rest.
const maxLabel = 48

// lines joins the non-empty lines of an HTML-like label; the first is bold.
func lines(first string, rest ...string) string {
	var b strings.Builder
	b.WriteString("<b>" + Text(first) + "</b>")
	for _, l := range rest {
		if l == "" {
			continue
		}
		b.WriteString(`<br/><font point-size="10">` + Text(l) + "</font>")
	}
	return b.String()
}

// groupNotes describes the supply groups of a that are not the plain default
// (need all, no backup): "needs 1 of 2 (power)", "backup 72h (power)".
func groupNotes(a *model.Asset) []string {
	var out []string
	for _, g := range a.Groups {
		n := len(g.Dependencies)
		var parts []string
		if n > 0 && g.Requires < n {
			parts = append(parts, fmt.Sprintf("needs %d of %d", g.Requires, n))
		}
		if g.Backup > 0 {
			parts = append(parts, "backup "+cascade.FormatDuration(g.Backup))
		}
		if len(parts) == 0 {
			continue
		}
		s := strings.Join(parts, ", ")
		if g.Name != "" {
			s += " (" + g.Name + ")"
		}
		out = append(out, s)
	}
	return out
}

// edgeNote is the label of a dependency edge: its delay and probability where set.
func edgeNote(d *model.Dependency) string {
	var parts []string
	if d.Delay > 0 {
		parts = append(parts, "+"+cascade.FormatDuration(d.Delay))
	}
	if d.Probability < 1 {
		parts = append(parts, "p="+strconv.FormatFloat(d.Probability, 'g', 3, 64))
	}
	return strings.Join(parts, " ")
}

// baseGraph returns a graph with the attributes every view shares.
func baseGraph(name, title string) *Graph {
	g := &Graph{
		Name: name,
		Attrs: Attrs{
			"fontname":    Str(fontName),
			"labelloc":    Str("t"),
			"label":       HTML("<b>" + Text(title) + "</b>"),
			"compound":    Str("true"),
			"newrank":     Str("true"),
			"outputorder": Str("edgesfirst"),
		},
		NodeDefaults: Attrs{
			"fontname": Str(fontName),
			"shape":    Str("box"),
			"style":    Str("rounded,filled"),
			"fontsize": Str("12"),
			"margin":   Str("0.15,0.05"),
		},
		EdgeDefaults: Attrs{
			"fontname": Str(fontName),
			"fontsize": Str("10"),
		},
	}
	return g
}

// dependencies calls fn for every dependency of the model, by dependent asset
// then in group and declaration order.
func dependencies(m *model.Model, fn func(a *model.Asset, g *model.SupplyGroup, d *model.Dependency)) {
	for _, a := range m.Assets {
		for _, g := range a.Groups {
			for _, d := range g.Dependencies {
				fn(a, g, d)
			}
		}
	}
}

// plural writes a count with its noun: "1 asset", "2 assets", "3 dependencies".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "y") {
		return fmt.Sprintf("%d %sies", n, noun[:len(noun)-1])
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
