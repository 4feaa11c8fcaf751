package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/cascade-infra/cascade/infra"
)

func init() {
	register(command{name: "init", synopsis: "write a starter model from a sector catalog", run: runInit})
}

const initAbout = `Write a starter model into DIR (created when missing): the sectors of a
catalog -- the 16 U.S. critical infrastructure sectors (us), Japan's 15 critical
infrastructure sectors as NISC defines them (jp), or both with cross-border links
(us-jp) -- with a few assets per sector, their typical dependencies and one
scenario. The model validates and runs as written; edit it from there.

init never overwrites: when any file it would write exists, it writes nothing.
The files appear all together or not at all.`

func runInit(st *State, args []string) int {
	fs := st.flagSet("init", "--catalog us|jp|us-jp DIR", initAbout)
	catalog := fs.StringP("catalog", "c", "us-jp", "the sector catalog: "+strings.Join(infra.Catalogs(), ", "))
	if code, ok := st.parse(fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 {
		return st.usageErrorf("init: want one DIR, got %d arguments; run 'cascade init --help'", fs.NArg())
	}
	if _, _, err := infra.Files(*catalog); err != nil {
		return st.usageErrorf("--catalog: %v", err)
	}
	dir := fs.Arg(0)
	written, err := infra.WriteStarter(dir, *catalog)
	if err != nil {
		if errors.Is(err, infra.ErrExist) {
			return st.errorf("init: nothing written: %v", err)
		}
		return st.errorf("init: %v", err)
	}
	for _, p := range written {
		fmt.Fprintln(st.Stdout, p)
	}
	fmt.Fprintf(st.Stderr, "Wrote a starter model with the %s catalog. Next:\n  cascade validate %s\n  cascade run %s\n", *catalog, dir, dir)
	return exitOK
}
