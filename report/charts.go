package report

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strings"

	"github.com/cascade-infra/cascade/cascade"
)

// chart geometry, in SVG user units (the drawings scale to the page width).
const (
	chartWidth = 960
	labelWidth = 230
	rowHeight  = 28
	axisHeight = 36
	chartPad   = 16
)

// tickSteps are the candidate spacings of time-axis ticks, in seconds.
var tickSteps = []int64{60, 300, 900, 1800, 3600, 2 * 3600, 3 * 3600, 6 * 3600, 12 * 3600,
	86400, 2 * 86400, 7 * 86400, 14 * 86400, 28 * 86400, 91 * 86400, 365 * 86400}

// timeTicks returns about six tick positions from 0 to end seconds.
func timeTicks(end int64) []int64 {
	year := tickSteps[len(tickSteps)-1]
	step := (end/6/year + 1) * year // beyond the list: whole years
	for _, s := range tickSteps {
		if end/s <= 6 {
			step = s
			break
		}
	}
	var ts []int64
	for t := int64(0); t <= end; t += step {
		ts = append(ts, t)
	}
	return ts
}

// timelineRow is one line of the timeline: a sector (or the events).
type timelineRow struct {
	label  string
	color  string
	marks  []timelineMark
	failAt int64 // when the sector failed, cascade.Never if not
}

// timelineMark is a point of a row: count things that happened at at.
type timelineMark struct {
	at    int64
	count int
	title string
}

// timelineSVG draws the rows on a common time axis from 0 to end seconds: a dot per
// distinct time (larger for more assets), each sector's failure as a bar. Every
// text is escaped; the result goes through inlineSVG like any drawing.
func timelineSVG(rows []timelineRow, end int64, caption string) (template.HTML, error) {
	if end <= 0 {
		end = 3600
	}
	h := axisHeight + rowHeight*len(rows) + chartPad
	x := func(t int64) float64 {
		return labelWidth + float64(chartWidth-labelWidth-chartPad)*float64(min(t, end))/float64(end)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 %d %d" width="%d" height="%d" role="img"><title>%s</title>`,
		chartWidth, h, chartWidth, h, html.EscapeString(caption))
	for _, t := range timeTicks(end) {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/>`, x(t), axisHeight-6, x(t), h-chartPad)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" font-size="12" fill="#555">%s</text>`, x(t), axisHeight-12, html.EscapeString("T+"+cascade.FormatDuration(t)))
	}
	for i, r := range rows {
		y := axisHeight + rowHeight*i + rowHeight/2
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" font-size="13" dominant-baseline="middle" fill="#222">%s</text>`,
			labelWidth-10, y, html.EscapeString(clip(r.label, 26)))
		fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#eee"/>`, labelWidth, y, chartWidth-chartPad, y)
		color := safeColor(r.color)
		if r.failAt != cascade.Never {
			fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="3" height="%d" fill="#b00020"><title>%s</title></rect>`,
				x(r.failAt)-1.5, y-rowHeight/2+3, rowHeight-6, html.EscapeString(r.label+" fails at T+"+cascade.FormatDuration(r.failAt)))
		}
		for _, m := range r.marks {
			rad := 3 + 2*math.Sqrt(float64(m.count-1))
			rad = min(rad, rowHeight/2-1)
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%d" r="%.1f" fill="%s" fill-opacity="0.8" stroke="#333" stroke-width="0.5"><title>%s</title></circle>`,
				x(m.at), y, rad, color, html.EscapeString(m.title))
		}
	}
	b.WriteString(`</svg>`)
	return inlineSVG([]byte(b.String()))
}

// intervalRow is one estimate of a probability with its 95% interval, fractions 0–1.
type intervalRow struct {
	label        string
	p, low, high float64
}

// intervalSVG draws estimates as points with interval bars on a 0–100% axis.
func intervalSVG(rows []intervalRow, caption string) (template.HTML, error) {
	h := axisHeight + rowHeight*len(rows) + chartPad
	x := func(f float64) float64 { return labelWidth + float64(chartWidth-labelWidth-chartPad)*f }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 %d %d" width="%d" height="%d" role="img"><title>%s</title>`,
		chartWidth, h, chartWidth, h, html.EscapeString(caption))
	for i := 0; i <= 4; i++ {
		f := float64(i) / 4
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/>`, x(f), axisHeight-6, x(f), h-chartPad)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" font-size="12" fill="#555">%d%%</text>`, x(f), axisHeight-12, i*25)
	}
	for i, r := range rows {
		y := axisHeight + rowHeight*i + rowHeight/2
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" font-size="13" dominant-baseline="middle" fill="#222">%s</text>`,
			labelWidth-10, y, html.EscapeString(clip(r.label, 26)))
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#1d3557" stroke-width="3"/>`, x(r.low), y, max(x(r.high), x(r.low)+1), y)
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%d" r="5" fill="#e63946"><title>%s</title></circle>`,
			x(r.p), y, html.EscapeString(fmt.Sprintf("%s: %s [%s, %s]", r.label, pct(r.p), pct(r.low), pct(r.high))))
	}
	b.WriteString(`</svg>`)
	return inlineSVG([]byte(b.String()))
}

// pct writes a fraction 0–1 as a percentage with one decimal.
func pct(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) }

// clip shortens s to at most n characters, with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// safeColor returns c when it is a "#rrggbb" colour, else grey.
func safeColor(c string) string {
	if len(c) != 7 || c[0] != '#' {
		return "#888888"
	}
	for _, r := range c[1:] {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return "#888888"
		}
	}
	return c
}
