package main

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite generated documentation (docs/cli.md)")

const (
	helpBegin = "<!-- BEGIN GENERATED HELP: go test ./cmd/cascade -run TestCLIDoc -update -->\n"
	helpEnd   = "<!-- END GENERATED HELP -->\n"
)

// TestCLIDoc checks that docs/cli.md carries the current --help of every command.
func TestCLIDoc(t *testing.T) {
	const path = "../../docs/cli.md"
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	begin := bytes.Index(doc, []byte(helpBegin))
	end := bytes.Index(doc, []byte(helpEnd))
	if begin < 0 || end < begin {
		t.Fatalf("%s lacks the generated help markers", path)
	}
	var b strings.Builder
	for _, name := range commandNames() {
		out, errOut, code := cli(t, nil, name, "--help")
		if code != exitOK || errOut != "" {
			t.Fatalf("cascade %s --help: exit %d, stderr %q", name, code, errOut)
		}
		b.WriteString("### cascade " + name + "\n\n```\n" + out + "```\n\n")
	}
	want := append(append(append([]byte{}, doc[:begin+len(helpBegin)]...), "\n"+b.String()...), doc[end:]...)
	if bytes.Equal(doc, want) {
		return
	}
	if *update {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s is out of date with the commands' --help; run go test ./cmd/cascade -run TestCLIDoc -update", path)
}
