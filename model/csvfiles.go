package model

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"
	"unsafe"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/cascade-infra/cascade/internal/regular"
)

// MaxSnippetCSV is the largest imported file, in bytes, whose lines are quoted
// in printed diagnostics. HCL's diagnostic printer scans a file from its start
// for every diagnostic, about a second per 10 MB here; the diagnostics of larger
// files name the file, line and column without the snippet.
const MaxSnippetCSV = 256 << 10

// importedFile is the Nav of the hcl.File registered for an imported CSV
// file: its content, for FileBytes (the load cache hashes it).
type importedFile struct {
	src []byte
}

// importedHCLFile is the hcl.File registered with the parser for an imported
// file: its bytes, for snippets, when it is small.
func importedHCLFile(src []byte) *hcl.File {
	f := &hcl.File{Body: hcl.EmptyBody(), Nav: importedFile{src: src}}
	if len(src) <= MaxSnippetCSV {
		f.Bytes = src
	}
	return f
}

// --- the import block, for the loader ---

// kindImport is the import block: import { assets = "…", needs = "…", dependencies = "…" }.
const kindImport = "import"

// importSchema is the body of an import block. Each attribute is a path or a
// list of paths, relative to the folder of the file that holds the block.
var importSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "assets"}, {Name: "needs"}, {Name: "dependencies"}},
}

// importFile is one CSV file named by an import block, read.
type importFile struct {
	kind string // assets, needs or dependencies
	name string // path as shown in diagnostics
	src  string
}

// readImports evaluates the paths of the import blocks, reads their files
// (registering each with the parser, for snippets and the load cache) and
// reads the asset rows: phases 0 and 1. hclAsset tells the HCL asset names.
func readImports(blocks []*hcl.Block, ctx *hcl.EvalContext, fsys fs.FS, p *Parser, hclAsset func(string) (hcl.Range, bool)) (*csvImporter, []importFile, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	var files []importFile
	seen := map[string]hcl.Range{}
	for _, blk := range blocks {
		content, d := blk.Body.Content(importSchema)
		diags = append(diags, d...)
		if content == nil {
			continue
		}
		if len(content.Attributes) == 0 {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Empty import block",
				Detail:   "An import block names CSV files: assets = \"assets.csv\", needs = \"needs.csv\", dependencies = \"dependencies.csv\" (any of them).",
				Subject:  blk.DefRange.Ptr(),
			})
			continue
		}
		for _, kind := range []string{"assets", "needs", "dependencies"} {
			a := content.Attributes[kind]
			if a == nil {
				continue
			}
			for _, rel := range importPaths(a, ctx, &diags) {
				name, src, d := readImportFile(blk.DefRange.Filename, rel, a.Expr.Range(), fsys)
				if d != nil {
					diags = append(diags, d)
					continue
				}
				if prev, dup := seen[name]; dup {
					diags = append(diags, &hcl.Diagnostic{
						Severity: hcl.DiagError,
						Summary:  "File imported twice",
						Detail:   fmt.Sprintf("%s is already imported at %s.", name, rangeString(prev)),
						Subject:  a.Expr.Range().Ptr(),
					})
					continue
				}
				seen[name] = a.Expr.Range()
				p.p.AddFile(name, importedHCLFile(src))
				// The rows' cells are substrings of src, shared with the
				// snippets of the file's diagnostics rather than copied
				// (hundreds of megabytes for a large model): nothing writes
				// to src once it is read.
				files = append(files, importFile{kind: kind, name: name, src: unsafe.String(unsafe.SliceData(src), len(src))})
			}
		}
	}
	if len(files) == 0 {
		return nil, nil, diags
	}
	im := newCSVImporter()
	for _, f := range files {
		if f.kind == "assets" {
			im.readAssets(f.name, f.src, hclAsset)
		}
	}
	return im, files, diags
}

// importPaths evaluates an import attribute: a string or a list of strings.
func importPaths(a *hcl.Attribute, ctx *hcl.EvalContext, diags *hcl.Diagnostics) []string {
	v, d := evalExpr(a.Expr, ctx)
	*diags = append(*diags, d...)
	if d.HasErrors() {
		return nil
	}
	bad := func() []string {
		*diags = append(*diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid import path",
			Detail:   fmt.Sprintf("%q is a path, or a list of paths, of CSV files relative to the model's folder, such as \"assets.csv\".", a.Name),
			Subject:  a.Expr.Range().Ptr(),
		})
		return nil
	}
	if !v.IsWhollyKnown() || v.IsNull() {
		return bad()
	}
	if v.Type() == cty.String {
		return []string{v.AsString()}
	}
	lv, err := convertWithin(v, cty.List(cty.String), newBudget())
	if tl, ok := err.(*tooLarge); ok {
		*diags = append(*diags, tooLargeDiag(tl, a.Expr.Range()))
		return nil
	}
	if err != nil || lv.IsNull() {
		return bad()
	}
	var out []string
	for it := lv.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if e.IsNull() {
			return bad()
		}
		out = append(out, e.AsString())
	}
	return out
}

// readImportFile reads the file at rel, relative to the folder of the model
// file from. Paths that are absolute, contain "..", or lead outside the folder
// through a symbolic link are refused.
func readImportFile(from, rel string, rng hcl.Range, fsys fs.FS) (string, []byte, *hcl.Diagnostic) {
	fail := func(summary, detail string) (string, []byte, *hcl.Diagnostic) {
		return "", nil, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: rng.Ptr()}
	}
	outside := fmt.Sprintf("Imported files are read from the model's folder and its subfolders only; %q leads elsewhere. Copy the file next to the model.", rel)
	if fsys != nil {
		if !fs.ValidPath(rel) || strings.Contains(rel, "\\") {
			return fail("Import path outside the model folder", outside)
		}
		name := path.Join(path.Dir(from), rel)
		src, err := readFile(name, fsys)
		if err != nil {
			return fail("Cannot read imported file", readDetail(name, err))
		}
		return name, src, nil
	}
	if !filepath.IsLocal(rel) {
		return fail("Import path outside the model folder", outside)
	}
	dir := filepath.Dir(from)
	name := filepath.Join(dir, rel)
	f, err := openInRoot(dir, rel)
	if err != nil {
		if strings.Contains(err.Error(), "escapes") {
			return fail("Import path outside the model folder", outside)
		}
		return fail("Cannot read imported file", readDetail(name, err))
	}
	defer f.Close()
	src, err := regular.ReadAll(f, name, MaxFileSize)
	if errors.Is(err, regular.ErrTooLarge) {
		return fail("Imported file too large", err.Error()+".")
	}
	if err != nil {
		return fail("Cannot read imported file", readDetail(name, err))
	}
	return name, src, nil
}
