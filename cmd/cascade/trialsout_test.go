package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// readTrialsCSV reads a --trials-out file: its header and rows.
func readTrialsCSV(t *testing.T, path string) ([]string, [][]string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil || len(recs) == 0 {
		t.Fatalf("%s: %v", path, err)
	}
	return recs[0], recs[1:]
}

// TestBatchTrialsOut checks the per-trial table against the batch's own estimates
// (each sector's p_fail is the share of rows with its failed_at_s, the failed
// column's mean is the mean failed assets), for any --workers and --chunk-size, and
// that the shards' tables are the whole table cut in pieces.
func TestBatchTrialsOut(t *testing.T) {
	model := writeTestModel(t, batchModel)
	dir := t.TempDir()
	const trials = 999
	args := []string{"batch", model, "--all-scenarios", "-n", strconv.Itoa(trials), "--seed", "3", "-q"}
	whole := filepath.Join(dir, "trials.csv")
	stdout, errOut, code := cli(t, nil, append(args, "--format", "csv", "--trials-out", whole)...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	head, rows := readTrialsCSV(t, whole)
	wantHead := "scenario,trial,seed,failed,compromised,energy_failed_at_s,health_failed_at_s,telecom_failed_at_s," +
		"energy_loss_s,health_loss_s,telecom_loss_s"
	if strings.Join(head, ",") != wantHead {
		t.Fatalf("header %q, want %q", strings.Join(head, ","), wantHead)
	}
	if len(rows) != 2*trials {
		t.Fatalf("%d rows, want %d", len(rows), 2*trials)
	}
	// Count, per scenario and sector, the rows where the sector failed.
	failures := map[string]int{}
	for i, r := range rows {
		sc := []string{"flood_only", "mixed"}[i/trials] // the model's order
		if r[0] != sc || r[1] != strconv.Itoa(i%trials) || r[2] != "3" {
			t.Fatalf("row %d: %q, want scenario %s, trial %d, seed 3", i, r, sc, i%trials)
		}
		for k, s := range []string{"energy", "health", "telecom"} {
			if r[5+k] != "" {
				failures[sc+"/"+s]++
			}
			if loss := r[8+k]; (loss == "") != (sc == "flood_only") {
				t.Errorf("row %d: %s loss %q (only mixed has a horizon)", i, s, loss)
			}
		}
	}
	recs, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, r := range recs[1:] {
		if r[1] != "sector" {
			continue
		}
		if want := r[7]; strconv.Itoa(failures[r[0]+"/"+r[2]]) != want {
			t.Errorf("%s/%s: %d rows with a failure, batch counts %s", r[0], r[2], failures[r[0]+"/"+r[2]], want)
		}
		checked++
	}
	if checked != 6 {
		t.Fatalf("checked %d sectors, want 6", checked)
	}

	wholeData, _ := os.ReadFile(whole)
	other := filepath.Join(dir, "other.csv")
	if _, errOut, code := cli(t, nil, append(args, "-o", os.DevNull, "-w", "3", "--chunk-size", "10", "--trials-out", other)...); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if got, _ := os.ReadFile(other); !bytes.Equal(got, wholeData) {
		t.Error("--workers 3 --chunk-size 10 wrote other rows")
	}

	// Shards: each writes its chunks' rows; together, the whole table.
	var joined []byte
	for i := range 3 {
		p := filepath.Join(dir, fmt.Sprintf("trials-%d.csv", i))
		if _, errOut, code := cli(t, nil, append(args, "--shard", fmt.Sprintf("%d/3", i), "-o", os.DevNull, "--trials-out", p)...); code != exitOK {
			t.Fatalf("shard %d: %s", i, errOut)
		}
		data, _ := os.ReadFile(p)
		if i > 0 {
			_, data, _ = bytes.Cut(data, []byte("\n"))
		}
		joined = append(joined, data...)
	}
	// The shards cut each scenario's trials: regroup the whole table by shard.
	sorted := regroupByShard(t, wholeData, trials, 3)
	if !bytes.Equal(joined, sorted) {
		t.Error("the shards' rows are not the whole table's")
	}
}

// regroupByShard returns a --trials-out table of two scenarios of trials trials
// each (default chunks) with its rows in the order of the concatenated tables of
// shards shards: shard by shard, scenario by scenario.
func regroupByShard(t *testing.T, data []byte, trials, shards int) []byte {
	t.Helper()
	head, body, _ := bytes.Cut(data, []byte("\n"))
	lines := bytes.SplitAfter(body, []byte("\n"))
	lines = lines[:len(lines)-1]
	chunk := max((trials+255)/256, 256)
	chunks := (trials + chunk - 1) / chunk
	out := append(bytes.Clone(head), '\n')
	for i := range shards {
		lo, hi := i*chunks/shards, (i+1)*chunks/shards
		for sc := range 2 {
			for tr := lo * chunk; tr < min(hi*chunk, trials); tr++ {
				out = append(out, lines[sc*trials+tr]...)
			}
		}
	}
	return out
}

// TestBatchTrialsOutResumeAndInterrupt checks that a run resumed from its checkpoint
// writes the whole table again, and that an interrupted run leaves no file.
func TestBatchTrialsOutResumeAndInterrupt(t *testing.T) {
	model := writeTestModel(t, batchModel)
	dir := t.TempDir()
	ck := filepath.Join(dir, "run.ckpt")
	args := []string{"batch", model, "-s", "mixed", "-n", "600", "--chunk-size", "50", "-q", "-o", os.DevNull, "--checkpoint", ck}
	var tables [2][]byte
	for k := range 2 {
		p := filepath.Join(dir, fmt.Sprintf("t%d.csv", k))
		if _, errOut, code := cli(t, nil, append(args, "--trials-out", p)...); code != exitOK {
			t.Fatalf("run %d: %s", k, errOut)
		}
		tables[k], _ = os.ReadFile(p)
	}
	if n := bytes.Count(tables[1], []byte("\n")); n != 601 || !bytes.Equal(tables[0], tables[1]) {
		t.Errorf("resumed run: %d lines, equal to the first: %v", n, bytes.Equal(tables[0], tables[1]))
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	p := filepath.Join(dir, "cut.csv")
	st := &State{Args: []string{"batch", model, "-s", "mixed", "-n", "5000", "--trials-out", p},
		Getenv: func(string) string { return "" }, Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Ctx: ctx}
	if code := realMain(st); code != exitInvalid {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	// A batch whose output cannot be written leaves no table either.
	if _, errOut, code := cli(t, nil, "batch", model, "-s", "mixed", "-n", "100", "-q", "-o", filepath.Join(dir, "no", "such", "dir.json"),
		"--trials-out", filepath.Join(dir, "cut-error.csv")); code != exitInvalid {
		t.Errorf("unwritable -o: exit %d: %s", code, errOut)
	}
	noTable(t, dir, "cut")
}

// noTable fails when dir holds a file, or a temporary file, named prefix….
func noTable(t *testing.T, dir, prefix string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), prefix) || strings.HasPrefix(e.Name(), "."+prefix) {
			t.Errorf("a stopped batch left %s", e.Name())
		}
	}
}

// TestBatchTrialsOutSIGINT interrupts the binary while it streams its table: the
// partial table is removed, and the exit status is 130.
func TestBatchTrialsOutSIGINT(t *testing.T) {
	bin := cascadeBinary(t)
	model := writeTestModel(t, bigBatchModel(8, 40))
	dir := t.TempDir()
	table := filepath.Join(dir, "trials.csv")
	cmd := exec.Command(bin, "batch", model, "-n", "1000000", "--chunk-size", "50", "-q", "-w", "2", "-o", os.DevNull, "--trials-out", table)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until the temporary table holds rows.
	deadline := time.Now().Add(60 * time.Second)
	for {
		tmps, _ := filepath.Glob(filepath.Join(dir, ".trials.csv.tmp*"))
		if len(tmps) == 1 {
			if fi, err := os.Stat(tmps[0]); err == nil && fi.Size() > 100_000 {
				break
			}
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the table did not grow")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGINT)
	err := cmd.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 130 {
		t.Fatalf("exit %v, want 130: %s", err, errb.String())
	}
	noTable(t, dir, "trials")
}

// TestBatchTrialsOutUsage checks --trials-out against the other outputs.
func TestBatchTrialsOutUsage(t *testing.T) {
	model := writeTestModel(t, batchModel)
	if _, errOut, code := cli(t, nil, "batch", model, "-s", "mixed", "-n", "10", "--trials-out", "-"); code != exitUsage || !strings.Contains(errOut, "stdout") {
		t.Errorf("-o and --trials-out both on stdout: exit %d, %q", code, errOut)
	}
	out, errOut, code := cli(t, nil, "batch", model, "-s", "mixed", "-n", "10", "-o", os.DevNull, "--trials-out", "-")
	if code != exitOK || strings.Count(out, "\n") != 11 {
		t.Errorf("--trials-out -: exit %d, %q, %q", code, out, errOut)
	}
}
