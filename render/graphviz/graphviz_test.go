package graphviz

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/cascade-infra/cascade/render"
)

// svgText checks that b is well-formed XML with an <svg> root and returns all its
// character data, one string per text node.
func svgText(t *testing.T, b []byte) []string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	var texts []string
	root := ""
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not valid XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = tok.Name.Local
			}
		case xml.CharData:
			if s := strings.TrimSpace(string(tok)); s != "" {
				texts = append(texts, s)
			}
		}
	}
	if root != "svg" {
		t.Fatalf("SVG root element is %q", root)
	}
	return texts
}

// TestGoldenSVG draws every golden DOT file of the render package as SVG.
func TestGoldenSVG(t *testing.T) {
	files, err := filepath.Glob("../testdata/*.dot")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden DOT files: %v", err)
	}
	for _, f := range files {
		dot, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := Render(dot, Options{Format: "svg"}, &out); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		texts := svgText(t, out.Bytes())
		if !slicesContains(texts, "Legend") {
			t.Errorf("%s: SVG has no legend", f)
		}
	}
}

func slicesContains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

var nasty = []string{
	`say "hi"`,
	`ends with a backslash\`,
	`\N \G \l`,
	"<html> & <b>bold</b> &amp;",
	"two\nlines",
	"東京電力パワーグリッド 川崎変電所",
	"]]> --> <!-- ' \"",
	"bell\a and invalid \xff",
}

// TestNastyLabelsSVG draws nasty labels, as plain strings and as HTML-like
// labels, and finds each one back, line by line, in the SVG text.
func TestNastyLabelsSVG(t *testing.T) {
	g := &render.Graph{Name: "nasty"}
	for i, s := range nasty {
		g.AddNode(fmt.Sprintf("p%d", i), render.Attrs{"label": render.Str(s), "tooltip": render.Str(s)})
		g.AddNode(fmt.Sprintf("h%d", i), render.Attrs{"label": render.HTML(render.Text(s))})
		g.AddNode(s, nil) // the ID itself
		g.AddEdge(fmt.Sprintf("p%d", i), fmt.Sprintf("h%d", i), render.Attrs{"label": render.Str(s)})
	}
	var out bytes.Buffer
	if err := Render(g.Bytes(), Options{Format: "svg"}, &out); err != nil {
		t.Fatalf("%v\n%s", err, g.Bytes())
	}
	texts := strings.Join(svgText(t, out.Bytes()), "\n")
	for _, s := range nasty {
		for _, line := range strings.Split(s, "\n") {
			want := strings.TrimSpace(strings.NewReplacer("\a", "?", "\xff", "?").Replace(line))
			// Each line appears three times: plain label, HTML label, edge label.
			if n := strings.Count(texts, want); n < 3 {
				t.Errorf("label line %q found %d times in the SVG, want 3 or more", want, n)
			}
		}
	}
}

func TestPNG(t *testing.T) {
	dot, err := os.ReadFile("../testdata/impact_flood.dot")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := Render(dot, Options{Format: "png"}, &out); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(out.Bytes(), []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatalf("not a PNG: % x", out.Bytes()[:min(8, out.Len())])
	}
	img, err := png.Decode(&out)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() < 300 || b.Dy() < 200 {
		t.Errorf("PNG is %dx%d, want at least 300x200", b.Dx(), b.Dy())
	}
	if !hasColor(img, 0xb1, 0x00, 0x26) {
		t.Error("PNG lacks the colour of the first failure")
	}
}

// hasColor reports whether some pixel of img is close to r, g, b.
func hasColor(img image.Image, r, g, b uint8) bool {
	bd := img.Bounds()
	for y := bd.Min.Y; y < bd.Max.Y; y++ {
		for x := bd.Min.X; x < bd.Max.X; x++ {
			pr, pg, pb, _ := img.At(x, y).RGBA()
			if absDiff(pr>>8, uint32(r)) < 8 && absDiff(pg>>8, uint32(g)) < 8 && absDiff(pb>>8, uint32(b)) < 8 {
				return true
			}
		}
	}
	return false
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

func TestSizeCheck(t *testing.T) {
	var b strings.Builder
	b.WriteString("digraph { layout=dot;")
	for i := range render.DotMax + 1 {
		fmt.Fprintf(&b, " n%d;", i)
	}
	b.WriteString(" }")
	err := Render([]byte(b.String()), Options{Format: "svg"}, io.Discard)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("error %v, want ErrTooLarge", err)
	}
	// The same nodes without edges are cheap to force, and under sfdp allowed.
	if err := Render([]byte(b.String()), Options{Format: "svg", Layout: "sfdp"}, io.Discard); err != nil {
		t.Fatalf("sfdp: %v", err)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		dot  string
		opts Options
		want string
	}{
		{"digraph { a }", Options{Format: "pdf"}, `unknown format "pdf"`},
		{"digraph { a }", Options{Format: "svg", Layout: "twopi"}, `unknown layout "twopi"`},
		{"digraph { layout=osage; a }", Options{Format: "svg"}, `layout "osage"`},
		{"digraph { a -> }", Options{Format: "svg"}, "read DOT"},
	}
	for _, tt := range tests {
		err := Render([]byte(tt.dot), tt.opts, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Render(%q, %+v): error %v, want one containing %q", tt.dot, tt.opts, err, tt.want)
		}
	}
	// The instance still works after errors.
	if err := Render([]byte("digraph { a -> b }"), Options{Format: "svg"}, io.Discard); err != nil {
		t.Fatalf("after errors: %v", err)
	}
}

// TestConcurrent renders from several goroutines at once: the lock must keep
// go-graphviz's single instance consistent (upstream issue #117).
func TestConcurrent(t *testing.T) {
	dot, err := os.ReadFile("../testdata/sectors.dot")
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := Render(dot, Options{Format: "svg"}, &want); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 6)
	outs := make([]bytes.Buffer, 6)
	for i := range errs {
		wg.Go(func() { errs[i] = Render(dot, Options{Format: "svg"}, &outs[i]) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("render %d: %v", i, err)
		} else if !bytes.Equal(outs[i].Bytes(), want.Bytes()) {
			t.Errorf("render %d differs from a lone render", i)
		}
	}
}
