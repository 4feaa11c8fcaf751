// Package cjkfont finds and parses the fallback font that the plots (package render)
// and the diagrams' rasteriser (package render/graphviz) draw CJK text with, so that
// both choose the same font the same way.
package cjkfont

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"os"

	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
)

// Env names the environment variable that gives a .ttf, .otf or .ttc font to try
// before Paths.
const Env = "CASCADE_FONT"

// Paths are the system CJK fonts tried, in order, after $CASCADE_FONT: common places
// on Linux and macOS, which look better than the embedded Droid Sans Fallback.
var Paths = []string{
	"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/opentype/noto/NotoSansCJKjp-Regular.otf",
	"/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
	"/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
	"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
	"/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
	"/System/Library/Fonts/Hiragino Sans GB.ttc",
}

// Find returns the first font that parses of $CASCADE_FONT and then paths, and its
// path; nil and "" when none does.
func Find(paths []string) (*sfnt.Font, string) {
	if p := os.Getenv(Env); p != "" {
		paths = append([]string{p}, paths...)
	}
	for _, p := range paths {
		if f := ParseFile(p); f != nil {
			return f, p
		}
	}
	return nil, ""
}

// ParseFile parses a .ttf, .otf or .ttc file (font 0 of a collection), nil when it
// cannot be read or parsed.
func ParseFile(path string) *sfnt.Font {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	if bytes.HasPrefix(data, []byte("ttcf")) {
		c, err := opentype.ParseCollection(data)
		if err != nil || c.NumFonts() == 0 {
			return nil
		}
		f, err := c.Font(0)
		if err != nil {
			return nil
		}
		return f
	}
	f, err := opentype.Parse(data)
	if err != nil {
		return nil
	}
	return f
}

// Decode decompresses and parses a gzip-compressed font (the embedded one).
func Decode(gz []byte) (*sfnt.Font, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("embedded CJK font: %w", err)
	}
	var data bytes.Buffer
	if n := len(gz); n >= 4 { // gzip ends with the uncompressed size
		data.Grow(int(binary.LittleEndian.Uint32(gz[n-4:])))
	}
	if _, err := io.Copy(&data, zr); err != nil { // checks the CRC at the end
		return nil, fmt.Errorf("embedded CJK font: %w", err)
	}
	f, err := opentype.Parse(data.Bytes())
	if err != nil {
		return nil, fmt.Errorf("embedded CJK font does not parse: %w", err)
	}
	return f, nil
}
