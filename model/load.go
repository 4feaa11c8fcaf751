package model

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/json"

	"github.com/cascade-infra/cascade/internal/regular"
)

// Limits that keep hostile input from exhausting the stack, memory or patience.
const (
	// MaxFileSize is the largest model file accepted, in bytes.
	MaxFileSize = 1 << 30
	// MaxNesting is the deepest nesting of brackets, parentheses, braces and
	// string templates accepted in a file.
	MaxNesting = 256
	// MaxOperators is the largest number of operators accepted in one expression.
	MaxOperators = 4096
	// maxSyntaxErrors is how many syntax errors of one file are reported.
	maxSyntaxErrors = 50
)

// Options configures a load.
type Options struct {
	// Vars sets variables by name, as --var name=value does. For a variable of
	// type string, number or bool the value is taken as written and converted to
	// the type ("72h", "0.5", "true"). For any other type (list, map, object, or
	// no type given) the value is read as an HCL expression when it parses and
	// needs no variables or functions (`["a","b"]`, `{lat=1, lon=2}`, `3`),
	// and as a plain string otherwise.
	Vars map[string]string
	// VarFiles are files of `name = value` lines, HCL native syntax, or JSON
	// objects when the name ends in ".json", applied in order before Vars. They
	// are read from the operating system's file system, even when FS is set.
	VarFiles []string
	// FS, when non-nil, is the file system the model path is read from (for
	// example an embed.FS); nil means the operating system's.
	FS fs.FS
	// Mitigations names the mitigation blocks to apply, in order (docs/language.md).
	Mitigations []string
}

// Parser loads models. It keeps every file it has parsed so that diagnostics
// can be printed with source snippets. A Parser is not safe for concurrent use.
type Parser struct {
	p *hclparse.Parser
}

// NewParser returns a Parser with no files.
func NewParser() *Parser {
	return &Parser{p: hclparse.NewParser()}
}

// Files returns the files parsed so far by file name, for
// hcl.NewDiagnosticTextWriter.
func (p *Parser) Files() map[string]*hcl.File {
	return p.p.Files()
}

// Load loads the model at path, one file or a folder, with a new Parser.
func Load(path string, opts Options) (*Model, hcl.Diagnostics) {
	return NewParser().Load(path, opts)
}

// Load loads, resolves and validates the model at path: a single file, or a
// folder whose *.hcl and *.hcl.json files (directly inside it, in name order)
// form one model. The model is nil when the diagnostics contain an error;
// warnings come with a model.
func (p *Parser) Load(path string, opts Options) (*Model, hcl.Diagnostics) {
	files, diags := findFiles(path, opts.FS)
	if diags.HasErrors() {
		return nil, diags
	}
	results := parseFiles(files, opts.FS, len(opts.Mitigations) == 0)
	var deferred []*pieceFile
	for _, r := range results {
		if r.pieces != nil {
			deferred = append(deferred, r.pieces)
		}
	}
	if len(deferred) > 0 {
		bodies, _ := p.addFiles(files, results)
		if m, ddiags, ok := decodeWith(bodies, deferred, opts, p); ok {
			return p.finish(m, append(diags, ddiags...), files)
		}
		// The pieces cannot be trusted: load the files whole, from the bytes read.
		for i := range results {
			if pf := results[i].pieces; pf != nil {
				results[i] = parsed{}
				results[i].file, results[i].diags = parseSource(pf.src, pf.name)
			}
		}
	}
	bodies, pdiags := p.addFiles(files, results)
	diags = append(diags, pdiags...)
	if diags.HasErrors() {
		sortDiagnostics(diags, files)
		diags = CapDiagnostics(diags)
		sortDiagnostics(diags, files)
		return nil, diags
	}
	m, ddiags := decode(bodies, opts, p)
	return p.finish(m, append(diags, ddiags...), files)
}

// finish sorts and caps the diagnostics of a decoded model.
func (p *Parser) finish(m *Model, diags hcl.Diagnostics, files []string) (*Model, hcl.Diagnostics) {
	sortDiagnostics(diags, files)
	diags = CapDiagnostics(diags)
	sortDiagnostics(diags, files) // the counts go where the first left out was
	if diags.HasErrors() {
		return nil, diags
	}
	m.Files = p.Files()
	return m, diags
}

// sortDiagnostics orders diagnostics by file and position; those without a
// source range come first. Files keep their load order.
func sortDiagnostics(diags hcl.Diagnostics, files []string) {
	order := map[string]int{}
	for i, f := range files {
		order[f] = i + 1
	}
	slices.SortStableFunc(diags, func(a, b *hcl.Diagnostic) int {
		if a.Subject == nil || b.Subject == nil {
			return boolInt(b.Subject == nil) - boolInt(a.Subject == nil)
		}
		if fa, fb := order[a.Subject.Filename], order[b.Subject.Filename]; fa != fb {
			return fa - fb
		}
		return a.Subject.Start.Byte - b.Subject.Start.Byte
	})
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// findFiles lists the model files at name.
func findFiles(name string, fsys fs.FS) ([]string, hcl.Diagnostics) {
	var info fs.FileInfo
	var err error
	if fsys != nil {
		info, err = fs.Stat(fsys, name)
	} else {
		info, err = os.Stat(name)
	}
	if err != nil {
		return nil, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Cannot read model",
			Detail:   fmt.Sprintf("Cannot read %s: %s.", name, unwrapPathError(err)),
		}}
	}
	if !info.IsDir() {
		return []string{name}, nil
	}
	var entries []fs.DirEntry
	if fsys != nil {
		entries, err = fs.ReadDir(fsys, name)
	} else {
		entries, err = os.ReadDir(name)
	}
	if err != nil {
		return nil, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Cannot read model folder",
			Detail:   fmt.Sprintf("Cannot list %s: %s.", name, unwrapPathError(err)),
		}}
	}
	var files []string
	for _, e := range entries { // sorted by name
		n := e.Name()
		if e.IsDir() || isIgnoredFile(n) || !(strings.HasSuffix(n, ".hcl") || strings.HasSuffix(n, ".hcl.json")) {
			continue
		}
		if fsys != nil {
			files = append(files, path.Join(name, n))
		} else {
			files = append(files, filepath.Join(name, n))
		}
	}
	if len(files) == 0 {
		return nil, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "No model files",
			Detail:   fmt.Sprintf("The folder %s holds no *.hcl or *.hcl.json files.", name),
		}}
	}
	return files, nil
}

// isIgnoredFile reports whether a file in a model folder is skipped: dotfiles
// and editor backups and swap files.
// HoldsModel reports whether the folder dir holds a model: a *.hcl or
// *.hcl.json file directly inside it that Load would read (hidden files and
// editor backups do not count).
func HoldsModel(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() && !isIgnoredFile(n) && (strings.HasSuffix(n, ".hcl") || strings.HasSuffix(n, ".hcl.json")) {
			return true
		}
	}
	return false
}

func isIgnoredFile(name string) bool {
	return strings.HasPrefix(name, ".") ||
		strings.HasSuffix(name, "~") ||
		strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#")
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// parsed is one parsed file: whole, or a large native-syntax file whose assets
// are decoded in pieces (loadpieces.go), with its other blocks parsed.
type parsed struct {
	file   *hcl.File
	diags  hcl.Diagnostics
	pieces *pieceFile
}

// parseFiles reads and parses files in parallel. With pieces, a large
// native-syntax file is only scanned and its blocks other than assets parsed.
func parseFiles(files []string, fsys fs.FS, pieces bool) []parsed {
	results := make([]parsed, len(files))
	workers := min(runtime.GOMAXPROCS(0), len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Go(func() {
			for i := range next {
				results[i] = parseFile(files[i], fsys, pieces)
			}
		})
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}

// addFiles registers the parsed files with the parser and returns their bodies
// in the order of files, and their diagnostics.
func (p *Parser) addFiles(files []string, results []parsed) ([]*hcl.File, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	bodies := make([]*hcl.File, 0, len(files))
	for i, r := range results {
		f := r.file
		if r.pieces != nil {
			f = r.pieces.file()
		}
		if f != nil {
			p.p.AddFile(files[i], f)
			bodies = append(bodies, f)
		}
		diags = append(diags, r.diags...)
	}
	return bodies, diags
}

// parseFile reads and parses one file after checking that it is text and not
// nested too deeply for the parser.
func parseFile(name string, fsys fs.FS, pieces bool) parsed {
	src, err := readFile(name, fsys)
	if err != nil {
		return parsed{diags: hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Cannot read model file",
			Detail:   readDetail(name, err),
		}}}
	}
	if pieces && len(src) >= pieceMinSize && !strings.HasSuffix(name, ".json") &&
		checkText(src, name) == nil && checkNesting(src, name) == nil {
		if pf := planPieces(src, name, pieceTarget); pf != nil && pf.parseGlobal() {
			return parsed{pieces: pf}
		}
	}
	f, diags := parseSource(src, name)
	return parsed{file: f, diags: diags}
}

// ParseSource parses one file's source, src, as HCL native syntax, or as JSON
// when filename ends in ".json", after the checks that Load makes: it refuses
// text that is not UTF-8 and expressions nested deeper than MaxNesting or with
// more than MaxOperators operators, which could overflow the parser's stack.
// The file is non-nil, for diagnostic snippets, even when there are errors.
// Tools such as formatters use it to reject a file before touching it.
func ParseSource(src []byte, filename string) (*hcl.File, hcl.Diagnostics) {
	return parseSource(src, filename)
}

// parseSource parses src as HCL native syntax, or as JSON when name ends in
// ".json". The returned file is non-nil whenever src could be read, so that
// diagnostics can quote it.
func parseSource(src []byte, name string) (*hcl.File, hcl.Diagnostics) {
	placeholder := &hcl.File{Body: hcl.EmptyBody(), Bytes: src}
	if d := checkText(src, name); d != nil {
		return placeholder, hcl.Diagnostics{d}
	}
	isJSON := strings.HasSuffix(name, ".json")
	if d := checkNesting(src, name); d != nil {
		return placeholder, hcl.Diagnostics{d}
	}
	var f *hcl.File
	var diags hcl.Diagnostics
	if isJSON {
		// A UTF-8 byte order mark, which editors on Windows write and HCL's native
		// syntax and the CSV reader accept, is not JSON: drop it.
		src = bytes.TrimPrefix(src, []byte("\uFEFF"))
		f, diags = json.Parse(src, name)
	} else {
		f, diags = parseNative(src, name, splitTarget)
	}
	if f == nil {
		f = placeholder
	}
	if len(diags) > maxSyntaxErrors {
		n := len(diags) - maxSyntaxErrors
		diags = append(diags[:maxSyntaxErrors:maxSyntaxErrors], &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Too many syntax errors",
			Detail:   fmt.Sprintf("%d more syntax errors in %s are not shown.", n, name),
			Subject:  &hcl.Range{Filename: name, Start: hcl.InitialPos, End: hcl.InitialPos},
		})
	}
	return f, diags
}

// readFile reads a model file: a regular file (after symbolic links) of at most
// MaxFileSize bytes, the limit enforced while reading.
func readFile(name string, fsys fs.FS) ([]byte, error) {
	src, err := regular.ReadFS(fsys, name, MaxFileSize)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	return src, nil
}

// openInRoot opens the regular file rel inside dir (never outside it, whatever
// symbolic links say), refusing named pipes and devices without blocking.
func openInRoot(dir, rel string) (*os.File, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	f, err := root.OpenFile(rel, os.O_RDONLY|regular.NonBlock, 0)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !info.Mode().IsRegular() {
		f.Close()
		return nil, &regular.NotRegularError{Path: filepath.Join(dir, rel), Mode: info.Mode()}
	}
	return f, nil
}

// readDetail words a failed read of the file name for a diagnostic's detail.
func readDetail(name string, err error) string {
	var nr *regular.NotRegularError
	switch {
	case errors.As(err, &nr):
		return fmt.Sprintf("%s is %s, not a regular file. Only regular files are read: give the file itself.", name, regular.Describe(nr.Mode))
	case errors.Is(err, regular.ErrTooLarge):
		return err.Error() + "."
	}
	return fmt.Sprintf("Cannot read %s: %s.", name, unwrapPathError(err))
}

// checkText reports a file that is not UTF-8 text.
func checkText(src []byte, name string) *hcl.Diagnostic {
	if utf8.Valid(src) && bytes.IndexByte(src, 0) < 0 {
		return nil
	}
	pos, what := notText(string(src))
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Not a text file",
		Detail:   fmt.Sprintf("%s %s at line %d, column %d. Model files must be UTF-8 text.", name, what, pos.Line, pos.Column),
		Subject:  &hcl.Range{Filename: name, Start: pos, End: pos},
	}
}

// notText returns the position of the first byte of src that is not UTF-8 or
// is NUL, and what is wrong with it ("is not valid UTF-8", "contains a NUL
// byte"). Columns count characters from 1. src must hold such a byte.
func notText(src string) (hcl.Pos, string) {
	line, col := 1, 1
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRuneInString(src[i:])
		if r == utf8.RuneError && size <= 1 || r == 0 {
			what := "is not valid UTF-8"
			if r == 0 {
				what = "contains a NUL byte"
			}
			return hcl.Pos{Line: line, Column: col, Byte: i}, what
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	panic("notText: src is text")
}
