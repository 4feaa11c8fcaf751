// Command cascade answers, for a model of critical infrastructure: if this fails,
// what fails next, when, and in which sectors.
//
// The command is thin: it turns flags into calls of the model, cascade and render
// packages and prints what they return. Data goes to stdout, diagnostics and
// progress to stderr.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"sort"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/term"

	"github.com/cascade-infra/cascade/internal/atomicfile"
	"github.com/cascade-infra/cascade/internal/loadcache"
)

// Exit statuses (docs/cli.md, "Exit status").
const (
	exitOK      = 0 // success
	exitInvalid = 1 // the model or an input is wrong, or the work failed
	exitUsage   = 2 // the command line is wrong
	exitChanged = 3 // fmt --check found files to change
)

// State is everything a command may touch of the process: arguments, environment,
// streams and cancellation. main builds it from the OS; tests build fakes.
type State struct {
	Args      []string // without the program name
	Getenv    func(string) string
	Stdin     io.Reader
	Stdout    io.Writer
	Stderr    io.Writer
	StdoutTTY bool // stdout is a terminal
	StderrTTY bool // stderr is a terminal
	// Ctx is cancelled on SIGINT/SIGTERM; long commands stop cleanly when it is.
	Ctx context.Context
	// Signal returns the signal that interrupted the command, or nil; nil Signal
	// means none can.
	Signal func() os.Signal
	// Executable is the path of the running binary, used to find companion binaries.
	Executable string

	// embedded is set when the command loaded the embedded default example
	// (no MODEL and no model in the current folder; see modelArg).
	embedded bool
	// othersSaid is set once the count of warnings about other scenarios than
	// the one run is printed (loadVariant), so that it is printed once.
	othersSaid bool

	// loadCache is the load cache of the model loaded, if any; realMain waits for
	// its background writes before returning.
	loadCache *loadcache.Cache
}

// command is one subcommand.
type command struct {
	name     string
	synopsis string
	run      func(st *State, args []string) int
}

var commands = map[string]command{}

// commandOrder is the order of the help listing; registered commands not in it follow by name.
var commandOrder = []string{
	"run", "explain", "report", "batch", "rank", "merge", "render", "plot", "coordinate",
	"import", "export", "validate", "fmt", "init", "version",
}

// register adds a subcommand; each command's file calls it from init.
func register(c command) {
	if _, dup := commands[c.name]; dup {
		panic("cascade: command registered twice: " + c.name)
	}
	commands[c.name] = c
}

// interruptGrace is how long a command may take to stop after SIGINT or SIGTERM
// before the process exits anyway.
const interruptGrace = 300 * time.Millisecond

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	var got atomic.Pointer[os.Signal]
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		// On the first signal: no output is completed any more (temporary files are
		// removed, commits fail), the command is asked to stop, and the process
		// exits after the grace period (or a second signal) if it has not.
		s := <-sigs
		got.Store(&s)
		atomicfile.Abort()
		cancel()
		select {
		case <-sigs:
		case <-time.After(interruptGrace):
		}
		atomicfile.Abort()
		fmt.Fprintf(os.Stderr, "cascade: %s\n", interruptedMessage(s))
		os.Exit(signalStatus(s))
	}()
	exe, _ := os.Executable()
	st := &State{
		Args:       os.Args[1:],
		Getenv:     os.Getenv,
		Stdin:      os.Stdin,
		Stdout:     os.Stdout,
		Stderr:     os.Stderr,
		StdoutTTY:  term.IsTerminal(int(os.Stdout.Fd())),
		StderrTTY:  term.IsTerminal(int(os.Stderr.Fd())),
		Ctx:        ctx,
		Executable: exe,
		Signal: func() os.Signal {
			if s := got.Load(); s != nil {
				return *s
			}
			return nil
		},
	}
	st.Stdout = &stopWriter{w: os.Stdout, st: st}
	stopProfile := startProfile(os.Getenv("CASCADE_CPUPROFILE"))
	code := realMain(st)
	stopProfile()
	os.Exit(code)
}

// startProfile writes a CPU profile of the whole command to path when path is not
// empty (CASCADE_CPUPROFILE, for bench/README.md's measurements) and returns what
// stops it.
func startProfile(path string) func() {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "cascade: CASCADE_CPUPROFILE: %v\n", err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

// stopWriter fails every write once the command is interrupted, so that a command
// that has not yet noticed prints no more of its result.
type stopWriter struct {
	w  io.Writer
	st *State
}

func (s *stopWriter) Write(p []byte) (int, error) {
	if s.st.interrupted() != nil {
		return 0, atomicfile.ErrAborted
	}
	return s.w.Write(p)
}

// interrupted returns the signal that interrupted the command, or nil.
func (st *State) interrupted() os.Signal {
	if st.Signal == nil {
		return nil
	}
	return st.Signal()
}

// signalStatus is the exit status of a command stopped by s, as shells report it:
// 128 plus the signal's number (130 for SIGINT, 143 for SIGTERM).
func signalStatus(s os.Signal) int {
	if n, ok := s.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return exitInvalid
}

func interruptedMessage(s os.Signal) string {
	name := s.String()
	switch s {
	case os.Interrupt:
		name = "SIGINT"
	case syscall.SIGTERM:
		name = "SIGTERM"
	}
	return "interrupted by " + name
}

// realMain dispatches to a subcommand and returns the exit status.
func realMain(st *State) int {
	if st.Ctx == nil {
		st.Ctx = context.Background()
	}
	if st.Getenv == nil {
		st.Getenv = func(string) string { return "" }
	}
	if len(st.Args) == 0 {
		usage(st.Stderr)
		return exitUsage
	}
	name := st.Args[0]
	switch name {
	case "-h", "--help", "help":
		if len(st.Args) > 1 {
			if c, ok := commands[st.Args[1]]; ok {
				return c.run(st, []string{"--help"})
			}
		}
		usage(st.Stdout)
		return exitOK
	case "--version":
		name = "version"
	}
	c, ok := commands[name]
	if !ok {
		fmt.Fprintf(st.Stderr, "cascade: unknown command %q\n\n", name)
		usage(st.Stderr)
		return exitUsage
	}
	code := c.run(st, st.Args[1:])
	st.loadCache.Wait()
	if s := st.interrupted(); s != nil {
		// Whatever the command made of its cancellation, it was stopped: nothing
		// was written after the signal (atomicfile.Abort).
		fmt.Fprintf(st.Stderr, "cascade: %s\n", interruptedMessage(s))
		return signalStatus(s)
	}
	return code
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: cascade COMMAND [ARGS]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "If this fails, what fails next, when, and in which sectors?")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, n := range commandNames() {
		fmt.Fprintf(w, "  %-11s %s\n", n, commands[n].synopsis)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'cascade COMMAND --help' for a command's flags.")
}

// useColor reports whether output to a stream may be coloured: only on a terminal,
// and never with NO_COLOR set or TERM=dumb.
func (st *State) useColor(tty bool) bool {
	if !tty || st.Getenv("NO_COLOR") != "" || st.Getenv("TERM") == "dumb" {
		return false
	}
	return true
}

// errorf prints an error to stderr and returns exitInvalid.
func (st *State) errorf(format string, args ...any) int {
	fmt.Fprintf(st.Stderr, "cascade: "+format+"\n", args...)
	return exitInvalid
}

// usageErrorf prints a usage error to stderr and returns exitUsage.
func (st *State) usageErrorf(format string, args ...any) int {
	fmt.Fprintf(st.Stderr, "cascade: "+format+"\n", args...)
	return exitUsage
}

// joinNames lists names for messages: "a, b, c".
func joinNames(names []string) string {
	return strings.Join(names, ", ")
}

// commandNames lists the registered commands: those of commandOrder first, then
// the rest by name.
func commandNames() []string {
	var names []string
	seen := map[string]bool{}
	for _, n := range commandOrder {
		if _, ok := commands[n]; ok {
			names = append(names, n)
			seen[n] = true
		}
	}
	var rest []string
	for n := range commands {
		if !seen[n] {
			rest = append(rest, n)
		}
	}
	sort.Strings(rest)
	return append(names, rest...)
}
