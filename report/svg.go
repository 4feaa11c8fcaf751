package report

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"html/template"
	"io"
	"strings"
)

// svgElements are the SVG elements a report keeps from a drawing; any other
// element is dropped with everything inside it (script, foreignObject, style,
// a, image, use, ...).
var svgElements = map[string]bool{
	"svg": true, "g": true, "path": true, "polygon": true, "polyline": true, "line": true,
	"rect": true, "circle": true, "ellipse": true, "text": true, "tspan": true, "title": true,
	"desc": true, "defs": true, "linearGradient": true, "radialGradient": true, "stop": true,
	"clipPath": true,
}

// maxSVG is the largest drawing a report inlines, in bytes.
const maxSVG = 64 << 20

// errSVGTooLarge is returned for drawings above maxSVG.
var errSVGTooLarge = errors.New("drawing too large to inline")

// inlineSVG returns the SVG document src as markup to place inside HTML: only the
// elements of svgElements, no attribute in a namespace (xlink:href) or named
// on… or href, no url() other than a reference to a fragment of the drawing
// itself, no processing instructions, comments or DOCTYPE, every text and value
// escaped again. What Graphviz or gonum/plot drew from a hostile label therefore
// stays text in the page, and the drawing fetches nothing.
func inlineSVG(src []byte) (template.HTML, error) {
	if len(src) > maxSVG {
		return "", errSVGTooLarge
	}
	d := xml.NewDecoder(bytes.NewReader(src))
	d.Strict = false
	d.Entity = xml.HTMLEntity
	var b strings.Builder
	skip := 0       // depth inside a dropped element
	var open []bool // per open element inside the root: whether it was written
	sawRoot := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", fmt.Errorf("reading SVG: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if skip > 0 {
				skip++
				continue
			}
			name := t.Name.Local
			if len(open) == 0 && (name != "svg" || sawRoot) {
				skip = 1
				continue
			}
			if name == "a" || name == "switch" {
				// Links (Graphviz wraps nodes with tooltips in them) are
				// unwrapped: their content stays, the link goes.
				open = append(open, false)
				for _, a := range t.Attr {
					if a.Name.Local == "title" && a.Value != "" {
						b.WriteString("<title>")
						xml.EscapeText(&b, []byte(a.Value))
						b.WriteString("</title>")
					}
				}
				continue
			}
			if !svgElements[name] {
				skip = 1
				continue
			}
			sawRoot = true
			open = append(open, true)
			b.WriteByte('<')
			b.WriteString(name)
			for _, a := range t.Attr {
				if !keepAttr(a) {
					continue
				}
				b.WriteByte(' ')
				b.WriteString(a.Name.Local)
				b.WriteString(`="`)
				xml.EscapeText(&b, []byte(a.Value))
				b.WriteByte('"')
			}
			b.WriteByte('>')
		case xml.EndElement:
			if skip > 0 {
				skip--
				continue
			}
			if len(open) == 0 {
				continue
			}
			written := open[len(open)-1]
			open = open[:len(open)-1]
			if written {
				b.WriteString("</")
				b.WriteString(t.Name.Local)
				b.WriteByte('>')
			}
		case xml.CharData:
			if skip == 0 && len(open) > 0 {
				xml.EscapeText(&b, t)
			}
		}
	}
	if !sawRoot {
		return "", errors.New("reading SVG: no svg element")
	}
	return template.HTML(b.String()), nil
}

// keepAttr reports whether an attribute of a drawing is kept.
func keepAttr(a xml.Attr) bool {
	local := strings.ToLower(a.Name.Local)
	if a.Name.Space != "" || local == "xmlns" || strings.HasPrefix(local, "on") || strings.Contains(local, "href") {
		return false
	}
	v := strings.ToLower(a.Value)
	if strings.Contains(v, "javascript:") || strings.Contains(v, "expression(") || strings.Contains(v, "@import") {
		return false
	}
	// url() may only point into the drawing: url(#id).
	for rest := v; ; {
		i := strings.Index(rest, "url(")
		if i < 0 {
			break
		}
		rest = strings.TrimLeft(rest[i+4:], " \t\n'\"")
		if !strings.HasPrefix(rest, "#") {
			return false
		}
	}
	return true
}
