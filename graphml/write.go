package graphml

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
)

// Write writes g as a GraphML document that networkx.read_graphml, yEd and this
// package's Read read. Keys are written in g's order; nodes, then edges, in theirs.
// Text is escaped; characters XML cannot hold become U+FFFD.
func Write(w io.Writer, g *Graph) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	esc := func(s string) { xmlEscape(bw, s) }
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	bw.WriteString(`<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"` +
		` xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">` + "\n")
	for _, k := range g.Keys {
		bw.WriteString(`  <key id="`)
		esc(k.ID)
		fmt.Fprintf(bw, `" for="%s" attr.name="`, k.For)
		esc(k.Name)
		fmt.Fprintf(bw, `" attr.type="%s"`, k.Type)
		if !k.HasDefault {
			bw.WriteString("/>\n")
			continue
		}
		bw.WriteString("><default>")
		esc(k.Default)
		bw.WriteString("</default></key>\n")
	}
	edgedefault := "undirected"
	if g.Directed {
		edgedefault = "directed"
	}
	bw.WriteString(`  <graph id="`)
	id := g.ID
	if id == "" {
		id = "G"
	}
	esc(id)
	fmt.Fprintf(bw, `" edgedefault="%s">`+"\n", edgedefault)
	data := func(indent string, ds []Data) {
		for _, d := range ds {
			bw.WriteString(indent + `<data key="`)
			esc(g.Keys[d.Key].ID)
			bw.WriteString(`">`)
			esc(d.Value)
			bw.WriteString("</data>\n")
		}
	}
	data("    ", g.Data)
	for i := range g.Nodes {
		n := &g.Nodes[i]
		bw.WriteString(`    <node id="`)
		esc(n.ID)
		if len(n.Data) == 0 {
			bw.WriteString("\"/>\n")
			continue
		}
		bw.WriteString("\">\n")
		data("      ", n.Data)
		bw.WriteString("    </node>\n")
	}
	for i := range g.Edges {
		e := &g.Edges[i]
		bw.WriteString(`    <edge`)
		if e.ID != "" {
			bw.WriteString(` id="`)
			esc(e.ID)
			bw.WriteString(`"`)
		}
		bw.WriteString(` source="`)
		esc(e.Source)
		bw.WriteString(`" target="`)
		esc(e.Target)
		bw.WriteString(`"`)
		if e.Directed != g.Directed {
			fmt.Fprintf(bw, ` directed="%t"`, e.Directed)
		}
		if len(e.Data) == 0 {
			bw.WriteString("/>\n")
			continue
		}
		bw.WriteString(">\n")
		data("      ", e.Data)
		bw.WriteString("    </edge>\n")
	}
	bw.WriteString("  </graph>\n</graphml>\n")
	return bw.Flush()
}

// xmlEscape writes s escaped for XML text and attribute values.
func xmlEscape(w io.Writer, s string) error { return xml.EscapeText(w, []byte(s)) }
