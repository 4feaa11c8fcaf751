package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// k8sJob is the part of a Kubernetes batch/v1 Job that examples/distributed/job.yaml
// uses, with the API's field names and types: the manifest is decoded strictly, so
// a misspelt or misplaced field, or a value of the wrong type, fails the test (a
// field added to the manifest must be added here).
type k8sJob struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Metadata   struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	Spec struct {
		CompletionMode       string `yaml:"completionMode"`
		Completions          *int32 `yaml:"completions"`
		Parallelism          *int32 `yaml:"parallelism"`
		BackoffLimitPerIndex *int32 `yaml:"backoffLimitPerIndex"`
		Template             struct {
			Spec struct {
				RestartPolicy string         `yaml:"restartPolicy"`
				Containers    []k8sContainer `yaml:"containers"`
				Volumes       []struct {
					Name                  string `yaml:"name"`
					PersistentVolumeClaim *struct {
						ClaimName string `yaml:"claimName"`
					} `yaml:"persistentVolumeClaim"`
				} `yaml:"volumes"`
			} `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

// k8sContainer is a container of a pod template.
type k8sContainer struct {
	Name  string `yaml:"name"`
	Image string `yaml:"image"`
	Env   []struct {
		Name  string `yaml:"name"`
		Value string `yaml:"value"`
	} `yaml:"env"`
	Command   []string `yaml:"command"`
	Args      []string `yaml:"args"`
	Resources struct {
		Requests map[string]string `yaml:"requests"`
		Limits   map[string]string `yaml:"limits"`
	} `yaml:"resources"`
	VolumeMounts []struct {
		Name      string `yaml:"name"`
		MountPath string `yaml:"mountPath"`
	} `yaml:"volumeMounts"`
}

// readJobManifest decodes examples/distributed/job.yaml strictly.
func readJobManifest(t *testing.T) k8sJob {
	t.Helper()
	src, err := os.ReadFile("../../examples/distributed/job.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(true)
	var job k8sJob
	if err := dec.Decode(&job); err != nil {
		t.Fatalf("job.yaml: %v", err)
	}
	return job
}

// TestKubernetesJobManifest checks examples/distributed/job.yaml without a
// cluster (kubectl's client dry run needs an API server for the schema, and no
// schema of the API is at hand offline): decoded strictly, it is an Indexed Job
// whose completions are at least its parallelism, whose CASCADE_SHARDS equals
// its completions, whose failed shards are retried as new pods
// (backoffLimitPerIndex, restartPolicy Never) and whose pods share a volume for
// their checkpoints and parts.
func TestKubernetesJobManifest(t *testing.T) {
	job := readJobManifest(t)
	spec := job.Spec
	pod := spec.Template.Spec
	for _, f := range []struct{ name, got, want string }{
		{"apiVersion", job.APIVersion, "batch/v1"},
		{"kind", job.Kind, "Job"},
		{"spec.completionMode", spec.CompletionMode, "Indexed"},
		{"spec.template.spec.restartPolicy", pod.RestartPolicy, "Never"},
	} {
		if f.got != f.want {
			t.Errorf("%s: %q, want %q", f.name, f.got, f.want)
		}
	}
	if job.Metadata.Name == "" {
		t.Error("no metadata.name")
	}
	if spec.Completions == nil || spec.Parallelism == nil || *spec.Parallelism < 1 || *spec.Completions < *spec.Parallelism {
		t.Fatalf("completions %v, parallelism %v: want both, 1 <= parallelism <= completions", spec.Completions, spec.Parallelism)
	}
	if spec.BackoffLimitPerIndex == nil || *spec.BackoffLimitPerIndex < 1 {
		t.Error("spec.backoffLimitPerIndex: want a retry of a failed shard")
	}
	if len(pod.Containers) != 1 {
		t.Fatalf("%d containers, want 1", len(pod.Containers))
	}
	c := pod.Containers[0]
	if c.Image == "" {
		t.Error("no image")
	}
	shards := ""
	for _, e := range c.Env {
		if e.Name == "CASCADE_SHARDS" {
			shards = e.Value
		}
	}
	if shards != strconv.Itoa(int(*spec.Completions)) {
		t.Errorf("CASCADE_SHARDS %q, want %d (spec.completions)", shards, *spec.Completions)
	}
	for _, r := range []map[string]string{c.Resources.Requests, c.Resources.Limits} {
		if r["cpu"] == "" || r["memory"] == "" {
			t.Errorf("resources %v: want cpu and memory", r)
		}
	}
	// Every mount names a volume; /results is a claim the pods share.
	claims := map[string]string{}
	for _, v := range pod.Volumes {
		if v.PersistentVolumeClaim != nil {
			claims[v.Name] = v.PersistentVolumeClaim.ClaimName
		} else {
			claims[v.Name] = ""
		}
	}
	results := false
	for _, m := range c.VolumeMounts {
		claim, ok := claims[m.Name]
		if !ok {
			t.Errorf("volume mount %s names no volume", m.Name)
		}
		if m.MountPath == "/results" {
			results = claim != ""
		}
	}
	if !results {
		t.Error("/results is not a persistentVolumeClaim mounted in the container")
	}
	if len(c.Command) != 2 || c.Command[1] != "-c" || len(c.Args) != 1 {
		t.Errorf("command %q, args %d: want a shell's -c and one script", c.Command, len(c.Args))
	}
}

// TestKubernetesJobRuns runs the manifest's container command as the pods would —
// its shell script, with JOB_COMPLETION_INDEX 0 … completions-1 and the
// manifest's environment, /model and /results moved to a test folder — through
// the real command line, then merges the parts: the result must be
// byte-identical to one `cascade batch` with the script's arguments. A pod run
// again (as a retry would) resumes from its checkpoint on the shared volume.
func TestKubernetesJobRuns(t *testing.T) {
	bin := cascadeBinary(t)
	job := readJobManifest(t)
	c := job.Spec.Template.Spec.Containers[0]
	if len(c.Command) != 2 || len(c.Args) != 1 {
		t.Fatalf("command %q, args %q", c.Command, c.Args)
	}
	dir := t.TempDir()
	modelDir, results := filepath.Join(dir, "model"), filepath.Join(dir, "results")
	for _, d := range []string{modelDir, results} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	script := strings.NewReplacer("/model", modelDir, "/results", results).Replace(c.Args[0])
	if !strings.Contains(c.Args[0], " /model") || !strings.Contains(c.Args[0], "/results/") {
		t.Fatalf("the script does not read /model and write to /results:\n%s", c.Args[0])
	}
	// The image's model, stood in for by one with the script's scenario.
	argv := podArgs(t, c.Command[0], script)
	scenario := flagValue(t, argv, "--scenario")
	src := strings.Replace(batchModel, `scenario "mixed"`, `scenario "`+scenario+`"`, 1)
	if err := os.WriteFile(filepath.Join(modelDir, "m.hcl"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	env := os.Environ()
	env = append(env, "PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"))
	for _, e := range c.Env {
		env = append(env, e.Name+"="+e.Value)
	}
	n := int(*job.Spec.Completions)
	var parts []string
	for i := range n {
		cmd := exec.Command(c.Command[0], c.Command[1], script)
		cmd.Env = append(env, "JOB_COMPLETION_INDEX="+strconv.Itoa(i))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("pod %d: %v\n%s", i, err, out)
		}
		parts = append(parts, filepath.Join(results, "part-"+strconv.Itoa(i)+".json"))
	}
	merged, errOut, code := runBinary(t, bin, nil, append([]string{"merge", "--format", "json"}, parts...)...)
	if code != 0 {
		t.Fatalf("merge: exit %d: %s", code, errOut)
	}
	// The reference: the script's arguments without the shard and its files.
	var ref []string
	for i := 0; i < len(argv); i++ {
		switch argv[i] {
		case "--shard", "--checkpoint", "-o":
			i++
			continue
		}
		ref = append(ref, argv[i])
	}
	want, errOut, code := runBinary(t, bin, nil, append(ref, "--format", "json")...)
	if code != 0 {
		t.Fatalf("%q: exit %d: %s", ref, code, errOut)
	}
	if merged != want {
		t.Fatalf("the merge of the %d pods' parts differs from one batch %q", n, ref)
	}
	// A retried pod (here: all of its chunks done) resumes from its checkpoint.
	cmd := exec.Command(c.Command[0], c.Command[1], script)
	cmd.Env = append(env, "JOB_COMPLETION_INDEX=0")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "resumed from checkpoint "+filepath.Join(results, "ckpt-0")) {
		t.Errorf("pod 0 again: %v\n%s", err, out)
	}
}

// podArgs is the argument list the pod's script gives cascade, as its shell
// expands it: the script is run with a cascade that prints its arguments.
func podArgs(t *testing.T, shell, script string) []string {
	t.Helper()
	fake := t.TempDir()
	if err := os.WriteFile(filepath.Join(fake, "cascade"), []byte("#!/bin/sh\nprintf '%s\\0' \"$@\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(shell, "-c", script)
	cmd.Env = append(os.Environ(), "PATH="+fake+string(os.PathListSeparator)+os.Getenv("PATH"), "JOB_COMPLETION_INDEX=0")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s -c: %v", shell, err)
	}
	return strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
}

// flagValue is the value of a flag given as "--name VALUE" in argv.
func flagValue(t *testing.T, argv []string, name string) string {
	t.Helper()
	for i, a := range argv {
		if a == name && i+1 < len(argv) {
			return argv[i+1]
		}
	}
	t.Fatalf("%q has no %s", argv, name)
	return ""
}
