package main

import (
	"strings"
	"testing"
)

// TestExplainSuggestsAsset checks that explain, like render --asset, suggests
// the close asset name for a misspelt one, with the same helper (noAsset).
func TestExplainSuggestsAsset(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"explain", qs, "hospitl"}, `no asset "hospitl"; did you mean "hospital"?`},
		{[]string{"explain", qs, "substaton", "-f", "json"}, `did you mean "substation"?`},
		{[]string{"render", qs, "-s", "flood", "--view", "explain", "--asset", "hospitl"}, `no asset "hospitl"; did you mean "hospital"?`},
		{[]string{"explain", qs, "zzzzzzzz"}, `no asset "zzzzzzzz" in the model`},
	}
	for _, tt := range tests {
		_, errOut, code := cli(t, nil, tt.args...)
		if code != exitInvalid || !strings.Contains(errOut, tt.want) {
			t.Errorf("cascade %v: exit %d, stderr %q; want exit %d and %q", tt.args, code, errOut, exitInvalid, tt.want)
		}
	}
}
