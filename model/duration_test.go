package model

import (
	"strings"
	"testing"
)

func TestParseDuration(t *testing.T) {
	good := []struct {
		in   string
		want int64
	}{
		{"0", 0},
		{"0s", 0},
		{"90m", 5400},
		{"1d12h", 129600},
		{"2w", 1209600},
		{"1h30m15s", 5415},
		{"1.5h", 5400},
		{"0.5m", 30},
		{"72h", 259200},
		{"1s1s", 2},
		{"3153599999s", DurationLimit - 1},      // the longest duration
		{"5214w1d23h59m59s", DurationLimit - 1}, // 100 years of 365 days less a second
		{"5214w1d", DurationLimit - 86400},
	}
	for _, g := range good {
		got, err := ParseDuration(g.in)
		if err != nil || got != g.want {
			t.Errorf("ParseDuration(%q) = %d, %v; want %d", g.in, got, err, g.want)
		}
	}
	bad := []struct{ in, msg string }{
		{"", "empty"},
		{"-1h", "negative"},
		{"90", "no unit"},
		{"3x", "unknown unit"},
		{"1ms", "unknown unit"},
		{"1H", "unknown unit"},
		{"1 h", "unexpected"},
		{" 1h", "expected a number"},
		{"h", "expected a number"},
		{"1h-1m", "expected a number"},
		{"0.3s", "whole number of seconds"},
		{"1.0000000001h", "decimal places"},
		{"9223372036854775808s", "too long"},
		{"9223372036854775807s1s", "too long"},
		{"99999999999999999999999w", "too long"},
		{"15250284452472w", "too long"},
		{"15250284452471w1w", "too long"},
		{"3153600000s", "shorter than 100 years"},
		{"5214w2d", "shorter than 100 years"},
		{"9223372036854775807s", "too long"}, // the engine's "never"
		{".", "point without digits"},
		{"1..2s", "unexpected"},
	}
	for _, b := range bad {
		got, err := ParseDuration(b.in)
		if err == nil {
			t.Errorf("ParseDuration(%q) = %d, want an error", b.in, got)
		} else if !strings.Contains(err.Error(), b.msg) {
			t.Errorf("ParseDuration(%q) error %q lacks %q", b.in, err, b.msg)
		}
	}
}
