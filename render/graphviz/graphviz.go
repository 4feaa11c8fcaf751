// Package graphviz turns DOT text into SVG or PNG with go-graphviz, which runs
// Graphviz 12 compiled to WebAssembly: no cgo and no system Graphviz. PNGs are
// rasterized from Graphviz's SVG (see rasterize): go-graphviz's own PNG renderer
// draws edges and outlines wrongly.
//
// Importing this package costs every process about 0.1 s warm and 0.7 s cold at
// start-up (go-graphviz compiles its WebAssembly module in a package init), so
// only the companion binary cascade-graphviz imports it, never cmd/cascade.
//
// go-graphviz keeps one module instance for the whole process without locking:
// concurrent renders corrupt it, and a context cancelled mid-render breaks it for
// the rest of the process. Render therefore runs one render at a time behind a
// mutex, always with a context that is never cancelled; a caller who needs to stop
// a render kills the process that runs it.
package graphviz

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	gv "github.com/goccy/go-graphviz"

	"github.com/cascade-infra/cascade/render"
)

// Formats are the output formats Render writes.
var Formats = []string{"svg", "png"}

// Options choose how DOT text is drawn.
type Options struct {
	Format string // one of Formats
	// Layout is the layout engine, one of render.Layouts; "" keeps the graph's
	// own "layout" attribute, or dot when it has none.
	Layout string
	// Force draws graphs beyond render.MaxNodes of their layout.
	Force bool
}

// ErrTooLarge is wrapped by the error of Render when it refuses a graph for
// its size.
var ErrTooLarge = errors.New("graph too large for its layout")

var (
	mu  sync.Mutex   // one render at a time: go-graphviz is not safe for concurrent use
	inc *gv.Graphviz // created on first use, kept for the life of the process
)

// Render parses dot, checks its size against the limit of its layout, lays it
// out and writes the image in opts.Format to w. The image is produced in memory
// and written only when complete.
func Render(dot []byte, opts Options, w io.Writer) error {
	if !slices.Contains(Formats, opts.Format) {
		return fmt.Errorf("unknown format %q; formats are %s", opts.Format, strings.Join(Formats, ", "))
	}
	if opts.Layout != "" && !slices.Contains(render.Layouts, opts.Layout) {
		return fmt.Errorf("unknown layout %q; layouts are %s", opts.Layout, strings.Join(render.Layouts, ", "))
	}
	mu.Lock()
	defer mu.Unlock()
	// Never cancelled: cancelling go-graphviz midway breaks it (upstream #118).
	ctx := context.Background()
	if inc == nil {
		g, err := gv.New(ctx)
		if err != nil {
			return fmt.Errorf("start graphviz: %w", err)
		}
		inc = g
	}
	graph, err := gv.ParseBytes(dot)
	if err != nil {
		return fmt.Errorf("read DOT: %w", err)
	}
	defer graph.Close()
	layout := opts.Layout
	if layout == "" {
		layout = graph.GetStr("layout")
	}
	if layout == "" {
		layout = "dot"
	}
	if !slices.Contains(render.Layouts, layout) {
		return fmt.Errorf("the graph asks for layout %q; layouts are %s", layout, strings.Join(render.Layouts, ", "))
	}
	// The graph's layout attribute takes precedence over the engine Graphviz is
	// given, so set it to the one chosen.
	if err := graph.SafeSet("layout", layout, ""); err != nil {
		return fmt.Errorf("set layout: %w", err)
	}
	n, err := graph.NodeNum()
	if err != nil {
		return fmt.Errorf("count nodes: %w", err)
	}
	e, err := graph.EdgeNum()
	if err != nil {
		return fmt.Errorf("count edges: %w", err)
	}
	if !opts.Force && (n > render.MaxNodes(layout) || e > render.MaxEdges(layout)) {
		return fmt.Errorf("%w: %d nodes and %d edges, more than the %s layout draws in reasonable time (%d nodes, %d edges); choose another layout or --force",
			ErrTooLarge, n, e, layout, render.MaxNodes(layout), render.MaxEdges(layout))
	}
	inc.SetLayout(gv.Layout(layout))
	var svg bytes.Buffer
	if err := inc.Render(ctx, graph, gv.SVG, &svg); err != nil {
		return fmt.Errorf("render %s with %s: %w", opts.Format, layout, err)
	}
	if svg.Len() == 0 {
		return fmt.Errorf("render %s with %s: graphviz produced nothing", opts.Format, layout)
	}
	if opts.Format == "png" {
		var img bytes.Buffer
		if err := rasterize(svg.Bytes(), &img); err != nil {
			return fmt.Errorf("render png: %w", err)
		}
		_, err = w.Write(img.Bytes())
		return err
	}
	_, err = w.Write(svg.Bytes())
	return err
}
