// Package infra holds the sector catalogs that `cascade init` starts a model from:
// the 16 U.S. critical infrastructure sectors (PPD-21, kept by NSM-22) and the 15
// Japanese critical infrastructure sectors as NISC defines them, with labels,
// colours and their well-known cross-sector dependencies documented in comments,
// plus a small starter model for each and for the two combined.
package infra

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

//go:embed us/*.hcl jp/*.hcl us-jp/*.hcl
var files embed.FS

// File is one file of a starter model: the name it is written under and the
// embedded catalog file it comes from.
type File struct {
	Name   string // file name in the target folder
	Source string // path within the embedded catalog
}

// catalogs maps each catalog name to the files of its starter model.
var catalogs = map[string][]File{
	"us": {
		{"sectors.hcl", "us/sectors.hcl"},
		{"model.hcl", "us/starter.hcl"},
		{"scenario.hcl", "us/scenario.hcl"},
	},
	"jp": {
		{"sectors.hcl", "jp/sectors.hcl"},
		{"model.hcl", "jp/starter.hcl"},
		{"scenario.hcl", "jp/scenario.hcl"},
	},
	"us-jp": {
		{"us_sectors.hcl", "us/sectors.hcl"},
		{"us_model.hcl", "us/starter.hcl"},
		{"jp_sectors.hcl", "jp/sectors.hcl"},
		{"jp_model.hcl", "jp/starter.hcl"},
		{"cross_border.hcl", "us-jp/bridge.hcl"},
		{"scenario.hcl", "us-jp/scenario.hcl"},
	},
}

// Catalogs returns the names of the catalogs, sorted.
func Catalogs() []string {
	names := make([]string, 0, len(catalogs))
	for n := range catalogs {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Files returns the files of catalog's starter model, in the order they are
// written, and their contents by name.
func Files(catalog string) ([]File, map[string][]byte, error) {
	list, ok := catalogs[catalog]
	if !ok {
		return nil, nil, fmt.Errorf("no catalog %q; choose one of %s", catalog, strings.Join(Catalogs(), ", "))
	}
	data := make(map[string][]byte, len(list))
	for _, f := range list {
		b, err := fs.ReadFile(files, f.Source)
		if err != nil {
			return nil, nil, err // embedded: cannot happen in a built binary
		}
		data[f.Name] = b
	}
	return slices.Clone(list), data, nil
}

// ErrExist is returned by WriteStarter when a file it would write already exists.
var ErrExist = errors.New("file already exists")

// WriteStarter writes catalog's starter model into dir, creating dir when it does
// not exist, and returns the paths written. It never overwrites: when any of the
// files exists it writes nothing and returns an error wrapping ErrExist. Writing
// is all or nothing: the files are written to a temporary folder inside dir,
// synced, and hard-linked into place (a link fails rather than replace a file
// created meanwhile); on any failure the files already placed are removed.
func WriteStarter(dir, catalog string) ([]string, error) {
	list, data, err := Files(catalog)
	if err != nil {
		return nil, err
	}
	var exist []string
	for _, f := range list {
		p := filepath.Join(dir, f.Name)
		if _, err := os.Lstat(p); err == nil {
			exist = append(exist, p)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	if len(exist) > 0 {
		return nil, fmt.Errorf("%s: %w; remove it or choose another folder", strings.Join(exist, ", "), ErrExist)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(dir, ".cascade-init-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	for _, f := range list {
		if err := writeSynced(filepath.Join(tmp, f.Name), data[f.Name]); err != nil {
			return nil, err
		}
	}
	var placed []string
	for _, f := range list {
		dst := filepath.Join(dir, f.Name)
		if err := place(filepath.Join(tmp, f.Name), dst); err != nil {
			for _, p := range placed {
				os.Remove(p)
			}
			if errors.Is(err, fs.ErrExist) {
				return nil, fmt.Errorf("%s: %w; remove it or choose another folder", dst, ErrExist)
			}
			return nil, err
		}
		placed = append(placed, dst)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync() // best effort: make the new names durable
		d.Close()
	}
	return placed, nil
}

// place moves the complete file src to dst without replacing an existing dst: a
// hard link fails when dst exists. Where the file system has no hard links, it
// checks that dst is absent and renames, which leaves a short race.
func place(src, dst string) error {
	err := os.Link(src, dst)
	if err == nil || errors.Is(err, fs.ErrExist) {
		return err
	}
	if _, serr := os.Lstat(dst); serr == nil {
		return fs.ErrExist
	}
	return os.Rename(src, dst)
}

func writeSynced(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
