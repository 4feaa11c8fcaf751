// Package graphml reads and writes GraphML (http://graphml.graphdrawing.org), the
// graph format of networkx, osmnx and yEd, and turns a GraphML graph into a cascade
// model in the CSV bulk form and a cascade model into GraphML (docs/import.md,
// "GraphML").
//
// The reader streams the XML, refuses document type declarations (and with them
// every entity definition), and bounds the file size, the size of every attribute,
// text and data value, the nesting depth and the counts of keys, nodes and edges
// while it reads, so that no file makes it allocate without bound.
package graphml

import (
	"fmt"
	"strconv"
	"strings"
)

// Domains of a key: the elements its data may be attached to.
const (
	ForNode  = "node"
	ForEdge  = "edge"
	ForGraph = "graph"
	ForAll   = "all"
)

// Types of a key's values (attr.type).
const (
	TypeBoolean = "boolean"
	TypeInt     = "int"
	TypeLong    = "long"
	TypeFloat   = "float"
	TypeDouble  = "double"
	TypeString  = "string"
)

// Key declares one attribute of nodes, edges or graphs.
type Key struct {
	ID         string // the id that data elements name
	For        string // ForNode, ForEdge, ForGraph or ForAll
	Name       string // attr.name; the id when the file gives none
	Type       string // attr.type; TypeString when the file gives none
	Default    string // the value of an element without data for the key
	HasDefault bool
	// YFiles is set for yEd's graphics keys (yfiles.type); their data are XML
	// elements, not values, and are not kept.
	YFiles bool
	Line   int // where the key is declared
}

// appliesTo reports whether the key's data may be attached to elements of domain d.
func (k *Key) appliesTo(d string) bool { return k.For == ForAll || k.For == d }

// Data is the value of one key on one element.
type Data struct {
	Key   int // index into Graph.Keys
	Value string
}

// Node is one node of the graph.
type Node struct {
	ID   string
	Data []Data
	Line int // line of the node element
}

// Edge is one edge of the graph, from Source to Target (node ids).
type Edge struct {
	ID             string // "" when the file gives none
	Source, Target string
	Directed       bool // the edge's directed attribute, else the graph's edgedefault
	Data           []Data
	Line           int // line of the edge element
}

// Graph is a GraphML graph. Nodes of nested graphs (yEd groups) are flattened into
// Nodes, in document order, as networkx does.
type Graph struct {
	ID       string
	Directed bool // edgedefault="directed"
	Keys     []Key
	Data     []Data // data of the graph element
	Nodes    []Node
	Edges    []Edge
}

// keyIndex returns the index of the key named name for domain d, or -1.
func (g *Graph) keyIndex(d, name string) int {
	for i := range g.Keys {
		if g.Keys[i].Name == name && g.Keys[i].appliesTo(d) {
			return i
		}
	}
	return -1
}

// value returns the value of key k among data, or its default.
func (g *Graph) value(data []Data, k int) (string, bool) {
	if k < 0 {
		return "", false
	}
	for _, d := range data {
		if d.Key == k {
			return d.Value, true
		}
	}
	return g.Keys[k].Default, g.Keys[k].HasDefault
}

// NodeValue returns node n's value of the attribute named name (its data, else the
// key's default) and whether it has one.
func (g *Graph) NodeValue(n *Node, name string) (string, bool) {
	return g.value(n.Data, g.keyIndex(ForNode, name))
}

// EdgeValue returns edge e's value of the attribute named name (its data, else the
// key's default) and whether it has one.
func (g *Graph) EdgeValue(e *Edge, name string) (string, bool) {
	return g.value(e.Data, g.keyIndex(ForEdge, name))
}

// GraphValue returns the graph's value of the attribute named name (its data, else
// the key's default) and whether it has one.
func (g *Graph) GraphValue(name string) (string, bool) {
	return g.value(g.Data, g.keyIndex(ForGraph, name))
}

// checkValue reports whether v is a valid value of type typ.
func checkValue(typ, v string) error {
	s := strings.TrimSpace(v)
	var err error
	switch typ {
	case TypeBoolean:
		switch strings.ToLower(s) {
		case "true", "false", "1", "0":
		default:
			err = fmt.Errorf("%q is not a boolean (true or false)", v)
		}
	case TypeInt:
		_, err = strconv.ParseInt(s, 10, 32)
	case TypeLong:
		_, err = strconv.ParseInt(s, 10, 64)
	case TypeFloat, TypeDouble:
		_, err = strconv.ParseFloat(s, 64)
	}
	if _, ok := err.(*strconv.NumError); ok {
		err = fmt.Errorf("%q is not a valid %s", v, typ)
	}
	return err
}
