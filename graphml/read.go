package graphml

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Limits bound what Read accepts. A zero field takes its DefaultLimits value.
type Limits struct {
	MaxBytes int64 // size of the file, bytes
	MaxValue int   // size of one tag with its attributes, one text or one data value, bytes
	MaxDepth int   // element nesting
	MaxKeys  int
	MaxNodes int
	MaxEdges int
}

// DefaultLimits are the limits of Read with a zero Limits: room for a graph of
// millions of edges, nothing a hostile file can blow up.
var DefaultLimits = Limits{
	MaxBytes: 1 << 30,
	MaxValue: 1 << 20,
	MaxDepth: 64,
	MaxKeys:  10_000,
	MaxNodes: 10_000_000,
	MaxEdges: 50_000_000,
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.MaxBytes > 0 {
		d.MaxBytes = l.MaxBytes
	}
	if l.MaxValue > 0 {
		d.MaxValue = l.MaxValue
	}
	if l.MaxDepth > 0 {
		d.MaxDepth = l.MaxDepth
	}
	if l.MaxKeys > 0 {
		d.MaxKeys = l.MaxKeys
	}
	if l.MaxNodes > 0 {
		d.MaxNodes = l.MaxNodes
	}
	if l.MaxEdges > 0 {
		d.MaxEdges = l.MaxEdges
	}
	return d
}

// Error is a mistake in a GraphML file, at a line and in an element.
type Error struct {
	Line    int    // 1-based
	Element string // the element being read ("" before the root)
	Msg     string
}

func (e *Error) Error() string {
	if e.Element == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return fmt.Sprintf("line %d: <%s>: %s", e.Line, e.Element, e.Msg)
}

// errLimit is returned by limitReader when a limit is passed.
type errLimit struct{ msg string }

func (e *errLimit) Error() string { return e.msg }

// limitReader counts the bytes read and fails once the file passes max bytes or
// once more than maxToken bytes were read since the decoder last returned a token,
// which bounds what the decoder buffers for one tag, text or comment.
type limitReader struct {
	r        io.Reader
	n        int64 // bytes read
	max      int64
	mark     int64 // decoder offset after the last token
	maxToken int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n > l.max {
		return 0, &errLimit{fmt.Sprintf("the file is larger than %d bytes", l.max)}
	}
	if l.n-l.mark > l.maxToken {
		return 0, &errLimit{fmt.Sprintf("a tag, text or data value is larger than %d bytes", l.maxToken)}
	}
	if room := l.max + 1 - l.n; int64(len(p)) > room {
		p = p[:room]
	}
	n, err := l.r.Read(p)
	l.n += int64(n)
	return n, err
}

// reader is the state of one Read.
type reader struct {
	lim   Limits
	dec   *xml.Decoder
	lr    *limitReader
	g     *Graph
	stack []string         // local names of the open elements
	keys  map[string]int   // key id → index
	names map[string][]int // attribute name → indexes of its keys
	nodes map[string]int32

	graphs    int // graph elements opened at the top level
	inGraph   int // depth of open graph elements
	node      int // index of the open node, -1
	edge      int // index of the open edge, -1
	data      *Data
	dataTo    *[]Data
	text      strings.Builder // the open data's or default's text
	key       *Key            // the open key, for its default
	inDefault bool
	skip      int   // depth of an element whose content is skipped; 0 when none
	outer     []int // the open node of each enclosing graph, restored at its end
}

// Read reads a GraphML document with DefaultLimits. See ReadLimits.
func Read(r io.Reader) (*Graph, error) { return ReadLimits(r, Limits{}) }

// ReadLimits reads a GraphML document: its keys and its one graph (nested graphs
// flattened into it). It refuses a document type declaration (and so every entity
// definition), data whose key is not declared before it or is declared for another
// kind of element, values that do not fit their key's attr.type, duplicate node
// ids, edges between unknown nodes, hyperedges, more than one top-level graph, and
// anything that passes lim. Errors are *Error, naming the line and element.
func ReadLimits(r io.Reader, lim Limits) (*Graph, error) {
	lim = lim.withDefaults()
	lr := &limitReader{r: r, max: lim.MaxBytes, maxToken: int64(lim.MaxValue)}
	dec := xml.NewDecoder(bufio.NewReaderSize(lr, 4096))
	dec.Strict = true
	rd := &reader{lim: lim, dec: dec, lr: lr, g: &Graph{Directed: true}, keys: map[string]int{},
		names: map[string][]int{}, nodes: map[string]int32{}, node: -1, edge: -1}
	if err := rd.read(); err != nil {
		return nil, err
	}
	return rd.g, nil
}

func (rd *reader) errorf(format string, args ...any) error {
	line, _ := rd.dec.InputPos()
	el := ""
	if len(rd.stack) > 0 {
		el = rd.stack[len(rd.stack)-1]
	}
	return &Error{Line: line, Element: el, Msg: fmt.Sprintf(format, args...)}
}

func (rd *reader) read() error {
	sawRoot := false
	for {
		tok, err := rd.dec.Token()
		rd.lr.mark = rd.dec.InputOffset()
		if err == io.EOF {
			if !sawRoot {
				return rd.errorf("no <graphml> element: this is not a GraphML file")
			}
			return rd.finish()
		}
		if err != nil {
			var le *errLimit
			var se *xml.SyntaxError
			switch {
			case errors.As(err, &le):
				return rd.errorf("%s", le.msg)
			case errors.As(err, &se):
				return &Error{Line: se.Line, Element: rd.top(), Msg: "XML syntax: " + se.Msg}
			}
			return rd.errorf("%v", err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			if bytes.HasPrefix(bytes.TrimSpace(t), []byte("DOCTYPE")) {
				return rd.errorf("a DOCTYPE is refused: GraphML needs none, and the entities it may declare could expand without bound")
			}
			return rd.errorf("XML directive <!%.20s> refused", t)
		case xml.StartElement:
			if len(rd.stack) >= rd.lim.MaxDepth {
				return rd.errorf("elements nested deeper than %d", rd.lim.MaxDepth)
			}
			if len(rd.stack) == 0 {
				if sawRoot || t.Name.Local != "graphml" {
					return &Error{Line: rd.line(), Element: t.Name.Local, Msg: "the root element must be <graphml>"}
				}
				sawRoot = true
			}
			rd.stack = append(rd.stack, t.Name.Local)
			if rd.skip > 0 {
				continue
			}
			if err := rd.start(t); err != nil {
				return err
			}
		case xml.EndElement:
			if rd.skip == len(rd.stack) {
				rd.skip = 0
			}
			if rd.skip == 0 {
				if err := rd.end(t.Name.Local); err != nil {
					return err
				}
			}
			rd.stack = rd.stack[:len(rd.stack)-1]
		case xml.CharData:
			if (rd.data != nil || rd.inDefault) && rd.skip == 0 {
				if rd.text.Len()+len(t) > rd.lim.MaxValue {
					return rd.errorf("a value is larger than %d bytes", rd.lim.MaxValue)
				}
				rd.text.Write(t)
			}
		}
	}
}

func (rd *reader) top() string {
	if len(rd.stack) == 0 {
		return ""
	}
	return rd.stack[len(rd.stack)-1]
}

func (rd *reader) line() int {
	l, _ := rd.dec.InputPos()
	return l
}

func attr(t xml.StartElement, name string) (string, bool) {
	for _, a := range t.Attr {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value, true
		}
	}
	return "", false
}

// start handles an element that is not inside a skipped one.
func (rd *reader) start(t xml.StartElement) error {
	parent := ""
	if len(rd.stack) >= 2 {
		parent = rd.stack[len(rd.stack)-2]
	}
	if rd.data != nil || rd.inDefault {
		// yEd's graphics and other markup inside a value: not kept.
		rd.skip = len(rd.stack)
		return nil
	}
	switch t.Name.Local {
	case "graphml":
		return nil
	case "key":
		if parent != "graphml" {
			break
		}
		return rd.startKey(t)
	case "default":
		if parent == "key" && rd.key != nil {
			rd.inDefault = true
			rd.text.Reset()
			return nil
		}
	case "graph":
		return rd.startGraph(t, parent)
	case "node":
		if parent == "graph" {
			return rd.startNode(t)
		}
	case "edge":
		if parent == "graph" {
			return rd.startEdge(t)
		}
	case "hyperedge":
		return rd.errorf("hyperedges are not supported; give each of its ends as an edge")
	case "data":
		return rd.startData(t, parent)
	}
	// desc, port, locator, foreign elements: their content is not kept.
	rd.skip = len(rd.stack)
	return nil
}

func (rd *reader) startKey(t xml.StartElement) error {
	if rd.graphs > 0 {
		return rd.errorf("keys must be declared before the graph")
	}
	if len(rd.g.Keys) >= rd.lim.MaxKeys {
		return rd.errorf("more than %d keys", rd.lim.MaxKeys)
	}
	id, ok := attr(t, "id")
	if !ok || id == "" {
		return rd.errorf("a key needs an id")
	}
	if _, dup := rd.keys[id]; dup {
		return rd.errorf("key id %q declared twice", id)
	}
	k := Key{ID: id, For: ForAll, Name: id, Type: TypeString, Line: rd.line()}
	if v, ok := attr(t, "for"); ok {
		switch v {
		case ForNode, ForEdge, ForGraph, ForAll:
			k.For = v
		case "graphml", "port", "endpoint", "hyperedge":
			k.For = v // kept, never applies to what is read
		default:
			return rd.errorf("for=%q: want node, edge, graph or all", v)
		}
	}
	if v, ok := attr(t, "attr.name"); ok && v != "" {
		k.Name = v
	}
	if v, ok := attr(t, "attr.type"); ok {
		switch v {
		case TypeBoolean, TypeInt, TypeLong, TypeFloat, TypeDouble, TypeString:
			k.Type = v
		default:
			return rd.errorf("attr.type=%q: want boolean, int, long, float, double or string", v)
		}
	}
	if _, ok := attr(t, "yfiles.type"); ok {
		k.YFiles = true
	}
	for _, i := range rd.names[k.Name] {
		o := &rd.g.Keys[i]
		if o.For == k.For || o.For == ForAll || k.For == ForAll {
			return rd.errorf("attribute %q of %s declared twice (keys %q and %q)", k.Name, k.For, o.ID, k.ID)
		}
	}
	rd.names[k.Name] = append(rd.names[k.Name], len(rd.g.Keys))
	rd.keys[id] = len(rd.g.Keys)
	rd.g.Keys = append(rd.g.Keys, k)
	rd.key = &rd.g.Keys[len(rd.g.Keys)-1]
	return nil
}

func (rd *reader) startGraph(t xml.StartElement, parent string) error {
	switch {
	case parent == "graphml":
		if rd.graphs > 0 {
			return rd.errorf("more than one graph in the file; give one graph per file")
		}
		rd.graphs++
		rd.g.ID, _ = attr(t, "id")
		switch v, _ := attr(t, "edgedefault"); v {
		case "", "directed":
			rd.g.Directed = true
		case "undirected":
			rd.g.Directed = false
		default:
			return rd.errorf("edgedefault=%q: want directed or undirected", v)
		}
	case parent == "node" && rd.inGraph > 0:
		// a nested graph (a yEd group): its nodes and edges join the graph
	default:
		return rd.errorf("a graph must be in <graphml> or in a <node>")
	}
	rd.inGraph++
	rd.outer = append(rd.outer, rd.node)
	rd.node = -1
	return nil
}

func (rd *reader) startNode(t xml.StartElement) error {
	id, ok := attr(t, "id")
	if !ok {
		return rd.errorf("a node needs an id")
	}
	if i, dup := rd.nodes[id]; dup {
		return rd.errorf("node id %q used twice (first on line %d)", id, rd.g.Nodes[i].Line)
	}
	if len(rd.g.Nodes) >= rd.lim.MaxNodes {
		return rd.errorf("more than %d nodes", rd.lim.MaxNodes)
	}
	rd.nodes[id] = int32(len(rd.g.Nodes))
	rd.node = len(rd.g.Nodes)
	rd.g.Nodes = append(rd.g.Nodes, Node{ID: id, Line: rd.line()})
	return nil
}

func (rd *reader) startEdge(t xml.StartElement) error {
	if len(rd.g.Edges) >= rd.lim.MaxEdges {
		return rd.errorf("more than %d edges", rd.lim.MaxEdges)
	}
	e := Edge{Directed: rd.g.Directed, Line: rd.line()}
	e.ID, _ = attr(t, "id")
	var ok bool
	if e.Source, ok = attr(t, "source"); !ok {
		return rd.errorf("an edge needs a source")
	}
	if e.Target, ok = attr(t, "target"); !ok {
		return rd.errorf("an edge needs a target")
	}
	if v, ok := attr(t, "directed"); ok {
		switch v {
		case "true":
			e.Directed = true
		case "false":
			e.Directed = false
		default:
			return rd.errorf("directed=%q: want true or false", v)
		}
	}
	rd.edge = len(rd.g.Edges)
	rd.g.Edges = append(rd.g.Edges, e)
	return nil
}

func (rd *reader) startData(t xml.StartElement, parent string) error {
	id, ok := attr(t, "key")
	if !ok {
		return rd.errorf("data needs a key")
	}
	k, ok := rd.keys[id]
	if !ok {
		return rd.errorf("no <key id=%q> is declared before this data", id)
	}
	key := &rd.g.Keys[k]
	var to *[]Data
	var domain string
	switch {
	case parent == "node" && rd.node >= 0:
		to, domain = &rd.g.Nodes[rd.node].Data, ForNode
	case parent == "edge" && rd.edge >= 0:
		to, domain = &rd.g.Edges[rd.edge].Data, ForEdge
	case parent == "graph" && rd.inGraph == 1:
		to, domain = &rd.g.Data, ForGraph
	default:
		rd.skip = len(rd.stack) // data of the document, of nested graphs, of ports: not kept
		return nil
	}
	if !key.appliesTo(domain) {
		return rd.errorf("key %q (attribute %q) is declared for=%q, not for %ss", id, key.Name, key.For, domain)
	}
	for _, d := range *to {
		if d.Key == k {
			return rd.errorf("two values of attribute %q on one %s", key.Name, domain)
		}
	}
	if key.YFiles {
		rd.skip = len(rd.stack)
		return nil
	}
	rd.data, rd.dataTo = &Data{Key: k}, to
	rd.text.Reset()
	return nil
}

// end handles the end of an element that is not inside a skipped one.
func (rd *reader) end(name string) error {
	switch name {
	case "data":
		if rd.data == nil {
			return nil
		}
		v := rd.text.String()
		k := &rd.g.Keys[rd.data.Key]
		if err := checkValue(k.Type, v); err != nil {
			return rd.errorf("attribute %q: %v", k.Name, err)
		}
		rd.data.Value = v
		*rd.dataTo = append(*rd.dataTo, *rd.data)
		rd.data, rd.dataTo = nil, nil
	case "default":
		if rd.inDefault {
			v := rd.text.String()
			if err := checkValue(rd.key.Type, v); err != nil {
				return rd.errorf("default of attribute %q: %v", rd.key.Name, err)
			}
			rd.key.Default, rd.key.HasDefault = v, true
			rd.inDefault = false
		}
	case "key":
		rd.key = nil
	case "node":
		rd.node = -1
	case "edge":
		rd.edge = -1
	case "graph":
		rd.inGraph--
		rd.node = rd.outer[len(rd.outer)-1]
		rd.outer = rd.outer[:len(rd.outer)-1]
	}
	return nil
}

// finish checks what needs the whole file: the ends of every edge.
func (rd *reader) finish() error {
	if rd.graphs == 0 {
		return &Error{Line: rd.line(), Element: "graphml", Msg: "no <graph> in the file"}
	}
	for i := range rd.g.Edges {
		e := &rd.g.Edges[i]
		for _, end := range []struct{ what, id string }{{"source", e.Source}, {"target", e.Target}} {
			if _, ok := rd.nodes[end.id]; !ok {
				return &Error{Line: e.Line, Element: "edge", Msg: fmt.Sprintf("%s %q is not a node of the graph", end.what, end.id)}
			}
		}
	}
	return nil
}
