// Package examples embeds the example models shipped with cascade, so that
// `cascade run` without a model has something real to run.
package examples

import "embed"

// FS holds the embedded example folders.
//
//go:embed quickstart/*.hcl
var FS embed.FS

// Default is the folder within FS that `cascade run` loads when no model is given.
const Default = "quickstart"
