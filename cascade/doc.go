// Package cascade compiles a model into an immutable network and computes cascades on it:
// which assets fail, when and why, exactly as docs/semantics.md defines.
//
// All times are whole seconds from the start of a scenario; Never (math.MaxInt64) means
// "does not happen within the horizon". A Network is built once by Compile and is safe for
// concurrent use: every Run keeps its mutable state in a Result and in scratch space taken
// from a pool, so a batch caller that reuses one Result per worker (RunInto) allocates
// nothing per run.
//
// The engine is label-setting from the events, earliest first, over a radix heap keyed on
// integer seconds. A supply group that needs k of its n suppliers is lost at the
// (n-k+1)-th smallest arrival of its live edges; the engine keeps, per group, what that
// needs of the arrivals seen so far (each edge arrives at most once): the latest when
// k = 1, the two earliest when n-k+1 = 2, otherwise the n-k+1 earliest in a small
// max-heap. So it never queues an edge, only assets. Causes are not recorded in the hot loop: Result.Cause derives them afterwards
// from the failure times and the order in which the run settled the assets, which makes
// every cause well founded (it points at something settled earlier) and deterministic.
//
// Choices the equations leave open, made here and relied on by the command line (they
// are listed in docs/semantics.md too):
//
//   - Causes: at equal times an event beats a compromise, which beats a loss of supply;
//     among events the lowest event index wins, among compromising suppliers the lowest
//     edge id, among lost groups the lowest group id (model order), and within a group
//     the tipping supplier is the (n-k+1)-th arrival in order of (arrival, edge id).
//     Only suppliers that failed in an earlier round (an earlier time, or the same time
//     through fewer zero-time links) count, so cause chains always end at an event.
//   - A sector reaches its threshold when its failed weight is at least
//     threshold × total × (1 − 1e-9), or when all its assets failed; failed weights are
//     summed in order of (failure time, asset index), so they are the same bits on
//     every run, whatever the number of workers.
//   - Times saturate: a delay or backup that would overflow int64 seconds never arrives.
//   - An asset on backup reports the group whose backup runs out first.
//
// Monte Carlo trials (Options.MonteCarlo) draw each edge's liveness and each event hit
// from a counter-based generator keyed only by (seed, trial, edge) or (seed, trial,
// event, asset), lazily when the cascade reaches them, so a trial's result does not
// depend on the number of workers or on scheduling, and an edge has one liveness per
// trial whether it carries supply or compromise. Package cascade/montecarlo runs and
// tallies batches of such trials; package cascade/rank ranks assets by what their
// failure brings down.
package cascade
