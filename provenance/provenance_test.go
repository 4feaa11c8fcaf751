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

// TestLinked checks the values set with -ldflags -X, which replace what the
// toolchain recorded (or could not record, in a git worktree).
func TestLinked(t *testing.T) {
	devel := Build{Version: "devel", GoVersion: "go1.26.0"}
	if got := devel.withLinked("", "0123456789abcdef", "2026-12-07T08:00:00Z", "true").String(); got != "devel+0123456789ab (revision 0123456789ab, 2026-12-07T08:00:00Z, modified, go1.26.0)" {
		t.Errorf("revision only: %s", got)
	}
	if got := devel.withLinked("v1.3.0", "0123456789abcdef", "", "").String(); got != "v1.3.0 (revision 0123456789ab, go1.26.0)" {
		t.Errorf("version and revision: %s", got)
	}
	recorded := Build{Version: "v0.0.0-2026-abc", Revision: "abc", GoVersion: "go1.26.0"}
	if got := recorded.withLinked("", "", "", ""); got != recorded {
		t.Errorf("nothing linked: %+v", got)
	}
	p := New("h", "", nil).WithOption("horizon", "3600s").WithOption("k", "2")
	q := p.WithOption("k", "1")
	if p.Options["k"] != "2" || q.Options["k"] != "1" || q.Options["horizon"] != "3600s" {
		t.Errorf("WithOption shares its map: %v, %v", p.Options, q.Options)
	}
}
