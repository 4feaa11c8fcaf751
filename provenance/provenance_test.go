package provenance

import (
	"runtime/debug"
	"testing"
)

func TestFromBuildInfo(t *testing.T) {
	tests := []struct {
		name string
		bi   debug.BuildInfo
		want string
	}{
		{"devel", debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "devel"},
		{"empty", debug.BuildInfo{}, "devel"},
		{"release", debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}, GoVersion: "go1.26.0"}, "v1.2.0 (go1.26.0)"},
		{"vcs", debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261207-0123456789ab+dirty"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.time", Value: "2026-12-07T07:00:00Z"}, {Key: "vcs.modified", Value: "true"}}},
			"v0.0.0-20261207-0123456789ab+dirty (revision 0123456789ab, 2026-12-07T07:00:00Z, modified)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fromBuildInfo(&tt.bi).String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestNew(t *testing.T) {
	p := New("abc", "flood", nil).WithTrials(10, 7)
	if p.Vars == nil || p.Trials != 10 || p.Seed == nil || *p.Seed != 7 || p.ModelHash != "abc" || p.Version == "" {
		t.Errorf("New: %+v", p)
	}
}
