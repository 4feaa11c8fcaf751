package main

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestIndentShallow(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{}`, `{}`},
		{`[]`, `[]`},
		{`null`, `null`},
		{`{"a":1}`, "{\n  \"a\": 1\n}"},
		{`{"a":[],"b":{}}`, "{\n  \"a\": [],\n  \"b\": {}\n}"},
		{`{"a":[{"x":[1,2]},{"y":"}],[,:\"{"}],"b":{"c":[1]}}`,
			"{\n  \"a\": [\n    {\"x\":[1,2]},\n    {\"y\":\"}],[,:\\\"{\"}\n  ],\n  \"b\": {\"c\":[1]}\n}"},
		{`[{"a":[1]},2]`, "[\n  {\"a\":[1]},\n  2\n]"},
		{`{"s":"\\"}`, "{\n  \"s\": \"\\\\\"\n}"},
	}
	for _, tt := range tests {
		if got := string(indentShallow(nil, []byte(tt.in))); got != tt.want {
			t.Errorf("indentShallow(%s) =\n%s\nwant\n%s", tt.in, got, tt.want)
		}
	}
}

// FuzzIndentShallow checks that the layout never changes the value: compacting the
// output gives back the compact input, for any valid JSON.
func FuzzIndentShallow(f *testing.F) {
	for _, s := range []string{`{"a":[{"b":"x,y"},{}],"c":null}`, `[1,[2,[3]],"]"]`, `"x"`, `{"k":"\u00e9\\\"}"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var v any
		if json.Unmarshal(in, &v) != nil {
			return
		}
		src, err := json.Marshal(v)
		if err != nil {
			return
		}
		out := indentShallow(nil, src)
		var compact bytes.Buffer
		if err := json.Compact(&compact, out); err != nil {
			t.Fatalf("output is not JSON: %v\n%s", err, out)
		}
		if !bytes.Equal(compact.Bytes(), src) {
			t.Fatalf("value changed:\n%s\n%s", src, compact.Bytes())
		}
	})
}
