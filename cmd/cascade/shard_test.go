package main

import (
	"strings"
	"testing"

	"github.com/cascade-infra/cascade/cascade/shard"
)

func TestParseShard(t *testing.T) {
	tests := []struct {
		s     string
		env   map[string]string
		count int
		want  shard.Shard
		err   string
	}{
		{s: "", want: shard.Whole},
		{s: "0/4", want: shard.Shard{Index: 0, Count: 4}},
		{s: "3/4", want: shard.Shard{Index: 3, Count: 4}},
		{s: "4/4", err: "0 <= I < N"},
		{s: "-1/4", err: "0 <= I < N"},
		{s: "1/0", err: "0 <= I < N"},
		{s: "x", err: "want I/N"},
		{s: "1/4", count: 3, err: "disagrees"},
		{s: "", count: 3, err: "needs --shard auto"},
		{s: "auto", env: map[string]string{"JOB_COMPLETION_INDEX": "2"}, count: 4, want: shard.Shard{Index: 2, Count: 4}},
		{s: "auto", env: map[string]string{"JOB_COMPLETION_INDEX": "2", "CASCADE_SHARDS": "5"}, want: shard.Shard{Index: 2, Count: 5}},
		{s: "auto", env: map[string]string{"JOB_COMPLETION_INDEX": "2"}, err: "number of shards is unknown"},
		{s: "auto", env: map[string]string{"JOB_COMPLETION_INDEX": "4"}, count: 4, err: "not below the shard count 4"},
		{s: "auto", env: map[string]string{"JOB_COMPLETION_INDEX": "x"}, count: 4, err: "not a whole number"},
		{s: "auto", env: map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "4"}, want: shard.Shard{Index: 3, Count: 4}},
		{s: "auto", env: map[string]string{"SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "4"}, want: shard.Shard{Index: 3, Count: 4}},
		{s: "auto", env: map[string]string{"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "4"}, count: 2, want: shard.Shard{Index: 1, Count: 2}},
		{s: "auto", err: "neither JOB_COMPLETION_INDEX"},
	}
	for _, tt := range tests {
		got, err := parseShard(tt.s, func(k string) string { return tt.env[k] }, tt.count)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("parseShard(%q, %v, %d): error %v, want one mentioning %q", tt.s, tt.env, tt.count, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("parseShard(%q, %v, %d) = %v, %v; want %v", tt.s, tt.env, tt.count, got, err, tt.want)
		}
	}
}

// TestDescribeDifference checks the flag wording of the differences between runs that
// checkpoints and part files report.
func TestDescribeDifference(t *testing.T) {
	for _, tt := range []struct {
		d    shard.Difference
		want string
	}{
		{shard.Difference{Param: shard.ParamModel}, "the model has changed"},
		{shard.Difference{Param: shard.ParamTrials, Got: "1000", Want: "2000"}, "--trials 1000, not 2000"},
		{shard.Difference{Param: shard.ParamSeed, Got: "7", Want: "8"}, "--seed 7, not 8"},
		{shard.Difference{Param: shard.ParamTop, Got: "5", Want: "0"}, "--top 5, not 0"},
		{shard.Difference{Param: shard.ParamHorizon, Got: "-1", Want: "3600"}, "no --horizon, not --horizon 3600s"},
		{shard.Difference{Param: shard.ParamAllScenarios, Got: "true", Want: "false"}, "--all-scenarios true, not false"},
		{shard.Difference{Param: shard.ParamK, Got: "1 single (0 candidates)", Want: "2 exhaustive (0 candidates)"}, "--k 1 single (0 candidates), not --k 2 exhaustive (0 candidates)"},
		{shard.Difference{Param: shard.ParamShards, Got: "2", Want: "4"}, "2 shards, not 4"},
		{shard.Difference{Param: shard.ParamShard, Got: "0/1", Want: "1/2"}, "shard 0/1, not 1/2"},
		{shard.Difference{Param: shard.ParamScenarios, Got: "s", Want: "t"}, "scenarios s, not t"},
		{shard.Difference{Param: shard.ParamChunkSize, Got: "10", Want: "20"}, "chunk size 10, not 20"},
	} {
		if got := describeDifference(tt.d); got != tt.want {
			t.Errorf("describeDifference(%+v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}
