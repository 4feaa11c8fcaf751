package infra

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
)

// TestStartersLoadAndRun writes every catalog's starter model, loads it with the
// real loader, and runs its scenario: the model must be valid, have the catalog's
// sectors, and its scenario must bring something down.
func TestStartersLoadAndRun(t *testing.T) {
	tests := []struct {
		catalog      string
		sectors      int
		minFailed    int
		countries    []string
		wantScenario string
	}{
		{"us", 16, 5, []string{"US"}, "us_grid_outage"},
		{"jp", 15, 5, []string{"JP"}, "jp_bay_quake"},
		{"us-jp", 31, 5, []string{"JP", "US"}, "usjp_bay_quake"},
	}
	for _, tt := range tests {
		t.Run(tt.catalog, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "model")
			written, err := WriteStarter(dir, tt.catalog)
			if err != nil {
				t.Fatal(err)
			}
			if len(written) < 3 {
				t.Fatalf("wrote %v, want at least 3 files", written)
			}
			p := model.NewParser()
			m, diags := p.Load(dir, model.Options{})
			if diags.HasErrors() {
				t.Fatalf("starter model does not load: %v", diags)
			}
			if len(diags) > 0 {
				t.Errorf("starter model has warnings: %v", diags)
			}
			if len(m.Sectors) != tt.sectors {
				t.Errorf("%d sectors, want %d", len(m.Sectors), tt.sectors)
			}
			// A few assets in every sector.
			per := map[string]int{}
			for _, a := range m.Assets {
				per[a.Sector.Name]++
			}
			for _, s := range m.Sectors {
				if per[s.Name] == 0 {
					t.Errorf("sector %s has no asset", s.Name)
				}
			}
			if len(m.Scenarios) != 1 || m.Scenarios[0].Name != tt.wantScenario {
				t.Fatalf("scenarios %v, want only %s", m.Scenarios, tt.wantScenario)
			}
			net, err := cascade.Compile(m)
			if err != nil {
				t.Fatal(err)
			}
			sc, err := net.CompileScenario(m.Scenarios[0])
			if err != nil {
				t.Fatal(err)
			}
			res := net.Run(sc, cascade.Options{})
			if res.NumFailed() < tt.minFailed {
				t.Errorf("%d assets failed, want at least %d", res.NumFailed(), tt.minFailed)
			}
			var countries []string
			for _, a := range res.Order() {
				if c := m.Assets[a].Country; c != "" && !slices.Contains(countries, c) {
					countries = append(countries, c)
				}
			}
			slices.Sort(countries)
			if !slices.Equal(countries, tt.countries) {
				t.Errorf("failures in countries %v, want %v", countries, tt.countries)
			}
		})
	}
}

func TestCatalogSectorCounts(t *testing.T) {
	// The documented lists: PPD-21's 16 U.S. sectors, NISC's 15 Japanese sectors.
	for _, tt := range []struct {
		file string
		n    int
	}{{"us/sectors.hcl", 16}, {"jp/sectors.hcl", 15}} {
		b, err := files.ReadFile(tt.file)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Count(string(b), "\nsector \""); got != tt.n {
			t.Errorf("%s declares %d sectors, want %d", tt.file, got, tt.n)
		}
	}
}

func TestWriteStarterRefusesToOverwrite(t *testing.T) {
	dir := t.TempDir()
	// A file the us catalog would write, but not the first one: nothing at all
	// may be written, and the existing file must keep its content.
	existing := filepath.Join(dir, "scenario.hcl")
	if err := os.WriteFile(existing, []byte("# mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := WriteStarter(dir, "us")
	if !errors.Is(err, ErrExist) {
		t.Fatalf("err = %v, want ErrExist", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "scenario.hcl" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("folder holds %v after a refused init, want only scenario.hcl", names)
	}
	if b, _ := os.ReadFile(existing); string(b) != "# mine\n" {
		t.Errorf("existing file changed to %q", b)
	}
	// Writing twice: the second refuses and leaves the first intact.
	dir2 := t.TempDir()
	if _, err := WriteStarter(dir2, "jp"); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteStarter(dir2, "jp"); !errors.Is(err, ErrExist) {
		t.Errorf("second init: err = %v, want ErrExist", err)
	}
	entries, _ = os.ReadDir(dir2)
	if len(entries) != 3 {
		t.Errorf("%d entries after the second init, want 3 (no temporary folder left)", len(entries))
	}
}

func TestWriteStarterUnknownCatalog(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "x")
	if _, err := WriteStarter(dir, "eu"); err == nil || !strings.Contains(err.Error(), "us-jp") {
		t.Errorf("err = %v, want one that lists the catalogs", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("an unknown catalog created the folder")
	}
}

// numberLine matches the attributes that carry figures.
var numberLine = regexp.MustCompile(`^\s*(backup|delay|probability|threshold|requires|radius_km)\s*=\s*(.*)$`)

// TestFiguresAreSourced: every figure in a catalog file is a neutral default or
// has a comment on its line or the line above (a source, or "assumption").
func TestFiguresAreSourced(t *testing.T) {
	neutral := map[string]bool{`"0s"`: true, `"all"`: true, `"any"`: true, "1": true}
	err := fs.WalkDir(files, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := files.ReadFile(path)
		if err != nil {
			return err
		}
		prev := ""
		for i, line := range strings.Split(string(b), "\n") {
			if m := numberLine.FindStringSubmatch(line); m != nil {
				value := strings.TrimSpace(strings.SplitN(m[2], "#", 2)[0])
				if !neutral[value] && !strings.Contains(line, "#") && !strings.HasPrefix(strings.TrimSpace(prev), "#") {
					t.Errorf("%s:%d: %s has neither a source nor an assumption comment", path, i+1, strings.TrimSpace(line))
				}
			}
			prev = line
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
