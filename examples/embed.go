// Package examples embeds the example models shipped with cascade, so that
// `cascade run` without a model has something real to run.
package examples

import "embed"

// FS holds the embedded example folders.
//
//go:embed quickstart/*.hcl tokyo-2020/*.hcl
var FS embed.FS

// Default is the folder within FS that `cascade run` loads when no model is given:
// the Tokyo 2020 forcing-function scenario (earthquake and ransomware during the
// Games).
const Default = "tokyo-2020"

// DefaultScenario is the scenario of Default to run when no model and no scenario
// are given: Default has several, and `cascade run` with no arguments should
// still run one.
const DefaultScenario = "combined"
