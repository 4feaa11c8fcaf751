package model

import (
	"path/filepath"
	"testing"
)

func TestAlertAttributes(t *testing.T) {
	p := NewParser()
	m, diags := p.Load(filepath.Join("testdata", "valid", "alerts.hcl"), Options{})
	if diags.HasErrors() {
		t.Fatalf("diagnostics:\n%s", diagText(p.Files(), diags))
	}
	ntt, kddi, nccic := m.Organization("ntt_east"), m.Organization("kddi"), m.Organization("nccic")
	for _, c := range []struct {
		o        *Organization
		detect   int64
		respond  int64
		responds bool
	}{
		{ntt, 6 * 3600, 2 * 3600, true},
		{kddi, 0, 0, true},
		{nccic, 0, 0, false},
	} {
		if c.o.Detect != c.detect || c.o.Respond != c.respond || c.o.Responds != c.responds {
			t.Errorf("%s: detect %d respond %d responds %v, want %d %d %v", c.o.Name, c.o.Detect, c.o.Respond, c.o.Responds, c.detect, c.respond, c.responds)
		}
	}
	if len(m.Channels) != 2 {
		t.Fatalf("%d channels, want 2", len(m.Channels))
	}
	in, ik := m.Channel("instant"), m.Channel("isac_kddi")
	if in.Index != 0 || in.Latency != 0 || in.Label != "instant" || in.Between != [2]*Organization{kddi, nccic} {
		t.Errorf("instant = %+v", in)
	}
	if ik.Index != 1 || ik.Latency != 3600 || ik.Label != "ICT-ISAC members' portal" || ik.Between[0] != m.Organization("ict_isac") {
		t.Errorf("isac_kddi = %+v", ik)
	}
	if !m.HasAlerts() {
		t.Errorf("HasAlerts = false")
	}
}

func TestMitigationChannels(t *testing.T) {
	src := `
organization "isac" {}
channel "slow" {
  between = [organization.tepco, organization.isac]
  latency = "6h"
}
mitigation "faster" {
  channel "slow" { latency = "1h" }
  organization "tepco" {
    detect  = "2h"
    respond = "30m"
  }
}
mitigation "liaison" {
  add {
    channel "liaison" {
      between = [organization.isac, organization.tepco]
      label   = "Liaison officer"
    }
  }
}
mitigation "typo" {
  channel "slo" { latency = "1h" }
}
`
	m, diags, _ := loadMitigated(t, src)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if c := m.Channel("slow"); c.Latency != 6*3600 || m.Organization("tepco").Detect != 0 || len(m.Channels) != 1 {
		t.Fatalf("unmitigated: slow %+v", c)
	}
	m, diags, _ = loadMitigated(t, src, "faster", "liaison")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if c := m.Channel("slow"); c.Latency != 3600 || c.Between[0] != m.Organization("tepco") {
		t.Errorf("faster: slow %+v", c)
	}
	if o := m.Organization("tepco"); o.Detect != 7200 || o.Respond != 1800 || !o.Responds {
		t.Errorf("faster: tepco %+v", o)
	}
	if c := m.Channel("liaison"); c == nil || c.Latency != 0 || c.Label != "Liaison officer" || c.Index != 0 {
		t.Errorf("liaison: %+v", c)
	}
	_, diags, _ = loadMitigated(t, src, "typo")
	if !diags.HasErrors() || diags[0].Summary != "Override of an unknown channel" {
		t.Errorf("typo: %v", diags)
	}
}

func TestFormatAlerts(t *testing.T) {
	src := []byte("channel \"c\" {\nbetween=[organization.a,organization.b]\n  latency   = \"1h\"\n}\norganization \"a\" {\ndetect=\"6h\"\n    respond   = \"2h\"\n}\n")
	want := "channel \"c\" {\n  between = [organization.a, organization.b]\n  latency = \"1h\"\n}\norganization \"a\" {\n  detect  = \"6h\"\n  respond = \"2h\"\n}\n"
	if got := mustFormat(t, src); string(got) != want {
		t.Errorf("Format:\n%s\nwant:\n%s", got, want)
	}
}
