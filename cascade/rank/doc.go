// Package rank ranks assets (N-1) and pairs of assets (N-2) by what their sole physical
// failure at time 0 brings down in the worst case, every dependency with probability > 0
// live (docs/cli.md, `cascade rank`): the number of failed assets, then of failed
// sectors, then by name.
//
// Without a horizon the ranking takes a fast path: delays and backups then only postpone
// failures, so the failed set is a closure computed by a counting breadth-first search
// that reuses the closures of single assets it has finished. With a horizon every run
// goes through the engine of package cascade. A ranking can be split across processes
// (Options.Shard) and its parts merged (Merge) into exactly the unsharded result.
package rank
