package coord

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/model"
)

func loadString(t *testing.T, src string) *model.Model {
	t.Helper()
	m, diags := model.NewParser().Load("m", model.Options{FS: fstest.MapFS{"m/model.hcl": {Data: []byte(src)}}})
	if diags.HasErrors() {
		t.Fatalf("model: %v", diags)
	}
	return m
}

// TestRunCauses checks which dependencies become cascade edges when the engine
// names causes: every lost supplier of a k-of-n group up to the tipping one, the
// compromised supplier of a cyber compromise, and nothing for an asset hit by an
// event or a supplier that failed after the dependent.
func TestRunCauses(t *testing.T) {
	m := loadString(t, `
sector "s" {}
organization "a" { country = "JP" }
organization "b" { country = "US" }
asset "p1" {
  sector   = sector.s
  operator = organization.a
}
asset "p2" {
  sector   = sector.s
  operator = organization.a
}
asset "p3" {
  sector   = sector.s
  operator = organization.a
}
asset "two_of_three" {
  sector   = sector.s
  operator = organization.b
  needs "feeds" {
    requires   = 2
    depends_on = [asset.p1, asset.p2, asset.p3]
  }
}
asset "vendor" {
  sector   = sector.s
  operator = organization.b
}
asset "customer" {
  sector   = sector.s
  operator = organization.a
  backup   = "1d"
  depends_on = [asset.p1]
  dependency {
    on    = asset.vendor
    kind  = "cyber"
    delay = "1h"
  }
}
asset "late" {
  sector   = sector.s
  operator = organization.b
  needs "x" {
    requires   = "any"
    depends_on = [asset.p1, asset.p3]
  }
}
scenario "s" {
  event "cut" {
    targets = [asset.p1]
  }
  event "cut2" {
    at      = "2h"
    targets = [asset.p2]
  }
  event "hack" {
    kind    = "cyber"
    targets = [asset.vendor]
  }
}
`)
	r, err := runAnalyze(m, m.Scenario("s"), cascade.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range r.Edges {
		got = append(got, e.From.Name+">"+e.To.Name+":"+e.Kind.String()+"@"+cascade.FormatDuration(e.At))
	}
	// two_of_three is lost when the second of its three feeds goes (n-k+1 = 2):
	// both p1 and p2 caused it. customer is compromised through vendor after 1h,
	// long before its 1-day backup for p1 runs out: only vendor is its cause.
	// late still has p3: it does not fail.
	want := []string{"vendor>customer:cyber@1h", "p1>two_of_three:physical@2h", "p2>two_of_three:physical@2h"}
	if !slices.Equal(got, want) {
		t.Errorf("cascade edges:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	if gs := gapStrings(r.Gaps); !slices.Equal(gs, []string{"a-b:3/2"}) {
		t.Errorf("gaps = %v, want [a-b:3/2]", gs)
	}
	if r.Horizon != cascade.Never {
		t.Errorf("horizon = %d, want none", r.Horizon)
	}
	// A horizon before the second cut leaves only the compromise.
	r, err = runAnalyze(m, m.Scenario("s"), cascade.Options{Horizon: cascade.HorizonAt(3600)})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Edges) != 1 || r.Horizon != 3600 {
		t.Errorf("with a 1h horizon: %d edges, horizon %d; want 1, 3600", len(r.Edges), r.Horizon)
	}
}

func TestParseChannel(t *testing.T) {
	m := loadString(t, `
sector "s" {}
organization "gsoc" {}
organization "cisa" {}
`)
	tests := []struct {
		in, want, err string
	}{
		{"gsoc,cisa", "gsoc-cisa", ""},
		{"cisa,gsoc", "cisa-gsoc", ""},
		{"gsoc,cisa,1h30m", "gsoc-cisa@5400", ""},
		{"gsoc,cisa,0s", "gsoc-cisa", ""},
		{"gsoc", "", "two organization names"},
		{"gsoc,cisa,x", "", `latency "x"`},
		{"gsoc,cisa,-1h", "", `latency "-1h"`},
		{"gsoc,cisa,1h,2h", "", "two organization names"},
		{"gsoc,cisa,", "", `latency ""`},
		{",cisa", "", "two organization names"},
		{"gsoc,cisx", "", `did you mean "cisa"`},
		{"gsoc,zzzzzzzz", "", `no organization "zzzzzzzz" in the model`},
		{"gsoc,gsoc", "", "to itself"},
	}
	for _, tt := range tests {
		c, err := ParseChannel(m, tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseChannel(%q) error = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		got := c.A.Name + "-" + c.B.Name
		if c.Latency != 0 {
			got += fmt.Sprintf("@%d", c.Latency)
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseChannel(%q) = %v, %v; want %s", tt.in, c, err, tt.want)
		}
	}
}

// runAnalyze runs scenario sc of m with opts and analyses the run.
func runAnalyze(m *model.Model, sc *model.Scenario, opts cascade.Options) (*Report, error) {
	res, err := cascade.RunScenario(m, sc, opts)
	if err != nil {
		return nil, err
	}
	return AnalyzeResult(m, res, nil)
}
