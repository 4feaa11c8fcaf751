package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain keeps the tests' load cache out of the user's cache folder. Tests that
// build the binary keep using Go's own build cache.
func TestMain(m *testing.M) {
	if os.Getenv("GOCACHE") == "" {
		if user, err := os.UserCacheDir(); err == nil {
			os.Setenv("GOCACHE", filepath.Join(user, "go-build"))
		}
	}
	dir, err := os.MkdirTemp("", "cascade-test-cache")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CACHE_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// cli runs the command line in-process with a fake State. env holds "NAME=value"
// pairs; stdin is empty. It returns stdout, stderr and the exit status.
func cli(t *testing.T, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	envMap := map[string]string{}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		envMap[k] = v
	}
	st := &State{
		Args:   args,
		Getenv: func(k string) string { return envMap[k] },
		Stdin:  strings.NewReader(""),
		Stdout: &out,
		Stderr: &errb,
		Ctx:    context.Background(),
	}
	code = realMain(st)
	return out.String(), errb.String(), code
}

func TestUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{nil, exitUsage, "usage: cascade COMMAND"},
		{[]string{"no-such-command"}, exitUsage, `unknown command "no-such-command"`},
		{[]string{"help"}, exitOK, "Commands:"},
		{[]string{"version", "--bogus"}, exitUsage, "unknown flag: --bogus"},
		{[]string{"version", "--help"}, exitOK, "usage: cascade version"},
	}
	for _, tt := range tests {
		out, errOut, code := cli(t, nil, tt.args...)
		if code != tt.code {
			t.Errorf("cascade %v: exit %d, want %d\nstderr: %s", tt.args, code, tt.code, errOut)
		}
		if !strings.Contains(out+errOut, tt.want) {
			t.Errorf("cascade %v: output lacks %q:\n%s%s", tt.args, tt.want, out, errOut)
		}
	}
}

func TestVersion(t *testing.T) {
	out, _, code := cli(t, nil, "version")
	if code != exitOK || !strings.HasPrefix(out, "cascade ") {
		t.Fatalf("version: exit %d, output %q", code, out)
	}
}
