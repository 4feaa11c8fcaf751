package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// batchModel has uncertain dependencies and hits, redundancy, backups, a cycle and a
// cyber path, and two scenarios.
const batchModel = `
sector "energy"  { threshold = 0.5 }
sector "health"  { threshold = 0.55 }
sector "telecom" { threshold = 0.5 }

asset "grid" {
  sector = sector.energy
  weight = 2
  dependency {
    on          = asset.exchange
    kind        = "cyber"
    delay       = "30m"
    probability = 0.7
  }
}
asset "plant" {
  sector = sector.energy
}
asset "exchange" {
  sector = sector.telecom
  needs "power" {
    requires = "any"
    backup   = "4h"
    depends_on = [asset.grid]
    dependency {
      on          = asset.plant
      probability = 0.5
    }
  }
  dependency {
    on          = asset.vendor
    kind        = "cyber"
    delay       = "10m"
    probability = 0.3
  }
}
asset "vendor" {
  sector = sector.telecom
}
asset "hospital" {
  sector = sector.health
  weight = 3
  needs "power" {
    backup = "72h"
    dependency {
      on          = asset.grid
      probability = 0.9
    }
  }
  needs "water" {
    backup     = "24h"
    depends_on = [asset.pumps]
  }
}
asset "pumps" {
  sector = sector.health
  backup = "12h"
  dependency {
    on          = asset.grid
    probability = 0.8
  }
}
asset "clinic" {
  sector   = sector.health
  requires = "any"
  dependency {
    on          = asset.plant
    delay       = "1h"
    probability = 0.5
  }
  dependency {
    on          = asset.exchange
    kind        = "logical"
    delay       = "1m"
    probability = 0.25
  }
}

scenario "mixed" {
  horizon = "5d"
  event "flood" {
    targets     = [asset.grid]
    probability = 0.6
  }
  event "hack" {
    kind        = "cyber"
    at          = "2h"
    targets     = [asset.vendor]
    probability = 0.5
  }
  event "storm" {
    at      = "100s"
    targets = [asset.plant]
  }
}

scenario "flood_only" {
  event "flood" {
    targets     = [asset.grid]
    probability = 0.5
  }
}
`

func writeTestModel(t *testing.T, src string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "model.hcl")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// batchJSON is the part of `batch --format json` that tests read.
type batchJSON struct {
	Scenario string `json:"scenario"`
	Trials   int64  `json:"trials"`
	Seed     uint64 `json:"seed"`
	Assets   []struct {
		Asset     string   `json:"asset"`
		PFail     *float64 `json:"p_fail"`
		CILow     *float64 `json:"ci_low"`
		CIHigh    *float64 `json:"ci_high"`
		MeanFailS *float64 `json:"mean_fail_s"`
		P50FailS  *int64   `json:"p50_fail_s"`
		P90FailS  *int64   `json:"p90_fail_s"`
	} `json:"assets"`
	Sectors []struct {
		Sector string   `json:"sector"`
		PFail  *float64 `json:"p_fail"`
	} `json:"sectors"`
	FailedAssets *struct {
		Mean *float64 `json:"mean"`
		P50  *int     `json:"p50"`
		P90  *int     `json:"p90"`
		P99  *int     `json:"p99"`
		Max  *int     `json:"max"`
	} `json:"failed_assets"`
}

func TestBatchJSONAndWorkers(t *testing.T) {
	model := writeTestModel(t, batchModel)
	out1, errOut, code := cli(t, nil, "batch", model, "--scenario", "mixed", "--trials", "4000", "--seed", "11", "--workers", "1", "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	out2, _, _ := cli(t, nil, "batch", model, "-s", "mixed", "-n", "4000", "--seed", "11", "-w", "2", "--format", "json")
	if out1 != out2 {
		t.Fatal("--workers 1 and --workers 2 give different JSON")
	}
	var r batchJSON
	if err := json.Unmarshal([]byte(out1), &r); err != nil {
		t.Fatal(err)
	}
	if r.Scenario != "mixed" || r.Trials != 4000 || r.Seed != 11 || len(r.Assets) != 7 || len(r.Sectors) != 3 || r.FailedAssets == nil {
		t.Fatalf("unexpected report: %s", out1)
	}
	for _, a := range r.Assets {
		if a.PFail == nil || a.CILow == nil || a.CIHigh == nil || *a.CILow > *a.PFail || *a.PFail > *a.CIHigh {
			t.Errorf("asset %s: p_fail/ci missing or inconsistent", a.Asset)
		}
	}
	// plant is hit by the certain storm at 100 s in every trial.
	if a := r.Assets[4]; a.Asset != "plant" || *a.PFail != 1 || *a.MeanFailS != 100 || *a.P50FailS != 100 {
		t.Errorf("plant: %+v", a)
	}
	fa := r.FailedAssets
	if fa.Mean == nil || fa.P50 == nil || fa.P90 == nil || fa.P99 == nil || fa.Max == nil ||
		!(*fa.P50 <= *fa.P90 && *fa.P90 <= *fa.P99 && *fa.P99 <= *fa.Max && *fa.Max <= 7 && *fa.P50 >= 1) {
		t.Errorf("failed_assets: %s", out1)
	}
	// A different seed gives (almost surely) different estimates.
	out3, _, _ := cli(t, nil, "batch", model, "-s", "mixed", "-n", "4000", "--seed", "12", "--format", "json")
	if out3 == out1 {
		t.Error("--seed has no effect")
	}
}

func TestBatchAllScenariosAndFormats(t *testing.T) {
	model := writeTestModel(t, batchModel)
	out, errOut, code := cli(t, nil, "batch", model, "--all-scenarios", "-n", "200", "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var all struct {
		Scenarios []batchJSON `json:"scenarios"`
	}
	if err := json.Unmarshal([]byte(out), &all); err != nil || len(all.Scenarios) != 2 ||
		all.Scenarios[0].Scenario != "flood_only" || all.Scenarios[1].Scenario != "mixed" {
		t.Fatalf("--all-scenarios JSON: %v\n%s", err, out)
	}
	csvOut, _, code := cli(t, nil, "batch", model, "--all-scenarios", "-n", "200", "--format", "csv")
	lines := strings.Split(strings.TrimSpace(csvOut), "\n")
	if code != exitOK || len(lines) != 1+2*(7+3) || !strings.HasPrefix(lines[0], "scenario,kind,name,sector,p_fail,ci_low,ci_high") {
		t.Fatalf("csv: exit %d, %d lines:\n%s", code, len(lines), csvOut)
	}
	text, _, code := cli(t, nil, "batch", model, "-s", "flood_only", "-n", "200")
	if code != exitOK || !strings.Contains(text, "Scenario flood_only: 200 trials, seed 1, no horizon") || !strings.Contains(text, "ASSET") {
		t.Fatalf("text:\n%s", text)
	}
	// Few trials: estimates rest on few events, and the batch says so: on stderr, and in
	// the text report (then only there).
	_, errOut, _ = cli(t, nil, "batch", model, "-s", "mixed", "-n", "12", "--format", "json")
	if !strings.Contains(errOut, "warning") || !strings.Contains(errOut, "fewer than 10") {
		t.Errorf("no few-events warning on stderr: %q", errOut)
	}
	text, errOut, _ = cli(t, nil, "batch", model, "-s", "mixed", "-n", "12")
	if !strings.Contains(text, "Warning:") || !strings.Contains(text, "fewer than 10") || errOut != "" {
		t.Errorf("text report: warning missing or repeated on stderr:\n%s\nstderr: %q", text, errOut)
	}
}

func TestBatchUsage(t *testing.T) {
	model := writeTestModel(t, batchModel)
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"batch", "a", "b"}, exitUsage, "want at most one MODEL"},
		{[]string{"batch", model, "-n", "0"}, exitUsage, "--trials 0"},
		{[]string{"batch", model, "--format", "xml"}, exitUsage, "--format"},
		{[]string{"batch", model, "-s", "mixed", "--all-scenarios"}, exitUsage, "not both"},
		{[]string{"batch", model, "-s", "mixed", "--shard", "4/4"}, exitUsage, "0 <= I < N"},
		{[]string{"batch", model, "-s", "mixed", "--shard", "0/4", "--format", "json"}, exitUsage, "part file"},
		{[]string{"batch", model, "-n", "10"}, exitInvalid, "choose one with --scenario"},
		{[]string{"batch", model, "-s", "nope"}, exitInvalid, `no scenario "nope"`},
		{[]string{"batch", model, "-s", "mixed", "--shard", "auto"}, exitUsage, "JOB_COMPLETION_INDEX"},
	}
	for _, tt := range tests {
		_, errOut, code := cli(t, nil, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d mentioning %q", tt.args, code, errOut, tt.code, tt.want)
		}
	}
}

func TestBatchInterrupted(t *testing.T) {
	model := writeTestModel(t, batchModel)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	st := &State{Args: []string{"batch", model, "-s", "mixed", "-n", "5000", "--format", "json"},
		Getenv: func(string) string { return "" }, Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Ctx: ctx}
	if code := realMain(st); code != exitInvalid {
		t.Fatalf("exit %d", code)
	}
	if out.Len() != 0 || !strings.Contains(errb.String(), "interrupted after 0 of 5000 trials") || !strings.Contains(errb.String(), "--checkpoint") {
		t.Fatalf("stdout %q, stderr %q", out.String(), errb.String())
	}
}

func TestBatchShardsMergeInProcess(t *testing.T) {
	model := writeTestModel(t, batchModel)
	dir := t.TempDir()
	args := []string{model, "--all-scenarios", "-n", "999", "--seed", "3"}
	want, _, code := cli(t, nil, append([]string{"batch"}, append(args, "--format", "json")...)...)
	if code != exitOK {
		t.Fatal("single run failed")
	}
	var parts []string
	for i := range 3 {
		p := filepath.Join(dir, fmt.Sprintf("part-%d.json", i))
		env := []string{fmt.Sprintf("JOB_COMPLETION_INDEX=%d", i), "CASCADE_SHARDS=3"}
		if _, errOut, code := cli(t, env, append([]string{"batch"}, append(args, "--shard", "auto", "-o", p)...)...); code != exitOK {
			t.Fatalf("shard %d: %s", i, errOut)
		}
		parts = append(parts, p)
	}
	got, errOut, code := cli(t, nil, append([]string{"merge", "--format", "json"}, parts...)...)
	if code != exitOK || got != want {
		t.Fatalf("merge: exit %d %s\nmerged != single run", code, errOut)
	}
	if _, errOut, code := cli(t, nil, "merge", parts[0], parts[2]); code != exitInvalid || !strings.Contains(errOut, "missing shards: 1/3") {
		t.Errorf("missing shard: exit %d, %q", code, errOut)
	}
	if _, errOut, code := cli(t, nil, "merge", parts[0], parts[1], parts[1], parts[2]); code != exitInvalid || !strings.Contains(errOut, "both shard 1/3") {
		t.Errorf("duplicate shard: exit %d, %q", code, errOut)
	}
	// A part of another model is refused.
	other := writeTestModel(t, strings.Replace(batchModel, "probability = 0.6", "probability = 0.7", 1))
	p := filepath.Join(dir, "other-1.json")
	cli(t, nil, "batch", other, "--all-scenarios", "-n", "999", "--seed", "3", "--shard", "1/3", "-o", p)
	if _, errOut, code := cli(t, nil, "merge", parts[0], p, parts[2]); code != exitInvalid || !strings.Contains(errOut, "the model has changed") {
		t.Errorf("part of another model: exit %d, %q", code, errOut)
	}
	if _, errOut, code := cli(t, nil, "merge", model); code != exitInvalid || !strings.Contains(errOut, "not a cascade part file") {
		t.Errorf("merging a model file: exit %d, %q", code, errOut)
	}
}

// rankModel is hand-checked: a feeds b and c; c feeds d (delay 2h); e is alone in its
// sector; f needs a or e (so f falls only when both do). Single failures bring down:
// a: a b c d (4 assets; sectors power(a 1 of 2) water(b, c: 2 of 2) health(d) = 3),
// c: c d (2; water 1/2 = 0.5 >= 0.5, health: 2), b: b (1; water), d: d (1; health),
// e: e (1; power 1 of 2 = 0.5 fails: 1), f: f (1; other: 1).
const rankModel = `
sector "power"  { threshold = 0.5 }
sector "water"  { threshold = 0.5 }
sector "health" { threshold = 0.5 }
sector "other"  { threshold = 1 }

asset "a" { sector = sector.power }
asset "e" { sector = sector.power }
asset "b" {
  sector     = sector.water
  depends_on = [asset.a]
}
asset "c" {
  sector = sector.water
  dependency {
    on          = asset.a
    probability = 0.1
  }
}
asset "d" {
  sector = sector.health
  dependency {
    on    = asset.c
    delay = "2h"
  }
}
asset "f" {
  sector   = sector.other
  requires = "any"
  depends_on = [asset.a, asset.e]
}
`

type rankJSON struct {
	K          int    `json:"k"`
	Mode       string `json:"mode"`
	Candidates int    `json:"candidates"`
	Ranking    []struct {
		Asset         string `json:"asset"`
		FailedAssets  int    `json:"failed_assets"`
		FailedSectors int    `json:"failed_sectors"`
	} `json:"ranking"`
}

func rankString(r rankJSON) string {
	var b strings.Builder
	for _, e := range r.Ranking {
		fmt.Fprintf(&b, "%s:%d/%d ", e.Asset, e.FailedAssets, e.FailedSectors)
	}
	return strings.TrimSpace(b.String())
}

func TestRank(t *testing.T) {
	model := writeTestModel(t, rankModel)
	tests := []struct {
		args []string
		mode string
		want string
	}{
		{nil, "single", "a:4/3 c:2/2 b:1/1 d:1/1 e:1/1 f:1/1"},
		// With a 1 h horizon d (2 h after c) does not fail.
		{[]string{"--horizon", "1h"}, "single", "a:3/2 b:1/1 c:1/1 d:1/1 e:1/1 f:1/1"},
		{[]string{"--top", "2"}, "single", "a:4/3 c:2/2"},
		// Pairs: a+e brings down f as well: 6 assets, 4 sectors.
		{[]string{"--k", "2", "--top", "3"}, "exhaustive", "a+e:6/4 a+f:5/4 a+b:4/3"},
		{[]string{"--k", "2", "--top", "3", "--prune"}, "pruned", "a+e:6/4 a+f:5/4 a+b:4/3"},
	}
	for _, tt := range tests {
		for _, w := range []string{"1", "2"} {
			args := append([]string{"rank", model, "--format", "json", "--workers", w}, tt.args...)
			out, errOut, code := cli(t, nil, args...)
			if code != exitOK {
				t.Fatalf("%v: exit %d: %s", args, code, errOut)
			}
			var r rankJSON
			if err := json.Unmarshal([]byte(out), &r); err != nil {
				t.Fatal(err)
			}
			if got := rankString(r); got != tt.want || r.Mode != tt.mode {
				t.Errorf("%v:\n got %s (%s)\nwant %s (%s)", args, got, r.Mode, tt.want, tt.mode)
			}
		}
	}
	text, _, _ := cli(t, nil, "rank", model, "--k", "2")
	if !strings.Contains(text, "all pairs of assets (exhaustive)") {
		t.Errorf("text does not say the pairs were exhaustive:\n%s", text)
	}
	text, _, _ = cli(t, nil, "rank", model, "--k", "2", "--prune", "--top", "1")
	if !strings.Contains(text, "all pairs of assets (pruned; the top 1 exact)") || !strings.Contains(text, "pairs skipped by the bound") {
		t.Errorf("text does not say the pairs were pruned:\n%s", text)
	}
	for _, args := range [][]string{{"--prune", "--top", "2"}, {"--k", "2", "--prune"}, {"--k", "2", "--prune", "--top", "2", "--horizon", "1h"}} {
		if _, _, code := cli(t, nil, append([]string{"rank", model}, args...)...); code != exitUsage {
			t.Errorf("rank %v: exit %d, want %d", args, code, exitUsage)
		}
	}
}

func TestRankShardsMerge(t *testing.T) {
	model := writeTestModel(t, rankModel)
	dir := t.TempDir()
	for _, extra := range [][]string{nil, {"--k", "2"}} {
		args := append([]string{"rank", model}, extra...)
		want, _, _ := cli(t, nil, append(args, "--format", "json")...)
		var parts []string
		for i := range 4 {
			p := filepath.Join(dir, fmt.Sprintf("rank-%d-%d.json", len(extra), i))
			if _, errOut, code := cli(t, nil, append(args, "--shard", fmt.Sprintf("%d/4", i), "-o", p)...); code != exitOK {
				t.Fatal(errOut)
			}
			parts = append(parts, p)
		}
		got, errOut, code := cli(t, nil, append([]string{"merge", "--format", "json"}, parts...)...)
		if code != exitOK || got != want {
			t.Fatalf("%v: merge exit %d %s:\n%s\nwant\n%s", extra, code, errOut, got, want)
		}
		// An unsharded part (--format part) with --top merges into the same output.
		top := append(args, "--top", "2")
		want, _, _ = cli(t, nil, append(top, "--format", "json")...)
		single := filepath.Join(dir, "single.json")
		cli(t, nil, append(top, "--format", "part", "-o", single)...)
		if got, errOut, code := cli(t, nil, "merge", "--format", "json", single); code != exitOK || got != want {
			t.Fatalf("%v: merge of one unsharded part: exit %d %s\n%s\nwant\n%s", extra, code, errOut, got, want)
		}
	}
}

// The tests below run the real binary as separate processes.

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// cascadeBinary builds the command in this directory once per test run.
func cascadeBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "cascade-bin")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "cascade")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// bigBatchModel returns a model large enough that a batch takes a few seconds: a
// layered network with uncertain edges.
func bigBatchModel(layers, width int) string {
	var b strings.Builder
	b.WriteString("sector \"s0\" { threshold = 0.3 }\nsector \"s1\" { threshold = 0.3 }\n")
	for l := range layers {
		for i := range width {
			fmt.Fprintf(&b, "asset \"a%d_%d\" {\n  sector = sector.s%d\n", l, i, (l+i)%2)
			if l > 0 {
				b.WriteString("  requires = \"any\"\n")
				for j := range 3 {
					fmt.Fprintf(&b, "  dependency {\n    on = asset.a%d_%d\n    delay = \"%dm\"\n    probability = 0.%d\n  }\n",
						l-1, (i+j*7)%width, 10+j, 5+j)
				}
			}
			b.WriteString("}\n")
		}
	}
	b.WriteString("scenario \"big\" {\n  event \"e\" {\n    targets = [")
	for i := range width {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "asset.a0_%d", i)
	}
	b.WriteString("]\n    probability = 0.5\n  }\n}\n")
	return b.String()
}

func runBinary(t *testing.T, bin string, env []string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

func TestBatchShardsAsProcesses(t *testing.T) {
	bin := cascadeBinary(t)
	model := writeTestModel(t, bigBatchModel(6, 30))
	dir := t.TempDir()
	args := []string{"batch", model, "-n", "3000", "--seed", "99", "--quiet"}
	want, errOut, code := runBinary(t, bin, nil, append(args, "--format", "json")...)
	if code != 0 {
		t.Fatal(errOut)
	}
	var wg sync.WaitGroup
	errs := make([]string, 4)
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			env := []string{fmt.Sprintf("SLURM_ARRAY_TASK_ID=%d", i+1), "SLURM_ARRAY_TASK_MIN=1", "SLURM_ARRAY_TASK_COUNT=4"}
			cmd := exec.Command(bin, append(args, "--shard", "auto", "-w", "1", "-o", filepath.Join(dir, fmt.Sprintf("part-%d.json", i)))...)
			cmd.Env = append(os.Environ(), env...)
			if out, err := cmd.CombinedOutput(); err != nil {
				errs[i] = fmt.Sprintf("shard %d: %v %s", i, err, out)
			}
		}()
	}
	wg.Wait()
	for _, e := range errs {
		if e != "" {
			t.Fatal(e)
		}
	}
	parts, _ := filepath.Glob(filepath.Join(dir, "part-*.json"))
	got, errOut, code := runBinary(t, bin, nil, append([]string{"merge", "--format", "json"}, parts...)...)
	if code != 0 || got != want {
		t.Fatalf("merge of 4 shard processes (exit %d, %s) differs from the single run", code, errOut)
	}
	if !strings.Contains(want, `"p_fail":0.`) {
		t.Fatalf("the model should have uncertain failures:\n%.500s", want)
	}
}

func TestBatchCheckpointSurvivesKill(t *testing.T) {
	bin := cascadeBinary(t)
	model := writeTestModel(t, bigBatchModel(8, 40))
	ck := filepath.Join(t.TempDir(), "run.ckpt")
	args := []string{"batch", model, "-n", "80000", "--seed", "5", "--chunk-size", "50", "--quiet", "-w", "2", "--format", "json"}
	want, errOut, code := runBinary(t, bin, nil, args...)
	if code != 0 {
		t.Fatal(errOut)
	}
	// Kill -9 the checkpointed run twice, at different moments, then let it finish.
	for _, minSize := range []int64{20_000, 200_000} {
		cmd := exec.Command(bin, append(args, "--checkpoint", ck)...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(60 * time.Second)
		for {
			fi, err := os.Stat(ck)
			if err == nil && fi.Size() >= minSize {
				break
			}
			if time.Now().After(deadline) {
				cmd.Process.Kill()
				t.Fatal("checkpoint did not grow")
			}
			time.Sleep(2 * time.Millisecond)
		}
		cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		if ee, ok := err.(*exec.ExitError); !ok || ee.Success() {
			t.Fatalf("the run finished before it was killed (%v); make it longer", err)
		}
	}
	got, errOut, code := runBinary(t, bin, nil, append(args, "--checkpoint", ck)...)
	if code != 0 || got != want {
		t.Fatalf("resumed run (exit %d, %s) differs from an uninterrupted one", code, errOut)
	}
	// It said where it resumed: after the trials of the killed runs, before the end.
	m := regexp.MustCompile(`cascade: resumed from checkpoint (.+) at trial (\d+) of 80000\n`).FindStringSubmatch(errOut)
	if m == nil || m[1] != ck {
		t.Fatalf("the resumed run does not say it resumed from %s:\n%s", ck, errOut)
	}
	if k, _ := strconv.Atoi(m[2]); k <= 0 || k >= 80000 || k%50 != 0 {
		t.Errorf("resumed at trial %d of 80000, want a chunk boundary within the run", k)
	}
	// Other arguments are refused with a clear message.
	_, errOut, code = runBinary(t, bin, nil, "batch", model, "-n", "80001", "--seed", "5", "--chunk-size", "50", "--quiet", "--checkpoint", ck)
	if code != 1 || !strings.Contains(errOut, "--trials 80000, not 80001") {
		t.Fatalf("checkpoint of other arguments: exit %d, %q", code, errOut)
	}
	// So is a changed model.
	os.WriteFile(model, []byte(strings.Replace(bigBatchModel(8, 40), "probability = 0.5", "probability = 0.55", 1)), 0o644)
	_, errOut, code = runBinary(t, bin, nil, append(args, "--checkpoint", ck)...)
	if code != 1 || !strings.Contains(errOut, "the model has changed") {
		t.Fatalf("checkpoint of another model: exit %d, %q", code, errOut)
	}
}

// TestBatchProgress checks that the progress bar appears on a terminal only, and never
// with --quiet.
func TestBatchProgress(t *testing.T) {
	model := writeTestModel(t, batchModel)
	for _, tt := range []struct {
		tty, quiet, want bool
	}{{false, false, false}, {true, true, false}, {true, false, true}} {
		var out, errb bytes.Buffer
		args := []string{"batch", model, "-s", "flood_only", "-n", "3000", "--format", "json"}
		if tt.quiet {
			args = append(args, "--quiet")
		}
		st := &State{Args: args, Getenv: func(string) string { return "" }, Stdin: strings.NewReader(""),
			Stdout: &out, Stderr: &errb, StderrTTY: tt.tty, Ctx: context.Background()}
		if code := realMain(st); code != exitOK {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
		if got := strings.Contains(errb.String(), "trials"); got != tt.want {
			t.Errorf("tty=%v quiet=%v: progress shown %v, want %v; stderr %q", tt.tty, tt.quiet, got, tt.want, errb.String())
		}
		if !json.Valid(out.Bytes()) {
			t.Errorf("tty=%v: stdout is not one JSON document", tt.tty)
		}
	}
}

func TestRankInterrupted(t *testing.T) {
	model := writeTestModel(t, rankModel)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	st := &State{Args: []string{"rank", model}, Getenv: func(string) string { return "" }, Stdin: strings.NewReader(""),
		Stdout: &out, Stderr: &errb, Ctx: ctx}
	if code := realMain(st); code != exitInvalid || out.Len() != 0 || !strings.Contains(errb.String(), "interrupted after 0 of 6 runs") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out.String(), errb.String())
	}
}

// TestSlurmArrayScript runs examples/distributed/slurm-array.sh as four array tasks
// would (with Slurm's environment variables) and merges their parts.
func TestSlurmArrayScript(t *testing.T) {
	bin := cascadeBinary(t)
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	script, _ := filepath.Abs("../../examples/distributed/slurm-array.sh")
	model := writeTestModel(t, batchModel)
	dir := t.TempDir()
	for i := range 4 {
		cmd := exec.Command("bash", script)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(bin)+":"+os.Getenv("PATH"),
			"MODEL="+model, "SCENARIO=mixed", "TRIALS=2000", "SEED=4",
			fmt.Sprintf("SLURM_ARRAY_TASK_ID=%d", i), "SLURM_ARRAY_TASK_MIN=0", "SLURM_ARRAY_TASK_COUNT=4")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("task %d: %v\n%s", i, err, out)
		}
	}
	parts, _ := filepath.Glob(filepath.Join(dir, "results", "part-*.json"))
	got, errOut, code := runBinary(t, bin, nil, append([]string{"merge", "--format", "json"}, parts...)...)
	want, _, _ := runBinary(t, bin, nil, "batch", model, "-s", "mixed", "-n", "2000", "--seed", "4", "--format", "json")
	if code != 0 || got != want || len(parts) != 4 {
		t.Fatalf("merge of the script's %d parts (exit %d, %s) differs from the single run", len(parts), code, errOut)
	}
}

// TestBatchRestoration runs a batch on batchModel with repair and recover: what is down
// at the horizon and the service lost, in every format, the same for any workers and
// for merged shards; without a horizon the fields are null.
func TestBatchRestoration(t *testing.T) {
	src := strings.Replace(batchModel, "asset \"grid\" {\n", "asset \"grid\" {\n  repair = \"6h\"\n", 1)
	src = strings.Replace(src, "asset \"plant\" {\n", "asset \"plant\" {\n  repair = \"3d\"\n", 1)
	src = strings.Replace(src, "asset \"vendor\" {\n", "asset \"vendor\" {\n  recover = \"2h\"\n", 1)
	model := writeTestModel(t, src)
	out, errOut, code := cli(t, nil, "batch", model, "-s", "mixed", "-n", "400", "-w", "1", "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep struct {
		Assets []struct {
			Asset     string   `json:"asset"`
			PFail     float64  `json:"p_fail"`
			PDown     *float64 `json:"p_down_at_horizon"`
			MeanDownS *float64 `json:"mean_down_s"`
		} `json:"assets"`
		Sectors []struct {
			Sector string   `json:"sector"`
			PFail  float64  `json:"p_fail"`
			PDown  *float64 `json:"p_down_at_horizon"`
			Loss   *float64 `json:"mean_loss_s"`
			Lo     *float64 `json:"mean_loss_ci_low_s"`
			Hi     *float64 `json:"mean_loss_ci_high_s"`
		} `json:"sectors"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	back := 0
	for _, a := range rep.Assets {
		if a.PDown == nil || a.MeanDownS == nil || *a.PDown > a.PFail || *a.MeanDownS < 0 || *a.MeanDownS > 5*86400 {
			t.Fatalf("asset %s: p_down_at_horizon %v, mean_down_s %v, p_fail %v", a.Asset, a.PDown, a.MeanDownS, a.PFail)
		}
		if *a.PDown < a.PFail {
			back++
		}
	}
	if back == 0 {
		t.Errorf("no asset came back:\n%s", out)
	}
	for _, s := range rep.Sectors {
		if s.PDown == nil || s.Loss == nil || s.Lo == nil || s.Hi == nil || *s.PDown > s.PFail || !(*s.Lo <= *s.Loss && *s.Loss <= *s.Hi) {
			t.Fatalf("sector %s: %+v", s.Sector, s)
		}
	}
	// Any workers, and merged shards, print the same bytes.
	out2, _, _ := cli(t, nil, "batch", model, "-s", "mixed", "-n", "400", "-w", "2", "--chunk-size", "7", "--format", "json")
	if out2 != out {
		t.Error("-w 2 --chunk-size 7 differs from -w 1")
	}
	dir := t.TempDir()
	var parts []string
	for i := range 3 {
		p := filepath.Join(dir, fmt.Sprintf("part-%d.json", i))
		if _, e, code := cli(t, nil, "batch", model, "-s", "mixed", "-n", "400", "--shard", fmt.Sprintf("%d/3", i), "-o", p); code != exitOK {
			t.Fatalf("shard %d: %s", i, e)
		}
		parts = append(parts, p)
	}
	merged, e, code := cli(t, nil, append([]string{"merge", "--format", "json"}, parts...)...)
	if code != exitOK || merged != out {
		t.Errorf("merged shards differ (exit %d, %s)", code, e)
	}
	text, _, _ := cli(t, nil, "batch", model, "-s", "mixed", "-n", "400")
	for _, want := range []string{"P_DOWN@H", "LOSS MEAN", "DOWN MEAN"} {
		if !strings.Contains(text, want) {
			t.Errorf("text without %s:\n%s", want, text)
		}
	}
	csvOut, _, _ := cli(t, nil, "batch", model, "-s", "mixed", "-n", "400", "--format", "csv")
	if !strings.Contains(strings.SplitN(csvOut, "\n", 2)[0], ",p_down_at_horizon,mean_down_s,mean_loss_s,mean_loss_ci_low_s,mean_loss_ci_high_s") {
		t.Errorf("csv header: %s", strings.SplitN(csvOut, "\n", 2)[0])
	}

	// Without a horizon (the model without restoration): null, and no new columns in
	// the text.
	plain := writeTestModel(t, batchModel)
	out, _, _ = cli(t, nil, "batch", plain, "-s", "flood_only", "-n", "50", "--format", "json")
	if !strings.Contains(out, `"p_down_at_horizon":null`) || !strings.Contains(out, `"mean_loss_s":null`) || strings.Contains(out, `"mean_down_s":0`) {
		t.Errorf("no horizon: the new fields are not null:\n%s", out)
	}
	if text, _, _ := cli(t, nil, "batch", plain, "-s", "flood_only", "-n", "50"); strings.Contains(text, "P_DOWN@H") {
		t.Errorf("no horizon: text has P_DOWN@H:\n%s", text)
	}
}
