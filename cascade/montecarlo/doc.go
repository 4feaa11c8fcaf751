// Package montecarlo runs Monte Carlo batches of cascades: in each trial every
// dependency is live with its probability and every selected asset is hit with its
// event's probability (docs/batch.md), and the batch reports each asset's and sector's
// failure probability with a 95% Wilson interval, failure-time statistics, and the
// distribution of the number of failed assets.
//
// Run computes the trials on the engine of package cascade and keeps their exact
// integer counts in a Tally per scenario: counts do not depend on the order in which
// trials are added or tallies merged, so a batch gives the same Result whatever the
// number of workers, shards or resumptions. Floating point appears only in the Report
// computed from a Tally. Trial i draws its random numbers from a counter-based generator
// keyed by (seed, i, edge) and (seed, i, event, asset), so results depend only on the
// model, the scenarios, the seed, the number of trials and the horizon.
//
// Long batches survive interruptions: with Options.Checkpoint, completed chunks of
// trials are appended to a checkpoint file (see Checkpoint) and read back when the same
// run starts again. A batch can be split across processes with Options.Shard; each
// shard's Result.Part is a part file, and Merge combines the parts of every shard into
// exactly the Result of the unsharded run.
//
// Trials start from the failures that are the same in every trial (an asset whose
// worst-case and certain-case failure times agree) and skip the edges that cannot change
// a trial, through cascade.Network.Without; this changes no result.
package montecarlo
