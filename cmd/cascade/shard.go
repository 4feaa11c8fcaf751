package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/cascade-infra/cascade/cascade/montecarlo"
	"github.com/cascade-infra/cascade/cascade/shard"
)

// The --shard flag of batch and rank: "I/N", or "auto" to take the slice from the
// environment of a Kubernetes Indexed Job or a Slurm job array. The library takes a
// plain shard.Shard; only the command line knows these variables.

// Environment variables read by parseShard for "auto".
const (
	// EnvJobIndex is set by Kubernetes Indexed Jobs to the pod's completion index (0-based).
	EnvJobIndex = "JOB_COMPLETION_INDEX"
	// EnvSlurmTaskID is set by Slurm job arrays to the task's array index.
	EnvSlurmTaskID = "SLURM_ARRAY_TASK_ID"
	// EnvSlurmTaskMin is the smallest index of the Slurm array; it is subtracted
	// from SLURM_ARRAY_TASK_ID so arrays like --array=1-4 work.
	EnvSlurmTaskMin = "SLURM_ARRAY_TASK_MIN"
	// EnvSlurmTaskCount is the number of tasks of the Slurm array.
	EnvSlurmTaskCount = "SLURM_ARRAY_TASK_COUNT"
	// EnvShards is cascade's own variable for the number of shards, used with
	// "--shard auto" when neither --shards nor SLURM_ARRAY_TASK_COUNT gives it
	// (Kubernetes does not export a Job's completion count to its pods).
	EnvShards = "CASCADE_SHARDS"
)

// parseShard parses a --shard value: "I/N" (0 <= I < N), or "auto", which takes the
// index from JOB_COMPLETION_INDEX or else SLURM_ARRAY_TASK_ID (minus
// SLURM_ARRAY_TASK_MIN), and the count from count when it is > 0, else from
// SLURM_ARRAY_TASK_COUNT (Slurm only), else from CASCADE_SHARDS. An empty s is the
// whole run.
func parseShard(s string, getenv func(string) string, count int) (shard.Shard, error) {
	switch s {
	case "":
		if count > 0 {
			return shard.Shard{}, fmt.Errorf("--shards %d needs --shard auto", count)
		}
		return shard.Whole, nil
	case "auto":
		return autoShard(getenv, count)
	}
	is, ns, ok := strings.Cut(s, "/")
	if !ok {
		return shard.Shard{}, fmt.Errorf("--shard %q: want I/N (0 <= I < N) or auto", s)
	}
	i, err1 := strconv.Atoi(is)
	n, err2 := strconv.Atoi(ns)
	if err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return shard.Shard{}, fmt.Errorf("--shard %q: want I/N with 0 <= I < N, such as 0/4 for the first of four shards", s)
	}
	if count > 0 && count != n {
		return shard.Shard{}, fmt.Errorf("--shard %s disagrees with --shards %d", s, count)
	}
	return shard.Shard{Index: i, Count: n}, nil
}

func autoShard(getenv func(string) string, count int) (shard.Shard, error) {
	num := func(name string) (int, bool, error) {
		v := strings.TrimSpace(getenv(name))
		if v == "" {
			return 0, false, nil
		}
		x, err := strconv.Atoi(v)
		if err != nil || x < 0 {
			return 0, false, fmt.Errorf("--shard auto: %s=%q is not a whole number >= 0", name, v)
		}
		return x, true, nil
	}
	var idx int
	var from string
	slurm := false
	if x, ok, err := num(EnvJobIndex); err != nil {
		return shard.Shard{}, err
	} else if ok {
		idx, from = x, EnvJobIndex
	} else if x, ok, err := num(EnvSlurmTaskID); err != nil {
		return shard.Shard{}, err
	} else if ok {
		minID, _, err := num(EnvSlurmTaskMin)
		if err != nil {
			return shard.Shard{}, err
		}
		if x < minID {
			return shard.Shard{}, fmt.Errorf("--shard auto: %s=%d is below %s=%d", EnvSlurmTaskID, x, EnvSlurmTaskMin, minID)
		}
		idx, from, slurm = x-minID, EnvSlurmTaskID, true
	} else {
		return shard.Shard{}, fmt.Errorf("--shard auto: neither %s (Kubernetes Indexed Job) nor %s (Slurm job array) is set; give --shard I/N", EnvJobIndex, EnvSlurmTaskID)
	}
	n, nfrom := count, "--shards"
	if n <= 0 && slurm {
		x, ok, err := num(EnvSlurmTaskCount)
		if err != nil {
			return shard.Shard{}, err
		}
		n, nfrom = x, EnvSlurmTaskCount
		if !ok {
			n = 0
		}
	}
	if n <= 0 {
		x, ok, err := num(EnvShards)
		if err != nil {
			return shard.Shard{}, err
		}
		if !ok || x == 0 {
			return shard.Shard{}, fmt.Errorf("--shard auto: the number of shards is unknown; give --shards N or set %s", EnvShards)
		}
		n, nfrom = x, EnvShards
	}
	if idx >= n {
		return shard.Shard{}, fmt.Errorf("--shard auto: index %d (from %s) is not below the shard count %d (from %s)", idx, from, n, nfrom)
	}
	return shard.Shard{Index: idx, Count: n}, nil
}

// describeDifference words a difference between two runs (a checkpoint's and the
// command's, or two part files') with the flags that set it.
func describeDifference(d shard.Difference) string {
	horizon := func(v string) string {
		if strings.HasPrefix(v, "-") {
			return "no --horizon"
		}
		return "--horizon " + v + "s"
	}
	switch d.Param {
	case shard.ParamModel:
		return "the model has changed"
	case shard.ParamTrials, shard.ParamSeed, shard.ParamTop:
		return fmt.Sprintf("--%s %s, not %s", d.Param, d.Got, d.Want)
	case shard.ParamAllScenarios:
		return fmt.Sprintf("--all-scenarios %s, not %s", d.Got, d.Want)
	case shard.ParamHorizon:
		return horizon(d.Got) + ", not " + horizon(d.Want)
	case shard.ParamK:
		return fmt.Sprintf("--k %s, not --k %s", d.Got, d.Want)
	case shard.ParamShards:
		return fmt.Sprintf("%s shards, not %s", d.Got, d.Want)
	}
	return fmt.Sprintf("%s %s, not %s", d.Param, d.Got, d.Want) // scenarios, chunk size, shard
}

// distributedError words the errors of checkpoints and part files for the command line:
// their differences as flags, and what to do.
func distributedError(err error) string {
	var cm *montecarlo.CheckpointMismatchError
	var rm *shard.RunMismatchError
	switch {
	case errors.As(err, &cm):
		return cm.Message(describeDifference) + "; remove it or give another --checkpoint file"
	case errors.As(err, &rm):
		return rm.Message(describeDifference)
	case errors.Is(err, shard.ErrFormat):
		return err.Error() + "; write parts with --format part"
	}
	return err.Error()
}
