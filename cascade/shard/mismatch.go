package shard

import (
	"fmt"
	"strings"
)

// The parameters in which two runs can differ, the values of Difference.Param. The
// command line words them as its flags.
const (
	ParamModel        = "model"         // the model's hash; Got and Want are empty
	ParamScenarios    = "scenarios"     // comma-separated names
	ParamTrials       = "trials"        // trials per scenario
	ParamSeed         = "seed"          // the random seed
	ParamHorizon      = "horizon"       // seconds, -1 for none (or, for a batch, the scenarios' own)
	ParamChunkSize    = "chunk size"    // trials per chunk
	ParamAllScenarios = "all scenarios" // true or false
	ParamShards       = "shards"        // the number of shards
	ParamShard        = "shard"         // "I/N"
	ParamK            = "k"             // a ranking's k, mode and candidates: "2 candidates (100 candidates)"
	ParamTop          = "top"           // the entries a ranking keeps, 0 for all
)

// A Difference is one way in which two runs differ: a parameter and its value in the
// run at hand (Got) and in the other (Want), as text.
type Difference struct {
	Param     string
	Got, Want string
}

// Describe words differences for a message, in order, with describe (nil: each as
// "PARAM GOT, not WANT"), joined by "; ". The model is "the model has changed".
func Describe(diffs []Difference, describe func(Difference) string) string {
	parts := make([]string, len(diffs))
	for i, d := range diffs {
		switch {
		case describe != nil:
			parts[i] = describe(d)
		case d.Param == ParamModel:
			parts[i] = "the model has changed"
		default:
			parts[i] = fmt.Sprintf("%s %s, not %s", d.Param, d.Got, d.Want)
		}
	}
	return strings.Join(parts, "; ")
}

// RunMismatchError is the error of Check for parts of different runs: parts A and B
// (named as in the call) and how their runs differ (nil when only their hashes do).
type RunMismatchError struct {
	A, B  string
	Diffs []Difference
}

// Error says which parts differ and how.
func (e *RunMismatchError) Error() string { return e.Message(nil) }

// Message is Error with the differences worded by describe (see Describe).
func (e *RunMismatchError) Message(describe func(Difference) string) string {
	why := "their run hashes differ"
	if len(e.Diffs) > 0 {
		why = Describe(e.Diffs, describe)
	}
	return fmt.Sprintf("%s and %s are parts of different runs (%s); merge only the parts of one run", e.A, e.B, why)
}
