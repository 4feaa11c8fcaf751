package main

import (
	"fmt"

	"github.com/cascade-infra/cascade/provenance"
)

func init() {
	register(command{name: "version", synopsis: "print the version of cascade", run: runVersion})
}

// version returns the module version the binary was built from: a release tag, the
// pseudo-version the toolchain derives from version control, or "devel".
func version() string { return provenance.ReadBuild().Version }

func runVersion(st *State, args []string) int {
	fs := st.flagSet("version", "[--format text|json]", "Print the version of cascade: the module version, the version-control revision it was\n"+
		"built from and its time, whether the work tree was modified, and the Go toolchain, as\n"+
		"the build recorded them (go build and go install record them; a build without version\n"+
		"control, -buildvcs=false, says \"devel\"). With --format json, the object every JSON\n"+
		"output carries as the build part of its \"provenance\" (docs/cli.md).")
	format := fs.StringP("format", "f", "text", "output format: text or json")
	if code, ok := st.parse(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return st.usageErrorf("version takes no arguments")
	}
	if code, ok := st.checkFormat(*format, "text", "json"); !ok {
		return code
	}
	b := provenance.ReadBuild()
	if *format == "json" {
		if err := writeJSON(st.Stdout, b); err != nil {
			return st.errorf("%v", err)
		}
		return exitOK
	}
	fmt.Fprintf(st.Stdout, "cascade %s\n", b)
	return exitOK
}
