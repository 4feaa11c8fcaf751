// Command cascade-graphviz draws DOT text as SVG or PNG with the Graphviz 12
// WebAssembly build of go-graphviz: no system Graphviz needed.
//
// It is the drawing half of `cascade render`: cascade writes DOT and runs this
// companion, found next to the cascade binary or in PATH, for images. Keeping
// go-graphviz out of cascade saves every other cascade command its start-up cost
// (about 0.1 s warm, 0.7 s cold). See docs/render.md.
//
//	cascade-graphviz -T svg [-K sfdp] [--force] [-o FILE] [FILE.dot] < in.dot
//
// It reads DOT from FILE.dot or stdin and writes the image to stdout, or to FILE
// atomically (nothing is left at FILE when drawing fails). Exit status: 0 done,
// 1 the DOT could not be drawn or the graph is too large, 2 usage error.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/cascade-infra/cascade/internal/atomicfile"
	"github.com/cascade-infra/cascade/internal/regular"
	"github.com/cascade-infra/cascade/render"
	"github.com/cascade-infra/cascade/render/graphviz"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is the whole command; it returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("cascade-graphviz", pflag.ContinueOnError)
	fs.SortFlags = false
	fs.SetOutput(stderr)
	format := fs.StringP("format", "T", "", "output `FORMAT`: "+strings.Join(graphviz.Formats, ", ")+" (default: from -o's extension, else svg)")
	layout := fs.StringP("layout", "K", "", "layout `ENGINE`: "+strings.Join(render.Layouts, ", ")+" (default: the graph's layout attribute, else dot)")
	output := fs.StringP("output", "o", "", "write to `FILE` atomically instead of stdout")
	force := fs.Bool("force", false, "draw graphs beyond the size limit of their layout")
	fs.Usage = func() {
		fmt.Fprintf(stdout, "usage: cascade-graphviz [-T FORMAT] [-K LAYOUT] [--force] [-o FILE] [FILE.dot]\n\n")
		fmt.Fprintf(stdout, "Draws DOT from FILE.dot or stdin as an image. Size limits without --force, in nodes/edges:\n"+
			"dot %d/%d, sfdp %d/%d, neato and fdp %d/%d, circo %d/%d.\n\nFlags:\n",
			render.DotMax, render.DotMaxEdges, render.SFDPMax, render.SFDPMaxEdges,
			render.SpringMax, render.MaxEdges("neato"), render.CircoMax, render.MaxEdges("circo"))
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		fs.SetOutput(stderr)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(stderr, "cascade-graphviz: %v\n", err)
		return 2
	}
	if fs.NArg() > 1 {
		fmt.Fprintln(stderr, "cascade-graphviz: at most one input file")
		return 2
	}
	if *format == "" {
		*format = "svg"
		if ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(*output)), "."); ext != "" {
			*format = ext
		}
	}
	if !slices.Contains(graphviz.Formats, *format) {
		fmt.Fprintf(stderr, "cascade-graphviz: unknown format %q; formats are %s\n", *format, strings.Join(graphviz.Formats, ", "))
		return 2
	}
	if *layout != "" && !slices.Contains(render.Layouts, *layout) {
		fmt.Fprintf(stderr, "cascade-graphviz: unknown layout %q; layouts are %s\n", *layout, strings.Join(render.Layouts, ", "))
		return 2
	}
	in := stdin
	if fs.NArg() == 1 && fs.Arg(0) != "-" {
		f, err := regular.Open(fs.Arg(0))
		if err != nil {
			fmt.Fprintf(stderr, "cascade-graphviz: %v\n", err)
			return 1
		}
		defer f.Close()
		in = f
	}
	dot, err := io.ReadAll(in)
	if err != nil {
		fmt.Fprintf(stderr, "cascade-graphviz: read DOT: %v\n", err)
		return 1
	}
	opts := graphviz.Options{Format: *format, Layout: *layout, Force: *force}
	draw := func(w io.Writer) error { return graphviz.Render(dot, opts, w) }
	if *output == "" || *output == "-" {
		err = draw(stdout)
	} else {
		err = atomicfile.Write(*output, func(f *os.File) error { return draw(f) })
	}
	if err != nil {
		fmt.Fprintf(stderr, "cascade-graphviz: %v\n", err)
		return 1
	}
	return 0
}
