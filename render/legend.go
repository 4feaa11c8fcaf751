package render

import (
	"strings"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
)

// legendID is the node ID of every view's legend. Model names are identifiers,
// so no asset or sector can take it.
const legendID = "legend:"

// legend is a view's key, drawn as one HTML-like table node: one node works in
// every layout, where a cluster of sample nodes would scatter under sfdp.
type legend struct {
	rows []string
}

// swatch adds a row with a filled sample box.
func (l *legend) swatch(fill, border, text string, bold bool) {
	width := "1"
	if bold {
		width = "3"
	}
	l.rows = append(l.rows, `<tr><td width="28" height="14" bgcolor="`+color(fill)+`" border="`+width+`" color="`+color(border)+`" style="rounded"></td><td align="left">`+Text(text)+`</td></tr>`)
}

// line adds a row with a sample line of the given style, colour and width.
func (l *legend) line(style, col, width, text string) {
	l.rows = append(l.rows, `<tr><td width="28" height="8" sides="b" border="`+width+`" style="`+style+`" color="`+color(col)+`"></td><td align="left">`+Text(text)+`</td></tr>`)
}

// note adds a row of text.
func (l *legend) note(text string) {
	l.rows = append(l.rows, `<tr><td colspan="2" align="left"><font point-size="10">`+Text(text)+`</font></td></tr>`)
}

// kinds adds one line row per dependency kind.
func (l *legend) kinds(prefix string) {
	for _, k := range []model.Kind{model.Physical, model.Cyber, model.Geographic, model.Logical} {
		style, col := kindStyle(k)
		l.line(style, col, "2", prefix+k.String())
	}
}

// add adds the legend node to g.
func (l *legend) add(g *Graph) {
	var b strings.Builder
	b.WriteString(`<table border="1" color="#bdbdbd" cellborder="0" cellspacing="2" cellpadding="2">`)
	b.WriteString(`<tr><td colspan="2"><b>Legend</b></td></tr>`)
	for _, r := range l.rows {
		b.WriteString(r)
	}
	b.WriteString(`</table>`)
	g.AddNode(legendID, Attrs{
		"shape": Str("plain"),
		"style": Str(""),
		"label": HTML(b.String()),
	})
}

// timeBins adds a swatch for each bin of failure times that holds a failure.
func (l *legend) timeBins(bins timeBins) {
	for k, r := range bins.ranges() {
		if r[0] == cascade.Never {
			continue
		}
		text := "failed " + Tplus(r[0])
		if r[1] != r[0] {
			text += " – " + Tplus(r[1])
		}
		l.swatch(palette[k], "#555555", text, false)
	}
}
