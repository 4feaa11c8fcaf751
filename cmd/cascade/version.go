package main

import (
	"fmt"
	"runtime/debug"
)

func init() {
	register(command{name: "version", synopsis: "print the version of cascade", run: runVersion})
}

// version returns the module version the binary was built from, or "devel".
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

func runVersion(st *State, args []string) int {
	fs := st.flagSet("version", "", "Print the version of cascade.")
	if code, ok := st.parse(fs, args); !ok {
		return code
	}
	fmt.Fprintf(st.Stdout, "cascade %s\n", version())
	return exitOK
}
