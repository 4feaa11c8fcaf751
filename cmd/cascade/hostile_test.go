package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The hostile-input test: the built binary, under a memory limit and a timeout,
// against inputs and faults an attacker or an unlucky user would produce. Every
// case checks the exit status, what stderr says, and that no output file is left
// that should not be (no partial output, no temporary files).

const (
	// hostileMemory is the address-space limit of every run, in KiB (ulimit -v).
	hostileMemory = 3 << 20
	// hostileTimeout is how long a run may take before it counts as a hang.
	hostileTimeout = 30 * time.Second
)

var (
	hostileOnce sync.Once
	hostileBin  string
	hostileErr  error
)

// hostileBinary builds the command without cgo (whose threads reserve address
// space that a ulimit -v would refuse) once per test run.
func hostileBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh to set the memory limit")
	}
	hostileOnce.Do(func() {
		dir, err := os.MkdirTemp("", "cascade-hostile")
		if err != nil {
			hostileErr = err
			return
		}
		hostileBin = filepath.Join(dir, "cascade")
		cmd := exec.Command("go", "build", "-o", hostileBin, ".")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			hostileErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if hostileErr != nil {
		t.Fatal(hostileErr)
	}
	return hostileBin
}

// hostileCase is one hostile input or fault.
type hostileCase struct {
	class int    // the class of issue 17 it belongs to
	name  string // what is tried
	// setup prepares the case's folder (the working directory of the run) and
	// returns the arguments; nil setup means args as given.
	setup func(t *testing.T, dir string) []string
	args  []string
	// stdin, when not nil, is the run's standard input.
	stdin []byte
	// signal is sent after the run has worked for signalAfter.
	signal      syscall.Signal
	signalAfter time.Duration
	code        int
	stderr      []string // substrings stderr must hold
	notStderr   []string // substrings stderr must not hold
	stdout      []string // substrings stdout must hold
	// files are the names, relative to the folder, that may exist after the run
	// besides those setup made; any other new file is a failure. "*" allows any.
	files []string
	// check, when set, checks more.
	check func(t *testing.T, dir, stdout, stderr string)
}

// hostileRun is what one run did.
type hostileRun struct {
	stdout, stderr string
	code           int
	stopped        time.Duration // from the signal to the exit
}

func runHostile(t *testing.T, bin, dir string, tc hostileCase, args []string) hostileRun {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), hostileTimeout)
	defer cancel()
	// The limit is set by the shell, which then becomes the binary.
	argv := append([]string{"-c", fmt.Sprintf(`ulimit -v %d && exec "$0" "$@"`, hostileMemory), bin}, args...)
	if len(args) > 2 && args[0] == "sh" && args[3] == "BIN" {
		// A case with its own shell wrapper (a redirection, an environment):
		// args are "sh", "-c", SCRIPT, "BIN", ARGS…, the script runs the binary
		// as "$0" "$@".
		script := fmt.Sprintf("ulimit -v %d && %s", hostileMemory, args[2])
		argv = append([]string{"-c", script, bin}, args[4:]...)
	}
	cmd := exec.CommandContext(ctx, "sh", argv...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+filepath.Join(dir, ".cache"), "NO_COLOR=1")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if tc.stdin != nil {
		cmd.Stdin = bytes.NewReader(tc.stdin)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var sent time.Time
	if tc.signal != 0 {
		time.Sleep(tc.signalAfter)
		sent = time.Now()
		cmd.Process.Signal(tc.signal)
	}
	err := cmd.Wait()
	r := hostileRun{stdout: out.String(), stderr: errb.String()}
	if !sent.IsZero() {
		r.stopped = time.Since(sent)
	}
	if ctx.Err() != nil {
		t.Fatalf("%v: still running after %v (a hang)\nstderr: %s", args, hostileTimeout, tail(r.stderr))
	}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return r
}

func tail(s string) string {
	if len(s) > 2000 {
		return "…" + s[len(s)-2000:]
	}
	return s
}

// listFiles lists every file and folder under dir, relative to it, outside the
// load cache's folder.
func listFiles(t *testing.T, dir string) map[string]bool {
	t.Helper()
	files := map[string]bool{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || p == dir {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		if rel == ".cache" {
			return filepath.SkipDir
		}
		files[rel] = true
		return nil
	})
	return files
}

// cacheTemporaries lists temporary files left in the load cache.
func cacheTemporaries(dir string) []string {
	var left []string
	filepath.WalkDir(filepath.Join(dir, ".cache"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.Contains(d.Name(), ".tmp") {
			left = append(left, p)
		}
		return nil
	})
	return left
}

func TestHostile(t *testing.T) {
	bin := hostileBinary(t)
	var cases []hostileCase
	cases = append(cases, signalCases()...)
	cases = append(cases, specialFileCases()...)
	cases = append(cases, symlinkOutputCases()...)
	cases = append(cases, descriptorOutputCases()...)
	cases = append(cases, conflictCases()...)
	cases = append(cases, countFlagCases()...)
	cases = append(cases, durationCases()...)
	cases = append(cases, floodCases()...)
	cases = append(cases, diagnosticCases()...)
	cases = append(cases, evalCases()...)
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%d/%s", tc.class, tc.name), func(t *testing.T) {
			dir := t.TempDir()
			args := tc.args
			if tc.setup != nil {
				args = tc.setup(t, dir)
			}
			before := listFiles(t, dir)
			r := runHostile(t, bin, dir, tc, args)
			if r.code != tc.code {
				t.Errorf("exit %d, want %d\nstderr: %s", r.code, tc.code, tail(r.stderr))
			}
			if strings.Contains(r.stderr, "panic:") || strings.Contains(r.stderr, "fatal error:") {
				t.Errorf("crashed:\n%s", tail(r.stderr))
			}
			for _, s := range tc.stderr {
				if !strings.Contains(r.stderr, s) {
					t.Errorf("stderr lacks %q:\n%s", s, tail(r.stderr))
				}
			}
			for _, s := range tc.notStderr {
				if strings.Contains(r.stderr, s) {
					t.Errorf("stderr holds %q:\n%s", s, tail(r.stderr))
				}
			}
			for _, s := range tc.stdout {
				if !strings.Contains(r.stdout, s) {
					t.Errorf("stdout lacks %q:\n%s", s, tail(r.stdout))
				}
			}
			if tc.signal != 0 && r.stopped > time.Second {
				t.Errorf("stopped %v after the signal, want within a second", r.stopped.Round(time.Millisecond))
			}
			allowed := map[string]bool{}
			for _, f := range tc.files {
				allowed[f] = true
			}
			if !allowed["*"] {
				for f := range listFiles(t, dir) {
					if !before[f] && !allowed[f] {
						t.Errorf("left %s behind", f)
					}
				}
			}
			if left := cacheTemporaries(dir); len(left) > 0 {
				t.Errorf("temporary files left in the load cache: %v", left)
			}
			if tc.check != nil {
				tc.check(t, dir, r.stdout, r.stderr)
			}
		})
	}
}

// putFile writes a file of the case's folder.
func putFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

var slowSource = bigBatchModel(80, 1000) + "mitigation \"m\" {\n  asset \"a1_1\" {\n    backup = \"1h\"\n  }\n}\n"

// slowModel writes a model that takes every command several seconds to load and
// run, as the folder "slow".
func slowModel(t *testing.T, dir string) {
	t.Helper()
	putFile(t, dir, "slow/model.hcl", slowSource)
}

// signalCases: class 3, every command stops within a second of SIGINT or SIGTERM,
// exits 130 or 143 and leaves no output.
func signalCases() []hostileCase {
	commands := [][]string{
		{"run", "slow", "-o", "out.txt"},
		{"run", "slow", "--format", "json", "-o", "out.json", "--diagram", "out.dot"},
		{"validate", "slow"},
		{"explain", "slow", "--scenario", "big", "a79_1", "-o", "out.txt"},
		{"coordinate", "slow", "-o", "out.txt", "--diagram", "out.dot"},
		{"plot", "slow", "-o", "out.svg"},
		{"render", "slow", "--force", "-o", "out.dot"},
		{"batch", "slow", "-n", "100000", "--quiet", "-o", "out.json"},
		{"batch", "slow", "-n", "100000", "--quiet", "--checkpoint", "ck", "-o", "out.json"},
		{"rank", "slow", "--quiet", "-o", "out.txt"},
		{"compare", "slow", "--mitigation", "m", "-o", "out.txt"},
		{"fmt", "slow"},
	}
	var cases []hostileCase
	for i, args := range commands {
		for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
			code := 128 + int(sig)
			name := "SIGINT"
			if sig == syscall.SIGTERM {
				name = "SIGTERM"
			}
			files := []string{}
			if contains(args, "ck") {
				files = []string{"*"} // the checkpoint is kept, for the resume
			}
			cases = append(cases, hostileCase{
				class: 3, name: fmt.Sprintf("%s %d %s", name, i, strings.Join(args, " ")),
				setup: func(t *testing.T, dir string) []string {
					slowModel(t, dir)
					return args
				},
				signal: sig, signalAfter: 700 * time.Millisecond,
				code: code, stderr: []string{"interrupted by " + name}, files: files,
				check: func(t *testing.T, dir, stdout, stderr string) {
					if contains(args, "fmt") {
						got, _ := os.ReadFile(filepath.Join(dir, "slow/model.hcl"))
						if string(got) != slowSource {
							t.Error("fmt changed the model after the signal")
						}
					}
				},
			})
		}
	}
	return cases
}

// smallModel is a valid model with one scenario.
const smallModel = `sector "power" {}
asset "grid" {
  sector = sector.power
}
asset "hospital" {
  sector     = sector.power
  depends_on = [asset.grid]
}
scenario "outage" {
  event "e" {
    targets = [asset.grid]
  }
}
`

// mkfifo makes a named pipe, or skips the test.
func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

// specialFileCases: class 2, named pipes, devices and links to them, wherever a
// file is read, are refused at once with exit 1.
func specialFileCases() []hostileCase {
	type special struct {
		name string
		make func(t *testing.T, path string)
	}
	specials := []special{
		{"fifo", func(t *testing.T, p string) { mkfifo(t, p) }},
		{"link to fifo", func(t *testing.T, p string) { mkfifo(t, p+".real"); symlink(t, filepath.Base(p)+".real", p) }},
		{"/dev/zero", func(t *testing.T, p string) { symlink(t, "/dev/zero", p) }},
		{"/dev/urandom", func(t *testing.T, p string) { symlink(t, "/dev/urandom", p) }},
	}
	where := []struct {
		name string
		file string // the special file, relative to the case's folder
		args []string
		want string
	}{
		{"model file", "m.hcl", []string{"validate", "m.hcl"}, "not a regular file"},
		{"file in a model folder", "m/b.hcl", []string{"validate", "m"}, "not a regular file"},
		{"imported CSV", "m/assets.csv", []string{"validate", "m"}, "not a regular file"},
		{"--var-file", "vars.hcl", []string{"validate", "m", "--var-file", "vars.hcl"}, "not a regular file"},
		{"fmt target", "m.hcl", []string{"fmt", "m.hcl"}, "not a regular file"},
		{"fmt --check target", "m.hcl", []string{"fmt", "--check", "m.hcl"}, "not a regular file"},
		{"checkpoint", "ck", []string{"batch", "m", "-n", "100", "--quiet", "--checkpoint", "ck"}, "not a regular file"},
		{"merge part", "part.json", []string{"merge", "part.json"}, "not a regular file"},
	}
	var cases []hostileCase
	for _, w := range where {
		for _, sp := range specials {
			want := w.want
			if w.name == "imported CSV" && strings.HasPrefix(sp.name, "/dev/") {
				want = "leads elsewhere" // an import never leaves the model's folder
			}
			cases = append(cases, hostileCase{
				class: 2, name: w.name + " is " + sp.name,
				setup: func(t *testing.T, dir string) []string {
					putFile(t, dir, "m/a.hcl", smallModel)
					if w.name == "imported CSV" {
						putFile(t, dir, "m/import.hcl", "import {\n  assets = \"assets.csv\"\n}\n")
					}
					sp.make(t, filepath.Join(dir, w.file))
					return w.args
				},
				code: 1, stderr: []string{want},
			})
		}
	}
	// A load-cache entry replaced by a named pipe is skipped, not waited for.
	cases = append(cases, hostileCase{
		class: 2, name: "load-cache entry is a fifo",
		setup: func(t *testing.T, dir string) []string {
			putFile(t, dir, "m/a.hcl", smallModel)
			bin := hostileBinary(t)
			cmd := exec.Command(bin, "run", "m")
			cmd.Dir, cmd.Env = dir, append(os.Environ(), "XDG_CACHE_HOME="+filepath.Join(dir, ".cache"))
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("first load: %v\n%s", err, out)
			}
			var entries []string
			filepath.WalkDir(filepath.Join(dir, ".cache"), func(p string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					entries = append(entries, p)
				}
				return nil
			})
			if len(entries) == 0 {
				t.Fatal("the first load wrote no cache entry")
			}
			for _, e := range entries {
				os.Remove(e)
				mkfifo(t, e)
			}
			return []string{"run", "m"}
		},
		code: 0, stdout: []string{"Summary"},
	})
	// The size limit holds while reading: a file that claims to be small but is
	// a pipe that never ends is refused (it is not regular), and a regular file
	// is read only up to the limit (tested in internal/regular).
	return cases
}

// symlinkOutputCases: class 4, outputs through symbolic links and to the
// process's own descriptors.
func symlinkOutputCases() []hostileCase {
	isLinkTo := func(link, target, want string) func(t *testing.T, dir, stdout, stderr string) {
		return func(t *testing.T, dir, stdout, stderr string) {
			fi, err := os.Lstat(filepath.Join(dir, link))
			if err != nil || fi.Mode()&os.ModeSymlink == 0 {
				t.Fatalf("%s is no longer a symbolic link (%v)", link, err)
			}
			got, err := os.ReadFile(filepath.Join(dir, target))
			if err != nil || !strings.Contains(string(got), want) {
				t.Fatalf("%s holds %q (%v), want %q", target, got, err, want)
			}
		}
	}
	return []hostileCase{
		{class: 4, name: "-o link to a regular file",
			setup: func(t *testing.T, dir string) []string {
				putFile(t, dir, "m.hcl", smallModel)
				putFile(t, dir, "real/out.json", "old")
				symlink(t, "real/out.json", filepath.Join(dir, "out.json"))
				return []string{"run", "m.hcl", "--format", "json", "-o", "out.json"}
			},
			check: isLinkTo("out.json", "real/out.json", `"scenario": "outage"`)},
		{class: 4, name: "-o chain of links",
			setup: func(t *testing.T, dir string) []string {
				putFile(t, dir, "m.hcl", smallModel)
				putFile(t, dir, "real/out.json", "old")
				symlink(t, "real/out.json", filepath.Join(dir, "l1"))
				symlink(t, "l1", filepath.Join(dir, "l2"))
				return []string{"run", "m.hcl", "--format", "json", "-o", "l2"}
			},
			check: isLinkTo("l2", "real/out.json", `"scenario": "outage"`)},
		{class: 4, name: "-o dangling link creates its target",
			setup: func(t *testing.T, dir string) []string {
				putFile(t, dir, "m.hcl", smallModel)
				os.Mkdir(filepath.Join(dir, "real"), 0o755)
				symlink(t, "real/new.json", filepath.Join(dir, "out.json"))
				return []string{"run", "m.hcl", "--format", "json", "-o", "out.json"}
			},
			files: []string{"real/new.json"},
			check: isLinkTo("out.json", "real/new.json", `"scenario": "outage"`)},
		{class: 4, name: "-o link loop",
			setup: func(t *testing.T, dir string) []string {
				putFile(t, dir, "m.hcl", smallModel)
				symlink(t, "loop", filepath.Join(dir, "loop"))
				return []string{"run", "m.hcl", "-o", "loop"}
			},
			code: 1, stderr: []string{"too many levels of symbolic links"}},
		{class: 4, name: "-o a directory",
			setup: func(t *testing.T, dir string) []string {
				putFile(t, dir, "m.hcl", smallModel)
				os.Mkdir(filepath.Join(dir, "d"), 0o755)
				return []string{"run", "m.hcl", "-o", "d"}
			},
			code: 1, stderr: []string{"is a directory"}},
		{class: 4, name: "-o link to /dev/null",
			setup: func(t *testing.T, dir string) []string {
				putFile(t, dir, "m.hcl", smallModel)
				symlink(t, "/dev/null", filepath.Join(dir, "null"))
				return []string{"run", "m.hcl", "-o", "null"}
			},
			check: func(t *testing.T, dir, stdout, stderr string) {
				if fi, err := os.Stat("/dev/null"); err != nil || fi.Mode().IsRegular() {
					t.Fatal("/dev/null was replaced")
				}
			}},
		{class: 4, name: "fmt through a link",
			setup: func(t *testing.T, dir string) []string {
				putFile(t, dir, "real/m.hcl", "sector \"power\" {\n    label = \"P\"\n}\n")
				symlink(t, "real/m.hcl", filepath.Join(dir, "m.hcl"))
				return []string{"fmt", "m.hcl"}
			},
			check: isLinkTo("m.hcl", "real/m.hcl", "  label = \"P\"")},
	}
}

// descriptorOutputCases: class 4, -o /dev/stdout (and its other names) with
// stdout redirected to a file: the output goes into that file, which stays the
// shell's file.
func descriptorOutputCases() []hostileCase {
	var cases []hostileCase
	for _, path := range []string{"/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"} {
		cases = append(cases, hostileCase{class: 4, name: "-o " + path + " redirected to a file",
			setup: func(t *testing.T, dir string) []string {
				if _, err := os.Stat(path); err != nil {
					t.Skip(path, "does not exist here")
				}
				putFile(t, dir, "m.hcl", smallModel)
				return []string{"sh", "-c", `exec "$0" "$@" > redirected.json`, "BIN", "run", "m.hcl", "--format", "json", "-o", path}
			},
			files: []string{"redirected.json"},
			check: func(t *testing.T, dir, stdout, stderr string) {
				got, err := os.ReadFile(filepath.Join(dir, "redirected.json"))
				if err != nil || !strings.Contains(string(got), `"scenario": "outage"`) {
					t.Fatalf("redirected.json holds %q (%v)", got, err)
				}
			}})
	}
	return cases
}

// conflictCases: class 8, two outputs of one command in one place are refused
// with exit 2, and a command writes all its outputs or none.
func conflictCases() []hostileCase {
	model := func(args ...string) func(t *testing.T, dir string) []string {
		return func(t *testing.T, dir string) []string {
			putFile(t, dir, "m.hcl", smallModel)
			symlink(t, "x.dot", filepath.Join(dir, "link.dot"))
			return args
		}
	}
	cases := []hostileCase{
		{class: 8, name: "run json on stdout and --diagram -", setup: model("run", "m.hcl", "--format", "json", "--diagram", "-"),
			code: 2, stderr: []string{"-o and --diagram both write to stdout"}},
		{class: 8, name: "run --diagram /dev/stdout", setup: model("run", "m.hcl", "--diagram", "/dev/stdout"),
			code: 2, stderr: []string{"both write to stdout"}},
		{class: 8, name: "run -o x.svg --diagram x.svg", setup: model("run", "m.hcl", "-o", "x.svg", "--diagram", "x.svg"),
			code: 2, stderr: []string{"-o and --diagram both write to the same file"}},
		{class: 8, name: "run -o x.dot --diagram ./x.dot", setup: model("run", "m.hcl", "-o", "x.dot", "--diagram", "./x.dot"),
			code: 2, stderr: []string{"both write to the same file"}},
		{class: 8, name: "run -o x.dot --diagram link to x.dot", setup: model("run", "m.hcl", "-o", "x.dot", "--diagram", "link.dot"),
			code: 2, stderr: []string{"both write to the same file"}},
		{class: 8, name: "coordinate -o a --diagram a", setup: model("coordinate", "m.hcl", "-o", "a.dot", "--diagram", "a.dot"),
			code: 2, stderr: []string{"both write to the same file"}},
		{class: 8, name: "coordinate --diagram -", setup: model("coordinate", "m.hcl", "--diagram", "-"),
			code: 2, stderr: []string{"both write to stdout"}},
		{class: 8, name: "batch -o ck --checkpoint ck", setup: model("batch", "m.hcl", "-n", "10", "-o", "ck", "--checkpoint", "ck"),
			code: 2, stderr: []string{"-o and --checkpoint both write to the same file"}},
		{class: 8, name: "coordinate -o and --diagram both /dev/null", setup: model("coordinate", "m.hcl", "-o", "/dev/null", "--diagram", "/dev/null")},
		{class: 8, name: "run -o out.json --diagram into a missing folder writes neither",
			setup: model("run", "m.hcl", "--format", "json", "-o", "out.json", "--diagram", "no/such/x.dot"),
			code:  1, stderr: []string{"no/such/x.dot"}},
		{class: 8, name: "run -o out.json --diagram x.svg without the companion writes neither",
			setup: func(t *testing.T, dir string) []string {
				putFile(t, dir, "m.hcl", smallModel)
				return []string{"sh", "-c", `PATH=/nonexistent CASCADE_GRAPHVIZ= exec "$0" "$@"`, "BIN", "run", "m.hcl", "--format", "json", "-o", "out.json", "--diagram", "x.svg"}
			},
			code: 1, stderr: []string{"cascade-graphviz not found"}},
		{class: 8, name: "run -o out.json --diagram x.dot writes both",
			setup: model("run", "m.hcl", "--format", "json", "-o", "out.json", "--diagram", "x.dot"),
			files: []string{"out.json", "x.dot"}},
	}
	return cases
}

// countFlagCases: class 6, count flags at and beyond their maxima.
func countFlagCases() []hostileCase {
	const maxInt = "9223372036854775807"
	withModel := func(args ...string) func(t *testing.T, dir string) []string {
		return func(t *testing.T, dir string) []string {
			putFile(t, dir, "m.hcl", smallModel+"mitigation \"x\" {\n  asset \"hospital\" {\n    backup = \"1h\"\n  }\n}\n")
			return args
		}
	}
	usage := func(name string, want string, args ...string) hostileCase {
		return hostileCase{class: 6, name: name, setup: withModel(args...), code: 2, stderr: []string{want}}
	}
	cases := []hostileCase{
		usage("batch --trials 2^63-1", "--trials "+maxInt+": want 1 to 1000000000000", "batch", "m.hcl", "--trials", maxInt),
		usage("batch --trials 10^12+1", "want 1 to", "batch", "m.hcl", "--trials", "1000000000001"),
		usage("batch --trials -1", "want 1 to", "batch", "m.hcl", "--trials", "-1"),
		usage("batch --trials 2^63 (out of range)", "must be an integer", "batch", "m.hcl", "--trials", "9223372036854775808"),
		usage("batch --chunk-size 1 --trials 10^12", "at most 1048576 chunks", "batch", "m.hcl", "--trials", "1000000000000", "--chunk-size", "1"),
		usage("batch --workers 2^31", "--workers 2147483648: want 1 to 4096", "batch", "m.hcl", "--workers", "2147483648"),
		usage("batch --workers 0", "want 1 to 4096", "batch", "m.hcl", "--workers", "0"),
		usage("batch --shard 0/2^62", "at most 1000000 shards", "batch", "m.hcl", "--shard", "0/4611686018427387904"),
		usage("batch --shard auto --shards 2^31", "at most 1000000 shards", "sh", "-c", `JOB_COMPLETION_INDEX=0 exec "$0" "$@"`, "BIN", "batch", "m.hcl", "--shard", "auto", "--shards", "2147483647"),
		usage("rank --candidates 2^31", "--candidates from 2 to 10000", "rank", "m.hcl", "--k", "2", "--candidates", "2147483647"),
		usage("rank --workers 2^31", "want 1 to 4096", "rank", "m.hcl", "--workers", "2147483647"),
		usage("compare --trials 2^63-1", "want 0 (no Monte Carlo) or 2 to", "compare", "m.hcl", "--mitigation", "x", "--trials", maxInt),
		usage("compare --workers -1", "want 0 to 4096", "compare", "m.hcl", "--mitigation", "x", "--trials", "10", "--workers", "-1"),
		{class: 6, name: "batch --chunk-size 2^63-1 runs every trial in one chunk",
			setup:  withModel("batch", "m.hcl", "--trials", "1000", "--chunk-size", maxInt, "--format", "json"),
			stdout: []string{`"trials": 1000`}},
		{class: 6, name: "batch --chunk-size 2^63-1 --shard 1/2 is an empty shard, not an error",
			setup: withModel("batch", "m.hcl", "--trials", "1000", "--chunk-size", maxInt, "--shard", "1/2", "-o", "p.json"),
			files: []string{"p.json"}},
		{class: 6, name: "compare --trials 1000 --chunk-size default",
			setup:  withModel("compare", "m.hcl", "--mitigation", "x", "--trials", "1000", "--format", "json"),
			stdout: []string{`"trials": 1000`}},
	}
	return cases
}

// maxChain is a chain of assets with the longest delays and backups, hit at time 0
// (scenario "zero") or at the longest time (scenario "late").
func maxChain() string {
	const longest = "3153599999s" // model.DurationLimit - 1
	var b strings.Builder
	b.WriteString("sector \"s\" {\n  threshold = 1\n}\n")
	for i := range 6 {
		fmt.Fprintf(&b, "asset \"a%d\" {\n  sector = sector.s\n", i)
		if i > 0 {
			fmt.Fprintf(&b, "  backup = %q\n  dependency {\n    on    = asset.a%d\n    delay = %q\n  }\n", longest, i-1, longest)
		}
		b.WriteString("}\n")
	}
	fmt.Fprintf(&b, "scenario \"zero\" {\n  event \"e\" {\n    targets = [asset.a0]\n  }\n}\n")
	fmt.Fprintf(&b, "scenario \"late\" {\n  event \"e\" {\n    at      = %q\n    targets = [asset.a0]\n  }\n}\n", longest)
	return b.String()
}

// durationCases: class 5, durations at and beyond the limit, and run, rank and
// batch agreeing on the longest allowed values.
func durationCases() []hostileCase {
	chain := func(args ...string) func(t *testing.T, dir string) []string {
		return func(t *testing.T, dir string) []string {
			putFile(t, dir, "m.hcl", maxChain())
			return args
		}
	}
	bad := func(name, attr string) hostileCase {
		return hostileCase{class: 5, name: name,
			setup: func(t *testing.T, dir string) []string {
				putFile(t, dir, "m.hcl", strings.Replace(maxChain(), `backup = "3153599999s"`, attr, 1))
				return []string{"validate", "m.hcl"}
			},
			code: 1, stderr: []string{"Invalid duration", "shorter than 100 years", "on m.hcl line 9"}}
	}
	cases := []hostileCase{
		bad("backup of 100 years", `backup = "5214w2d"`),
		bad("backup of 2^63-1 seconds", `backup = "9223372036854775807s"`),
		bad("backup of 2^63 seconds", `backup = "9223372036854775808s"`),
		{class: 5, name: "event at 2^63-1 seconds",
			setup: func(t *testing.T, dir string) []string {
				putFile(t, dir, "m.hcl", strings.Replace(maxChain(), `at      = "3153599999s"`, `at = "9223372036854775807s"`, 1))
				return []string{"validate", "m.hcl"}
			},
			code: 1, stderr: []string{"Invalid duration", "shorter than 100 years"}},
		{class: 5, name: "--horizon 2^63-1s", setup: chain("run", "m.hcl", "-s", "zero", "--horizon", "9223372036854775807s"),
			code: 2, stderr: []string{"shorter than 100 years"}},
		{class: 5, name: "--horizon 100 years", setup: chain("rank", "m.hcl", "--horizon", "5214w2d"),
			code: 2, stderr: []string{"shorter than 100 years"}},
		{class: 5, name: "event at the longest time is a failure, not never", setup: chain("run", "m.hcl", "-s", "late", "--format", "json"),
			stdout: []string{`"at_s":3153599999,`}},
	}
	// run, rank and batch agree at the longest values, with no horizon and with the
	// longest horizon.
	for _, horizon := range [][]string{nil, {"--horizon", "3153599999s"}} {
		name := "no horizon"
		if horizon != nil {
			name = "the longest horizon"
		}
		cases = append(cases, hostileCase{class: 5, name: "run, rank and batch agree with " + name,
			setup: chain("run", "m.hcl", "-s", "zero", "--format", "json", "-o", "run.json"),
			files: []string{"run.json"},
			check: func(t *testing.T, dir, stdout, stderr string) {
				bin := hostileBinary(t)
				run := func(args ...string) []byte {
					cmd := exec.Command(bin, append(args, horizon...)...)
					cmd.Dir = dir
					cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+filepath.Join(dir, ".cache"))
					out, err := cmd.Output()
					if err != nil {
						t.Fatalf("%v: %v", args, err)
					}
					return out
				}
				var r struct {
					Failures []struct {
						AtS int64 `json:"at_s"`
					} `json:"failures"`
				}
				var rk struct {
					Ranking []struct {
						Asset        string `json:"asset"`
						FailedAssets int    `json:"failed_assets"`
					} `json:"ranking"`
				}
				var bt struct {
					FailedAssets struct {
						Mean float64 `json:"mean"`
						Max  float64 `json:"max"`
					} `json:"failed_assets"`
				}
				decode(t, run("run", "m.hcl", "-s", "zero", "--format", "json"), &r)
				decode(t, run("rank", "m.hcl", "--quiet", "--format", "json"), &rk)
				decode(t, run("batch", "m.hcl", "-s", "zero", "-n", "50", "--quiet", "--format", "json"), &bt)
				want := 6
				if horizon != nil {
					want = 1 // a1 fails at twice the longest duration
				}
				if len(r.Failures) != want {
					t.Errorf("run: %d failures, want %d", len(r.Failures), want)
				}
				for i, f := range r.Failures {
					if f.AtS != int64(2*i)*3153599999 {
						t.Errorf("run: failure %d at %d, want %d", i, f.AtS, int64(2*i)*3153599999)
					}
				}
				a0 := -1
				for _, e := range rk.Ranking {
					if e.Asset == "a0" {
						a0 = e.FailedAssets
					}
				}
				if a0 != want {
					t.Errorf("rank: a0 brings down %d, want %d", a0, want)
				}
				if bt.FailedAssets.Mean != float64(want) || bt.FailedAssets.Max != float64(want) {
					t.Errorf("batch: failed assets mean %v max %v, want %d", bt.FailedAssets.Mean, bt.FailedAssets.Max, want)
				}
			}})
	}
	return cases
}

func decode(t *testing.T, data []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
}

// floodCases: class 7, a model with thousands of diagnostics of one kind prints
// the first 20 and a count, from a fresh load and from the load cache.
func floodCases() []hostileCase {
	isolated := func(n int) string {
		var b strings.Builder
		b.WriteString(smallModel)
		for i := range n {
			fmt.Fprintf(&b, "asset \"lone%d\" {\n  sector = sector.power\n}\n", i)
		}
		return b.String()
	}
	countIn := func(s, sub string) int { return strings.Count(s, sub) }
	warnings := func(t *testing.T, stderr string) {
		t.Helper()
		if n := countIn(stderr, "Warning: Isolated asset\n"); n != 20 {
			t.Errorf("%d isolated-asset warnings printed, want 20", n)
		}
		if !strings.Contains(stderr, "Warning: 4980 more warnings: Isolated asset") {
			t.Errorf("no count of the warnings left out:\n%s", tail(stderr))
		}
		if len(stderr) > 20000 {
			t.Errorf("%d bytes of stderr", len(stderr))
		}
	}
	return []hostileCase{
		{class: 7, name: "5000 warnings of one kind, fresh and from the cache",
			setup: func(t *testing.T, dir string) []string {
				putFile(t, dir, "m.hcl", isolated(5000))
				return []string{"run", "m.hcl", "-o", "/dev/null"}
			},
			check: func(t *testing.T, dir, stdout, stderr string) {
				warnings(t, stderr)
				// Again, from the load cache: the same, and a small entry.
				cmd := exec.Command(hostileBinary(t), "run", "m.hcl", "-o", "/dev/null")
				cmd.Dir, cmd.Env = dir, append(os.Environ(), "XDG_CACHE_HOME="+filepath.Join(dir, ".cache"), "NO_COLOR=1")
				var errb bytes.Buffer
				cmd.Stderr = &errb
				if err := cmd.Run(); err != nil {
					t.Fatal(err)
				}
				warnings(t, errb.String()) // (without snippets: the cache holds no source)
				entries, _ := filepath.Glob(filepath.Join(dir, ".cache", "cascade", "*.model"))
				for _, e := range entries {
					if fi, err := os.Stat(e); err == nil && fi.Size() > 1<<20 {
						t.Errorf("cache entry of %d bytes", fi.Size())
					}
				}
				if len(entries) == 0 {
					t.Error("no cache entry")
				}
			}},
		{class: 7, name: "3000 errors of one kind",
			setup: func(t *testing.T, dir string) []string {
				var b strings.Builder
				b.WriteString(smallModel)
				for i := range 3000 {
					fmt.Fprintf(&b, "asset \"bad%d\" {\n  sector = sector.nosuch\n}\n", i)
				}
				putFile(t, dir, "m.hcl", b.String())
				return []string{"validate", "m.hcl"}
			},
			code: 1, stderr: []string{"Error: 2980 more errors: Reference to undeclared sector"},
			check: func(t *testing.T, dir, stdout, stderr string) {
				if n := countIn(stderr, "Error: Reference to undeclared sector\n"); n != 20 {
					t.Errorf("%d errors printed, want 20", n)
				}
			}},
	}
}

// diagnosticCases: class 9, diagnostics that say what is wrong, once, with the
// right exit status.
func diagnosticCases() []hostileCase {
	withVar := "variable \"fuel\" {\n  type = number\n}\n" + strings.Replace(smallModel, "depends_on = [asset.grid]", "depends_on = [asset.grid]\n  backup     = \"${var.fuel}h\"", 1)
	orgs := smallModel + "organization \"a\" {}\norganization \"b\" {}\n"
	return []hostileCase{
		{class: 9, name: "--var of the wrong type is not also missing",
			setup: func(t *testing.T, dir string) []string {
				putFile(t, dir, "m.hcl", withVar)
				return []string{"validate", "m.hcl", "--var", "fuel=lots"}
			},
			code: 1, stderr: []string{"Invalid value for variable"}, notStderr: []string{"No value for required variable"}},
		{class: 9, name: "a required --var left out is missing",
			setup: func(t *testing.T, dir string) []string {
				putFile(t, dir, "m.hcl", withVar)
				return []string{"validate", "m.hcl"}
			},
			code: 1, stderr: []string{"No value for required variable"}},
		{class: 9, name: "malformed --add-channel is a usage error",
			setup: func(t *testing.T, dir string) []string {
				putFile(t, dir, "m.hcl", orgs)
				return []string{"coordinate", "m.hcl", "--add-channel", "a"}
			},
			code: 2, stderr: []string{"want two organization names"}},
		{class: 9, name: "--add-channel with an unknown organization is an input error",
			setup: func(t *testing.T, dir string) []string {
				putFile(t, dir, "m.hcl", orgs)
				return []string{"coordinate", "m.hcl", "--add-channel", "a,c"}
			},
			code: 1, stderr: []string{"no organization \"c\""}},
		{class: 9, name: ".hcl.json with a byte order mark",
			setup: func(t *testing.T, dir string) []string {
				putFile(t, dir, "m/a.hcl", smallModel)
				putFile(t, dir, "m/b.hcl.json", "\uFEFF{\"sector\": {\"water\": {}}}")
				return []string{"validate", "m"}
			},
			stdout: []string{"sectors        2"}},
		{class: 9, name: "--var-file .json with a byte order mark",
			setup: func(t *testing.T, dir string) []string {
				putFile(t, dir, "m.hcl", withVar)
				putFile(t, dir, "v.json", "\uFEFF{\"fuel\": 3}")
				return []string{"validate", "m.hcl", "--var-file", "v.json"}
			}},
	}
}

// evalCases: class 1, expressions that grow without bound are refused with
// "Value too large" at the expression within seconds, under the memory limit,
// used or not; and a flood of unknown names costs no quadratic suggestion time.
func evalCases() []hostileCase {
	doubling := func(how string) string {
		var b strings.Builder
		b.WriteString("locals {\n  a0 = \"xxxxxxxxxxxxxxxx\"\n")
		for i := 1; i <= 40; i++ {
			fmt.Fprintf(&b, "  a%d = %s\n", i, strings.ReplaceAll(how, "PREV", fmt.Sprintf("local.a%d", i-1)))
		}
		return b.String() + "}\n"
	}
	exprs := []struct{ name, locals string }{
		{"nested for over range", "locals {\n  x = [for i in range(1024) : [for j in range(1024) : [for k in range(1024) : k]]]\n}\n"},
		{"format width", "locals {\n  x = format(\"%999999999s\", \"a\")\n}\n"},
		{"string doubling by template, unused", doubling(`"${PREV}${PREV}"`)},
		{"string doubling by join", doubling(`join("", [PREV, PREV])`)},
		{"list doubling", doubling(`[PREV, PREV]`)},
		{"replace of every position", "locals {\n  a = join(\"\", [for i in range(1024) : \"abcdefghijklmnop\"])\n  b = replace(local.a, \"\", local.a)\n}\n"},
		{"huge number in a template", "locals {\n  x = \"x${1e6000000}\"\n}\n"},
		{"a long tuple of objects made a list", "locals {\n  x = length(distinct(flatten([for i in range(100) : [for j in range(1000) : {a = j}]])))\n}\n"},
	}
	var cases []hostileCase
	for _, e := range exprs {
		cases = append(cases, hostileCase{class: 1, name: e.name,
			setup: func(t *testing.T, dir string) []string {
				putFile(t, dir, "m.hcl", e.locals+smallModel)
				return []string{"validate", "m.hcl"}
			},
			code: 1, stderr: []string{"Error: Value too large"}, notStderr: []string{"Error in function call"},
			check: func(t *testing.T, dir, stdout, stderr string) {
				if len(stderr) > 20000 {
					t.Errorf("%d bytes of stderr", len(stderr))
				}
			}})
	}
	// The same in a .hcl.json file, whose strings are templates of the native
	// syntax: refused in the JSON file, at the for expression's collection.
	nested := "[for a in range(1024) : [for b in range(1024) : [for c in range(1024) : c]]]"
	jsonDoubling := func(how string) map[string]any {
		l := map[string]any{"a0": "xxxxxxxxxxxxxxxx"}
		for i := 1; i <= 40; i++ {
			l[fmt.Sprintf("a%d", i)] = strings.ReplaceAll(how, "PREV", fmt.Sprintf("local.a%d", i-1))
		}
		return l
	}
	jsonExprs := []struct {
		name   string
		locals map[string]any
		at     string // the text the diagnostic's range starts with, when known
	}{
		{"nested for in a JSON template", map[string]any{"x": "${length(" + nested + ")}"}, "range(1024)"},
		{"nested for in a JSON array in an object", map[string]any{"x": map[string]any{"k": []any{1, "${" + nested + "}"}}}, "range(1024)"},
		{"nested for in a JSON object key", map[string]any{"x": map[string]any{"${length(" + nested + ")}": 1}}, "range(1024)"},
		{"format width in JSON", map[string]any{"x": `${format("%999999999s", "a")}`}, ""},
		{"string doubling in JSON, unused", jsonDoubling("${PREV}${PREV}"), ""},
		{"list doubling in JSON", jsonDoubling("${[PREV, PREV]}"), ""},
	}
	for _, e := range jsonExprs {
		cases = append(cases, hostileCase{class: 1, name: e.name,
			setup: func(t *testing.T, dir string) []string {
				src, err := json.Marshal(map[string]any{"locals": e.locals})
				if err != nil {
					t.Fatal(err)
				}
				putFile(t, dir, "m.hcl", smallModel)
				putFile(t, dir, "l.hcl.json", string(src))
				return []string{"validate", ".", "--format", "json"}
			},
			code: 1, stdout: []string{`"summary":"Value too large"`}, notStderr: []string{"Error in function call"},
			check: func(t *testing.T, dir, stdout, stderr string) {
				var out struct {
					Diagnostics []struct {
						Summary string
						Range   struct {
							Filename string
							Start    struct{ Byte int }
						}
					}
				}
				if err := json.Unmarshal([]byte(stdout), &out); err != nil {
					t.Fatalf("%v\n%s", err, tail(stdout))
				}
				src, err := os.ReadFile(filepath.Join(dir, "l.hcl.json"))
				if err != nil {
					t.Fatal(err)
				}
				for _, d := range out.Diagnostics {
					if d.Summary != "Value too large" {
						t.Errorf("also %q", d.Summary)
						continue
					}
					if r := d.Range; r.Filename != "l.hcl.json" || r.Start.Byte >= len(src) || !strings.HasPrefix(string(src[r.Start.Byte:]), e.at) {
						t.Errorf("at %+v, want %q in l.hcl.json", r, e.at)
					}
				}
			}})
	}
	// Long literal lists: 100,000 tags, of one type (converted in one pass and
	// de-duplicated in linear time) or mixed (go-cty would compare every pair of
	// element types: refused within the budget), on one line or one per line; the
	// diagnostic's snippet is clipped, not 900 KB long.
	tagList := func(mixed bool, sep string) string {
		var b strings.Builder
		b.WriteString("asset \"tagged\" {\n  sector = sector.power\n  depends_on = [asset.grid]\n  tags = [")
		for i := range 100000 {
			if i > 0 {
				b.WriteString("," + sep)
			}
			if mixed && i%2 == 0 {
				fmt.Fprintf(&b, "%d", i)
			} else {
				fmt.Fprintf(&b, "\"t%d\"", i)
			}
		}
		return b.String() + "]\n}\n"
	}
	for _, sep := range []string{"", "\n"} {
		where := "on one line"
		if sep != "" {
			where = "one per line"
		}
		cases = append(cases,
			hostileCase{class: 1, name: "100k string tags " + where,
				setup: func(t *testing.T, dir string) []string {
					putFile(t, dir, "m.hcl", smallModel+tagList(false, sep))
					return []string{"validate", "m.hcl"}
				},
				code: 0, stdout: []string{"The model is valid"}},
			hostileCase{class: 1, name: "100k mixed tags " + where,
				setup: func(t *testing.T, dir string) []string {
					putFile(t, dir, "m.hcl", smallModel+tagList(true, sep))
					return []string{"validate", "m.hcl"}
				},
				code: 1, stderr: []string{"Error: Value too large"},
				check: func(t *testing.T, dir, stdout, stderr string) {
					if len(stderr) > 5000 {
						t.Errorf("%d bytes of stderr: the snippet is not clipped", len(stderr))
					}
				}})
	}
	// Floods of unknown names (suggestions bounded), and batch's warnings capped
	// like run's.
	unknownLocals := func(t *testing.T, dir string) []string {
		var b strings.Builder
		b.WriteString("locals {\n")
		for i := range 100000 {
			fmt.Fprintf(&b, "  l%d = local.m%d\n", i, i)
		}
		putFile(t, dir, "m.hcl", b.String()+"}\n"+smallModel)
		return []string{"validate", "m.hcl"}
	}
	cases = append(cases,
		hostileCase{class: 7, name: "100k references to undeclared locals", setup: unknownLocals,
			code: 1, stderr: []string{"99980 more errors: Reference to undeclared local value"}},
		hostileCase{class: 7, name: "5000 warnings in batch",
			setup: func(t *testing.T, dir string) []string {
				var b strings.Builder
				b.WriteString(smallModel)
				for i := range 5000 {
					fmt.Fprintf(&b, "asset \"lone%d\" {\n  sector = sector.power\n}\n", i)
				}
				putFile(t, dir, "m.hcl", b.String())
				return []string{"batch", "m.hcl", "-n", "100", "--quiet", "-o", "out.json"}
			},
			files: []string{"out.json"}, stderr: []string{"Warning: 4980 more warnings: Isolated asset"},
			check: func(t *testing.T, dir, stdout, stderr string) {
				if n := strings.Count(stderr, "Warning: Isolated asset\n"); n != 20 {
					t.Errorf("%d warnings printed, want 20", n)
				}
			}})
	return cases
}
