package render

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Graph is a DOT graph under construction. Its text (Write, Bytes) is canonical:
// statements appear in the order they were added and attributes sorted by key,
// so the same graph always yields the same bytes.
type Graph struct {
	Name         string
	Attrs        Attrs // graph attributes
	NodeDefaults Attrs
	EdgeDefaults Attrs
	Clusters     []*Cluster
	Nodes        []*Node // nodes outside any cluster
	Edges        []*Edge
	// SameRank lists groups of node IDs that the dot layout puts side by side.
	SameRank [][]string
}

// Cluster is a subgraph drawn as a box around its nodes (by the dot and fdp
// layouts; the others ignore the box but keep the nodes).
type Cluster struct {
	ID    string // written as "cluster_" + ID
	Attrs Attrs
	Nodes []*Node
}

// Node is a DOT node.
type Node struct {
	ID    string
	Attrs Attrs
}

// Edge is a directed DOT edge.
type Edge struct {
	From, To string
	Attrs    Attrs
}

// Attrs are DOT attributes by key. Values are plain strings, written quoted and
// escaped, unless made with HTML.
type Attrs map[string]Value

// Value is an attribute value: a plain string, or HTML-like label markup when
// IsHTML is set.
type Value struct {
	S      string
	IsHTML bool
}

// Str returns a plain string value; any text is allowed.
func Str(s string) Value { return Value{S: s} }

// HTML returns an HTML-like label value. s must be well-formed Graphviz HTML-like
// markup; build it with Text and the markup helpers so that every piece of user
// text is escaped.
func HTML(s string) Value { return Value{S: s, IsHTML: true} }

// Set sets key to a plain string value and returns a for chaining.
func (a Attrs) Set(key, value string) Attrs {
	a[key] = Str(value)
	return a
}

// AddNode adds a node outside any cluster and returns it.
func (g *Graph) AddNode(id string, attrs Attrs) *Node {
	n := &Node{ID: id, Attrs: attrs}
	g.Nodes = append(g.Nodes, n)
	return n
}

// AddCluster adds a cluster and returns it.
func (g *Graph) AddCluster(id string, attrs Attrs) *Cluster {
	c := &Cluster{ID: id, Attrs: attrs}
	g.Clusters = append(g.Clusters, c)
	return c
}

// AddNode adds a node to the cluster and returns it.
func (c *Cluster) AddNode(id string, attrs Attrs) *Node {
	n := &Node{ID: id, Attrs: attrs}
	c.Nodes = append(c.Nodes, n)
	return n
}

// AddEdge adds an edge from → to and returns it.
func (g *Graph) AddEdge(from, to string, attrs Attrs) *Edge {
	e := &Edge{From: from, To: to, Attrs: attrs}
	g.Edges = append(g.Edges, e)
	return e
}

// NumNodes returns the number of nodes of the graph, in clusters or not.
func (g *Graph) NumNodes() int {
	n := len(g.Nodes)
	for _, c := range g.Clusters {
		n += len(c.Nodes)
	}
	return n
}

// Bytes returns the DOT text of the graph.
func (g *Graph) Bytes() []byte {
	var b bytes.Buffer
	g.writeTo(&b)
	return b.Bytes()
}

// Write writes the DOT text of the graph to w.
func (g *Graph) Write(w io.Writer) error {
	_, err := w.Write(g.Bytes())
	return err
}

func (g *Graph) writeTo(b *bytes.Buffer) {
	fmt.Fprintf(b, "digraph %s {\n", quote(g.Name))
	writeDefaults(b, "  ", "graph", g.Attrs)
	writeDefaults(b, "  ", "node", g.NodeDefaults)
	writeDefaults(b, "  ", "edge", g.EdgeDefaults)
	for _, c := range g.Clusters {
		fmt.Fprintf(b, "  subgraph %s {\n", quote("cluster_"+c.ID))
		writeDefaults(b, "    ", "graph", c.Attrs)
		for _, n := range c.Nodes {
			writeNode(b, "    ", n)
		}
		b.WriteString("  }\n")
	}
	for _, n := range g.Nodes {
		writeNode(b, "  ", n)
	}
	for _, r := range g.SameRank {
		b.WriteString("  { rank=same;")
		for _, id := range r {
			b.WriteString(" " + quote(id) + ";")
		}
		b.WriteString(" }\n")
	}
	for _, e := range g.Edges {
		fmt.Fprintf(b, "  %s -> %s", quote(e.From), quote(e.To))
		writeAttrs(b, e.Attrs)
		b.WriteString(";\n")
	}
	b.WriteString("}\n")
}

func writeDefaults(b *bytes.Buffer, indent, kind string, a Attrs) {
	if len(a) == 0 {
		return
	}
	b.WriteString(indent + kind)
	writeAttrs(b, a)
	b.WriteString(";\n")
}

func writeNode(b *bytes.Buffer, indent string, n *Node) {
	b.WriteString(indent + quote(n.ID))
	writeAttrs(b, n.Attrs)
	b.WriteString(";\n")
}

func writeAttrs(b *bytes.Buffer, a Attrs) {
	if len(a) == 0 {
		return
	}
	keys := make([]string, 0, len(a))
	for k := range a {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b.WriteString(" [")
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		v := a[k]
		b.WriteString(attrKey(k) + "=")
		if v.IsHTML {
			b.WriteString("<" + v.S + ">")
		} else {
			b.WriteString(quoteValue(v.S))
		}
	}
	b.WriteByte(']')
}

// quoteValue quotes an attribute value like quote, and also writes & as &amp;:
// Graphviz decodes HTML entities in plain labels and tooltips, so without this a
// label holding "&amp;" would show as "&".
func quoteValue(s string) string {
	return quote(strings.ReplaceAll(s, "&", "&amp;"))
}

// attrKey writes an attribute name: bare when it is a plain identifier, as all
// Graphviz attribute names are, else quoted.
func attrKey(k string) string {
	for i, r := range k {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return quote(k)
		}
	}
	if k == "" || isKeyword(k) {
		return quote(k)
	}
	return k
}

// isKeyword reports whether s is a DOT keyword, which must be quoted to be an ID.
func isKeyword(s string) bool {
	switch strings.ToLower(s) {
	case "node", "edge", "graph", "digraph", "subgraph", "strict":
		return true
	}
	return false
}

// quote returns s as a DOT double-quoted string that Graphviz reads back as s in
// an escString attribute such as label or tooltip: backslashes are doubled,
// double quotes escaped, a newline becomes the centred line break \n, and other
// control characters and invalid UTF-8 become "?" so that SVG output stays
// valid XML. Quoting every ID also keeps the keywords node, edge, graph, digraph,
// subgraph and strict usable as names.
func quote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range sanitize(s) {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// sanitize replaces invalid UTF-8 and control characters other than newline by
// "?", turns "\r\n" and lone "\r" into "\n", and tabs into spaces. ("?" rather
// than U+FFFD, which some DOT readers, gonum's among them, reject.)
func sanitize(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || (r != '\n' && unicode.IsControl(r)) || r == 0xFFFE || r == 0xFFFF {
			clean = false
			break
		}
	}
	if clean && utf8.ValidString(s) {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(s, "?") {
		switch {
		case r == '\r':
			b.WriteByte('\n')
		case r == '\t':
			b.WriteByte(' ')
		case r == '\n':
			b.WriteByte('\n')
		case unicode.IsControl(r) || r == 0xFFFE || r == 0xFFFF || r == utf8.RuneError:
			b.WriteByte('?')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Text escapes s for use inside an HTML-like label: &, <, >, " and ' become
// entities, a newline becomes <br/>, and control characters and invalid UTF-8
// become "?".
func Text(s string) string {
	var b strings.Builder
	for _, r := range sanitize(s) {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&#39;")
		case '\n':
			b.WriteString("<br/>")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// truncate shortens s to at most n runes, ending with "…" when cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
