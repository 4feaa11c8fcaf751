package model

import (
	"path/filepath"
	"testing"
)

func TestRestorationAttributes(t *testing.T) {
	p := NewParser()
	m, diags := p.Load(filepath.Join("testdata", "valid", "restoration.hcl"), Options{})
	if diags.HasErrors() {
		t.Fatalf("diagnostics:\n%s", diagText(p.Files(), diags))
	}
	grid, plant := m.Asset("grid"), m.Asset("plant")
	if grid.Repair != 36*3600 || grid.Recover != 12*3600 || grid.Restart != 2*3600 || grid.Priority != 10 {
		t.Errorf("grid: repair %d recover %d restart %d priority %v", grid.Repair, grid.Recover, grid.Restart, grid.Priority)
	}
	if plant.Repair != 1 || plant.Recover != 0 || plant.Restart != 0 || plant.Priority != -2.5 {
		t.Errorf("plant: repair %d recover %d restart %d priority %v", plant.Repair, plant.Recover, plant.Restart, plant.Priority)
	}
	if c := m.Organization("tepco").Crews; c != 4 {
		t.Errorf("tepco crews = %d, want 4", c)
	}
	if !m.HasRestoration() {
		t.Errorf("HasRestoration = false")
	}
}

func TestCheckHorizon(t *testing.T) {
	load := func(path string) *Model {
		t.Helper()
		p := NewParser()
		m, diags := p.Load(path, Options{})
		if diags.HasErrors() {
			t.Fatalf("diagnostics:\n%s", diagText(p.Files(), diags))
		}
		return m
	}
	restore := load(filepath.Join("testdata", "valid", "restoration.hcl"))
	plain := load(filepath.Join("testdata", "valid", "language_example.hcl"))
	sc := restore.Scenario("quake")
	for _, tc := range []struct {
		name    string
		m       *Model
		s       *Scenario
		horizon int64
		errors  bool
	}{
		{"restoration with horizon", restore, sc, sc.Horizon, false},
		{"restoration with horizon 0", restore, sc, 0, false},
		{"restoration without horizon", restore, sc, NoHorizon, true},
		{"no restoration without horizon", plain, plain.Scenarios[0], NoHorizon, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			diags := tc.m.CheckHorizon(tc.s, tc.horizon)
			if diags.HasErrors() != tc.errors {
				t.Fatalf("CheckHorizon errors = %v, want %v: %v", diags.HasErrors(), tc.errors, diags)
			}
			for _, d := range diags {
				if d.Subject == nil || *d.Subject != tc.s.DeclRange {
					t.Errorf("diagnostic at %v, want the scenario's range %v", d.Subject, tc.s.DeclRange)
				}
			}
		})
	}
	if plain.HasRestoration() {
		t.Errorf("spec_example has restoration")
	}
}

func TestFormatRestoration(t *testing.T) {
	src := []byte("organization \"o\" {\ncrews=4\n}\nasset \"a\" {\n  sector = sector.s\nrepair=\"1h\"\n    priority   = 2\n}\n")
	want := "organization \"o\" {\n  crews = 4\n}\nasset \"a\" {\n  sector   = sector.s\n  repair   = \"1h\"\n  priority = 2\n}\n"
	got := mustFormat(t, src)
	if string(got) != want {
		t.Errorf("Format:\n%s\nwant:\n%s", got, want)
	}
}
